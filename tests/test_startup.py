"""Cold start: the first normalize or process loads only what it runs (the times are in bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.lexicons.normalization import (
    hazm_letter_table,
    hazm_ligatures,
    hazm_verbs,
    load_letter_table,
    load_ligatures,
)

# torch._dynamo: torch's compiler, which stanza's trainer pulls in for an optimizer tagging never uses.
HEAVY = ("hazm", "sklearn", "nltk", "pandas", "pyarrow", "dask", "spacy", "torch", "torch._dynamo", "stanza")


def _heavy_modules_after(code: str) -> list[str]:
    probe = f"{code}; import sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_first_normalize_imports_no_heavy_dependency() -> None:
    assert _heavy_modules_after("import pipeline; pipeline.normalize('سلاحهاي هستهاي')") == []


@pytest.mark.slow
def test_first_process_imports_only_the_default_models_libraries() -> None:
    loaded = _heavy_modules_after("import pipeline; pipeline.process('روسیه اسرائیل را محکوم کرد.')")
    # The default NER model is a stanza one; the events stage's spaCy parser is loaded only
    # for a sentence where the parse can choose a subject (none here: «را» marks the object).
    assert loaded == ["torch", "stanza"]


def test_letter_tables_kept_as_data_agree_with_the_installed_hazm() -> None:
    # scripts/build_letter_tables.py rewrites them after a hazm upgrade.
    assert load_letter_table() == hazm_letter_table()
    assert load_ligatures() == hazm_ligatures()


def test_verb_list_read_from_hazm_data_is_hazms_own() -> None:
    from hazm.utils import verbs_list

    assert hazm_verbs() == verbs_list()
