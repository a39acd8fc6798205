"""Hostile input and faults (issue 16): every case of the issue, tried, printed as tables.

Table 1, one row per group of the issue: cases tried, survived (the run ended with its
outputs or with a one-line refusal, and the case's own check held), documents lost (good
documents of the input missing from the outputs), crashes (an exception or traceback
instead). Batch cases run with the fake pipeline of ``tests/fixtures/batch`` (the readers,
the batch runner and the writers are the real ones); the orphaned-workers and long-text
cases run the real pipeline.

Table 2, the figures the issue's probe started from, re-run: kill (SIGKILL), terminate
(SIGTERM) and interrupt (SIGINT) of a run in one process, with ``--workers 2`` and with
``--dask local``, each followed by a rerun that must leave every document exactly once;
and fuzzed texts (the strategies of ``tests/test_fuzz_process.py``) through
``pipeline.process``, which must raise nothing and keep every span on its text. Usage::

    python bench/bench_hostile.py                           # everything, 2 kill cycles per mode and signal
    python bench/bench_hostile.py --kill-cycles 1 --fuzz 500 # a quick run
    python bench/bench_hostile.py --skip-kill --skip-fuzz    # table 1 only
    python bench/bench_hostile.py --skip-cases --skip-long    # table 2 only
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import gzip
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
BATCH = REPO / "tests" / "fixtures" / "batch"
sys.path[:0] = [str(BATCH), str(REPO / "tests")]

from fake_pipeline import FakePipeline  # noqa: E402
from process_tree import workers_left_after  # noqa: E402

import pipeline.io.writers  # noqa: E402
from pipeline.cli import main as cli_main  # noqa: E402
from pipeline.errors import InputError  # noqa: E402
from pipeline.io.batch import run_batch  # noqa: E402
from pipeline.io.readers import count_documents  # noqa: E402
from pipeline.records import Document, Entity  # noqa: E402

GOOD = "وزارت خارجه روسیه حمله به غزه را محکوم کرد."
GOOD_TOO = "رئیس‌جمهور فرانسه روز دوشنبه در تهران با همتای ایرانی خود دیدار کرد."
MARKUP = '<img src=x onerror="alert(1)">'
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
# The CLI with the fake pipeline in place of the real one.
FAKE_CLI = ("import sys; sys.path.insert(0, {batch!r}); import fake_pipeline, pipeline.core; "
            "pipeline.core.Pipeline = fake_pipeline.FakePipeline; from pipeline.cli import main; "
            "sys.exit(main(sys.argv[1:]))").format(batch=str(BATCH))


@dataclass
class Outcome:
    """What one case did: whether it survived and how many good documents went missing."""

    survived: bool
    lost: int = 0


def line(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def jsonl(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def output_ids(out: Path) -> list[str]:
    with (out / "documents.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(text)["id"] for text in handle]


def errors_of(out: Path) -> list[dict]:
    with (out / "errors.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(text) for text in handle]


def batch(inputs: list[Path], out: Path, expected: set[str], check: Callable[[Path], bool] = lambda out: True,
          **options: object) -> Outcome:
    """Run the batch with the fake pipeline; lost = expected good documents not in the outputs."""
    run_batch(inputs, out, pipeline_factory=FakePipeline, **options)
    ids = output_ids(out)
    return Outcome(check(out) and len(ids) == len(set(ids)), len(expected - set(ids)))


def fake_cli(*argv: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", FAKE_CLI, *argv], env=ENV, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


def refused(command: Callable[[], object], error: type[Exception], words: str) -> Outcome:
    """A case whose right ending is a clear refusal (``error`` naming ``words``)."""
    try:
        command()
    except error as exc:
        return Outcome(words in str(exc))
    return Outcome(False)


# 1. One bad line stops nothing but itself.
def case_nested_json(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", b"[" * 100_000, line(id="after", text=GOOD))
    return batch([feed], tmp / "out", {"after"}, lambda out: "nested" in errors_of(out)[0]["reason"])


def case_long_integer_id(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", b'{"id": ' + b"7" * 5001 + b', "text": "x"}', line(id="after", text=GOOD))
    return batch([feed], tmp / "out", {"after"})


# 2. Lone surrogates.
def case_surrogate_text(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", b'{"id": "a", "text": "\\u062a\\u0647 \\udc80"}', line(id="after", text=GOOD))
    return batch([feed], tmp / "out", {"after"}, lambda out: "surrogate" in errors_of(out)[0]["reason"])


def case_surrogate_id(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", b'{"id": "\\ud800", "text": "x y"}', line(id="after", text=GOOD))
    return batch([feed], tmp / "out", {"after"})


def case_utf16_csv(tmp: Path) -> Outcome:
    table = tmp / "excel.csv"
    table.write_bytes("nid,body\n1,".encode("utf-16") + GOOD.encode("utf-16-le") + "\n".encode("utf-16-le"))
    feed = jsonl(tmp / "feed.jsonl", line(id="after", text=GOOD))
    return batch([table, feed], tmp / "out", {"after"}, lambda out: "UTF-16" in errors_of(out)[0]["reason"],
                 text_column="body")


def case_non_utf8_file_name(tmp: Path) -> Outcome:
    folder = tmp / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_TOO, encoding="utf-8")
    return batch([folder], tmp / "out", {"good"})


# 3. Encodings.
def case_bom_csv(tmp: Path) -> Outcome:
    table = tmp / "excel.csv"
    table.write_bytes(b"\xef\xbb\xbf" + f"nid,body\n1,{GOOD}\n2,{GOOD_TOO}\n".encode("utf-8"))
    return batch([table], tmp / "out", {"1", "2"}, text_column="body", id_column="nid")


def case_bom_jsonl(tmp: Path) -> Outcome:
    feed = tmp / "feed.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + line(id="first", text=GOOD) + b"\n" + line(id="second", text=GOOD) + b"\n")
    return batch([feed], tmp / "out", {"first", "second"})


def case_utf16_jsonl(encoding: str) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        feed = tmp / "feed.jsonl"
        feed.write_bytes((line(id="a", text=GOOD).decode() + "\n").encode(encoding))
        good = jsonl(tmp / "good.jsonl", line(id="after", text=GOOD))
        return batch([feed, good], tmp / "out", {"after"},
                     lambda out: errors_of(out)[0]["reason"].startswith("UTF-16 text"))
    return case


# 4. CSV quotes.
def case_csv_open_quote(at_end: bool) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        table = tmp / "news.csv"
        rest = "" if at_end else f'4,"{GOOD}"\n5,{GOOD_TOO}\n'
        table.write_text(f'nid,body\n1,{GOOD}\n2,"{GOOD}\n3,{GOOD_TOO}\n{rest}', encoding="utf-8")
        return batch([table], tmp / "out", {"1"} if at_end else {"1", "5"},
                     lambda out: "runs over lines" in errors_of(out)[0]["reason"], text_column="body",
                     id_column="nid")
    return case


# 5. Markup in reports.
def case_eval_report_markup(tmp: Path) -> Outcome:
    from pipeline.evaluation.report import eval_report_html
    from pipeline.evaluation.scoring import evaluate_documents

    text = f"پوتین {MARKUP} در مسکو"
    at = text.index("مسکو")
    gold = Document(id=f"d{MARKUP}", text=text, entities=[Entity(at, at + 4, "مسکو", "LOC")])
    pred = Document(id=f"d{MARKUP}", text=text, entities=[Entity(at, at + 4, "مسکو", "PER" + MARKUP)])
    page = eval_report_html([gold], [pred], evaluate_documents([gold], [pred]), title=MARKUP)
    return Outcome("<img" not in page)


def case_gold_label(tmp: Path) -> Outcome:
    from pipeline.evaluation.scoring import evaluate

    bad = jsonl(tmp / "gold.jsonl", line(id="d", text="پوتین در مسکو", entities=[
        {"start": 9, "end": 13, "text": "مسکو", "label": "PER" + MARKUP}]))
    return refused(lambda: evaluate(bad, bad), InputError, "gold.jsonl:1: entity 1 has label")


def case_dataset_report_markup(tmp: Path) -> Outcome:
    from pipeline.evaluation.report import dataset_report_html

    feed = jsonl(tmp / "feed.jsonl", line(id=f"x{MARKUP}", text=f"{MARKUP} مسکو {GOOD}"),
                 b'{"id": "<script>alert(1)</script>", "text": ')
    outcome = batch([feed], tmp / "out", {f"x{MARKUP}"})
    page = dataset_report_html(tmp / "out")
    return Outcome(outcome.survived and "<img" not in page and "<script" not in page, outcome.lost)


# 6. Formulas in events.csv.
def case_formula(start: str) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        doc_id, text = f"{start}HYPERLINK(\"http://x\")", f"{start}1+1 {GOOD}"
        feed = jsonl(tmp / "feed.jsonl", line(id=doc_id, text=text))

        def check(out: Path) -> bool:
            with (out / "events.csv").open(encoding="utf-8", newline="") as handle:
                [row] = list(csv.DictReader(handle))
            exact = pd.read_parquet(out / "events.parquet").iloc[0]
            return (row["doc_id"], row["evidence"], exact["doc_id"], exact["evidence"]) == (
                "'" + doc_id, "'" + text, doc_id, text)
        return batch([feed], tmp / "out", {doc_id}, check)
    return case


# 7. Memory and output blow-ups.
def case_huge_gzipped_line(tmp: Path) -> Outcome:
    feed = tmp / "dump.jsonl.gz"
    with gzip.open(feed, "wb", compresslevel=1) as handle:
        handle.write(b'{"id": "huge", "text": "')
        for _ in range(64):
            handle.write(b"a" * 2**20)
        handle.write(b'"}\n' + line(id="after", text=GOOD) + b"\n")
    tracemalloc.start()
    try:
        counted = count_documents([feed])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    outcome = batch([feed], tmp / "out", {"after"})
    return Outcome(outcome.survived and counted == 2 and peak < 8 * 2**20, outcome.lost)


def case_gzipped_junk(tmp: Path) -> Outcome:
    feed = tmp / "junk.jsonl.gz"
    feed.write_bytes(gzip.compress(b"{junk\n" * 1_000_000 + line(id="after", text=GOOD) + b"\n"))
    return batch([feed], tmp / "out", {"after"}, lambda out: len(errors_of(out)) <= 101
                 and sum(1 for _ in out.rglob("*")) < 200, shard_size=200)


# 8. Orphaned workers.
def case_orphans(sig: signal.Signals) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        feed = jsonl(tmp / "feed.jsonl", *[line(id=f"n{i}", text=GOOD) for i in range(40)])
        run = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(feed), "--out", str(tmp / "out"),
                                "--workers", "2", "--shard-size", "2", "--quiet"], env=ENV, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        children, alive = workers_left_after(run, sig)
        for process in alive:
            process.kill()
        return Outcome(len(children) >= 2 and not alive)
    return case


# 9. Two runs into one folder.
def case_concurrent_runs(tmp: Path) -> Outcome:
    feeds = [jsonl(tmp / f"feed{k}.jsonl", *[line(id=f"{k}-{i}", text=GOOD) for i in range(30)]) for k in range(2)]
    env = {**ENV, "FAKE_PIPELINE_DELAY": "0.2"}
    runs = [subprocess.Popen([sys.executable, "-c", FAKE_CLI, "run", str(feed), "--out", str(tmp / "out"),
                              "--shard-size", "5", "--quiet"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for feed in feeds]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    winner = next((k for k, (code, _) in enumerate(results) if code == 0), None)
    if winner is None:
        return Outcome(False, 30)
    ids = output_ids(tmp / "out")
    expected = {f"{winner}-{i}" for i in range(30)}
    other = results[1 - winner]
    return Outcome(other[0] == 2 and "in use by another run (pid" in other[1] and set(ids) == expected,
                   len(expected - set(ids)))


def case_stale_lock(tmp: Path) -> Outcome:
    out = tmp / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / ".lock").write_text(json.dumps({"pid": int(dead.stdout), "host": "h", "started": "2024-01-01"}))
    return batch([jsonl(tmp / "feed.jsonl", line(id="a", text=GOOD))], out, {"a"})


# 10. Long texts.
def long_text_seconds(chars: int) -> tuple[float, float]:
    """Seconds of the real pipeline on a pathological text (date atoms) and on news of the same length."""
    from pipeline.core import default_pipeline

    nlp = default_pipeline()
    pathological = ("۱۴۰۲/۱۰/۱۲ دی ۱۴۰۲ و " * (chars // 10))[:chars]
    news = (f"{GOOD} {GOOD_TOO} " * (chars // 50))[:chars]
    seconds = []
    for text in (pathological, news):
        started = time.perf_counter()
        nlp.process(text, reference_date="2024-03-01")
        seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1]


# 11. Special files.
def case_special_file(make: Callable[[Path], Path], words: str) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        path = make(tmp)
        try:
            run = fake_cli("run", str(path), "--out", str(tmp / "out"), "--quiet", timeout=60)
        except subprocess.TimeoutExpired:
            return Outcome(False)
        return Outcome(run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr)
    return case


def fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "feed.jsonl")
    return tmp / "feed.jsonl"


def dev_zero(tmp: Path) -> Path:
    (tmp / "zero.jsonl").symlink_to("/dev/zero")
    return tmp / "zero.jsonl"


# 12. Smaller.
def case_empty_ids(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", line(id="", text=GOOD), line(id="", text=GOOD_TOO))
    return batch([feed], tmp / "out", {"feed:1", "feed:2"})


def case_reference_date(value: object) -> Callable[[Path], Outcome]:
    def case(tmp: Path) -> Outcome:
        feed = jsonl(tmp / "feed.jsonl", line(id="a", text=GOOD, reference_date=value), line(id="b", text=GOOD))
        return batch([feed], tmp / "out", {"b"}, lambda out: "YYYY-MM-DD" in errors_of(out)[0]["reason"])
    return case


@contextlib.contextmanager
def full_disk_after(writes: int):
    """Make the writer fail with ENOSPC after ``writes`` atomic writes."""
    original, calls = pipeline.io.writers._write_atomic, []

    def fill_up(path: Path, write: Callable) -> None:
        calls.append(path)
        if len(calls) > writes:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        original(path, write)

    pipeline.io.writers._write_atomic = fill_up
    try:
        yield
    finally:
        pipeline.io.writers._write_atomic = original


def case_full_disk(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", *[line(id=f"n{i}", text=f"{GOOD} {i}") for i in range(12)])
    argv = ["run", str(feed), "--out", str(tmp / "out"), "--shard-size", "3", "--quiet"]
    import pipeline.core

    real, pipeline.core.Pipeline = pipeline.core.Pipeline, FakePipeline
    try:
        with full_disk_after(11), contextlib.redirect_stderr(open(os.devnull, "w")):
            first = cli_main(argv)
        second = cli_main(argv)
    finally:
        pipeline.core.Pipeline = real
    ids = output_ids(tmp / "out")
    return Outcome(first == 1 and second == 0 and len(ids) == len(set(ids)), 12 - len(set(ids)))


def case_file_size_limit(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", *[line(id=f"n{i}", text=f"{GOOD} {i}") for i in range(40)])
    argv = ["run", str(feed), "--out", str(tmp / "out"), "--shard-size", "4", "--quiet"]
    limited = fake_cli(*argv, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000)))
    finished = fake_cli(*argv)
    ids = output_ids(tmp / "out") if finished.returncode == 0 else []
    return Outcome(limited.returncode == 1 and limited.stderr.startswith("error: ") and "Traceback" not in
                   limited.stderr and finished.returncode == 0, 40 - len(set(ids)))


def case_out_under_a_file(tmp: Path) -> Outcome:
    (tmp / "file").write_text("x")
    feed = jsonl(tmp / "feed.jsonl", line(id="a", text=GOOD))
    run = fake_cli("run", str(feed), "--out", str(tmp / "file" / "out"), "--quiet")
    return Outcome(run.returncode == 1 and run.stderr.startswith("error: ") and run.stderr.count("\n") == 1)


def case_summary_paths(tmp: Path) -> Outcome:
    feed = jsonl(tmp / "feed.jsonl", line(id="a", text=GOOD))
    return batch([feed], tmp / "out", {"a"},
                 lambda out: len(json.loads((out / "summary.json").read_text())["paths"]) == 8)


CASES: dict[str, list[tuple[str, Callable[[Path], Outcome]]]] = {
    "1 one bad line": [("nested JSON", case_nested_json), ("5,001-digit id", case_long_integer_id)],
    "2 lone surrogates": [("\\udc80 in text", case_surrogate_text), ("\\ud800 id", case_surrogate_id),
                          ("UTF-16 CSV", case_utf16_csv), ("non-UTF-8 file name", case_non_utf8_file_name)],
    "3 encodings": [("BOM CSV", case_bom_csv), ("BOM JSONL", case_bom_jsonl),
                    ("UTF-16 JSONL", case_utf16_jsonl("utf-16")), ("UTF-16LE JSONL", case_utf16_jsonl("utf-16-le"))],
    "4 CSV open quote": [("mid-file", case_csv_open_quote(False)), ("to the end", case_csv_open_quote(True))],
    "5 markup in reports": [("eval report", case_eval_report_markup), ("gold label", case_gold_label),
                            ("dataset report", case_dataset_report_markup)],
    "6 formulas in events.csv": [(repr(start), case_formula(start)) for start in ("=", "+", "-", "@", "\t", "\r")],
    "7 memory and output": [("64 MiB gzipped line", case_huge_gzipped_line),
                            ("1M junk lines", case_gzipped_junk)],
    "8 orphaned workers": [("SIGKILL", case_orphans(signal.SIGKILL)), ("SIGTERM", case_orphans(signal.SIGTERM))],
    "9 one run per --out": [("two at once", case_concurrent_runs), ("stale lock", case_stale_lock)],
    "11 special files": [("FIFO", case_special_file(fifo, "FIFO")),
                         ("/dev/zero", case_special_file(dev_zero, "character device"))],
    "12 smaller": [("empty ids", case_empty_ids), *[(f"date {v!r}", case_reference_date(v))
                                                    for v in (20240101, "20240101", "2024-W05-1")],
                   ("full disk", case_full_disk), ("file-size limit", case_file_size_limit),
                   ("--out under a file", case_out_under_a_file), ("summary paths", case_summary_paths)],
}


def run_cases(selected: list[str]) -> list[tuple[str, int, int, int, int, list[str]]]:
    rows = []
    for group, cases in CASES.items():
        if selected and not any(group.startswith(s + " ") for s in selected):
            continue
        survived = lost = crashes = 0
        notes = []
        for name, case in cases:
            with tempfile.TemporaryDirectory(prefix="bench_hostile_") as tmp:
                started = time.perf_counter()
                try:
                    outcome = case(Path(tmp))
                except Exception:  # noqa: BLE001 - a crash is what this table counts
                    crashes += 1
                    notes.append(f"{name}: {traceback.format_exc(limit=2).splitlines()[-1]}")
                    continue
                survived += outcome.survived
                lost += outcome.lost
                if not outcome.survived:
                    notes.append(f"{name}: check failed")
                print(f"  {group} / {name}: {'ok' if outcome.survived else 'FAILED'}, lost {outcome.lost} "
                      f"({time.perf_counter() - started:.1f} s)", flush=True)
        rows.append((group, len(cases), survived, lost, crashes, notes))
    return rows


def kill_and_rerun(mode: str, sig: signal.Signals, cycles: int, n: int = 60) -> tuple[int, int]:
    """``cycles`` runs stopped by ``sig`` after their second shard, then a rerun; (runs exactly once, runs)."""
    exact = 0
    for _ in range(cycles):
        with tempfile.TemporaryDirectory(prefix="bench_kill_") as tmp:
            feed = jsonl(Path(tmp) / "feed.jsonl", *[line(id=f"n{i}", text=f"{GOOD} {i}") for i in range(n)])
            out = Path(tmp) / "out"
            options = {"serial": "", "workers 2": ", workers=2", "dask local": ", dask='local'"}[mode]
            code = (f"import sys; sys.path.insert(0, {str(BATCH)!r}); from fake_pipeline import FakePipeline; "
                    "from pipeline.io.batch import run_batch; "
                    f"run_batch([{str(feed)!r}], {str(out)!r}, pipeline_factory=FakePipeline, shard_size=3{options})")
            env = {**ENV, "FAKE_PIPELINE_DELAY": "0.02",
                   "PYTHONPATH": os.pathsep.join([str(BATCH), ENV["PYTHONPATH"]])}
            run = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and run.poll() is None:
                if (out / "_shards").exists() and len(list((out / "_shards").glob("*.done.json"))) >= 2:
                    break
                time.sleep(0.01)
            stopped = run.poll() is None
            run.send_signal(sig)
            try:
                run.wait(timeout=60)
            except subprocess.TimeoutExpired:
                run.kill()
                run.wait()
            time.sleep(1.0)  # workers of a killed run end with it (the watchdog polls every second)
            rerun = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, timeout=600)
            if rerun.returncode == 0:
                ids = output_ids(out)
                parquet = pd.read_parquet(out / "documents.parquet")["doc_id"]
                expected = Counter(f"n{i}" for i in range(n))
                exact += stopped and Counter(ids) == expected and Counter(parquet) == expected
    return exact, cycles


def fuzz(examples: int) -> tuple[int, int, int]:
    """(texts tried, raised, spans off their text) over the fuzz test's strategies."""
    from hypothesis import HealthCheck, given, settings
    from test_fuzz_process import reference_dates, texts

    import pipeline

    counts = Counter()

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=texts, reference_date=reference_dates)
    def check(text: str, reference_date: str | None) -> None:
        counts["tried"] += 1
        try:
            doc = pipeline.process(text, reference_date=reference_date, doc_id="fuzz")
            json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
        except Exception:  # noqa: BLE001 - counted, not raised, so that every example runs
            counts["raised"] += 1
            return
        spans = [(s.start, s.end, s.text) for s in doc.sentences] + [(e.start, e.end, e.text) for e in doc.entities]
        spans += [(d.start, d.end, d.text) for d in doc.dates]
        spans += [(e.trigger_start, e.trigger_end, e.trigger) for e in doc.events]
        spans += [(e.evidence_start, e.evidence_end, e.evidence) for e in doc.events]
        counts["off"] += sum(1 for start, end, span in spans if text[start:end] != span)

    check()
    return counts["tried"], counts["raised"], counts["off"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="N", help="groups by number (repeatable)")
    parser.add_argument("--kill-cycles", type=int, default=2, help="kill-then-rerun cycles per mode and signal")
    parser.add_argument("--fuzz", type=int, default=2000, help="fuzzed texts through pipeline.process")
    parser.add_argument("--long-chars", type=int, default=50_000, help="length of the long-text case")
    parser.add_argument("--skip-cases", action="store_true", help="leave table 1 out")
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--skip-fuzz", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    if not args.skip_cases:
        rows = run_cases(args.only)
        print("\n| group | cases tried | survived | documents lost | crashes |\n|---|---:|---:|---:|---:|")
        for group, tried, survived, lost, crashes, _ in rows:
            print(f"| {group} | {tried} | {survived} | {lost} | {crashes} |")
        totals = [sum(row[i] for row in rows) for i in (1, 2, 3, 4)]
        print(f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} |")
        for group, *_, notes in rows:
            for note in notes:
                print(f"  {group}: {note}")

    if not args.skip_long and (not args.only or "10" in args.only):
        pathological, news = long_text_seconds(args.long_chars)
        print(f"\n10 long text, {args.long_chars:,} characters: date atoms {pathological:.1f} s, news {news:.1f} s, "
              f"ratio {pathological / news:.1f}× (target ≤ 3×)")

    if not args.skip_kill:
        print("\n| stopped by | mode | runs | every document exactly once after the rerun |\n|---|---|---:|---:|")
        total = [0, 0]
        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
            for mode in ("serial", "workers 2", "dask local"):
                exact, runs = kill_and_rerun(mode, sig, args.kill_cycles)
                total = [total[0] + exact, total[1] + runs]
                print(f"| {sig.name} | {mode} | {runs} | {exact} |", flush=True)
        print(f"| **all** | | {total[1]} | {total[0]} |")

    if not args.skip_fuzz:
        tried, raised, off = fuzz(args.fuzz)
        print(f"\nfuzz: {tried} texts through pipeline.process, {raised} raised, {off} spans off their text")


if __name__ == "__main__":
    main()
