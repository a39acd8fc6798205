"""Sentence and segment splitting, aware of news layouts.

Works on the normalized text and reports raw offsets. News layouts it knows:

- a line break always ends a segment: headlines without final punctuation, timeline
  date lines (``۳۰ دسامبر``, marked ``is_date_line``) and paragraphs are lines;
- inside a line a sentence ends at ``.``, ``!``, ``?``, ``؟``, ``…`` (with any closing quotes
  or brackets), also when the space after a full stop was lost (``این.واین``);
- full stops inside ``«…»`` quotes do not end the sentence around the quote;
- a one-letter word before a full stop is an initial or an abbreviation (``م.`` for
  میلادی, ``ا. ح. آریان‌پور``), and ``و…`` is "and so on": neither ends a sentence;
- an agency dateline at the start of a sentence (``تهران - ایرنا:``) is its own segment.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lexicons.dates import load_date_lexicon
from pipeline.records import Document, Sentence
from pipeline.text.tokens import LETTER_WORD

__all__ = ["SentenceSplitter", "split_sentences", "is_date_line", "is_whole_line"]

_LETTER = r"[^\W\d_]"
# Final punctuation and the closing quotes or brackets after it, then a space, the line end,
# or (a lost space) a Persian letter right after a full stop between two words.
_SENTENCE_END = re.compile(
    r"(?:[.!?؟…]+[»\"')\]]*(?=\s|$)"
    rf"|(?<={_LETTER}{_LETTER})\.(?=[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{{2}}))"
)
_INITIAL = re.compile(rf"(?:^|(?<=\s)){_LETTER}\.$")
# `شهر - خبرگزاری:` at a sentence start: up to three words, a dash, up to four words, a colon.
_WORD = LETTER_WORD
_DATELINE = re.compile(rf"{_WORD}(?: {_WORD}){{0,2}} [-–] {_WORD}(?: {_WORD}){{0,3}}:(?= )")
# `و…` / `و...` is "and so on" inside a sentence.
_AND_SO_ON = re.compile(r"(?<![^\W\d_])و(?:\.\.\.|…)$")


def _segments_of_line(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = line_start
    quote_depth = 0
    pos = line_start
    for match in _SENTENCE_END.finditer(text, line_start, line_end):
        # «…» quotes keep their inner sentence ends; the closing » of the match counts too
        # (a stray » does not open a debt that would split the next quote)
        quote_depth = max(0, quote_depth + text.count("«", pos, match.end()) - text.count("»", pos, match.end()))
        pos = match.end()
        if quote_depth > 0:
            continue
        if text[match.start()] == "." and _INITIAL.search(text, start, match.start() + 1):
            continue
        if _AND_SO_ON.search(text, start, match.end()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, line_end))
    result = []
    for span_start, span_end in spans:
        while span_start < span_end and text[span_start].isspace():
            span_start += 1
        dateline = _DATELINE.match(text, span_start, span_end)
        if dateline and dateline.end() < span_end:
            result.append((span_start, dateline.end()))
            span_start = dateline.end()
        result.append((span_start, span_end))
    return result


def is_whole_line(text: str, start: int, end: int, blanks: str = " ") -> bool:
    r"""True when only ``blanks`` stand between ``text[start:end]`` and the line breaks (or
    text edges) around it: a headline or a timeline date line, not part of a paragraph.

    Examples:
        >>> text = "تیتر\n  ۱۱ ژانویه \nمتن خبر"
        >>> is_whole_line(text, 7, 16), is_whole_line(text, 0, 2)
        (True, False)
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    return not text[line_start:start].strip(blanks) and not text[end:line_end].strip(blanks)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split normalized text into (start, end) segments, without surrounding whitespace.

    Examples:
        >>> split_sentences("سلام. خوبی؟\\nدسامبر")
        [(0, 5), (6, 11), (12, 18)]
        >>> split_sentences("این.واین")
        [(0, 4), (4, 8)]
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        spans.extend(_segments_of_line(text, line_start, line_end))
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


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    return frozenset(load_date_lexicon().month_names)


def is_date_line(segment: str) -> bool:
    """A timeline date line: a short segment of only a day and/or year and a month name.

    Examples:
        >>> is_date_line("۳۰ دسامبر"), is_date_line("دسامبر ۲۰۲۳"), is_date_line("۳۰ دسامبر گفت")
        (True, True, False)
    """
    words = segment.strip(" :،.").split()
    if not 2 <= len(words) <= 4:
        return False
    months = _month_names()
    has_month = any(word in months for word in words)
    return has_month and all(word in months or word.isdigit() for word in words)


class SentenceSplitter:
    """Pipeline stage: fills ``doc.sentences`` (requires ``doc.normalized``)."""

    name = "sentences"
    requires = ("normalized",)
    provides = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        norm = doc.normalized
        if norm is None:
            raise ValueError("sentences stage needs a normalized document; run the normalizer first")
        sentences = []
        text = norm.text
        for index, (start, end) in enumerate(split_sentences(text)):
            raw_start, raw_end = norm.to_raw_span(start, end)
            date_line = is_whole_line(text, start, end) and is_date_line(text[start:end])
            sentences.append(Sentence(index, raw_start, raw_end, doc.text[raw_start:raw_end], date_line))
        doc.sentences = sentences
        return doc
