"""Batch throughput, scaling and memory of ``pipeline run``, printed as one table.

Measures, in one run, on a corpus of ``{id, text}`` JSON lines (default: the 1,491 Fars
News articles of ``../shared``):

- ``stages`` (issue 18): in this process, one thread, words/s of normalizing and of each stage
  and of the whole pipeline, for the default stanza backend and the spaCy option, *before*
  (stanza's own inference or spaCy on thinc's BLIS, ``Pipeline.process`` one document at a
  time, as the code was) and *after* (the lean stanza inference or spaCy on numpy's BLAS,
  ``Pipeline.pipe`` in batches), the two interleaved over
  ``--rounds`` rounds (the best round of each kept) so that a busy machine slows both alike;
  the share of NER time spent in the network's layers (embeddings, LSTMs, classifier); and
  whether the entities after are those before;
- words/s of the spaCy NER model alone and of the NER stage (``pipeline.ner.EntityRecognizer``:
  model, gazetteer, raw offsets) on the same normalized documents, in this process, and of the
  whole pipeline with 1 worker (the acceptance: at least 0.40× the spaCy model alone);
- 2 worker processes and a Dask local cluster of 2 workers against 1 worker;
- peak RSS of the whole process tree of a run over the corpus repeated 10 times
  against a run over it once.

Every pipeline run is a fresh ``python -m pipeline run`` subprocess with one compute thread
per process; its time includes starting up and loading the models (the load time measured
here is shown so that it can be subtracted). Usage::

    python bench/bench_batch.py                       # the whole corpus, every part
    python bench/bench_batch.py --only speed          # NER alone, 1 and 2 workers, Dask (needs a quiet machine)
    python bench/bench_batch.py --only memory         # peak RSS of the corpus ×10 against once
    python bench/bench_batch.py --limit 40 --memory-limit 20   # a quick end-to-end check
    python bench/bench_batch.py --only stages --limit 300      # before/after per stage (issue 18)
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

# One compute thread in this process too (the stages part), set before numpy and torch load.
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_name] = "1"

from bench_stages import StageClock  # noqa: E402 - bench/ is this script's folder

from pipeline.io.batch import BATCH_DOCUMENTS
from pipeline.ner import DEFAULT_BACKEND

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


def time_ner(corpus: Path, backend: str) -> dict:
    """The NER stage of ``backend`` alone on the normalized documents (normalizing is not timed)."""
    import torch

    torch.set_num_threads(1)
    from pipeline.ner import EntityRecognizer
    from pipeline.records import Document
    from pipeline.text.normalize import Normalizer

    started = time.perf_counter()
    recognizer = EntityRecognizer(backend=backend)
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
    # In batches of documents, as Pipeline.pipe hands them to the stage.
    batches = [docs[i:i + BATCH_DOCUMENTS] for i in range(0, len(docs), BATCH_DOCUMENTS)]
    started = time.perf_counter()
    for batch in batches:
        recognizer.pipe(batch)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for batch in batches:
        recognizer.backend.pipe([doc.normalized.text for doc in batch])
    model_seconds = time.perf_counter() - started
    return {"docs": len(docs), "words": words, "seconds": seconds, "model_seconds": model_seconds, "load": load}


def time_pipeline_load() -> float:
    """Seconds to build the whole pipeline (models and lexicons) once."""
    code = "import time; t = time.perf_counter(); from pipeline.core import Pipeline; Pipeline(); " \
           "print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], cwd=REPO, env=ENV, capture_output=True, text=True,
                                check=True).stdout.strip())


class _LayerClock:
    """Seconds spent inside the stanza NER network's layers (embeddings, character and tagger
    LSTMs, input transform, classifier), whichever inference calls them: forward hooks."""

    def __init__(self, model) -> None:
        self.seconds = 0.0
        self._started = 0.0
        layers = [model.word_emb, model.delta_emb, model.charmodel.char_emb, model.charmodel.charlstm.lstm,
                  model.input_transform, model.taggerlstm.lstm, *model.tag_clfs]
        for layer in layers:
            if layer is not None:
                layer.register_forward_pre_hook(self._start)
                layer.register_forward_hook(self._stop)

    def _start(self, *_):
        self._started = time.perf_counter()

    def _stop(self, *_):
        self.seconds += time.perf_counter() - self._started


def _stanza_network(recognizer):
    """The NERTagger module a stanza recognizer runs (lean or stanza's own inference)."""
    backend = recognizer.backend
    if backend.tagger is not None:
        return backend.tagger.model
    return backend.nlp.processors["ner"].trainers[0].model


def build_stage_pipelines(backend: str) -> dict:
    """Before (stanza's own inference; per document) and after pipelines of a backend, timed stage by stage."""
    from pipeline.core import Pipeline
    from pipeline.ner.backends.stanza_ner import StanzaBackend

    pipelines = {}
    for mode in ("before", "after"):
        nlp = Pipeline(ner_backend=backend)
        recognizer = dict(nlp.stages)["ner"]
        if backend == "stanza" and mode == "before":
            recognizer.backend = StanzaBackend(recognizer.path, inference="stanza")
        if backend == "spacy" and mode == "before":
            import spacy

            # As the backend loaded it before: thinc's default ops, its bundled BLIS.
            recognizer.backend.nlp = spacy.load(recognizer.path)
        nlp.stages = [(name, StageClock(stage)) for name, stage in nlp.stages]
        clock = _LayerClock(_stanza_network(recognizer)) if backend == "stanza" else None
        pipelines[mode] = (nlp, clock)
    return pipelines


def run_stages(nlp, clock, items: list, mode: str) -> dict:
    """One timed pass of a pipeline over the items: seconds per stage, whole, in the network, and the entities."""
    for timed in (stage for _, stage in nlp.stages):
        timed.seconds = 0.0
    if clock is not None:
        clock.seconds = 0.0
    started = time.perf_counter()
    if mode == "before":
        docs = [nlp.process(text, reference_date=date, doc_id=doc_id) for doc_id, text, date in items]
    else:
        docs = list(nlp.pipe(items))
    whole = time.perf_counter() - started
    return {"whole": whole, **{name: stage.seconds for name, stage in nlp.stages},
            "network": clock.seconds if clock is not None else None,
            "entities": [[(e.start, e.end, e.label) for e in doc.entities] for doc in docs]}


def time_stages(corpus: Path, rounds: int) -> None:
    """Print words/s per stage and whole, before and after, per backend (the ``stages`` part)."""
    import torch

    torch.set_num_threads(1)
    with corpus.open(encoding="utf-8") as handle:
        items = [(doc["id"], doc["text"], doc.get("date")) for doc in map(json.loads, handle)]
    words = sum(len(text.split()) for _, text, _ in items)
    columns = ["normalize", "sentences", "ner", "dates", "events", "whole"]
    print(f"\nstages: {len(items)} documents, {words:,} words, one thread; best of {rounds} interleaved rounds; "
          "words/s (seconds)")
    header = f"{'backend':8} {'inference':34}" + "".join(f"{c:>17}" for c in columns) + f"{'NER in layers':>15}"
    print(header)
    print("-" * len(header))
    for backend in BACKENDS[::-1]:
        pipelines = build_stage_pipelines(backend)
        list(pipelines["after"][0].pipe(items[:5]))  # warm both up: first calls allocate
        for doc_id, text, date in items[:5]:
            pipelines["before"][0].process(text, reference_date=date, doc_id=doc_id)
        best: dict[str, dict] = {}
        for _ in range(rounds):
            for mode in ("before", "after"):
                run = run_stages(*pipelines[mode], items, mode)
                if mode not in best or run["whole"] < best[mode]["whole"]:
                    best[mode] = run
        labels = {"before": "before: stanza's inference, process" if backend == "stanza" else "before: process, nlp per text, BLIS",
                  "after": "after: lean inference, pipe" if backend == "stanza" else "after: pipe, nlp.pipe, numpy BLAS"}
        for mode in ("before", "after"):
            run = best[mode]
            share = f"{run['network'] / run['ner']:.0%}" if run["network"] is not None else "-"
            print(f"{backend:8} {labels[mode]:34}" + "".join(
                f"{words / run[c]:>9,.0f} ({run[c]:>4.1f})" for c in columns) + f"{share:>15}")
        ratio = {c: best["before"][c] / best["after"][c] for c in columns}
        print(f"{backend:8} {'after / before (words/s)':34}" + "".join(f"{ratio[c]:>16.2f}×" for c in columns))
        same = best["before"]["entities"] == best["after"]["entities"]
        print(f"{backend:8} entities after identical to before: {'yes' if same else 'NO'}")
        if backend == "stanza":
            print(f"{'':8} acceptance: whole pipeline ≥ 2.00× before: {verdict(ratio['whole'], 2.0)}")
        else:
            print(f"{'':8} acceptance: NER stage {words / best['after']['ner']:,.0f} words/s (≥ 25,000: "
                  f"{'met' if words / best['after']['ner'] >= 25_000 else 'NOT met'}); whole pipeline "
                  f"{words / best['after']['whole']:,.0f} words/s (≥ 18,000: "
                  f"{'met' if words / best['after']['whole'] >= 18_000 else 'NOT met'})")
        del pipelines


PARTS = ("stages", "ner", "workers", "dask", "memory")
BACKENDS = ("spacy", "stanza")
GROUPS = {"speed": ("ner", "workers", "dask"), "memory": ("memory",)}
# Acceptance of issue 8, checked on the ratio column.
TARGETS = {"pipeline, 1 worker": 0.40, "pipeline, 2 workers": 1.7, "pipeline, Dask local 2 workers": 1.5}
MEMORY_TARGET = 1.20


def selected_parts(only: list[str], skip: list[str]) -> list[str]:
    """The parts to run: ``--only`` groups or parts (default all), minus ``--skip``."""
    chosen = {part for name in only for part in GROUPS.get(name, (name,))} if only else set(PARTS)
    return [part for part in PARTS if part in chosen and part not in skip]


def print_table(rows: list[tuple[str, dict, str]], load: float | None) -> None:
    print("seconds = run_batch wall time, including start-up and model loading; peak RSS = the process tree")
    header = f"{'run':38} {'docs':>7} {'words':>9} {'seconds':>8} {'words/s':>8} {'excl. load':>10} " \
             f"{'peak RSS MB':>11}  ratio"
    print(header)
    print("-" * len(header))
    for name, row, ratio in rows:
        rate = row["words"] / row["seconds"]
        steady = f"{rate:.0f}"
        if "peak_mb" in row:
            # Too short a run next to the load time gives no meaningful steady rate.
            steady = f"{row['words'] / (row['seconds'] - load):.0f}" if load and row["seconds"] > 2 * load else "-"
        peak = f"{row['peak_mb']:.0f}" if "peak_mb" in row else "-"
        print(f"{name:38} {row['docs']:>7} {row['words']:>9,} {row['seconds']:>8.1f} {rate:>8.0f} {steady:>10} "
              f"{peak:>11}  {ratio}")


def verdict(value: float, target: float, at_most: bool = False) -> str:
    met = value <= target if at_most else value >= target
    return f"{value:.2f}× ({'≤' if at_most else '≥'}{target:.2f}: {'met' if met else 'NOT met'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="first N documents only (default: all)")
    parser.add_argument("--memory-limit", type=int, help="documents of the memory runs (default: --limit)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved before/after rounds of the stages part")
    parser.add_argument("--repeat", type=int, default=10, help="corpus copies of the large memory run")
    parser.add_argument("--only", action="append", default=[], choices=[*GROUPS, *PARTS],
                        help="run only these parts (repeatable): speed = ner + workers + dask; memory")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS, help="leave a part out (repeatable)")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    parts = selected_parts(args.only, args.skip)
    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        corpus = work / "corpus.jsonl"
        n_docs, n_words = write_corpus(args.corpus, corpus, args.limit)
        print(f"corpus: {args.corpus} — {n_docs} documents, {n_words:,} words; parts: {', '.join(parts)}; "
              f"{os.cpu_count()} CPUs, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              flush=True)

        if "stages" in parts:
            time_stages(corpus, args.rounds)
        rows: list[tuple[str, dict, str]] = []
        speed = [part for part in parts if part not in ("memory", "stages")]
        load = time_pipeline_load() if speed else None
        if speed:
            # Every NER backend once: the default one (stanza) and the fast spaCy model,
            # each next to its model alone; scaling runs use the default backend.
            spacy_rate = None
            for backend in BACKENDS:
                run = run_pipeline(corpus, work / f"one-{backend}", "--ner-backend", backend)
                rate = run["words"] / run["seconds"]
                ratio = ""
                if "ner" in parts:
                    ner = time_ner(corpus, backend)
                    model_rate = ner["words"] / ner["model_seconds"]
                    spacy_rate = spacy_rate or model_rate  # spaCy comes first in BACKENDS
                    rows.append((f"{backend} NER model alone", {**ner, "seconds": ner["model_seconds"]}, ""))
                    rows.append((f"{backend} NER stage (model, gazetteer)", ner,
                                 f"{ner['model_seconds'] / ner['seconds']:.2f}× {backend} model"))
                    # The acceptance compares the whole pipeline with the spaCy model alone.
                    ratio = (f"{verdict(rate / spacy_rate, TARGETS['pipeline, 1 worker'])} spaCy model; "
                             f"{rate / model_rate:.2f}× {backend} model")
                rows.append((f"pipeline ({backend}), 1 worker", run, ratio))
                if backend == DEFAULT_BACKEND:
                    one = run
            for part, name, extra in (("workers", "pipeline, 2 workers", ("--workers", "2")),
                                      ("dask", "pipeline, Dask local 2 workers", ("--dask", "local"))):
                if part in parts:
                    row = run_pipeline(corpus, work / part, *extra)
                    target = TARGETS[name]
                    name = f"{name} ({DEFAULT_BACKEND})"
                    rows.append((name, row, f"{verdict(one['seconds'] / row['seconds'], target)} 1 worker"))
        if "memory" in parts:
            limit = args.memory_limit or args.limit
            small_corpus, big_corpus = work / "memory1.jsonl", work / "memory10.jsonl"
            write_corpus(args.corpus, small_corpus, limit)
            write_corpus(args.corpus, big_corpus, limit, args.repeat)
            small = run_pipeline(small_corpus, work / "memory1")
            big = run_pipeline(big_corpus, work / "memory10")
            rows.append(("memory: corpus once, 1 worker", small, ""))
            rows.append((f"memory: corpus ×{args.repeat}, 1 worker", big,
                         f"peak RSS {verdict(big['peak_mb'] / small['peak_mb'], MEMORY_TARGET, at_most=True)} once"))

        if not rows:
            return
        print()
        if speed:
            print(f"pipeline build (models, lexicons) in a fresh process: {load:.1f} s")
        print_table(rows, load)
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
