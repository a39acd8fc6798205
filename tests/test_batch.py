"""Batch runs: outputs, error isolation, resume after a crash (SIGKILL included), workers, Dask."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.cli import main
from pipeline.errors import ConfigError
from pipeline.io.batch import process_documents, run_batch
from pipeline.io.sources import SourceDoc

BATCH = Path(__file__).parent / "fixtures" / "batch"
sys.path.insert(0, str(BATCH))
from fake_pipeline import FakePipeline  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TABLES = ("documents", "entities", "dates", "events")
# Short hand-written news sentences; the kill/resume tests run many copies of them.
SENTENCES = [
    "وزیر امور خارجه ایران روز دوشنبه در تهران با همتای روسی خود دیدار کرد.",
    "مسکو حمله به نوار غزه را محکوم کرد.",
    "سازمان ملل متحد خواستار آتش‌بس فوری در غزه شد.",
    "دبیرکل ناتو روز ۱۲ ژانویه ۲۰۲۴ به کی‌یف سفر کرد.",
    "پارلمان عراق از دولت خواست سفیر آمریکا را احضار کند.",
]


def _ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["id"] for line in handle]


def _errors(out: Path) -> list[dict]:
    with (out / "errors.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = f"{SENTENCES[i % len(SENTENCES)]}\n{SENTENCES[(i + 2) % len(SENTENCES)]}"
            handle.write(json.dumps({"id": f"n{i}", "text": text, "reference_date": "2024-03-01"},
                                    ensure_ascii=False) + "\n")
    return path


def _check_exactly_once(out: Path, expected: set[str]) -> None:
    """Every output agrees: each document once in documents.jsonl and the Parquet tables."""
    ids = _ids(out / "documents.jsonl")
    assert Counter(ids) == Counter(expected)
    assert sorted(pd.read_parquet(out / "documents.parquet")["doc_id"]) == sorted(expected)
    events = pd.read_parquet(out / "events.parquet")
    assert len(pd.read_csv(out / "events.csv")) == len(events)
    assert not [p for p in out.rglob("*") if p.name.startswith(".")], "temporary files left behind"


def _records(frame: pd.DataFrame) -> list[list]:
    """Rows as plain values (Dask reads strings as Arrow strings, pandas as objects)."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


@pytest.fixture(scope="module")
def real_pipeline(nlp):
    """The real pipeline with the shipped models (the stages must be importable)."""
    return nlp


def test_batch_outputs_are_consistent_and_readable_by_pandas_and_dask(tmp_path):
    import dask.dataframe as dd

    out = tmp_path / "out"
    summary = pipeline.run_batch([BATCH / "docs", BATCH / "mixed.jsonl"], out, pipeline_factory=FakePipeline,
                                 shard_size=3)
    assert isinstance(summary, pipeline.BatchSummary)
    assert (summary.processed, summary.failed, summary.skipped) == (8, 6, 0)
    assert summary.ok
    _check_exactly_once(out, {"moscow", "news", "sub/tehran", "tehran", "j-1", "j-2", "8", "mixed:11"})
    for table in TABLES:
        frame = pd.read_parquet(out / f"{table}.parquet")
        assert list(frame.columns) == list(dd.read_parquet(out / f"{table}.parquet").columns)
        assert len(dd.read_parquet(out / f"{table}.parquet").compute()) == len(frame)
    assert set(pd.read_parquet(out / "entities.parquet")["text"]) == {"تهران", "مسکو", "غزه", "عراق", "ایران"}
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["processed"] == 8


