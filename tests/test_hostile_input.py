"""Hostile input and faults: no crash, no silent loss, no injection (issue 16).

Each case is a few lines of generated input; the big ones (a gzipped line of tens of
megabytes, tens of thousands of junk lines) are generated on the fly and kept small
enough to run in seconds while still far above the bound they check.
"""

from __future__ import annotations

import csv
import errno
import gzip
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

import pipeline.io.writers
from pipeline.cli import main
from pipeline.errors import ConfigError, InputError
from pipeline.evaluation.report import dataset_report_html, eval_report_html
from pipeline.evaluation.scoring import evaluate
from pipeline.io.batch import run_batch
from pipeline.io.readers import MAX_ERRORS_IN_A_ROW, count_documents, iter_documents
from pipeline.io.writers import OutputStore
from pipeline.records import Document, Entity, Event

BATCH = Path(__file__).parent / "fixtures" / "batch"
sys.path.insert(0, str(BATCH))
from fake_pipeline import FakePipeline  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
GOOD = "وزارت خارجه روسیه حمله به غزه را محکوم کرد."
GOOD_TOO = "رئیس‌جمهور فرانسه روز دوشنبه در تهران با همتای ایرانی خود دیدار کرد."
# Runs the CLI with the fake pipeline in place of the real one (it builds in no time).
FAKE_CLI = ("import sys; sys.path.insert(0, {batch!r}); import fake_pipeline, pipeline.core; "
            "pipeline.core.Pipeline = fake_pipeline.FakePipeline; from pipeline.cli import main; "
            "sys.exit(main(sys.argv[1:]))")


