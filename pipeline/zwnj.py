"""Repair of lost zero-width non-joiners (ZWNJ, U+200C).

News text often loses its ZWNJs: deleted (`میرسد`, `سلاحهای`) or typed as spaces
(`می رسد`, `سلاح های`). This module decides, for each candidate boundary, whether a
ZWNJ belongs there, and returns the decisions as character edits so that the offset
map of :mod:`pipeline.normalize` stays exact.

First level: morphology over hazm's word and verb lists. A verb prefix `می`/`نمی`
is split from a known verb stem, and a plural or comparative suffix from a known noun
or adjective, when the glued form itself is not a known word.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ZwnjRepairer"]

ZWNJ = "\u200c"
# Letters that do not join to the left: a ZWNJ after them is invisible, so never needed.
NON_JOINING = set("ادذرزژوآأإؤة")
_PERSON_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند")
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تری", "تر")
_TOKEN = re.compile(r"[\u0600-\u06ff\u200c]+")


class ZwnjRepairer:
    """Finds the ZWNJ insertions (and space→ZWNJ replacements) a text needs."""

    def __init__(self, words: set[str], verb_stems: set[str]) -> None:
        self.words = words
        self.verb_stems = verb_stems

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> ZwnjRepairer:
        """The repairer built from hazm's lexicons."""
        from hazm.utils import verbs_list, words_list

        words = {w.replace(ZWNJ, "") for w, _freq, _tags in words_list()}
        stems: set[str] = set()
        for entry in verbs_list():
            past, _, present = entry.partition("#")
            stems.update(s for s in (past, present) if s)
        return cls(words, stems)

    def _is_verb_after_mi(self, rest: str) -> bool:
        for ending in _PERSON_ENDINGS:
            if ending and not rest.endswith(ending):
                continue
            stem = rest[: len(rest) - len(ending)] if ending else rest
            if stem in self.verb_stems:
                return True
        return False

    def _split_points(self, token: str) -> list[int]:
        """Offsets inside a glued token where a ZWNJ is missing."""
        if ZWNJ in token or token in self.words:
            return []
        points: list[int] = []
        for prefix in ("نمی", "می"):
            if token.startswith(prefix) and len(token) > len(prefix) + 1 and self._is_verb_after_mi(token[len(prefix):]):
                points.append(len(prefix))
                break
        for suffix in _SUFFIXES:
            stem = token[: -len(suffix)]
            if token.endswith(suffix) and len(stem) >= 2 and stem in self.words and stem[-1] not in NON_JOINING:
                points.append(len(stem))
                break
        return points

    def edits(self, text: str) -> list[tuple[int, int, str]]:
        """Edits (start, end, replacement) that restore ZWNJs in ``text``."""
        edits: list[tuple[int, int, str]] = []
        tokens = list(_TOKEN.finditer(text))
        for i, match in enumerate(tokens):
            token = match.group(0)
            for point in self._split_points(token):
                edits.append((match.start() + point, match.start() + point, ZWNJ))
            # `می رسد`, `سلاح های`: a space typed for a ZWNJ.
            if i + 1 < len(tokens) and tokens[i + 1].start() == match.end() + 1 and text[match.end()] == " ":
                nxt = tokens[i + 1].group(0)
                if token in ("می", "نمی") and self._is_verb_after_mi(nxt):
                    edits.append((match.end(), match.end() + 1, ZWNJ))
                elif nxt in _SUFFIXES and token[-1] not in NON_JOINING and token in self.words:
                    edits.append((match.end(), match.end() + 1, ZWNJ))
        return edits
