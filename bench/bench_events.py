"""Benchmark of the events stage on the gold files: relaxed/strict F1 and stance accuracy.

Two set-ups, side by side:
- ``gold-ents``: the events stage alone, on gold entities, with the sentence dates of the
  dates stage when it exists (else dates taken from the gold date spans: an explicit date
  in the sentence, else the date line that follows its paragraph);
- ``pipeline``: ``pipeline.process`` end to end (model NER and dates), when it runs.

Scoring follows GOLD_FORMAT.md: relaxed = same actor, target and date; strict = also the
same type; stance accuracy on relaxed matches; each gold event matched at most once.
``pipeline.evaluate.score_events`` is used when it exists.

Usage::

    python bench/bench_events.py [--gold ../shared/gold] [--errors]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.records import Document  # noqa: E402

logger = logging.getLogger("bench_events")


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold documents of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _normalize(text: str):
    from pipeline.errors import LexiconError
    from pipeline.normalize import normalize

    try:
        return normalize(text)
    except LexiconError:  # the ZWNJ lexicon is not there yet: normalize without repair
        return normalize(text, repair_zwnj=False)


def _fallback_sentence_dates(doc: Document, gold: dict[str, Any]) -> list[str | None]:
    """Sentence dates from the gold date spans (used only while the dates stage is missing).

    An explicit date in the sentence, else the date line that closes its paragraph.
    """
    values: list[str | None] = []
    date_line: list[bool] = []
    for sentence in doc.sentences:
        inside = [d for d in gold.get("dates", []) if sentence.start <= d["start"] and d["end"] <= sentence.end]
        values.append(inside[-1]["value"] if inside else None)
        date_line.append(bool(inside) and len(sentence.text.split()) <= 3)
    out = list(values)
    owner: str | None = None
    for k in range(len(values) - 1, -1, -1):
        if date_line[k]:
            owner = values[k]
        elif out[k] is None:
            out[k] = owner
    return out


def run_gold_entities(gold_docs: list[dict[str, Any]]) -> tuple[list[Document], str]:
    """The events stage alone on gold entities."""
    from pipeline.events import EventExtractor
    from pipeline.sentences import SentenceSplitter

    try:
        from pipeline.dates import DateExtractor

        dates = DateExtractor()
        date_source = "dates stage"
    except Exception as exc:  # noqa: BLE001 - the dates stage is written in parallel
        logger.warning("dates stage unavailable (%s); using gold date spans", exc)
        dates, date_source = None, "gold date spans"
    splitter, extractor = SentenceSplitter(), EventExtractor()
    out = []
    for gold in gold_docs:
        doc = Document.from_dict(gold)
        doc.events = []
        doc.normalized = _normalize(doc.text)
        doc = splitter(doc)
        if dates is not None:
            doc = dates(doc)
        else:
            doc.sentence_dates = _fallback_sentence_dates(doc, gold)
        out.append(extractor(doc))
    return out, date_source


def run_pipeline(gold_docs: list[dict[str, Any]]) -> list[Document] | None:
    """The whole pipeline, or None when it cannot run yet."""
    try:
        from pipeline.core import default_pipeline

        nlp = default_pipeline()
        return [nlp.process(g["text"], reference_date=g.get("reference_date"), doc_id=g["id"]) for g in gold_docs]
    except Exception as exc:  # noqa: BLE001 - other stages are written in parallel
        logger.warning("pipeline.process unavailable: %s", exc)
        return None


def score(gold_docs: list[dict[str, Any]], pred_docs: list[Document]) -> dict[str, float]:
    """Relaxed/strict P, R, F1 and stance accuracy (the evaluator's when it exists)."""
    try:
        from pipeline.evaluate import score_events
    except ImportError:
        score_events = None
    if score_events is not None:
        result = score_events([Document.from_dict(g) for g in gold_docs], pred_docs)
        return {
            **{f"events_relaxed_{k}": result["relaxed"][k] for k in "prf"},
            **{f"events_strict_{k}": result["strict"][k] for k in "prf"},
            "events_stance_acc": result["stance_acc"],
            "n_gold": result["relaxed"]["tp"] + result["relaxed"]["fn"],
            "n_pred": result["relaxed"]["tp"] + result["relaxed"]["fp"],
        }
    tp_relaxed = tp_strict = stance_ok = n_pred = n_gold = 0
    for gold, pred in zip(gold_docs, pred_docs):
        golds = list(gold["events"])
        preds = [e.to_dict() for e in pred.events]
        n_gold += len(golds)
        n_pred += len(preds)
        for strict in (True, False):  # match same-type pairs first, then relaxed
            for p in list(preds):
                for g in golds:
                    if (p["actor"], p["target"], p["date"]) == (g["actor"], g["target"], g["date"]) and (
                        not strict or p["type"] == g["type"]
                    ):
                        tp_relaxed += 1
                        tp_strict += strict
                        stance_ok += p["stance"] == g["stance"]
                        golds.remove(g)
                        preds.remove(p)
                        break

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    rp, rr, rf = prf(tp_relaxed)
    sp, sr, sf = prf(tp_strict)
    return {
        "events_relaxed_p": rp, "events_relaxed_r": rr, "events_relaxed_f": rf,
        "events_strict_p": sp, "events_strict_r": sr, "events_strict_f": sf,
        "events_stance_acc": stance_ok / tp_relaxed if tp_relaxed else 0.0,
        "n_gold": n_gold, "n_pred": n_pred,
    }


def error_classes(gold_docs: list[dict[str, Any]], pred_docs: list[Document]) -> Counter:
    """Count the unmatched events by what went wrong."""
    counts: Counter = Counter()
    for gold, pred in zip(gold_docs, pred_docs):
        golds = list(gold["events"])
        preds = [e.to_dict() for e in pred.events]
        for p in list(preds):
            g = next((g for g in golds if (p["actor"], p["target"], p["date"]) == (g["actor"], g["target"], g["date"])), None)
            if g is not None:
                golds.remove(g)
                preds.remove(p)
                if p["type"] != g["type"]:
                    counts["matched, wrong type"] += 1
                if p["stance"] != g["stance"]:
                    counts["matched, wrong stance"] += 1
        for g in golds:
            near = [p for p in preds if p["evidence"] and (p["evidence"] in g["evidence"] or g["evidence"] in p["evidence"])]
            if not near:
                counts["missed (no event in its sentence)"] += 1
                continue
            p = near[0]
            preds.remove(p)
            if p["actor"] != g["actor"]:
                counts["wrong actor"] += 1
            elif p["target"] != g["target"]:
                counts["wrong target"] += 1
            else:
                counts["wrong date"] += 1
        counts["spurious (no gold event in its sentence)"] += len(preds)
    return counts


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold")
    parser.add_argument("--errors", action="store_true", help="print the error classes and each miss")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    keys = ["events_relaxed_f", "events_strict_f", "events_stance_acc", "events_relaxed_p", "events_relaxed_r", "n_pred", "n_gold"]
    targets = {"dev": {"events_relaxed_f": 0.65, "events_strict_f": 0.55, "events_stance_acc": 0.85}, "seed": {"events_relaxed_f": 0.75}}
    rows = []
    for split in ("seed", "dev"):
        gold_docs = load_gold(args.gold / f"{split}.jsonl")
        preds, date_source = run_gold_entities(gold_docs)
        rows.append((split, f"gold-ents ({date_source})", score(gold_docs, preds), targets[split]))
        if args.errors:
            print(f"\n{split} error classes (gold entities):", dict(error_classes(gold_docs, preds)))
            for gold, pred in zip(gold_docs, preds):
                gset = [(g["actor"], g["target"], g["date"], g["type"], g["stance"], g["trigger"]) for g in gold["events"]]
                pset = [(p.actor, p.target, p.date, p.type, p.stance, p.trigger) for p in pred.events]
                print(" ", gold["id"], "\n    gold:", gset, "\n    pred:", pset)
        full = run_pipeline(gold_docs)
        if full is not None:
            rows.append((split, "pipeline.process", score(gold_docs, full), targets[split]))
    header = f"{'split':6} {'set-up':34} " + " ".join(f"{k.replace('events_', ''):>11}" for k in keys)
    print(header)
    print("-" * len(header))
    for split, setup, scores, target in rows:
        cells = []
        for k in keys:
            v = scores.get(k, float("nan"))
            cell = f"{v:.3f}" if isinstance(v, float) else str(v)
            if k in target:
                cell += f"/{target[k]:.2f}"
            cells.append(f"{cell:>11}")
        print(f"{split:6} {setup:34} " + " ".join(cells))
    print("(x/y = measured / target; relaxed = same actor, target, date; strict = + same type)")


if __name__ == "__main__":
    main()
