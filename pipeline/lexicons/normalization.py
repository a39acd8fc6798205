"""Loaders of the normalizer's character tables (``pipeline/data/normalize/``) and of hazm's verb list.

The tables are hazm's (``scripts/build_letter_tables.py`` writes them from the installed hazm), kept
as data so that normalizing a text does not import hazm, whose package import alone pulls in
scikit-learn and NLTK (1-2 s at every start). The verb list is read from hazm's own data file for
the same reason.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv

__all__ = ["NORMALIZE_DIR", "load_letter_table", "load_ligatures", "hazm_verbs", "hazm_letter_table",
           "hazm_ligatures"]

NORMALIZE_DIR = DATA_DIR / "normalize"
# Characters of hazm's table that the normalizer leaves alone: curly quotes are punctuation that news
# text keeps, NBSP is handled by the space rules.
_NOT_LETTERS = "“”\xa0"


def _read_table(path: Path, *, one_character: bool) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, (source, target, *_) in read_tsv(path, (2, 3)):
        if len(source) != 1 or (one_character and len(target) != 1):
            raise LexiconError(str(path), number, f"expected one character each side, got {source!r} → {target!r}"
                               if one_character else f"expected one character, got {source!r}")
        table[source] = target
    return table


@lru_cache(maxsize=1)
def load_letter_table(path: str | Path = NORMALIZE_DIR / "letters.tsv") -> dict[str, str]:
    """Raw letter or digit → its one normalized character.

    Raises:
        LexiconError: a line whose columns are not one character each (names the file and line).
    """
    return _read_table(Path(path), one_character=True)


@lru_cache(maxsize=1)
def load_ligatures(path: str | Path = NORMALIZE_DIR / "ligatures.tsv") -> dict[str, str]:
    """Ligature → the letters it stands for (ﷲ → الله)."""
    return _read_table(Path(path), one_character=False)


def hazm_verbs() -> list[str]:
    """hazm's verb list (``past#present`` stems, as ``hazm.utils.verbs_list``), read from its data
    file: ``find_spec`` locates the package without running its ``__init__``."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or spec.origin is None:
        raise LexiconError("hazm", None, "hazm is not installed; pip install 'hazm>=0.10'")
    path = Path(spec.origin).parent / "data" / "verbs.dat"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _hazm_normalizer():  # noqa: ANN202 - hazm is imported only to rebuild or check the tables
    from hazm import Normalizer as HazmNormalizer

    return HazmNormalizer(correct_spacing=False, decrease_repeated_chars=False)


def hazm_letter_table() -> dict[str, str]:
    """hazm's one-to-one character table as the normalizer uses it (imports hazm: for the build
    script and the test that the data file still agrees)."""
    normalizer = _hazm_normalizer()
    table = dict(zip(normalizer.translation_src, normalizer.translation_dst))
    return {src: dst for src, dst in table.items() if len(src) == len(dst) == 1 and src not in _NOT_LETTERS}


def hazm_ligatures() -> dict[str, str]:
    """hazm's ligature table: each ligature character of its replacement patterns → the expansion."""
    expansions: dict[str, str] = {}
    for pattern, replacement in _hazm_normalizer().replacements:
        for ligature in re.sub(r"[()|]", "", pattern):
            expansions[ligature] = replacement
    return expansions
