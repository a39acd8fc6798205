"""Write CLDR's Persian place names to ``pipeline/data/places_cldr.tsv`` (run again after a Babel upgrade).

The names are those of the ``fa`` (Iran) and ``fa_AF`` (Dari) locales of the Unicode CLDR, read
through Babel: countries, territories and world regions, and the exemplar cities of the time
zones (capitals and large cities: «اسلو», «کانبرا», «سائوپائولو»). ``tests/test_ner_layers.py``
checks that the file still agrees with the installed Babel.

    python scripts/build_places.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.lexicons.gazetteer import PLACES_CLDR_PATH, cldr_places_text  # noqa: E402


def main() -> None:
    text = cldr_places_text()
    PLACES_CLDR_PATH.write_text(text, encoding="utf-8")
    rows = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    print(f"{rows} place names written to {PLACES_CLDR_PATH}")


if __name__ == "__main__":
    main()
