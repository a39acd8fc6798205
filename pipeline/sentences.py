"""Sentence and segment splitting, aware of news layouts.

Works on the normalized text and reports raw offsets. Line breaks always end a
segment (headlines, timeline date lines and paragraphs are lines in news text),
and inside a line sentences end at `.`, `؟`, `?`, `!` and `؛`-free final punctuation.
"""

from __future__ import annotations

import re

from pipeline.records import Document, Sentence

__all__ = ["SentenceSplitter", "split_sentences"]

# A sentence ends after final punctuation (and any closing quotes or brackets) followed
# by a space or the end of the line; «…» quotes keep their inner full stops.
_SENTENCE_END = re.compile(r"[.!?؟]+[»\"')\]]*(?=\s|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split normalized text into (start, end) segments, without surrounding whitespace.

    Examples:
        >>> split_sentences("سلام. خوبی؟\\nدسامبر")
        [(0, 5), (6, 11), (12, 18)]
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        start = line_start
        quote_depth = 0
        pos = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            quote_depth += text.count("«", pos, match.start()) - text.count("»", pos, match.start())
            pos = match.start()
            if quote_depth > 0:
                continue
            spans.append((start, match.end()))
            start = match.end()
        spans.append((start, line_end))
        line_start = line_end + 1
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


class SentenceSplitter:
    """Pipeline stage: fills ``doc.sentences`` (requires ``doc.normalized``)."""

    name = "sentences"

    def __call__(self, doc: Document) -> Document:
        norm = doc.normalized
        if norm is None:
            raise ValueError("sentences stage needs a normalized document; run the normalizer first")
        sentences = []
        for index, (start, end) in enumerate(split_sentences(norm.text)):
            raw_start, raw_end = norm.to_raw_span(start, end)
            sentences.append(Sentence(index, raw_start, raw_end, doc.text[raw_start:raw_end]))
        doc.sentences = sentences
        return doc