def _line(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def _jsonl(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _read(docs) -> list[tuple[str | None, str | None]]:
    """(id, error) of every document a reader yields."""
    return [(doc.doc_id, doc.error) for doc in docs]


def _outputs(out: Path) -> tuple[list[str], list[dict]]:
    """Ids in documents.jsonl and the error records of a finished run."""
    with (out / "documents.jsonl").open(encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    with (out / "errors.jsonl").open(encoding="utf-8") as handle:
        errors = [json.loads(line) for line in handle]
    return ids, errors


def _fake_cli(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", FAKE_CLI.format(batch=str(BATCH)), *argv], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120, **kwargs)


# 1. One bad line stops nothing but itself.

def test_hostile_deeply_nested_json_line_is_that_lines_error_and_reading_goes_on(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", b"[" * 100_000, _line(id="after", text=GOOD))
    assert _read(iter_documents([feed])) == [(None, "malformed JSON: nested too deeply"), ("after", None)]
    out = tmp_path / "out"
    summary = run_batch([feed], out, pipeline_factory=FakePipeline)
    assert (summary.processed, summary.failed) == (1, 1)
    # The rerun does not stumble on it again: everything is already finished.
    assert run_batch([feed], out, pipeline_factory=FakePipeline).skipped == 2


def test_hostile_integer_id_of_5001_digits_is_that_lines_error_not_the_rest_of_the_file(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", b'{"id": ' + b"7" * 5001 + b', "text": "' + GOOD.encode() + b'"}',
                  _line(id="after", text=GOOD))
    (first_id, first_error), after = _read(iter_documents([feed]))
    assert first_error.startswith("malformed JSON: Exceeds the limit") and first_id is None
    assert after == ("after", None)


# 2. Lone surrogates never reach a writer.

def test_hostile_lone_surrogate_escape_in_text_or_id_is_rejected_and_the_run_writes(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl",
                  b'{"id": "broken-text", "text": "\\u062a\\u0647\\u0631\\u0627\\u0646 \\udc80"}',
                  b'{"id": "\\ud800-id", "text": "' + GOOD.encode() + b'"}',
                  _line(id="good", text=GOOD))
    out = tmp_path / "out"
    summary = run_batch([feed], out, pipeline_factory=FakePipeline)
    ids, errors = _outputs(out)
    assert ids == ["good"] and summary.failed == 2
    assert "lone surrogate" in errors[0]["reason"] and errors[0]["id"] == "broken-text"
    assert "lone surrogate" in errors[1]["reason"] and errors[1]["id"] == "\\ud800-id"


def test_hostile_non_utf8_file_name_in_a_folder_is_an_error_record_not_a_crash(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD, encoding="utf-8")  # a Latin-1 file name
    (folder / "good.txt").write_text(GOOD_TOO, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([folder], out, pipeline_factory=FakePipeline)
    ids, errors = _outputs(out)
    assert ids == ["good"]
    assert [(e["id"], "lone surrogate" in e["reason"]) for e in errors] == [("caf\\udce9", True)]
    assert errors[0]["source"].endswith("caf\\udce9.txt")


def test_hostile_utf16_csv_is_named_utf16_and_its_column_names_do_not_crash_the_writer(tmp_path):
    table = tmp_path / "excel.csv"
    table.write_bytes("nid,body\n1,".encode("utf-16") + GOOD.encode("utf-16-le") + "\n".encode("utf-16-le"))
    good = _jsonl(tmp_path / "feed.jsonl", _line(id="good", text=GOOD))
    out = tmp_path / "out"
    run_batch([table, good], out, pipeline_factory=FakePipeline, text_column="body")
    ids, errors = _outputs(out)
    assert ids == ["good"]
    assert [e["reason"] for e in errors] == ["UTF-16 text (byte-order mark): save the file as UTF-8"]


# 3. Encodings: byte-order marks are stripped, UTF-16 is called UTF-16.

def test_hostile_utf8_bom_csv_as_excel_writes_it_reads_every_row(tmp_path):
    table = tmp_path / "excel.csv"
    table.write_bytes(b"\xef\xbb\xbf" + f"nid,body\n1,{GOOD}\n2,{GOOD_TOO}\n".encode("utf-8"))
    assert _read(iter_documents([table], text_column="body", id_column="nid")) == [("1", None), ("2", None)]


def test_hostile_utf8_bom_jsonl_keeps_its_first_document(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + _line(id="first", text=GOOD) + b"\n" + _line(id="second", text=GOOD) + b"\n")
    assert _read(iter_documents([feed])) == [("first", None), ("second", None)]


@pytest.mark.parametrize("encoding, bom", [("utf-16", " (byte-order mark)"), ("utf-16-le", "")])
def test_hostile_utf16_jsonl_is_reported_as_utf16_not_as_a_legacy_encoding(tmp_path, encoding, bom):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes((_line(id="a", text=GOOD).decode() + "\n").encode(encoding))
    assert _read(iter_documents([feed])) == [(None, f"UTF-16 text{bom}: save the file as UTF-8")]


def test_hostile_binary_first_line_is_that_lines_error_not_a_utf16_file(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", b"\x00\x00\x89PNG\x00\x00\x00\rIHDR\x00\x00", _line(id="after", text=GOOD))
    [(_, error), after] = _read(iter_documents([feed]))
    assert error.startswith("invalid UTF-8") or error.startswith("binary") or "NUL" in error or "JSON" in error
    assert after == ("after", None)


# 4. An unterminated CSV quote swallows nothing silently.

def test_hostile_csv_unterminated_quote_names_the_rows_it_ran_over(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(f'nid,body\n1,{GOOD}\n2,"{GOOD} بدون گیومه پایانی\n3,{GOOD_TOO}\n4,"{GOOD}"\n5,{GOOD_TOO}\n',
                     encoding="utf-8")
    docs = _read(iter_documents([table], text_column="body", id_column="nid"))
    assert docs[0] == ("1", None) and docs[-1] == ("5", None)
    assert len(docs) == 3
    assert docs[1][1].startswith("unreadable CSV row: a quoted field runs over lines 3–5")


def test_hostile_csv_quote_left_open_to_the_end_of_the_file_is_an_error(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(f'nid,body\n1,{GOOD}\n2,"{GOOD}\n3,{GOOD_TOO}\n', encoding="utf-8")
    docs = _read(iter_documents([table], text_column="body", id_column="nid"))
    assert docs[0] == ("1", None) and len(docs) == 2
    assert "runs over lines 3–4" in docs[1][1] and "unexpected end of data" in docs[1][1]


def test_hostile_csv_article_with_paragraphs_in_quotes_is_still_one_good_row(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(f'nid,body\n1,"{GOOD}\n\n{GOOD_TOO}, با ویرگول"\n2,{GOOD}\n', encoding="utf-8")
    assert _read(iter_documents([table], text_column="body", id_column="nid")) == [("1", None), ("2", None)]


# 5. Markup in gold, predictions or outputs never runs in a report.

MARKUP = '<img src=x onerror="alert(1)">'


def test_hostile_gold_or_prediction_label_outside_per_org_loc_is_rejected_naming_file_and_line(tmp_path, capsys):
    good = _jsonl(tmp_path / "gold.jsonl", _line(id="d", text="پوتین در مسکو", entities=[
        {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]))
    bad = _jsonl(tmp_path / "pred.jsonl", _line(id="c", text="متن"), _line(id="d", text="پوتین در مسکو", entities=[
        {"start": 9, "end": 13, "text": "مسکو", "label": "PER" + MARKUP}]))
    with pytest.raises(InputError, match=r"pred\.jsonl:2: entity 1 has label 'PER<img"):
        evaluate(good, bad)
    assert main(["eval", str(bad), "--pred", str(good), "--report", str(tmp_path / "r.html")]) == 2
    assert "pred.jsonl:2: entity 1 has label" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_hostile_eval_report_escapes_markup_in_every_field():
    text = f"پوتین {MARKUP} در مسکو"
    at = text.index("مسکو")
    gold = Document(id=f"doc{MARKUP}", text=text, entities=[Entity(at, at + 4, "مسکو", "LOC")])
    pred = Document(id=f"doc{MARKUP}", text=text, entities=[Entity(at, at + 4, "مسکو", "PER" + MARKUP),
                                                            Entity(6, 6 + len(MARKUP), MARKUP, "ORG")],
                    events=[Event(actor="RUS" + MARKUP, target=MARKUP, type="11" + MARKUP, stance="oppose" + MARKUP,
                                  date="2024-01-01" + MARKUP, trigger=MARKUP, trigger_start=6,
                                  trigger_end=6 + len(MARKUP), evidence=text, evidence_start=0,
                                  evidence_end=len(text), sentence_index=0)])
    from pipeline.evaluation.scoring import evaluate_documents

    page = eval_report_html([gold], [pred], evaluate_documents([gold], [pred]), title=MARKUP,
                            sources={"gold": MARKUP})
    assert "<img" not in page and "&lt;img" in page


def test_hostile_dataset_report_escapes_markup_from_the_corpus(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id=f"x{MARKUP}", text=f"{MARKUP} مسکو {GOOD}"),
                  b'{"id": "<script>alert(1)</script>", "text": ')
    out = tmp_path / "out"
    run_batch([feed], out, pipeline_factory=FakePipeline)
    page = dataset_report_html(out, title=MARKUP)
    assert "<img" not in page and "<script" not in page and "&lt;script&gt;" in page


# 6. events.csv cannot carry a spreadsheet formula; Parquet and JSONL stay exact.

@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_hostile_events_csv_neutralizes_formula_cells_and_parquet_jsonl_stay_exact(tmp_path, start):
    doc_id = f"{start}HYPERLINK(\"http://x\")"
    text = f"{start}1+1 {GOOD}"  # the fake pipeline's evidence is the whole text
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id=doc_id, text=text))
    out = tmp_path / "out"
    run_batch([feed], out, pipeline_factory=FakePipeline)
    with (out / "events.csv").open(encoding="utf-8", newline="") as handle:
        [csv_row] = list(csv.DictReader(handle))
    assert csv_row["doc_id"] == "'" + doc_id and csv_row["evidence"] == "'" + text
    parquet_row = pd.read_parquet(out / "events.parquet").iloc[0]
    assert parquet_row["doc_id"] == doc_id and parquet_row["evidence"] == text
    assert _outputs(out)[0] == [doc_id]


# 7. Memory and output stay bounded.

def _gzipped_line(path: Path, megabytes: int) -> Path:
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(b'{"id": "huge", "text": "')
        for _ in range(megabytes):
            handle.write(b"a" * 2**20)
        handle.write(b'"}\n' + _line(id="after", text=GOOD) + b"\n")
    return path


def test_hostile_huge_gzipped_line_is_counted_and_read_in_bounded_memory(tmp_path):
    feed = _gzipped_line(tmp_path / "dump.jsonl.gz", 32)
    tracemalloc.start()
    try:
        assert count_documents([feed]) == 2
        _, counting_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        docs = _read(iter_documents([feed]))
        _, reading_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert docs[1] == ("after", None) and docs[0][1].startswith("line too long")
    # A 32 MiB line; the counter reads it in 1 MiB pieces, the reader in pieces of its line limit.
    assert counting_peak < 8 * 2**20 and reading_peak < 8 * 2**20


def test_hostile_gzipped_junk_gives_a_bounded_number_of_error_records_and_keeps_later_documents(tmp_path):
    junk = 20_000
    feed = tmp_path / "junk.jsonl.gz"
    feed.write_bytes(gzip.compress(b"{junk\n" * junk + _line(id="after", text=GOOD) + b"\n"))
    out = tmp_path / "out"
    summary = run_batch([feed], out, pipeline_factory=FakePipeline, shard_size=50)
    ids, errors = _outputs(out)
    assert ids == ["after"] and len(errors) == MAX_ERRORS_IN_A_ROW + 1
    held = junk - MAX_ERRORS_IN_A_ROW
    assert errors[-1]["reason"].startswith(f"{held:,} more unreadable records (lines 101–{junk})")
    assert summary.total_failed == MAX_ERRORS_IN_A_ROW + 1
    assert sum(1 for _ in out.rglob("*")) < 100


def test_hostile_junk_run_cut_off_by_a_truncated_gzip_is_still_summarized(tmp_path):
    feed = tmp_path / "junk.jsonl.gz"
    feed.write_bytes(gzip.compress(_line(id="first", text=GOOD) + b"\n" + b"{junk\n" * 500)[:-12])
    docs = list(iter_documents([feed]))
    assert docs[0].doc_id == "first" and len(docs) == 1 + MAX_ERRORS_IN_A_ROW + 1
    assert re.match(r"\d+ more unreadable records \(from line 102 to where reading stopped\)", docs[-1].error)
    assert "cannot read the rest of the file" in docs[-1].error


# 8. Workers end with the run that started them.

@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_hostile_workers_exit_when_the_run_is_killed(tmp_path, sig):
    pytest.importorskip("psutil", reason="psutil comes with dask[distributed]")
    from process_tree import workers_left_after
    feed = _jsonl(tmp_path / "feed.jsonl", *[_line(id=f"n{i}", text=GOOD) for i in range(40)])
    env = {**os.environ, "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(feed), "--out", str(tmp_path / "out"),
                            "--workers", "2", "--shard-size", "2", "--quiet"], env=env, cwd=REPO,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children, alive = workers_left_after(run, sig)
        assert len(children) >= 2, "the run did not start its workers"
        assert alive == [], f"orphaned processes: {[p.cmdline()[:3] for p in alive]}"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


# 9. One output folder, one run at a time.

def test_hostile_second_run_into_the_same_out_is_refused_naming_the_first(tmp_path, capsys):
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id="a", text=GOOD))
    out = tmp_path / "out"
    with OutputStore(out):  # a run in progress holds the folder
        assert main(["run", str(feed), "--out", str(out), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {out} is in use by another run (pid {os.getpid()} on ")
        assert "started 20" in err and err.count("\n") == 1
        with pytest.raises(ConfigError, match="in use by another run"):
            run_batch([feed], out, pipeline_factory=FakePipeline)
    # Released at the end: the next run goes ahead, and leaves no lock behind.
    assert run_batch([feed], out, pipeline_factory=FakePipeline).processed == 1
    assert not (out / ".lock").exists()


def test_hostile_run_refused_while_the_holder_is_still_writing_its_details_names_it(tmp_path):
    # The holder takes the lock first and writes who it is just after: a run refused in
    # that instant waits for the details instead of reporting an anonymous holder.
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"handle = open({str(out / '.lock')!r}, 'a+')\n"
        "fcntl.flock(handle.fileno(), fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(0.5)\n"
        "handle.write('{\"pid\": 4242, \"host\": \"desk\", \"started\": \"2026-12-07T00:00:00+00:00\"}')\n"
        "handle.flush()\n"
        "time.sleep(2)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ConfigError, match=r"in use by another run \(pid 4242 on desk, started 2026-12-07"):
            OutputStore(out)
    finally:
        holder.kill()
        holder.wait()


def test_hostile_lock_left_by_a_killed_run_is_taken_over(tmp_path, caplog):
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id="a", text=GOOD))
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / ".lock").write_text(json.dumps({"pid": int(dead.stdout), "host": "here", "started": "2024-01-01T00:00:00",
                                           "command": "pipeline run"}), encoding="utf-8")
    with caplog.at_level("INFO", logger="pipeline.io.writers"):
        assert run_batch([feed], out, pipeline_factory=FakePipeline).processed == 1
    assert f"taking over the lock of a run that ended without releasing it (pid {int(dead.stdout)}" in caplog.text


def test_hostile_two_concurrent_runs_into_one_out_lose_nothing(tmp_path):
    feeds = [_jsonl(tmp_path / f"feed{k}.jsonl", *[_line(id=f"{k}-{i}", text=GOOD) for i in range(30)])
             for k in range(2)]
    out = tmp_path / "out"
    env = {**os.environ, "FAKE_PIPELINE_DELAY": "0.2", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    runs = [subprocess.Popen([sys.executable, "-c", FAKE_CLI.format(batch=str(BATCH)), "run", str(feed), "--out",
                              str(out), "--shard-size", "5", "--quiet"], env=env, cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for feed in feeds]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert "is in use by another run (pid" in refused
    ids, _ = _outputs(out)
    assert len(ids) == len(set(ids)) == 30  # the run that went ahead, whole


# 10. Long texts: bounded time per document.

def test_hostile_long_text_of_date_atoms_is_processed_whole_with_every_span_in_place(nlp):
    # Kept at 8,000 characters: the date stage's atom matching was quadratic (issue 16,
    # item 10, fixed on another branch); bench/bench_hostile.py measures 50,000 characters.
    text = ("۱۴۰۲/۱۰/۱۲ دی ۱۴۰۲ و " * 400)[:8000]
    doc = nlp.process(text, reference_date="2024-03-01", doc_id="long")
    assert doc.dates and all(text[d.start:d.end] == d.text for d in doc.dates)


# 11. Special files given by name are refused before anything is read.

def test_hostile_fifo_given_as_input_is_refused_not_waited_on(tmp_path, capsys):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match=r"is a FIFO \(named pipe\), not a regular file"):
        list(iter_documents([fifo]))
    assert main(["run", str(fifo), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_hostile_symlink_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.jsonl.gz"
    link.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="is a character device, not a regular file"):
        count_documents([link])


# 12. Smaller: empty ids, strict dates, write failures, summary paths.

def test_hostile_empty_ids_take_their_place_and_are_never_null(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id="", text=GOOD), _line(id="  ", text=GOOD_TOO),
                  _line(id="", text=GOOD))
    out = tmp_path / "out"
    run_batch([feed], out, pipeline_factory=FakePipeline)
    assert _outputs(out) == (["feed:1", "feed:2", "feed:3"], [])


@pytest.mark.parametrize("value", [20240101, "20240101", "2024-W05-1", "2024-060", 2024.0])
def test_hostile_reference_date_must_be_yyyy_mm_dd(tmp_path, value):
    feed = _jsonl(tmp_path / "feed.jsonl", _line(id="a", text=GOOD, reference_date=value))
    [(doc_id, error)] = _read(iter_documents([feed]))
    assert error == f"invalid reference_date: reference_date {value!r} is not a date in YYYY-MM-DD form"
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        list(iter_documents([feed], reference_date=value))


def _feed_of(path: Path, n: int) -> Path:
    return _jsonl(path, *[_line(id=f"n{i}", text=f"{GOOD} {i}") for i in range(n)])


def _check_complete(out: Path, n: int) -> None:
    ids, errors = _outputs(out)
    assert sorted(ids) == sorted(f"n{i}" for i in range(n)) and errors == []
    assert len(pd.read_parquet(out / "documents.parquet")) == n
    assert not [p for p in out.rglob("*") if p.name.startswith(".")], "temporary files left behind"


def test_hostile_full_disk_ends_in_one_error_line_and_the_rerun_completes(tmp_path, monkeypatch, capsys):
    feed = _feed_of(tmp_path / "feed.jsonl", 12)
    out = tmp_path / "out"
    monkeypatch.setattr("pipeline.core.Pipeline", FakePipeline)
    write_atomic = pipeline.io.writers._write_atomic
    calls = []

    def fill_up(path, write):
        calls.append(path)
        if len(calls) == 12:  # inside the second shard
            path.with_name(f".{path.name}.tmp").write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        write_atomic(path, write)

    monkeypatch.setattr(pipeline.io.writers, "_write_atomic", fill_up)
    assert main(["run", str(feed), "--out", str(out), "--shard-size", "3", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write the outputs in {out} (") and "No space left on device" in err
    assert err.count("\n") == 1
    monkeypatch.setattr(pipeline.io.writers, "_write_atomic", write_atomic)
    assert main(["run", str(feed), "--out", str(out), "--shard-size", "3", "--quiet"]) == 0
    _check_complete(out, 12)


def test_hostile_file_size_limit_ends_in_one_error_line_and_the_rerun_completes(tmp_path):
    feed = _feed_of(tmp_path / "feed.jsonl", 40)
    out = tmp_path / "out"

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))

    limited = _fake_cli("run", str(feed), "--out", str(out), "--shard-size", "4", "--quiet",
                        preexec_fn=limit_file_size)
    assert limited.returncode == 1, limited.stderr
    assert limited.stderr.startswith("error: cannot write the outputs in ") and "File too large" in limited.stderr
    assert "Traceback" not in limited.stderr
    finished = _fake_cli("run", str(feed), "--out", str(out), "--shard-size", "4", "--quiet")
    assert finished.returncode == 0, finished.stderr
    _check_complete(out, 40)


def test_hostile_out_that_cannot_be_created_is_one_error_line(tmp_path, capsys):
    feed = _feed_of(tmp_path / "feed.jsonl", 1)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert main(["run", str(feed), "--out", str(tmp_path / "file" / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write the outputs in ") and err.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_hostile_read_only_out_is_one_error_line(tmp_path, capsys):
    feed = _feed_of(tmp_path / "feed.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["run", str(feed), "--out", str(out), "--quiet"]) == 1
    finally:
        out.chmod(0o755)
    assert capsys.readouterr().err.startswith("error: cannot write the outputs in ")


def test_hostile_summary_json_names_every_output_path(tmp_path):
    out = tmp_path / "out"
    summary = run_batch([_feed_of(tmp_path / "feed.jsonl", 2)], out, pipeline_factory=FakePipeline)
    written = json.loads((out / "summary.json").read_text(encoding="utf-8"))["paths"]
    assert written == {name: str(path) for name, path in summary.paths.items()}
    assert set(written) >= {"documents_jsonl", "events_csv", "errors", "events_parquet", "summary"}
    assert all(Path(path).exists() for path in written.values())
