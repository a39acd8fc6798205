"""Batch throughput, scaling and memory of ``pipeline run``, printed as one table.

Measures, in one run, on a corpus of ``{id, text}`` JSON lines (default: the 1,491 Fars
News articles of ``../shared``):

- words/s of the NER stage alone (``pipeline.ner.EntityRecognizer`` on the same normalized
  documents, in this process) and of the whole pipeline with 1 worker;
- 2 worker processes and a Dask local cluster of 2 workers against 1 worker;
- peak RSS of the whole process tree of a run over the corpus repeated 10 times
  against a run over it once.

Every pipeline run is a fresh ``python -m pipeline run`` subprocess with one compute thread
per process; its time includes starting up and loading the models (the load time measured
here is shown so that it can be subtracted). Usage::

    python bench/bench_batch.py                       # the whole corpus
    python bench/bench_batch.py --limit 300 --memory-limit 100   # a quicker subset
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "raw" / "farsnews" / "articles.jsonl"
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def write_corpus(source: Path, target: Path, limit: int | None, repeat: int = 1) -> tuple[int, int]:
    """Copy the first ``limit`` documents ``repeat`` times (ids made unique); return (docs, words)."""
    with source.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for _, line in zip(range(limit or sys.maxsize), handle)]
    words = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for doc in docs:
                out.write(json.dumps({**doc, "id": f"{doc['id']}#{copy}"}, ensure_ascii=False) + "\n")
                words += len(doc["text"].split())
    return len(docs) * repeat, words


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run_pipeline(corpus: Path, out: Path, *extra: str) -> dict:
    """One ``pipeline run`` subprocess: its summary plus wall time and peak tree RSS."""
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--overwrite", "--quiet",
               "--shard-size", "50", *extra]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=ENV)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {child.returncode}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"docs": summary["processed"], "failed": summary["failed"], "words": summary["words"],
            "seconds": summary["seconds"], "wall": wall, "peak_mb": peak / 2**20}


def time_ner(corpus: Path) -> dict:
    """The NER stage alone on the normalized documents (normalizing is not timed)."""
    import torch

    torch.set_num_threads(1)
    from pipeline.ner import EntityRecognizer
    from pipeline.normalize import Normalizer
    from pipeline.records import Document

    started = time.perf_counter()
    recognizer = EntityRecognizer()
    load = time.perf_counter() - started
    normalizer = Normalizer()
    docs = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            doc = Document(id=data["id"], text=data["text"])
            doc.normalized = normalizer.normalize(doc.text)
            docs.append(doc)
    words = sum(len(doc.text.split()) for doc in docs)
    started = time.perf_counter()
    for doc in docs:
        recognizer(doc)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        recognizer.backend(doc.normalized.text)
    model_seconds = time.perf_counter() - started
    return {"docs": len(docs), "words": words, "seconds": seconds, "model_seconds": model_seconds, "load": load}


def time_pipeline_load() -> float:
    """Seconds to build the whole pipeline (models and lexicons) once."""
    code = "import time; t = time.perf_counter(); from pipeline.core import Pipeline; Pipeline(); " \
           "print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], cwd=REPO, env=ENV, capture_output=True, text=True,
                                check=True).stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="first N documents only (default: all)")
    parser.add_argument("--memory-limit", type=int, help="documents of the memory runs (default: --limit)")
    parser.add_argument("--repeat", type=int, default=10, help="corpus copies of the large memory run")
    parser.add_argument("--skip", action="append", default=[], choices=["workers", "dask", "memory"])
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    corpus = work / "corpus.jsonl"
    n_docs, n_words = write_corpus(args.corpus, corpus, args.limit)
    print(f"corpus: {args.corpus} — {n_docs} documents, {n_words:,} words; {os.cpu_count()} CPUs, "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    rows: list[tuple[str, dict, str]] = []
    load = time_pipeline_load()
    ner = time_ner(corpus)
    ner_rate = ner["words"] / ner["seconds"]
    rows.append(("NER stage alone (EntityRecognizer)", {**ner, "wall": ner["seconds"]}, ""))
    rows.append(("  spaCy model only (backend)", {**ner, "seconds": ner["model_seconds"], "wall": ner["model_seconds"]},
                 ""))
    one = run_pipeline(corpus, work / "one")
    rows.append(("pipeline, 1 worker", one, f"{one['words'] / one['seconds'] / ner_rate:.2f}× NER stage"))
    if "workers" not in args.skip:
        two = run_pipeline(corpus, work / "two", "--workers", "2")
        rows.append(("pipeline, 2 workers", two, f"{one['seconds'] / two['seconds']:.2f}× 1 worker"))
    if "dask" not in args.skip:
        dask = run_pipeline(corpus, work / "dask", "--dask", "local")
        rows.append(("pipeline, Dask local 2 workers", dask, f"{one['seconds'] / dask['seconds']:.2f}× 1 worker"))
    if "memory" not in args.skip:
        limit = args.memory_limit or args.limit
        small_corpus, big_corpus = work / "memory1.jsonl", work / "memory10.jsonl"
        write_corpus(args.corpus, small_corpus, limit)
        write_corpus(args.corpus, big_corpus, limit, args.repeat)
        small = run_pipeline(small_corpus, work / "memory1")
        big = run_pipeline(big_corpus, work / "memory10")
        rows.append(("memory: corpus once, 1 worker", small, ""))
        rows.append((f"memory: corpus ×{args.repeat}, 1 worker", big,
                     f"peak RSS {big['peak_mb'] / small['peak_mb']:.2f}× once"))

    print(f"\npipeline build (models, lexicons) in a fresh process: {load:.1f} s; NER stage load: {ner['load']:.1f} s")
    print("seconds = run_batch wall time, including start-up and model loading; peak RSS = the process tree")
    header = f"{'run':38} {'docs':>7} {'words':>9} {'seconds':>8} {'words/s':>8} {'excl. load':>10} " \
             f"{'peak RSS MB':>11}  ratio"
    print(header)
    print("-" * len(header))
    for name, row, ratio in rows:
        rate = row["words"] / row["seconds"]
        steady = row["words"] / max(row["seconds"] - load, 1e-9) if "peak_mb" in row else rate
        peak = f"{row['peak_mb']:.0f}" if "peak_mb" in row else "-"
        print(f"{name:38} {row['docs']:>7} {row['words']:>9,} {row['seconds']:>8.1f} {rate:>8.0f} {steady:>10.0f} "
              f"{peak:>11}  {ratio}")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
