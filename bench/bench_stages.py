"""Words/s of each stage and of the whole pipeline in this tree against baseline trees (issue 18).

Each tree (this one and every ``--against`` git worktree, e.g. one made with ``git worktree add
--detach ../base18 0cfcd54``) runs the same script in a fresh subprocess with that tree's
``pipeline`` package and models: it builds the pipeline (not timed), warms it up on five
documents, then runs ``Pipeline.pipe`` over the corpus in one thread and reports the seconds
spent normalizing, in each stage and in all. The trees take turns, round after round, so
that a busy machine slows them alike; the table gives the median of the rounds and each
tree's ratio to this one.

``--check`` runs no timing: each tree writes the records (``Document.to_dict``) of the gold
texts (train, dev, seed) and of the corpus sample through ``Pipeline.pipe``, this tree also
one document at a time through ``Pipeline.process``, and the script says whether they are
byte for byte those of this tree's ``pipe``, naming the first documents that differ.

Usage::

    python bench/bench_stages.py --against ../base18 --limit 300 --rounds 3
    python bench/bench_stages.py --against ../base18 --limit 300 --rounds 3 --backend spacy
    python bench/bench_stages.py --against ../base18 --limit 300 --check
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", REPO.parent / "shared"))
DEFAULT_CORPUS = SHARED / "data" / "raw" / "farsnews" / "articles.jsonl"
GOLD_SPLITS = ("train", "dev", "seed")
COLUMNS = ("normalize", "sentences", "ner", "dates", "events", "whole")
# One compute thread in every tree's process (numpy, torch, spaCy's BLAS).
THREADS = {name: "1" for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}


def read_items(path: Path, limit: int | None) -> list[tuple[str, str, str | None]]:
    """``(id, text, reference date)`` of the first ``limit`` JSON lines of ``path``."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(limit or sys.maxsize), lines)]
    return [(row["id"], row["text"], row.get("reference_date") or row.get("date")) for row in rows]


class StageClock:
    """A stage (or the normalizer's ``normalize``) that adds up the seconds spent in it, through
    its call and, where it has one, its ``pipe``: wall-clock ``seconds`` and this process's
    ``cpu_seconds`` (which other processes on a busy machine disturb less)."""

    def __init__(self, inner) -> None:  # noqa: ANN001 - any stage
        self.inner = inner
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        if hasattr(inner, "pipe"):
            self.pipe = self._pipe

    def __call__(self, *args):  # noqa: ANN002, ANN204
        return self._timed(self.inner, *args)

    def _pipe(self, docs):  # noqa: ANN001, ANN202
        return self._timed(self.inner.pipe, docs)

    def _timed(self, function, *args):  # noqa: ANN001, ANN002, ANN202
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args)
        finally:
            self.seconds += time.perf_counter() - wall
            self.cpu_seconds += time.process_time() - cpu


def time_tree(corpus: Path, limit: int, backend: str | None) -> dict[str, float]:
    """In this process (the tree's ``pipeline``): seconds per stage and whole over the corpus."""
    import torch

    from pipeline.core import Pipeline

    torch.set_num_threads(1)
    items = read_items(corpus, limit)
    nlp = Pipeline(ner_backend=backend)
    list(nlp.pipe(items[:5]))  # first calls allocate and load what is loaded on first need
    # Normalization is a stage in this tree; older trees (the baselines) call a normalizer first.
    separate_normalizer = getattr(nlp, "normalizer", None)
    if separate_normalizer is not None:
        separate_normalizer.normalize = StageClock(separate_normalizer.normalize)
    nlp.stages = [(name, StageClock(stage)) for name, stage in nlp.stages]
    whole = StageClock(lambda: list(nlp.pipe(items)))
    whole()
    clocks = {**({"normalize": separate_normalizer.normalize} if separate_normalizer is not None else {}),
              **dict(nlp.stages), "whole": whole}
    return {"wall": {name: clock.seconds for name, clock in clocks.items()},
            "cpu": {name: clock.cpu_seconds for name, clock in clocks.items()},
            "words": sum(len(text.split()) for _, text, _ in items)}


