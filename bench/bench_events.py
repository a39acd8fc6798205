"""Benchmark of the events stage on the gold files: quality by field and by root, and speed.

Two set-ups, side by side, on each gold split (train, dev, seed):
- ``gold-ents``: the events stage on the gold entities (sentences and dates from their
  stages), which isolates the events stage from NER errors;
- ``gold-ents, no parse``: the same without the dependency parse of clause roles
  (``EventExtractor(parser=None)``), to show what the parser buys and costs;
- ``pipeline``: ``pipeline.process`` end to end (what ``pipeline eval`` scores).

Printed, for each split and set-up:
- relaxed / strict P, R, F1 and stance accuracy (GOLD_FORMAT.md, ``pipeline.evaluation.scoring``);
- per-field accuracy on *aligned* events (``pipeline.events.scoring``: each gold event
  paired with the predicted event of the same act, whatever its fields say): actor,
  target, root, stance, date, with how many gold events were aligned at all;
- train split only: the halves train-1xx..3xx and train-4xx..5xx apart (the second half
  was kept aside while the rules were written, and is the fairer figure);
- on train (end to end): the root confusion table (gold rows, predicted columns) and the
  share of predicted events per root next to the gold's;
- speed of the events stage alone, in documents and thousands of characters a second.

Nothing in the events stage is learned, so no cross-validation applies.

Usage::

    python bench/bench_events.py [--gold ../shared/gold] [--splits train,dev,seed] [--repeat 3] [--errors]
"""

from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path

from pipeline.core import Pipeline
from pipeline.evaluation.compare import document_outcomes
from pipeline.evaluation.scoring import score_events
from pipeline.events import EventExtractor
from pipeline.events.scoring import (
    EVENT_FIELDS,
    field_accuracy,
    root_confusion,
    root_shares,
)
from pipeline.io.gold import read_gold
from pipeline.lexicons.triggers import load_cameo
from pipeline.records import Document

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"train": {"relaxed F1": 0.60, "strict F1": 0.45, "stance": 0.80}, "dev": {"relaxed F1": 0.60}, "seed": {"relaxed F1": 0.60}}


def prepared(nlp: Pipeline, gold: Document, *, gold_entities: bool) -> Document:
    """A document with every stage before events run (entities from gold if asked)."""
    doc = Document(gold.id, gold.text, reference_date=gold.reference_date)
    for name, stage in nlp.stages:
        if name == "events":
            break
        if name == "ner" and gold_entities:
            doc.entities = list(gold.entities)
            continue
        doc = stage(doc)
    return doc


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


def quality_row(label: str, gold_docs: list[Document], preds: list[Document], targets: dict[str, float]) -> str:
    """One table row: event scores and per-field accuracy."""
    scores = score_events(gold_docs, preds)
    fields = field_accuracy(gold_docs, preds)
    measured = {"relaxed F1": scores["relaxed"]["f"], "strict F1": scores["strict"]["f"], "stance": scores["stance_acc"]}
    cells = [f"{measured[k]:.3f}" + (f"/{targets[k]:.2f}" if k in targets else "") for k in measured]
    per_field = " ".join(f"{fields[name]:6.2f}" for name in EVENT_FIELDS)
    return (
        f"{label:28} {cells[0]:>11} {cells[1]:>10} {cells[2]:>10} {scores['relaxed']['p']:6.3f} {scores['relaxed']['r']:6.3f}"
        f" {fields['aligned']:>4}/{fields['gold']:<4} {per_field}"
    )


def confusion_table(gold_docs: list[Document], preds: list[Document]) -> str:
    """Gold root (rows) against predicted root (columns) over aligned events, and root shares."""
    counts = root_confusion(gold_docs, preds)
    roots = list(load_cameo())
    lines = ["gold\\pred " + "".join(f"{r:>4}" for r in roots)]
    for g in roots:
        row = [counts.get((g, p), 0) for p in roots]
        if any(row):
            lines.append(f"{g:>9} " + "".join(f"{n or '.':>4}" for n in row))
    gold_share, pred_share = root_shares(gold_docs), root_shares(preds)
    lines.append("\nshare of events per root (gold / predicted):")
    lines.append("  " + "  ".join(f"{r} {gold_share.get(r, 0):.2f}/{pred_share.get(r, 0):.2f}" for r in roots))
    return "\n".join(lines)


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold")
    parser.add_argument("--splits", default="train,dev,seed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="also list every wrong event")
    args = parser.parse_args()
    nlp = Pipeline()
    extractor = dict(nlp.stages)["events"]
    _ = extractor.parser  # loaded on first need: load it before anything is timed
    unparsed = EventExtractor(parser=None)  # the same coder without clause parses, side by side
    header = (
        f"{'split / set-up':28} {'relaxed F1':>11} {'strict F1':>10} {'stance':>10} {'P':>6} {'R':>6} {'aligned':>9} "
        + " ".join(f"{name[:6]:>6}" for name in EVENT_FIELDS)
    )
    rows, speed, confusion = [], [], ""
    for split in args.splits.split(","):
        gold_docs = read_gold(args.gold / f"{split}.jsonl")
        chars = sum(len(g.text) for g in gold_docs)
        prepared_docs = {True: [prepared(nlp, g, gold_entities=True) for g in gold_docs]}
        prepared_docs[False] = [prepared(nlp, g, gold_entities=False) for g in gold_docs]
        for setup, gold_entities, coder in (
            ("gold-ents", True, extractor), ("gold-ents, no parse", True, unparsed), ("pipeline", False, extractor)
        ):
            inputs = prepared_docs[gold_entities]
            seconds = timed(coder, inputs, args.repeat)
            preds = [coder(copy.copy(d)) for d in inputs]
            rows.append(quality_row(f"{split} {setup}", gold_docs, preds, TARGETS.get(split, {})))
            if split == "train":
                for half, first_digits in (("1xx-3xx", "123"), ("4xx-5xx", "45")):
                    keep = [i for i, g in enumerate(gold_docs) if (g.id or "train-0")[6:7] in first_digits]
                    rows.append(quality_row(f"  {half}", [gold_docs[i] for i in keep], [preds[i] for i in keep], {}))
                if setup == "pipeline":
                    confusion = confusion_table(gold_docs, preds)
            speed.append(f"{split:6} {setup:20} {len(gold_docs) / seconds:8.1f} docs/s {chars / seconds / 1000:8.1f} kchar/s")
            if args.errors:
                for gold, pred in zip(gold_docs, preds):
                    for outcome in document_outcomes(gold, pred):
                        if outcome.kind == "event" and not outcome.is_correct:
                            print(f"{split}/{setup}: {outcome.describe()}")
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print("(x/y = measured / target; relaxed = same actor, target, date; strict = + same type;")
    print(" aligned = gold events paired with a prediction of the same act; the field columns are accuracies on those pairs)")
    if confusion:
        print("\nroot confusion on train, end to end (aligned events):")
        print(confusion)
    print("\nspeed of the events stage alone:")
    print("\n".join(speed))


if __name__ == "__main__":
    main()
