"""Loaders of the ZWNJ repair data (``pipeline/data/zwnj/``), built by ``scripts/build_zwnj_model.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv
from pipeline.text.tokens import ZWNJ

__all__ = ["ZWNJ_DIR", "ZwnjLexicon", "BoundParts", "load_zwnj_lexicon", "load_bound_parts"]

ZWNJ_DIR = DATA_DIR / "zwnj"
_SIDES = ("left", "right")


@dataclass(frozen=True)
class ZwnjLexicon:
    """Skeleton (letters, no ZWNJ, no space) → the form clean text writes, and its weighted count."""

    forms: dict[str, str]
    scores: dict[str, float]


@dataclass(frozen=True)
class BoundParts:
    """Word parts that clean text almost never writes alone.

    ``left``: parts written before a ZWNJ (`می`, `بی`); ``right``: parts written after one
    (`های`, `ترین`, `سازی`). A space next to one of them in the input is a lost ZWNJ.
    """

    left: frozenset[str]
    right: frozenset[str]


def _number(path: Path, line: int, value: str, what: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise LexiconError(str(path), line, f"{what} {value!r} is not a number") from None


def load_zwnj_lexicon(path: str | Path = ZWNJ_DIR / "lexicon.tsv") -> ZwnjLexicon:
    """Read ``lexicon.tsv``: ``form<TAB>score`` lines.

    Raises:
        LexiconError: a bad score, or a form with other than letters, ZWNJs and one space.
    """
    path = Path(path)
    forms: dict[str, str] = {}
    scores: dict[str, float] = {}
    for number, (form, score) in read_tsv(path, 2):
        value = _number(path, number, score, "score")
        if not all(ch.isalpha() or ch == ZWNJ for ch in form.replace(" ", "", 1)):
            raise LexiconError(str(path), number, f"form {form!r} holds more than letters, ZWNJs and one space")
        key = form.replace(ZWNJ, "").replace(" ", "")
        forms[key] = form
        scores[key] = value
    return ZwnjLexicon(forms, scores)


def load_bound_parts(path: str | Path = ZWNJ_DIR / "bound_parts.tsv") -> BoundParts:
    """Read ``bound_parts.tsv``: ``part<TAB>side<TAB>attached<TAB>alone<TAB>partners`` lines.

    Raises:
        LexiconError: an unknown side, a part that is not letters, or a count that is not a number.
    """
    path = Path(path)
    sides: dict[str, set[str]] = {side: set() for side in _SIDES}
    for number, (part, side, attached, alone, partners) in read_tsv(path, 5):
        if side not in sides:
            raise LexiconError(str(path), number, f"side {side!r} is not one of {', '.join(_SIDES)}")
        if not part.isalpha():
            raise LexiconError(str(path), number, f"part {part!r} is not a run of letters")
        for value, what in ((attached, "attached count"), (alone, "alone count"), (partners, "partner count")):
            _number(path, number, value, what)
        sides[side].add(part)
    return BoundParts(frozenset(sides["left"]), frozenset(sides["right"]))
