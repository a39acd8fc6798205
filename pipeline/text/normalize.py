"""Normalization of raw Persian text with an exact map back to raw offsets.

Persian news arrives with Arabic letter forms (ي ك), three digit scripts, diacritics,
kashida stretching, odd Unicode spaces and bidi marks. The stages after this one see
one unified form; every edit is a character edit on the raw string, so each
normalized character knows the raw interval it came from and every reported span
can be mapped back with :meth:`NormalizedText.to_raw_span`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from pipeline.lexicons.normalization import load_letter_table, load_ligatures
from pipeline.records import Document
from pipeline.text.tokens import ZWNJ
from pipeline.text.zwnj import ZwnjRepairer

__all__ = ["NormalizedText", "Normalizer", "NormalizeStage", "normalize", "Edit", "apply_edits", "fold", "fold_normalized", "fold_phrase"]


# An edit replaces raw[start:end] by `replacement`; start == end is an insertion.
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class NormalizedText:
    """A normalized string plus, for each of its characters, the raw interval it came from.

    ``starts[i]``/``ends[i]`` delimit the raw characters behind normalized character ``i``;
    an inserted character (a repaired ZWNJ) has ``starts[i] == ends[i]``.

    Examples:
        >>> n = normalize("كتاب‌هاي")
        >>> n.text
        'کتاب\u200cهای'
        >>> n.to_raw_span(0, 4)
        (0, 4)
    """

    raw: str
    text: str
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span ``[start, end)`` to the raw span it covers."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside normalized text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def to_norm_offset(self, raw_offset: int) -> int:
        """The first normalized character whose raw origin starts at or after ``raw_offset``."""
        return bisect_left(self.starts, raw_offset)

    def to_norm_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Map a raw span to the normalized span covering the same characters.

        Characters inserted at the span's edges (a repaired ZWNJ joins the span to its
        neighbour) stay outside it, so the round trip of a normalized span is exact.
        """
        start = self.to_norm_offset(raw_start)
        end = self.to_norm_offset(raw_end)
        while start < end and self.starts[start] == self.ends[start] == raw_start and raw_start < raw_end:
            start += 1
        return start, max(start, end)

    def raw_span_text(self, start: int, end: int) -> str:
        """The raw text behind a normalized span."""
        raw_start, raw_end = self.to_raw_span(start, end)
        return self.raw[raw_start:raw_end]

    @classmethod
    def identity(cls, text: str) -> NormalizedText:
        """``text`` unchanged, each character mapped to itself."""
        return cls(text, text, list(range(len(text))), list(range(1, len(text) + 1)))

    def then(self, edits: Iterable[Edit]) -> NormalizedText:
        """Apply sorted, non-overlapping edits (on this normalized text) and compose the offset maps.

        Deleted characters are attached to the preceding output character (a diacritic or
        kashida belongs to the letter it follows), so a span over that letter still covers
        them; deleted before any output (a leading bidi mark), they belong to no character.
        An inserted character (a repaired ZWNJ) maps to the empty raw point where it stands,
        or, inside the letters one raw character expanded to, to that character.
        Unchanged runs are copied by slices, which keeps the map cheap on long texts.
        """
        edits = sorted(edits, key=lambda edit: (edit[0], edit[1]))
        if not edits:
            return self
        text, old_starts, old_ends = self.text, self.starts, self.ends
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0

        def keep(stop: int) -> None:
            if stop > pos:
                pieces.append(text[pos:stop])
                starts.extend(old_starts[pos:stop])
                ends.extend(old_ends[pos:stop])

        for start, end, replacement in edits:
            if start < pos or end < start:
                raise ValueError(f"overlapping or reversed edit at {start}")
            keep(start)
            if start == end:  # insertion: an empty raw point
                if 0 < start < len(text) and (old_starts[start - 1], old_ends[start - 1]) == (
                    old_starts[start], old_ends[start]
                ):
                    # Inside one character's expansion (ﷲ → الله, then a ZWNJ in «الل‌ه»):
                    # there is no raw point between its letters; the insertion shares their origin.
                    origin = (old_starts[start], old_ends[start])
                else:
                    point = old_starts[start] if start < len(text) else len(self.raw)
                    origin = (point, point)
                pieces.append(replacement)
                starts.extend([origin[0]] * len(replacement))
                ends.extend([origin[1]] * len(replacement))
            elif replacement:
                pieces.append(replacement)
                starts.extend([old_starts[start]] * len(replacement))
                ends.extend([old_ends[end - 1]] * len(replacement))
            elif ends:  # deletion: the previous output character (all of a ligature's letters) absorbs it
                origin = (starts[-1], ends[-1])
                k = len(ends) - 1
                while k >= 0 and (starts[k], ends[k]) == origin:
                    ends[k] = max(ends[k], old_ends[end - 1])
                    k -= 1
            pos = end
        keep(len(text))
        return NormalizedText(self.raw, "".join(pieces), starts, ends)


