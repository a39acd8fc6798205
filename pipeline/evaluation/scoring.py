"""Scoring predictions against gold files, as GOLD_FORMAT.md's Scoring section defines it.

- Entities: P/R/F1 on exact (start, end, label) matches, overall and per label.
- Dates: P/R/F1 on exact spans; accuracy of ``value`` on matched spans.
- Events: P/R/F1 where a predicted event matches a gold one with the same actor, target
  and date ("relaxed") and also the same type ("strict"); stance accuracy on relaxed
  matches. Each gold event is matched at most once.

Scores are plain dicts (``evaluate`` → ``{"entities": ..., "dates": ..., "events": ...}``),
so that the CLI, the HTML report and benchmarks all read the same numbers.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from pipeline.errors import ConfigError
from pipeline.io.gold import read_gold
from pipeline.records import ENTITY_LABELS, Document, Event

__all__ = [
    "PRF",
    "score_entities",
    "score_dates",
    "score_events",
    "match_events",
    "pair_documents",
    "document_key",
    "evaluate_documents",
    "evaluate",
    "format_scores",
]

logger = logging.getLogger(__name__)


@dataclass
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, pred: set, gold: set) -> None:
        """Add the counts of one document's predicted and gold sets."""
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"p": self.precision, "r": self.recall, "f": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def pair_documents(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> list[tuple[Document, Document]]:
    """Pair gold and predicted documents by id (by position when ids are missing)."""
    by_id = {d.id: d for d in pred_docs if d.id is not None}
    pairs = []
    for index, gold in enumerate(gold_docs):
        pred = by_id.get(gold.id) if gold.id is not None else None
        if pred is None and gold.id is None and index < len(pred_docs):
            pred = pred_docs[index]
        if pred is None:
            logger.warning("no prediction for gold document %s; counted as empty", gold.id)
            pred = Document(id=gold.id, text=gold.text)
        pairs.append((gold, pred))
    return pairs


def score_entities(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, Any]:
    """Exact (start, end, label) entity P/R/F1, overall and per label."""
    overall = PRF()
    per_label = {label: PRF() for label in ENTITY_LABELS}
    for gold, pred in pair_documents(gold_docs, pred_docs):
        gold_set = {(e.start, e.end, e.label) for e in gold.entities}
        pred_set = {(e.start, e.end, e.label) for e in pred.entities}
        overall.add_sets(pred_set, gold_set)
        for label in set(per_label) | {x[2] for x in gold_set | pred_set}:
            per_label.setdefault(label, PRF()).add_sets(
                {x for x in pred_set if x[2] == label}, {x for x in gold_set if x[2] == label}
            )
    return {**overall.to_dict(), "per_label": {k: v.to_dict() for k, v in sorted(per_label.items())}}


def score_dates(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, Any]:
    """Exact-span date P/R/F1 and value accuracy on matched spans."""
    spans = PRF()
    matched = correct = 0
    for gold, pred in pair_documents(gold_docs, pred_docs):
        gold_values = {(d.start, d.end): d.value for d in gold.dates}
        pred_values = {(d.start, d.end): d.value for d in pred.dates}
        spans.add_sets(set(pred_values), set(gold_values))
        for span in gold_values.keys() & pred_values.keys():
            matched += 1
            correct += gold_values[span] == pred_values[span]
    return {
        **spans.to_dict(),
        "value_acc": correct / matched if matched else 0.0,
        "value_correct": correct,
        "matched": matched,
        # Value accuracy over all gold expressions (a missed span counts as wrong).
        "value_acc_all": correct / (spans.tp + spans.fn) if spans.tp + spans.fn else 0.0,
    }


def match_events(gold: Sequence[Event], pred: Sequence[Event], *, strict: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of predicted to gold events.

    A pair matches on (actor, target, date), and also type when ``strict``. Among
    candidates, a predicted event prefers a gold one with the same type and trigger.

    Returns:
        list of (pred_index, gold_index) pairs.
    """

    def key(e: Event) -> tuple:
        return (e.actor, e.target, e.date, e.type) if strict else (e.actor, e.target, e.date)

    free = list(range(len(gold)))
    pairs = []
    for p_index, p in enumerate(pred):
        candidates = [g for g in free if key(gold[g]) == key(p)]
        if not candidates:
            continue
        best = max(candidates, key=lambda g: (gold[g].type == p.type, gold[g].trigger == p.trigger, -g))
        free.remove(best)
        pairs.append((p_index, best))
    return pairs


def score_events(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, Any]:
    """Relaxed and strict event P/R/F1 and stance accuracy on relaxed matches."""
    relaxed, strict = PRF(), PRF()
    stance_total = stance_correct = 0
    per_type: dict[str, PRF] = {}
    for gold, pred in pair_documents(gold_docs, pred_docs):
        for prf, is_strict in ((relaxed, False), (strict, True)):
            pairs = match_events(gold.events, pred.events, strict=is_strict)
            prf.tp += len(pairs)
            prf.fp += len(pred.events) - len(pairs)
            prf.fn += len(gold.events) - len(pairs)
            if not is_strict:
                for p_index, g_index in pairs:
                    stance_total += 1
                    stance_correct += pred.events[p_index].stance == gold.events[g_index].stance
            else:
                matched_gold = Counter(gold.events[g].type for _, g in pairs)
                matched_pred = Counter(pred.events[p].type for p, _ in pairs)
                for t in {e.type for e in gold.events} | {e.type for e in pred.events}:
                    prf_t = per_type.setdefault(t, PRF())
                    prf_t.tp += matched_gold[t]
                    prf_t.fn += sum(e.type == t for e in gold.events) - matched_gold[t]
                    prf_t.fp += sum(e.type == t for e in pred.events) - matched_pred[t]
    return {
        "relaxed": relaxed.to_dict(),
        "strict": strict.to_dict(),
        "stance_acc": stance_correct / stance_total if stance_total else 0.0,
        "stance_correct": stance_correct,
        "stance_total": stance_total,
        "per_type": {k: v.to_dict() for k, v in sorted(per_type.items())},
    }


_SCORERS: dict[str, Callable[[Sequence[Document], Sequence[Document]], dict[str, Any]]] = {
    "entities": score_entities,
    "dates": score_dates,
    "events": score_events,
}


def evaluate_documents(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, Any]:
    """Every metric of the Scoring section, overall and per document.

    Returns:
        dict: ``{"n_documents", "entities", "dates", "events", "per_document": {doc_id: {...}}}``.
    """
    scores: dict[str, Any] = {"n_documents": len(gold_docs)}
    for name, scorer in _SCORERS.items():
        scores[name] = scorer(gold_docs, pred_docs)
    # Per document, paired exactly as the totals pair them; a document without an id is
    # named by its position (#3), so that two of them never share one row.
    scores["per_document"] = {
        document_key(gold, index): {name: scorer([gold], [pred]) for name, scorer in _SCORERS.items()}
        for index, (gold, pred) in enumerate(pair_documents(gold_docs, pred_docs))
    }
    return scores


def document_key(gold: Document, index: int) -> str:
    """The key of a gold document in ``per_document``: its id, or ``#n`` (its position from 1) without one."""
    return gold.id if gold.id is not None else f"#{index + 1}"


def predict_gold_texts(gold_docs: Iterable[Document], nlp: Any) -> list[Document]:
    """Run a pipeline (anything with ``process(text, reference_date=, doc_id=)``) on each gold
    document's text with its reference date."""
    return [nlp.process(g.text, reference_date=g.reference_date, doc_id=g.id) for g in gold_docs]


def evaluate(gold_path: str | Path, pred_path: str | Path | None = None, *, nlp: Any = None) -> dict[str, Any]:
    """Score a prediction file, or a pipeline's predictions, against a gold file.

    Args:
        gold_path: gold JSONL (GOLD_FORMAT.md).
        pred_path: predictions in the same format.
        nlp: a pipeline (``pipeline.Pipeline()``) to run on the gold texts instead of ``pred_path``.

    Returns:
        dict: see :func:`evaluate_documents`.

    Raises:
        ConfigError: neither predictions nor a pipeline given.
    """
    if pred_path is None and nlp is None:
        raise ConfigError("evaluate() needs the predictions (pred_path) or a pipeline to make them (nlp=)")
    gold_docs = read_gold(gold_path)
    pred_docs = read_gold(pred_path) if pred_path is not None else predict_gold_texts(gold_docs, nlp)
    return evaluate_documents(gold_docs, pred_docs)


def _prf_row(name: str, d: dict[str, Any]) -> str:
    return f"{name:<22}{d['p']:>8.3f}{d['r']:>8.3f}{d['f']:>8.3f}{d['tp']:>6}{d['fp']:>6}{d['fn']:>6}"


def format_scores(scores: dict[str, Any]) -> str:
    """A plain-text table of every metric (what ``pipeline eval`` prints)."""
    header = f"{'':<22}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"
    ent, dates, events = scores["entities"], scores["dates"], scores["events"]
    lines = [f"documents: {scores['n_documents']}", "", header, _prf_row("entities", ent)]
    lines += [_prf_row(f"  {label}", prf) for label, prf in ent["per_label"].items()]
    lines.append(_prf_row("dates (span)", dates))
    lines.append(
        f"{'  value accuracy':<22}{dates['value_acc']:>8.3f}   ({dates['value_correct']}/{dates['matched']} matched spans;"
        f" {dates['value_acc_all']:.3f} over all gold)"
    )
    lines.append(_prf_row("events relaxed", events["relaxed"]))
    lines.append(_prf_row("events strict", events["strict"]))
    lines.append(
        f"{'  stance accuracy':<22}{events['stance_acc']:>8.3f}   ({events['stance_correct']}/{events['stance_total']} relaxed matches)"
    )
    lines += [_prf_row(f"  type {t}", prf) for t, prf in events["per_type"].items()]
    lines += ["", "per document:", f"{'':<22}{'ent F1':>8}{'date F1':>8}{'val acc':>8}{'ev rel':>8}{'ev str':>8}"]
    for doc_id, s in scores["per_document"].items():
        cells = [
            _score_cell(s["entities"]["f"], _has_items(s["entities"])),
            _score_cell(s["dates"]["f"], _has_items(s["dates"])),
            _score_cell(s["dates"]["value_acc"], s["dates"]["matched"] > 0),
            _score_cell(s["events"]["relaxed"]["f"], _has_items(s["events"]["relaxed"])),
            _score_cell(s["events"]["strict"]["f"], _has_items(s["events"]["strict"])),
        ]
        lines.append(f"{str(doc_id):<22}" + "".join(cells))
    return "\n".join(lines)


def _has_items(prf: dict[str, Any]) -> bool:
    """Whether gold or prediction has anything to score (else F1 is not 0 but undefined)."""
    return prf["tp"] + prf["fp"] + prf["fn"] > 0


def _score_cell(value: float, defined: bool) -> str:
    return f"{value:>8.3f}" if defined else f"{'n/a':>8}"
