"""``pipeline run``: options reach run_batch unchanged; summary and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.commands.run as run_command
from pipeline.batch import BatchSummary
from pipeline.cli import main

BATCH = Path(__file__).parent / "fixtures" / "batch"


class Recorder:
    """Stands in for run_batch: records each call and returns ``summary``."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple, dict]] = []
        self.summary = BatchSummary(processed=3, total_processed=3)

    def __call__(self, *args, **kwargs) -> BatchSummary:
        self.calls.append((args, kwargs))
        self.summary.strict = kwargs["strict"]
        return self.summary


@pytest.fixture
def recorder(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(run_command, "run_batch", recorder)
    return recorder


def test_run_cli_passes_every_option_to_run_batch(recorder, tmp_path):
    argv = ["run", "a.jsonl", "b/", "--out", str(tmp_path), "--reference-date", "2024-03-01", "--workers", "3",
            "--dask", "tcp://10.0.0.5:8786", "--strict", "--overwrite", "--text-column", "body", "--id-column",
            "nid", "--actors", "x.yaml", "--actors", "y.yaml", "--triggers", "t.tsv", "--ner-backend", "stanza",
            "--ner-model", "models/fa", "--shard-size", "50", "--max-chars", "1000"]
    assert main(argv) == 0
    ((args, kwargs),) = recorder.calls
    assert args == (["a.jsonl", "b/"], str(tmp_path))
    assert kwargs == {
        "reference_date": "2024-03-01", "workers": 3, "dask": "tcp://10.0.0.5:8786", "strict": True,
        "overwrite": True, "progress": None, "text_column": "body", "id_column": "nid",
        "pipeline_options": {"ner_backend": "stanza", "ner_model": "models/fa", "actors": ["x.yaml", "y.yaml"],
                             "triggers": ["t.tsv"]},
        "shard_size": 50, "max_chars": 1000,
    }


@pytest.mark.parametrize(
    ("summary", "flags", "code"),
    [
        (BatchSummary(processed=5, failed=2, total_processed=5, total_failed=2), [], 0),
        (BatchSummary(processed=5, failed=2, total_processed=5, total_failed=2), ["--strict"], 1),
        (BatchSummary(processed=0, failed=4, total_failed=4), [], 1),  # nothing could be processed
        (BatchSummary(skipped=7, total_processed=7), [], 0),  # a finished run, started again
    ],
)
def test_run_cli_exit_code(recorder, tmp_path, summary, flags, code):
    recorder.summary = summary
    assert main(["run", "a.jsonl", "--out", str(tmp_path), *flags]) == code


def test_run_cli_prints_summary_and_quiet_turns_progress_off(recorder, tmp_path, capsys):
    recorder.summary = BatchSummary(processed=5, failed=2, skipped=1, total_processed=6, total_failed=2,
                                           out_dir=tmp_path)
    main(["run", "a.jsonl", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "processed 5, failed 2, skipped 1" in out and "errors.jsonl" in out
    main(["run", "a.jsonl", "--out", str(tmp_path), "--quiet"])
    assert recorder.calls[-1][1]["progress"] is False
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("argv", [["run", "--out", "x"], ["run", "a.jsonl"], ["run", "a.jsonl", "--out", "x",
                                                                           "--workers", "two"]])
def test_run_cli_usage_errors(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_run_cli_bad_input_is_one_clear_line(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_run_cli_only_broken_documents_exits_1_and_writes_errors(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "text": ""}\n{"id": "b"\n', encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["line"], e["id"]) for e in errors] == [(1, "a"), (2, "b")]


def test_run_cli_end_to_end_with_the_real_pipeline(tmp_path, nlp):
    out = tmp_path / "out"
    assert main(["run", str(BATCH / "docs"), str(BATCH / "mixed.jsonl"), "--out", str(out),
                 "--reference-date", "2024-03-01", "--quiet"]) == 0
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["id"] for d in docs} == {"moscow", "news", "sub/tehran", "tehran", "j-1", "j-2", "8", "mixed:11"}
    for doc in docs:
        assert set(doc) >= {"id", "text", "entities", "dates", "events"}
        for span in doc["entities"] + doc["dates"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"]
    assert (out / "events.csv").read_text(encoding="utf-8").startswith("event_id,doc_id,")