def dump_tree(corpus: Path, limit: int, backend: str | None, out: Path, one_by_one: bool) -> None:
    """In this process: the records of the gold texts and the corpus sample, one JSON line each."""
    from pipeline.core import Pipeline

    nlp = Pipeline(ner_backend=backend)
    items = [item for split in GOLD_SPLITS for item in read_items(SHARED / "gold" / f"{split}.jsonl", None)]
    items += read_items(corpus, limit)
    if one_by_one:
        docs = (nlp.process(text, reference_date=date, doc_id=doc_id) for doc_id, text, date in items)
    else:
        docs = nlp.pipe(items)
    with out.open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def in_tree(tree: Path, *arguments: str) -> subprocess.CompletedProcess:
    """This script, in a subprocess that imports ``pipeline`` from ``tree``."""
    env = {**os.environ, **THREADS, "PYTHONPATH": str(tree)}
    env.pop("PIPELINE_MODELS_DIR", None)
    return subprocess.run([sys.executable, __file__, *arguments], cwd=tree, env=env, check=True,
                          capture_output=True, text=True)


def check(trees: list[Path], args: argparse.Namespace) -> None:
    """Say whether every tree writes this tree's records."""
    with tempfile.TemporaryDirectory(prefix="bench_stages_") as work:
        runs = [(REPO, "pipe"), (REPO, "process"), *((tree, "pipe") for tree in trees[1:])]
        outputs = []
        for tree, mode in runs:
            outputs.append(Path(work) / f"{len(outputs)}.jsonl")
            in_tree(tree, "--dump", str(outputs[-1]), *(["--one-by-one"] if mode == "process" else []),
                    *args.tree_arguments)
        mine = outputs[0].read_text(encoding="utf-8").splitlines()
        print(f"{len(mine)} documents (gold {', '.join(GOLD_SPLITS)} and {args.limit} of {args.corpus.name}), "
              f"NER backend {args.backend or 'default'}; against this tree's Pipeline.pipe:")
        for (tree, mode), output in zip(runs[1:], outputs[1:]):
            theirs = output.read_text(encoding="utf-8").splitlines()
            differ = [json.loads(a)["id"] for a, b in zip(mine, theirs) if a != b]
            same = not differ and len(mine) == len(theirs)
            print(f"{tree} ({mode}): {'identical' if same else f'{len(differ)} documents differ: {differ[:10]}'}")


def bench(trees: list[Path], args: argparse.Namespace) -> None:
    """Print the median words/s of each tree, stage by stage, and its ratio to this tree."""
    runs: dict[Path, list[dict]] = {tree: [] for tree in trees}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for round_ in range(args.rounds):
        for tree in trees if round_ % 2 == 0 else trees[::-1]:
            runs[tree].append(json.loads(in_tree(tree, "--time", *args.tree_arguments).stdout))
    words = runs[REPO][0]["words"]
    print(f"{args.limit} documents of {args.corpus}, {words:,} words, NER backend {args.backend or 'default'}, "
          f"one thread; median of {args.rounds} interleaved rounds; load average {load} before, "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after")
    for clock, title in (("wall", "wall-clock"), ("cpu", "CPU time of the process")):
        median = {tree: {c: statistics.median(run[clock][c] for run in runs[tree]) for c in COLUMNS} for tree in trees}
        header = f"{'words/s, ' + title:40}" + "".join(f"{c:>11}" for c in COLUMNS)
        print("\n" + header + "\n" + "-" * len(header))
        for tree in trees:
            print(f"{str(tree)[-40:]:40}" + "".join(f"{words / median[tree][c]:>11,.0f}" for c in COLUMNS))
            if tree != REPO:
                print(f"{'  this tree / it':40}" + "".join(f"{median[tree][c] / median[REPO][c]:>10.2f}×" for c in COLUMNS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", action="append", type=Path, default=[], help="a baseline tree (repeatable)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="the first N documents of the corpus")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=("stanza", "spacy"), help="NER backend (default: the shipped default)")
    parser.add_argument("--check", action="store_true", help="compare the records instead of timing")
    parser.add_argument("--time", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--one-by-one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.tree_arguments = ["--corpus", str(args.corpus.resolve()), "--limit", str(args.limit)]
    if args.backend:
        args.tree_arguments += ["--backend", args.backend]
    if args.time:
        print(json.dumps(time_tree(args.corpus, args.limit, args.backend)))
        return
    if args.dump:
        dump_tree(args.corpus, args.limit, args.backend, args.dump, args.one_by_one)
        return
    trees = [REPO, *(tree.resolve() for tree in args.against)]
    check(trees, args) if args.check else bench(trees, args)


if __name__ == "__main__":
    main()
