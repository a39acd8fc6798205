"""The CLI is thin: it parses options and prints what the library returns."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "gold_small.jsonl"


def test_cli_eval_prints_every_metric(capsys):
    assert main(["eval", str(FIXTURE), "--pred", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    for label in ("entities", "dates (span)", "value accuracy", "events relaxed", "events strict", "stance accuracy"):
        assert label in out


def test_cli_eval_json_is_machine_readable(capsys):
    assert main(["eval", str(FIXTURE), "--pred", str(FIXTURE), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["events"]["relaxed"]["f"] == 1.0


def test_cli_missing_gold_file_is_a_clear_error(capsys, tmp_path):
    missing = tmp_path / "nope.jsonl"
    assert main(["eval", str(missing), "--pred", str(FIXTURE)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_cli_help_and_readme_name_the_default_ner_backend_the_code_uses(capsys):
    import pytest

    from pipeline.ner import DEFAULT_BACKEND, DEFAULT_MODELS

    for command in ("run", "train-ner"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"default: {DEFAULT_BACKEND}" in " ".join(capsys.readouterr().out.split())
    stages = Path(__file__).resolve().parent.parent.joinpath("README.md").read_text(encoding="utf-8")
    ner_line = next(line for line in stages.splitlines() if line.startswith("- **NER**"))
    assert DEFAULT_BACKEND in ner_line and DEFAULT_MODELS[DEFAULT_BACKEND] in ner_line


def test_cli_normalize_prints_repaired_text_and_its_offset_map(tmp_path, capsys, monkeypatch):
    import io
    import sys

    raw = "سلاحهاي هستهاي"
    monkeypatch.setattr(sys, "stdin", io.StringIO(raw))
    assert main(["normalize"]) == 0
    assert capsys.readouterr().out == "سلاح‌های هسته‌ای"

    path = tmp_path / "news.txt"
    path.write_text(raw, encoding="utf-8")
    assert main(["normalize", str(path), "--offsets"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["text"] == "سلاح‌های هسته‌ای" and record["source"] == str(path)
    # The inserted ZWNJ has an empty raw span; every other character points at its raw character.
    assert record["raw_spans"][4] == [4, 4] and raw[slice(*record["raw_spans"][5])] == "ه"
    assert main(["normalize", str(path), "--no", "repair_zwnj"]) == 0
    assert capsys.readouterr().out == "سلاحهای هستهای"