def apply_edits(text: str, edits: Iterable[Edit]) -> NormalizedText:
    """Apply sorted, non-overlapping edits to ``text`` and return the result with its offset map.

    Examples:
        >>> n = apply_edits("كتاب", [(0, 1, "ک")])
        >>> n.text, n.to_raw_span(0, 4)
        ('کتاب', (0, 4))
    """
    return NormalizedText.identity(text).then(edits)


@lru_cache(maxsize=1)
def _letter_table() -> dict[int, str]:
    # hazm's tables (pipeline/data/normalize/letters.tsv) plus the Arabic letters they leave out:
    # yeh barree and alef maksura forms; teh marbuta stays (it is written in loanwords such as
    # «دائرة المعارف»).
    table = {ord(src): dst for src, dst in load_letter_table().items()}
    table.update({ord("ى"): "ی", ord("ي"): "ی", ord("ك"): "ک", ord("ٱ"): "ا"})
    return table


@lru_cache(maxsize=1)
def _ligatures() -> tuple[re.Pattern[str], dict[str, str]]:
    """hazm's one-to-many table (pipeline/data/normalize/ligatures.tsv): ligatures that stand for a
    word (ﷲ → الله, ﻻ → لا)."""
    expansions = load_ligatures()
    return re.compile("[" + "".join(sorted(expansions)) + "]"), expansions


# Latin and Arabic-Indic digits become Persian digits, as in hazm's `persian_number`.
_DIGIT_TABLE = {ord(a): p for a, p in zip("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹")}

# (pattern, replacement) rules, one per named option; each match is a character edit.
_DIACRITICS = re.compile("[\u064b-\u0653\u0655-\u065f\u0670]+")  # keeps U+0654, the ezafe hamza of «خانهٔ»
_KASHIDA = re.compile("\u0640+")
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u200b]+")
_UNICODE_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_EXTRA_SPACES = re.compile("(?<= ) +| +(?=\n)|(?<=\n) +")
# A ZWNJ only joins two letters: doubled, or next to a space, a line break or a
# word edge, it is noise.
_ZWNJ_RUN = re.compile("\u200c+")
_ZWJ = re.compile("\u200d+")


def _regex_edits(pattern: re.Pattern[str], replacement: str, text: str) -> list[Edit]:
    return [(m.start(), m.end(), replacement) for m in pattern.finditer(text)]


def _stray_zwnj_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _ZWNJ_RUN.finditer(text):
        start, end = match.span()
        between_letters = start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()
        if not between_letters:
            edits.append((start, end, ""))
        elif end - start > 1:
            edits.append((start + 1, end, ""))
    return edits


class Normalizer:
    """Unify Persian text; each option is a named rule that can be turned off.

    Args:
        unicodes_replacement: Arabic and presentation-form letters to Persian (ي→ی, ك→ک, the hamza
            forms ﺃ→ا, ﺅ→و), and ligatures to their letters (ﷲ→الله, ﻻ→لا), from hazm's tables.
        persian_numbers: Latin and Arabic-Indic digits to Persian digits.
        remove_diacritics: drop harakat (the ezafe hamza U+0654 stays).
        remove_kashida: drop tatweel stretching (U+0640).
        remove_bidi_marks: drop LRM/RLM, embeddings, BOM and zero-width spaces.
        unify_spaces: Unicode spaces and tabs to one ASCII space; no runs of spaces.
        clean_zwnj: drop ZWNJs that join nothing, and ZWJs.
        repair_zwnj: restore lost ZWNJs (`میرسد` → `می‌رسد`), see :mod:`pipeline.text.zwnj`.
        zwnj_repairer: the repairer to use (default: the one on the shipped data), e.g.
            ``ZwnjRepairer.from_dir(path)`` for data rebuilt elsewhere.

    Examples:
        >>> Normalizer().normalize("پوتين  گفت ۲0۲۴").text
        'پوتین گفت ۲۰۲۴'
    """

    def __init__(
        self,
        *,
        unicodes_replacement: bool = True,
        persian_numbers: bool = True,
        remove_diacritics: bool = True,
        remove_kashida: bool = True,
        remove_bidi_marks: bool = True,
        unify_spaces: bool = True,
        clean_zwnj: bool = True,
        repair_zwnj: bool = True,
        zwnj_repairer: ZwnjRepairer | None = None,
    ) -> None:
        self.options = {
            "unicodes_replacement": unicodes_replacement,
            "persian_numbers": persian_numbers,
            "remove_diacritics": remove_diacritics,
            "remove_kashida": remove_kashida,
            "remove_bidi_marks": remove_bidi_marks,
            "unify_spaces": unify_spaces,
            "clean_zwnj": clean_zwnj,
            "repair_zwnj": repair_zwnj,
        }
        table: dict[int, str] = {}
        if unicodes_replacement:
            table.update(_letter_table())
        if persian_numbers:
            table.update(_DIGIT_TABLE)
        self._table = table
        deletions = []
        if remove_diacritics:
            deletions.append(_DIACRITICS.pattern)
        if remove_kashida:
            deletions.append(_KASHIDA.pattern)
        if remove_bidi_marks:
            deletions.append(_BIDI_MARKS.pattern)
        if clean_zwnj:
            deletions.append(_ZWJ.pattern)
        self._deletions = re.compile("|".join(deletions)) if deletions else None
        self._zwnj_repairer = None
        if repair_zwnj:
            self._zwnj_repairer = zwnj_repairer or ZwnjRepairer.default()

    def normalize(self, text: str) -> NormalizedText:
        """Normalize ``text``; the result maps every character back to ``text``."""
        if not isinstance(text, str):
            raise TypeError(f"normalize() expects str, got {type(text).__name__}")
        # One-to-one replacements keep every offset, so they cost no map.
        unified = text.translate(self._table) if self._table else text
        edits: list[Edit] = []
        if self._deletions is not None:
            edits.extend((m.start(), m.end(), "") for m in self._deletions.finditer(unified))
        if self.options["unicodes_replacement"]:
            ligature, expansions = _ligatures()
            edits.extend((m.start(), m.end(), expansions[m.group(0)]) for m in ligature.finditer(unified))
        result = apply_edits(unified, edits)
        result = NormalizedText(text, result.text, result.starts, result.ends)
        if self.options["unify_spaces"]:
            result = result.then(_regex_edits(_UNICODE_SPACES, " ", result.text))
            result = result.then(_regex_edits(_EXTRA_SPACES, "", result.text))
        if self.options["clean_zwnj"]:
            result = result.then(_stray_zwnj_edits(result.text))
        if self._zwnj_repairer is not None:
            result = result.then(self._zwnj_repairer.edits(result.text))
        return result

    __call__ = normalize


