"""Benchmark of the events stage on the gold files: quality, error classes and speed.

Two set-ups, side by side, on each gold split (seed, dev):
- ``gold-ents``: the events stage on the gold entities (sentences and dates from their
  stages), which isolates the events stage from NER errors;
- ``pipeline``: ``pipeline.process`` end to end (what ``pipeline eval`` scores).

Quality follows GOLD_FORMAT.md (``pipeline.evaluate.score_events``): relaxed = same actor,
target and date; strict = also the same type; stance accuracy on relaxed matches. Error
classes come from ``pipeline.compare.document_outcomes``: a gold event missed or a
predicted one spurious, or a pair that differs in the named fields. Speed is the events
stage alone (its input prepared beforehand), in documents and thousands of characters a
second, best of ``--repeat`` runs.

Usage::

    python bench/bench_events.py [--gold ../shared/gold] [--repeat 3] [--errors]
"""

from __future__ import annotations

import argparse
import copy
import time
from collections import Counter
from pathlib import Path

from pipeline.compare import document_outcomes
from pipeline.core import Pipeline
from pipeline.evaluate import score_events
from pipeline.events import EventExtractor
from pipeline.io import read_gold
from pipeline.records import Document

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"dev": {"relaxed F1": 0.65, "strict F1": 0.55, "stance": 0.85}, "seed": {"relaxed F1": 0.75}}


def prepared(nlp: Pipeline, gold: Document, *, gold_entities: bool) -> Document:
    """A document with every stage before events run (entities from gold if asked)."""
    doc = Document(gold.id, gold.text, reference_date=gold.reference_date)
    doc.normalized = nlp.normalizer.normalize(gold.text)
    for name, stage in nlp.stages:
        if name == "events":
            break
        if name == "ner" and gold_entities:
            doc.entities = list(gold.entities)
            continue
        doc = stage(doc)
    return doc


def error_classes(gold_docs: list[Document], pred_docs: list[Document]) -> Counter:
    """Unmatched events by class: missed, spurious, or a pair differing in some fields."""
    counts: Counter = Counter()
    for gold, pred in zip(gold_docs, pred_docs):
        for outcome in document_outcomes(gold, pred):
            if outcome.kind != "event" or outcome.is_correct:
                continue
            if outcome.status == "mismatch":
                counts["wrong " + "+".join(outcome.fields)] += 1
            else:
                counts[outcome.status] += 1
    return counts


def timed(extractor: EventExtractor, docs: list[Document], repeat: int) -> float:
    """Best wall time of the events stage over the documents."""
    best = float("inf")
    for _ in range(repeat):
        batch = [copy.copy(d) for d in docs]
        start = time.perf_counter()
        for doc in batch:
            extractor(doc)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="also list every wrong event")
    args = parser.parse_args()
    nlp = Pipeline()
    extractor = dict(nlp.stages)["events"]
    header = f"{'split':5} {'set-up':10} {'relaxed F1':>11} {'strict F1':>10} {'stance':>8} {'P':>6} {'R':>6} {'docs/s':>8} {'kchar/s':>8}"
    rows, classes = [], {}
    for split in ("seed", "dev"):
        gold_docs = read_gold(args.gold / f"{split}.jsonl")
        chars = sum(len(g.text) for g in gold_docs)
        for setup, gold_entities in (("gold-ents", True), ("pipeline", False)):
            inputs = [prepared(nlp, g, gold_entities=gold_entities) for g in gold_docs]
            seconds = timed(extractor, inputs, args.repeat)
            preds = [extractor(copy.copy(d)) for d in inputs]
            scores = score_events(gold_docs, preds)
            measured = {"relaxed F1": scores["relaxed"]["f"], "strict F1": scores["strict"]["f"], "stance": scores["stance_acc"]}
            cells = [
                f"{measured[k]:.3f}" + (f"/{TARGETS[split][k]:.2f}" if k in TARGETS[split] else "") for k in measured
            ]
            rows.append(
                f"{split:5} {setup:10} {cells[0]:>11} {cells[1]:>10} {cells[2]:>8} {scores['relaxed']['p']:6.3f} "
                f"{scores['relaxed']['r']:6.3f} {len(gold_docs) / seconds:8.1f} {chars / seconds / 1000:8.1f}"
            )
            classes[(split, setup)] = error_classes(gold_docs, preds)
            if args.errors:
                for gold, pred in zip(gold_docs, preds):
                    for outcome in document_outcomes(gold, pred):
                        if outcome.kind == "event" and not outcome.is_correct:
                            print(f"{split}/{setup}: {outcome.describe()}")
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print("(x/y = measured / target; relaxed = same actor, target, date; strict = + same type; speed: events stage alone)")
    print("\nerror classes:")
    for (split, setup), counts in classes.items():
        print(f"  {split:5} {setup:10} " + (", ".join(f"{k}: {v}" for k, v in counts.most_common()) or "none"))


if __name__ == "__main__":
    main()
