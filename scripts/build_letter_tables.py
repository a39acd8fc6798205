"""Write hazm's character tables to ``pipeline/data/normalize/`` (run again after a hazm upgrade).

The normalizer needs only hazm's one-to-one letter table and its ligature table; importing hazm
for them costs 1-2 s of scikit-learn and NLTK at every start, so they are kept as data.
``tests/test_normalize.py`` checks that the files still agree with the installed hazm.

    python scripts/build_letter_tables.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.lexicons.normalization import (  # noqa: E402
    NORMALIZE_DIR,
    hazm_letter_table,
    hazm_ligatures,
)


def main() -> None:
    from importlib.metadata import version

    letters, ligatures = hazm_letter_table(), hazm_ligatures()
    source = f"hazm {version('hazm')} (MIT), Normalizer(correct_spacing=False, decrease_repeated_chars=False)"
    NORMALIZE_DIR.mkdir(parents=True, exist_ok=True)
    (NORMALIZE_DIR / "letters.tsv").write_text(
        "# Letter and digit forms written as one Persian form: Arabic letters, presentation forms, Arabic-Indic digits.\n"
        f"# Source: {source}: its one-to-one translation table, written by scripts/build_letter_tables.py.\n"
        "#   Left out: curly quotes (news keeps them; hazm makes them ASCII) and NBSP (a space rule handles it).\n"
        "# Format: raw character <TAB> normalized character <TAB> code point and Unicode name of the raw one.\n"
        + "".join(f"{src}\t{dst}\t{_describe(src)}\n" for src, dst in letters.items()),
        encoding="utf-8",
    )
    (NORMALIZE_DIR / "ligatures.tsv").write_text(
        "# Ligatures that stand for a word or two letters (ﷲ → الله, ﻻ → لا).\n"
        f"# Source: {source}: its replacement table, written by scripts/build_letter_tables.py.\n"
        "# Format: ligature <TAB> its expansion <TAB> code point and Unicode name of the ligature.\n"
        + "".join(f"{src}\t{dst}\t{_describe(src)}\n" for src, dst in ligatures.items()),
        encoding="utf-8",
    )
    print(f"{len(letters)} letters, {len(ligatures)} ligatures written to {NORMALIZE_DIR}")


def _describe(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, '')}"


if __name__ == "__main__":
    main()