def test_batch_broken_directory_records_each_error_and_keeps_every_good_document(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i, sentence in enumerate(SENTENCES):
        (folder / f"good{i}.txt").write_text(sentence, encoding="utf-8")
    (folder / "sub" / "latin1.txt").write_bytes("تهران".encode("utf-8")[:-1] + b" caf\xe9")
    (folder / "sub" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.txt").write_bytes(b"\n\n")
    (folder / "oneline.txt").write_text("ایران " * 900_000, encoding="utf-8")  # a 5 MB single line
    (folder / "crash.txt").write_text("متنی که مرحله را ☠ از کار می‌اندازد.", encoding="utf-8")
    (folder / "notes.md").write_text("این فایل متنی نیست و خوانده نمی‌شود.", encoding="utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    summary = run_batch([folder], out, pipeline_factory=FakePipeline)
    assert time.perf_counter() - started < 30  # the 5 MB line is rejected, not processed
    reasons = {e["id"]: e["reason"] for e in _errors(out)}
    assert set(reasons) == {"latin1", "image", "empty", "oneline", "crash"}
    assert "invalid UTF-8" in reasons["latin1"] and "binary" in reasons["image"]
    assert "empty text" in reasons["empty"] and "too large" in reasons["oneline"]
    assert reasons["crash"] == "processing failed: RuntimeError: stage crashed on purpose"
    assert all(e["source"].startswith(str(folder)) and "line" in e for e in _errors(out))
    _check_exactly_once(out, {f"good{i}" for i in range(len(SENTENCES))})
    assert (summary.processed, summary.failed) == (5, 5)


def _broken_feed(path: Path) -> Path:
    """A gzipped JSONL feed holding every kind of broken line among good ones."""
    lines = [
        json.dumps({"id": "gz-1", "text": "وزارت خارجه روسیه حمله به غزه را محکوم کرد.",
                    "reference_date": "2024-03-01"}, ensure_ascii=False).encode(),
        '{"id": "gz-2", "text": "خبری که نیمه‌کاره'.encode(),  # cut off mid-string
        json.dumps({"id": "gz-3", "title": "عنوانی بی‌متن"}, ensure_ascii=False).encode(),
        # A Jalali date written like an ISO date.
        json.dumps({"id": "gz-4", "text": "مجلس تشکیل جلسه داد.", "reference_date": "1402-12-10"},
                   ensure_ascii=False).encode(),
        b'{"id": "gz-5", "text": "\xd8\xa7\xff"}',  # invalid UTF-8
        json.dumps({"id": "gz-6", "text": "ایران " * 900_000}, ensure_ascii=False).encode(),  # a 5 MB line
        json.dumps({"id": "gz-7", "text": "رئیس‌جمهور فرانسه روز ۱۲ ژانویه ۲۰۲۴ به هند سفر کرد."},
                   ensure_ascii=False).encode(),
        json.dumps({"id": "gz-1", "text": "شناسه تکراری است."}, ensure_ascii=False).encode(),
    ]
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    return path


def test_batch_broken_files_and_lines_with_the_real_pipeline_every_error_named(tmp_path, real_pipeline):
    folder = tmp_path / "broken"
    shutil.copytree(BATCH / "broken", folder)
    (folder / "dump.txt").write_text("ایران " * 900_000, encoding="utf-8")  # a 5 MB single line
    feed = _broken_feed(tmp_path / "feed.jsonl.gz")
    out = tmp_path / "out"
    command = ["run", str(folder), str(feed), "--out", str(out), "--reference-date", "2024-03-01", "--quiet"]
    assert main(command) == 0
    errors = {(Path(e["source"]).name, e["line"], e["id"]): e["reason"] for e in _errors(out)}
    expected = {
        ("dump.txt", None, "dump"): "file too large",
        ("empty.txt", None, "empty"): "empty text",
        ("legacy-encoding.txt", None, "legacy-encoding"): "invalid UTF-8 at byte 0",
        ("notepad-unicode.txt", None, "notepad-unicode"): "UTF-16 text",
        ("blank.txt", None, "blank"): "empty text",
        ("scan.txt", None, "scan"): "binary file",
        ("feed.jsonl.gz", 2, "gz-2"): "malformed JSON",
        ("feed.jsonl.gz", 3, "gz-3"): "missing text field 'text'",
        ("feed.jsonl.gz", 4, "gz-4"): "looks like a Jalali or Hijri year",
        ("feed.jsonl.gz", 5, "gz-5"): "invalid UTF-8",
        ("feed.jsonl.gz", 6, "gz-6"): "line too long",
        ("feed.jsonl.gz", 8, "gz-1"): "duplicate id",
    }
    assert set(errors) == set(expected)
    assert all(fragment in errors[key] for key, fragment in expected.items()), errors
    _check_exactly_once(out, {"baghdad", "geneva", "kabul", "gz-1", "gz-7"})
    docs = {doc["id"]: doc for doc in map(json.loads, (out / "documents.jsonl").open(encoding="utf-8"))}
    for doc in docs.values():
        for span in doc["entities"] + doc["dates"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"]
    # The folder's date line is read with the file's text, and the feed's own date is kept.
    assert ["۱۵ مهر ۱۴۰۲", "2023-10-07"] in [[d["text"], d["value"]] for d in docs["kabul"]["dates"]]
    assert docs["gz-1"]["reference_date"] == "2024-03-01"
    # Started again with --strict: nothing is redone, and the recorded failures fail the run.
    assert main([*command, "--strict"]) == 1
    _check_exactly_once(out, {"baghdad", "geneva", "kabul", "gz-1", "gz-7"})
    assert len(_errors(out)) == len(expected)


def test_batch_process_documents_isolates_a_failing_document():
    docs = [SourceDoc("a", "تهران", None, "x.jsonl", 1), SourceDoc("b", "☠ مسکو", None, "x.jsonl", 2),
            SourceDoc("c", "غزه", None, "x.jsonl", 3)]
    shard = process_documents(docs, FakePipeline)
    assert shard.keys == ["a", "b", "c"]
    assert [json.loads(line)["id"] for line in shard.documents] == ["a", "c"]
    assert [e["id"] for e in shard.errors] == ["b"]


@pytest.mark.parametrize(("progress", "shown"), [(True, True), (None, False)])  # None: only on a terminal
def test_batch_progress_bar_shows_rate_and_total_only_when_asked_or_on_a_terminal(tmp_path, capsys, progress,
                                                                                  shown):
    run_batch([BATCH / "docs", BATCH / "mixed.jsonl"], tmp_path / "out", pipeline_factory=FakePipeline,
              progress=progress)
    err = capsys.readouterr().err
    # The total is counted up front, so the bar has an ETA; the rate is in documents per second.
    assert ("14/14" in err and "doc/s" in err and "failed=6" in err) is shown
    assert shown or err == ""


def test_batch_duplicate_id_is_an_error_not_a_second_document(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "x", "text": "تهران"}\n{"id": "x", "text": "مسکو"}\n', encoding="utf-8")
    run_batch([path], tmp_path / "out", pipeline_factory=FakePipeline)
    assert _ids(tmp_path / "out" / "documents.jsonl") == ["x"]
    assert [(e["line"], "duplicate id" in e["reason"]) for e in _errors(tmp_path / "out")] == [(2, True)]


class _Interrupt(BaseException):
    """Stands for the process dying in the middle of a shard (not an ``Exception``: it is not isolated)."""


class CrashingPipeline(FakePipeline):
    """Dies on the document whose id is in ``CRASH_ON`` (once)."""

    crash_on: set[str] = set()

    def process(self, text, *, reference_date=None, doc_id=None):
        if doc_id in CrashingPipeline.crash_on:
            CrashingPipeline.crash_on.discard(doc_id)
            raise _Interrupt(doc_id)
        return super().process(text, reference_date=reference_date, doc_id=doc_id)


def test_batch_resume_after_crash_finishes_every_document_exactly_once(tmp_path):
    corpus = _corpus(tmp_path / "news.jsonl", 23)
    out = tmp_path / "out"
    CrashingPipeline.crash_on = {"n11"}
    with pytest.raises(_Interrupt):
        run_batch([corpus], out, pipeline_factory=CrashingPipeline, shard_size=4)
    assert not (out / "documents.jsonl").exists()
    # Leftovers of a shard cut off between its files: they must not be taken for data.
    (out / "events.parquet" / "part-000099.parquet").write_bytes(b"partial")
    (out / "_shards" / ".000004.documents.jsonl.tmp").write_bytes(b'{"id": "n12"')
    summary = run_batch([corpus], out, pipeline_factory=CrashingPipeline, shard_size=4)
    assert summary.skipped == 8 and summary.processed == 15
    assert (summary.total_processed, summary.total_failed) == (23, 0)
    _check_exactly_once(out, {f"n{i}" for i in range(23)})
    assert not (out / "events.parquet" / "part-000099.parquet").exists()


def test_batch_resumed_run_still_records_a_duplicate_id_of_a_finished_document(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "a", "text": "تهران"}\n{"id": "b", "text": "مسکو"}\n'
                    '{"id": "a", "text": "غزه"}\n{"id": "c", "text": "عراق"}\n', encoding="utf-8")
    CrashingPipeline.crash_on = {"c"}
    with pytest.raises(_Interrupt):  # the first shard (a, b) is committed, the second is not
        run_batch([path], tmp_path / "out", pipeline_factory=CrashingPipeline, shard_size=2)
    summary = run_batch([path], tmp_path / "out", pipeline_factory=CrashingPipeline, shard_size=2)
    assert (summary.skipped, summary.processed, summary.failed) == (2, 1, 1)
    _check_exactly_once(tmp_path / "out", {"a", "b", "c"})
    assert [(e["line"], e["id"]) for e in _errors(tmp_path / "out")] == [(3, "a")]


def test_batch_rerun_of_finished_run_skips_everything_and_overwrite_starts_afresh(tmp_path):
    corpus = _corpus(tmp_path / "news.jsonl", 6)
    out = tmp_path / "out"
    run_batch([corpus], out, pipeline_factory=FakePipeline, shard_size=4)
    again = run_batch([corpus], out, pipeline_factory=FakePipeline, shard_size=4)
    assert (again.processed, again.skipped, again.total_processed, again.ok) == (0, 6, 6, True)
    fresh = run_batch([corpus], out, pipeline_factory=FakePipeline, overwrite=True)
    assert (fresh.processed, fresh.skipped) == (6, 0)
    _check_exactly_once(out, {f"n{i}" for i in range(6)})


def test_batch_refuses_foreign_outputs_without_overwrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--overwrite"):
        run_batch([BATCH / "docs"], out, pipeline_factory=FakePipeline)


@pytest.mark.parametrize(("strict", "inputs", "ok"), [
    (False, ["mixed.jsonl"], True),
    (True, ["mixed.jsonl"], False),  # documents failed
    (True, ["docs"], True),
    (False, ["articles.csv"], False),  # wrong column: nothing could be processed
])
def test_batch_ok_unless_strict_failures_or_nothing_processed(tmp_path, strict, inputs, ok):
    summary = run_batch([BATCH / name for name in inputs], tmp_path / "out", strict=strict,
                        pipeline_factory=FakePipeline, text_column="headline")
    assert summary.ok is ok


def test_batch_two_worker_processes_build_once_each_and_give_the_same_outputs(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "news.jsonl", 30)
    one = run_batch([corpus], tmp_path / "one", pipeline_factory=FakePipeline, shard_size=4)
    (tmp_path / "builds").mkdir()
    monkeypatch.setenv("FAKE_PIPELINE_BUILDS", str(tmp_path / "builds"))
    two = run_batch([corpus], tmp_path / "two", pipeline_factory=FakePipeline, shard_size=4, workers=2,
                    pipeline_options={"ner_model": "fa_news_ner"})
    builds = list((tmp_path / "builds").iterdir())
    # 8 shards, 2 processes: each process builds its pipeline on its first shard only.
    assert 1 <= len(builds) <= 2 and len({b.name.split("-")[0] for b in builds}) == len(builds)
    assert builds[0].read_text() == "{'ner_model': 'fa_news_ner'}"
    assert (two.processed, two.failed) == (one.processed, one.failed) == (30, 0)
    # Shards are assembled in input order whatever order the workers finish in.
    assert _ids(tmp_path / "two" / "documents.jsonl") == _ids(tmp_path / "one" / "documents.jsonl")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "two" / "events.parquet"),
                                  pd.read_parquet(tmp_path / "one" / "events.parquet"))


def _run_command(corpus: Path, out: Path, *, fake: bool) -> list[str]:
    if fake:
        code = ("import sys; sys.path.insert(0, sys.argv[3]); from fake_pipeline import FakePipeline; "
                "from pipeline.io.batch import run_batch; "
                "run_batch([sys.argv[1]], sys.argv[2], pipeline_factory=FakePipeline, shard_size=3)")
        return [sys.executable, "-c", code, str(corpus), str(out), str(BATCH)]
    return [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--shard-size", "2", "--quiet"]


def _kill_when(process: subprocess.Popen, out: Path, shards: int, timeout: float) -> bool:
    """SIGKILL the run once ``shards`` shards are committed; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        done = len(list((out / "_shards").glob("*.done.json"))) if (out / "_shards").exists() else 0
        if done >= shards:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.01)
    process.kill()
    process.wait()
    return False


@pytest.mark.parametrize("fake", [True, False], ids=["fake-pipeline-many-kills", "real-pipeline"])
def test_batch_sigkill_mid_run_then_resume_gives_every_document_once(tmp_path, fake, request):
    if not fake:
        request.getfixturevalue("real_pipeline")  # the stages and the shipped NER model must load
    n = 40
    corpus = _corpus(tmp_path / "news.jsonl", n)
    out = tmp_path / "out"
    env = {**os.environ, "FAKE_PIPELINE_DELAY": "0.01", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    # The fake run is killed again and again, at moments that fall between and inside shard
    # commits; the real one once, after its first shards.
    kills = [2, 5, 6, 9] if fake else [2]
    for shards in kills:
        process = subprocess.Popen(_run_command(corpus, out, fake=fake), env=env, cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert _kill_when(process, out, shards, timeout=300), process.stderr.read().decode()[-2000:]
        assert not (out / "documents.jsonl").exists()
    finished = subprocess.run(_run_command(corpus, out, fake=fake), env=env, cwd=REPO, capture_output=True,
                              timeout=600)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    _check_exactly_once(out, {f"n{i}" for i in range(n)})
    assert _errors(out) == []


@pytest.mark.slow
def test_batch_dask_existing_scheduler_address_builds_the_pipeline_once_per_worker(tmp_path, monkeypatch):
    from distributed import LocalCluster

    corpus = _corpus(tmp_path / "news.jsonl", 24)
    (tmp_path / "builds").mkdir()
    monkeypatch.setenv("FAKE_PIPELINE_BUILDS", str(tmp_path / "builds"))
    # The cluster's worker processes find the fake pipeline through the environment.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(BATCH), os.environ.get("PYTHONPATH", "")]))
    # A cluster started elsewhere (here: by the test), joined by its scheduler's tcp:// address.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        summary = run_batch([corpus], tmp_path / "out", dask=cluster.scheduler_address,
                            pipeline_factory=FakePipeline, shard_size=2)
        assert len(cluster.workers) == 2  # the run leaves the cluster it joined running
    assert (summary.processed, summary.failed) == (24, 0)
    assert 1 <= len(list((tmp_path / "builds").iterdir())) <= 2  # 12 shards, 2 workers
    _check_exactly_once(tmp_path / "out", {f"n{i}" for i in range(24)})


@pytest.mark.parametrize("address", ["localhost:8786", "tcp://127.0.0.1:1"])
def test_batch_dask_bad_address_is_a_config_error(tmp_path, monkeypatch, address):
    monkeypatch.setattr("pipeline.io.executors.DASK_CONNECT_TIMEOUT_S", 2)
    with pytest.raises(ConfigError, match="--dask"):
        run_batch([BATCH / "docs"], tmp_path / "out", dask=address, pipeline_factory=FakePipeline)


@pytest.mark.slow
def test_batch_dask_local_cluster_of_two_processes_writes_partitioned_parquet(tmp_path, real_pipeline):
    import dask.dataframe as dd

    corpus = _corpus(tmp_path / "news.jsonl", 12)
    serial = run_batch([corpus], tmp_path / "serial", shard_size=3)
    summary = run_batch([corpus], tmp_path / "dask", dask="local", shard_size=3)
    assert (summary.processed, summary.failed) == (serial.processed, serial.failed) == (12, 0)
    _check_exactly_once(tmp_path / "dask", {f"n{i}" for i in range(12)})
    for table in TABLES:
        parts = sorted((tmp_path / "dask" / f"{table}.parquet").glob("*.parquet"))
        assert len(parts) == 4
        frame = dd.read_parquet(tmp_path / "dask" / f"{table}.parquet").compute()
        assert _records(frame) == _records(pd.read_parquet(tmp_path / "serial" / f"{table}.parquet"))
    assert _ids(tmp_path / "dask" / "documents.jsonl") == _ids(tmp_path / "serial" / "documents.jsonl")


def test_batch_resume_with_other_options_refuses_and_names_the_difference(tmp_path, capsys):
    corpus = _corpus(tmp_path / "news.jsonl", 3)
    out = tmp_path / "out"
    run_batch([corpus], out, pipeline_factory=FakePipeline, reference_date="2024-03-01")
    with pytest.raises(ConfigError, match=r"reference_date '2024-03-01' then, '2024-05-01' now.*--overwrite"):
        run_batch([corpus], out, pipeline_factory=FakePipeline, reference_date="2024-05-01")
    # From the command line: one line, exit 2, the earlier results untouched.
    before = (out / "documents.jsonl").read_bytes()
    code = main(["run", str(corpus), "--out", str(out), "--quiet", "--reference-date", "2024-05-01"])
    assert code == 2 and "--overwrite" in capsys.readouterr().err
    assert (out / "documents.jsonl").read_bytes() == before
    # Options left unset in one way or another are the same options.
    again = run_batch([corpus], out, pipeline_factory=FakePipeline, reference_date="2024-03-01",
                      pipeline_options={"ner_model": None, "actors": []})
    assert (again.processed, again.skipped) == (0, 3)


def test_batch_changed_document_under_a_finished_id_is_reported_not_skipped(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "تهران"}\n{"id": "b", "text": "مسکو"}\n', encoding="utf-8")
    out = tmp_path / "out"
    run_batch([path], out, pipeline_factory=FakePipeline)
    path.write_text('{"id": "a", "text": "تهران"}\n{"id": "b", "text": "مسکو حمله به غزه را محکوم کرد."}\n',
                    encoding="utf-8")
    summary = run_batch([path], out, pipeline_factory=FakePipeline)
    assert (summary.skipped, summary.changed, summary.failed) == (1, 1, 1)
    assert "1 changed since the earlier run" in str(summary)
    [error] = _errors(out)
    assert (error["id"], error["line"]) == ("b", 2) and "--overwrite" in error["reason"]
    # Reported once: a third run with the same input has nothing new to say.
    third = run_batch([path], out, pipeline_factory=FakePipeline)
    assert (third.changed, third.failed, len(_errors(out))) == (0, 0, 1)
    fresh = run_batch([path], out, pipeline_factory=FakePipeline, overwrite=True)
    assert (fresh.processed, fresh.failed) == (2, 0)


def test_batch_workers_from_a_script_without_main_guard_raise_an_error_that_says_so(tmp_path):
    corpus = _corpus(tmp_path / "news.jsonl", 4)
    script = tmp_path / "day1.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(BATCH)!r})\n"
        "import pipeline\n"
        "from fake_pipeline import FakePipeline\n"
        f"pipeline.run_batch([{str(corpus)!r}], {str(tmp_path / 'out')!r}, workers=2, shard_size=2,"
        " pipeline_factory=FakePipeline)\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("pipeline.errors.PipelineError") and 'if __name__ == "__main__":' in last_line
    # Under the guard the same call works.
    body = script.read_text(encoding="utf-8").splitlines()
    script.write_text("\n".join(body[:-1] + ['if __name__ == "__main__":', "    " + body[-1]]) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, str(script)], check=True, timeout=120, cwd=tmp_path)
    _check_exactly_once(tmp_path / "out", {f"n{i}" for i in range(4)})