class NormalizeStage:
    """Pipeline stage: fills ``doc.normalized`` from ``doc.text`` (options of :class:`Normalizer`).

    Examples:
        >>> from pipeline.records import Document
        >>> NormalizeStage()(Document(id=None, text="سلاحهاي هستهاي")).normalized.text == "سلاح‌های هسته‌ای"
        True
    """

    name = "normalize"
    requires = ("text",)
    provides = ("normalized",)

    def __init__(self, **options: bool) -> None:
        self.normalizer = Normalizer(**options)

    def __call__(self, doc: Document) -> Document:
        doc.normalized = self.normalizer.normalize(doc.text)
        return doc


@lru_cache(maxsize=8)
def _cached_normalizer(options: tuple[tuple[str, bool], ...]) -> Normalizer:
    return Normalizer(**dict(options))


def normalize(text: str, **options: bool) -> NormalizedText:
    """Normalize Persian text with the default rules (any rule can be turned off by name).

    Args:
        text: raw text.
        **options: :class:`Normalizer` options, e.g. ``persian_numbers=False``.

    Returns:
        NormalizedText: ``.text`` is the normalized string; ``.to_raw_span`` maps spans back.

    Examples:
        >>> normalize("ك").text
        'ک'
    """
    return _cached_normalizer(tuple(sorted(options.items())))(text)


# Hamza seats and the ezafe heh are spelled both ways in news text («تأکید»/«تاکید»,
# «رئیس»/«رییس», «خانۀ»/«خانه»); ZWNJ, spaces and the ezafe hamza come and go.
_FOLD_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", "ة": "ه", ZWNJ: None, "\u0654": None,
                             " ": None})


def fold_normalized(text: str) -> str:
    """:func:`fold` for text that has already been through the normalizer (fast path)."""
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """The matching key of a name: unified letters and hamza seats, no ZWNJ, spaces or ezafe hamza.

    Every dictionary of names (actors, gazetteer, triggers) is keyed by it.

    Examples:
        >>> fold("حزب‌الله") == fold("حزب الله") == fold("حزبالله")
        True
        >>> fold("كرملين")
        'کرملین'
    """
    return fold_normalized(normalize(text, repair_zwnj=False).text)


def fold_phrase(text: str) -> str:
    """:func:`fold` of each word of a phrase, the words kept apart by one space: the key of a
    phrase matched word by word (gazetteer titles, cues, heads), where a ZWNJ still joins a word.

    Examples:
        >>> fold_phrase("رئیس  جمهوری") == fold("رئیس") + " " + fold("جمهوری")
        True
        >>> fold_phrase("حزب‌الله") == fold("حزب الله")
        True
    """
    return " ".join(fold_normalized(word) for word in normalize(text, repair_zwnj=False).text.split())
