"""``pipeline run``: options reach run_batch unchanged; summary and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

import pipeline.commands.run as run_command
from pipeline.cli import main
from pipeline.io.batch import BatchSummary

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
            "--ner-model", "models/fa", "--shard-size", "50", "--max-chars", "1000", "--min-persian-ratio", "0.3"]
    assert main(argv) == 0
    ((args, kwargs),) = recorder.calls
    assert args == (["a.jsonl", "b/"], str(tmp_path))
    assert kwargs == {
        "reference_date": "2024-03-01", "workers": 3, "dask": "tcp://10.0.0.5:8786", "strict": True,
        "overwrite": True, "progress": None, "text_column": "body", "id_column": "nid",
        "pipeline_options": {"ner_backend": "stanza", "ner_model": "models/fa", "actors": ("x.yaml", "y.yaml"),
                             "triggers": ("t.tsv",)},
        "shard_size": 50, "max_chars": 1000, "min_persian_ratio": 0.3,
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


@pytest.mark.parametrize(("make_input", "extra", "problem"), [
    (lambda tmp: str(tmp / "nope.jsonl"), [], "nope.jsonl"),
    (lambda tmp: str(BATCH / "docs"), ["--ner-backend", "spacy", "--ner-model", "fa_news_ner_stanza"],
     "is a stanza model, not a spacy one"),
    (lambda tmp: str(BATCH / "docs"), ["--ner-model", "no_such_model"], "PIPELINE_MODELS_DIR"),
    (lambda tmp: str(BATCH / "docs"), ["--reference-date", "1402-12-10"], "Jalali"),
], ids=["missing input", "stanza model for spacy", "unknown model", "Jalali reference date"])
def test_run_cli_bad_option_is_one_line_exit_2_and_leaves_no_output_folder(tmp_path, capsys, make_input, extra,
                                                                           problem):
    out = tmp_path / "out"
    assert main(["run", make_input(tmp_path), "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert problem in err and len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert not out.exists()


def test_run_cli_out_naming_an_existing_file_is_one_line_exit_2(tmp_path, capsys):
    taken = tmp_path / "results.csv"
    taken.write_text("id\n", encoding="utf-8")
    assert main(["run", str(BATCH / "docs"), "--out", str(taken)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert taken.read_text(encoding="utf-8") == "id\n"


def test_run_cli_text_and_id_columns_name_the_fields_of_json_lines(tmp_path):
    from pipeline.io.readers import iter_documents

    path = tmp_path / "feed.jsonl"
    path.write_text('{"nid": "k7", "body": "کابل امروز آرام بود."}\n{"nid": "k8", "title": "هرات"}\n',
                    encoding="utf-8")
    doc, untitled = iter_documents([path], text_column="body", id_column="nid")
    assert (doc.doc_id, doc.text, doc.error) == ("k7", "کابل امروز آرام بود.", None)
    assert (untitled.doc_id, untitled.error) == ("k8", "missing text field 'body'")
    assert next(iter_documents([path])).error == "missing text field 'text'"


def test_run_cli_eval_into_a_closed_pipe_stops_quietly(tmp_path):
    gold = Path(__file__).parent / "fixtures" / "gold_small.jsonl"
    # The reader closes the pipe before the command writes, as `| head -0` does.
    reader, writer = os.pipe()
    os.close(reader)
    result = subprocess.run([sys.executable, "-m", "pipeline", "eval", str(gold), "--pred", str(gold)],
                            stdout=writer, stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(writer)
    assert "BrokenPipeError" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 141


def test_run_cli_version(capsys):
    from pipeline import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"pipeline {__version__}"


def test_run_cli_text_that_is_not_persian_is_reported_per_document_unless_kept(tmp_path, capsys, monkeypatch):
    sys.path.insert(0, str(BATCH))
    from fake_pipeline import FakePipeline

    monkeypatch.setattr(run_command, "run_batch", partial(run_command.run_batch, pipeline_factory=FakePipeline))
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": "fa", "text": "مسکو حمله به غزه را محکوم کرد."}\n'
                    '{"id": "en", "text": "Moscow condemned the attack on Gaza."}\n'
                    '{"id": "ru", "text": "Москва осудила нападение на Газу."}\n', encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "2 skipped as not Persian" in captured.out
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["reason"].split(" (")[0]) for e in errors] == [("en", "skipped: not Persian"),
                                                                       ("ru", "skipped: not Persian")]
    assert captured.err.count("skipped: not Persian") == 2  # one warning per document
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["processed"], summary["not_persian"]) == (1, 2)

    assert main(["run", str(path), "--out", str(tmp_path / "all"), "--keep-non-persian", "--quiet"]) == 0
    kept = json.loads((tmp_path / "all" / "summary.json").read_text(encoding="utf-8"))
    assert (kept["processed"], kept["not_persian"]) == (3, 0)


@pytest.mark.parametrize(("stdin", "ids"), [
    ('{"id": "s1", "text": "مسکو حمله به غزه را محکوم کرد."}\n{"id": "s2", "text": "تهران آرام بود."}\n', ["s1", "s2"]),
    ("مسکو حمله به غزه را محکوم کرد.\n", ["stdin"]),
], ids=["json lines", "one text"])
def test_run_cli_dash_reads_standard_input(tmp_path, monkeypatch, stdin, ids):
    import io

    sys.path.insert(0, str(BATCH))
    from fake_pipeline import FakePipeline

    monkeypatch.setattr(run_command, "run_batch", partial(run_command.run_batch, pipeline_factory=FakePipeline))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    assert main(["run", "-", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids
