"""Letters and words: the one home of the ZWNJ and of the word patterns.

Persian news writes one word several ways: with a zero-width non-joiner, a space or nothing
between its parts («حزب‌الله», «حزب الله», «حزبالله»), with the hamza on its seat or not
(«تأکید»/«تاکید», «رئیس»/«رییس»), the ezafe as «ۀ» or «هٔ». Every module that splits text into
words takes its pattern from here, so that two stages never disagree about what a word is; names
are compared by one key, :func:`pipeline.text.normalize.fold`.

- :data:`WORD_OR_MARK`: words (letters, digits, ZWNJ) and single other characters; the units the
  NER model was trained on (:func:`sentence_tokens`).
- :data:`EVENT_WORD_OR_MARK`: the same, keeping the ezafe hamza «هٔ» inside its word; the events stage's
  tokens (:mod:`pipeline.events.actors`).
- :data:`LETTER_WORD`: runs of letters joined by ZWNJs, no digits; the units of ZWNJ repair,
  dateline detection and gazetteer names.
"""

from __future__ import annotations

import re

__all__ = ["ZWNJ", "WORD_OR_MARK", "EVENT_WORD_OR_MARK", "LETTER_WORD", "LETTER_WORD_OR_MARK",
           "sentence_tokens"]

ZWNJ = "\u200c"

WORD_OR_MARK = re.compile(r"[\w\u200c]+|[^\w\s]")
EVENT_WORD_OR_MARK = re.compile(r"[\w\u200c\u0654]+|[^\w\s]")
LETTER_WORD = r"(?:[^\W\d_]|\u200c)+"
# Letter words that neither begin nor end with a ZWNJ, or any single non-space character.
LETTER_WORD_OR_MARK = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*|\S")

# Sentence ends for the NER model's sentence-level tagger: line breaks and final punctuation.
_SENTENCE_END = {".", "!", "؟", "?"}


def sentence_tokens(text: str) -> list[list[tuple[str, int, int]]]:
    """Split text into sentences of ``(token, start, end)`` (:data:`WORD_OR_MARK` tokens).

    Examples:
        >>> sentence_tokens("علی آمد. تهران")
        [[('علی', 0, 3), ('آمد', 4, 7), ('.', 7, 8)], [('تهران', 9, 14)]]
    """
    sentences: list[list[tuple[str, int, int]]] = []
    for line in re.finditer(r"[^\n]+", text):
        current: list[tuple[str, int, int]] = []
        for match in WORD_OR_MARK.finditer(line.group()):
            start = line.start() + match.start()
            current.append((match.group(), start, start + len(match.group())))
            if match.group() in _SENTENCE_END:
                sentences.append(current)
                current = []
        if current:
            sentences.append(current)
    return sentences
