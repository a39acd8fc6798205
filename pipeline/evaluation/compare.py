"""Item-level outcomes of a run against gold, and what changed between two runs.

:func:`document_outcomes` sorts every gold and predicted item of one document into an
outcome (correct, missed, spurious, mislabeled, boundary, wrong value, or an event whose
fields differ), which the HTML report lists in context. :func:`compare_runs` scores a run
and a baseline against the same gold file and lists the metric deltas and the items that
became right (improved) or wrong (regressed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from pipeline.evaluation.scoring import (
    document_key,
    evaluate_documents,
    match_events,
    pair_documents,
)
from pipeline.records import DateMention, Document, Entity, Event

__all__ = [
    "Outcome",
    "Comparison",
    "EVENT_FIELDS",
    "document_outcomes",
    "run_outcomes",
    "metric_rows",
    "compare_runs",
    "format_comparison",
]


# The event fields that are compared item by item (GOLD_FORMAT.md, Events).
EVENT_FIELDS = ("actor", "target", "type", "stance", "date")


@dataclass(frozen=True)
class Outcome:
    """What became of one gold item, or of one predicted item with no gold counterpart.

    Attributes:
        kind: ``"entity"``, ``"date"`` or ``"event"``.
        doc_id: the document's id.
        status: ``correct``, ``missed``, ``spurious``, ``mislabeled`` (same span, other label),
            ``boundary`` (overlapping span), ``value`` (date span right, value wrong) or
            ``mismatch`` (an event paired with a gold one but with ``fields`` differing).
        gold: the gold item as a gold-format dict (None for spurious items).
        pred: the predicted item as a dict (None for missed items).
        fields: for events and dates, the fields that differ.
        gold_index: the position of the gold item in its document (stable across runs).
    """

    kind: str
    doc_id: str | None
    status: str
    gold: dict[str, Any] | None = None
    pred: dict[str, Any] | None = None
    fields: tuple[str, ...] = ()
    gold_index: int | None = None

    @property
    def is_correct(self) -> bool:
        """True when the item counts as right."""
        return self.status == "correct"

    @property
    def key(self) -> tuple:
        """Identity of the item across runs on the same gold file."""
        if self.gold_index is not None:
            return (self.kind, self.doc_id, "gold", self.gold_index)
        return (self.kind, self.doc_id, "pred", tuple(sorted((self.pred or {}).items(), key=lambda kv: kv[0])))

    def describe(self) -> str:
        """One line for the text output, e.g. ``entity missed «روسیه» LOC``."""
        item = self.gold or self.pred or {}
        if self.kind == "event":
            shown = self.gold or self.pred or {}
            text = f"{shown.get('actor')} → {shown.get('target')} {shown.get('type')} ({shown.get('trigger')})"
        else:
            text = f"«{item.get('text')}» {item.get('label', item.get('value'))}"
        extra = ""
        if self.status == "mislabeled":
            extra = f" predicted as {self.pred['label']}"
        elif self.status == "boundary":
            extra = f" predicted «{self.pred['text']}»"
        elif self.status in ("value", "mismatch"):
            extra = "; " + ", ".join(f"{f}: {self.gold.get(f)} ≠ {self.pred.get(f)}" for f in self.fields)
        return f"[{self.doc_id}] {self.kind} {self.status} {text}{extra}"


def _overlaps(a: Entity | DateMention, b: Entity | DateMention) -> bool:
    return a.start < b.end and b.start < a.end


def _span_outcomes(
    kind: str,
    doc_id: str | None,
    gold: Sequence[Entity] | Sequence[DateMention],
    pred: Sequence[Entity] | Sequence[DateMention],
    same: Callable[[Any, Any], bool],
    differs: Callable[[Any, Any], tuple[str, ...]],
) -> list[Outcome]:
    """Outcomes of spans (entities or dates): exact span first, then overlapping spans.

    ``same(g, p)`` tells whether a pair on the same span is fully right; ``differs(g, p)``
    names the fields that differ (for mislabeled entities and wrong date values).
    """
    outcomes: list[Outcome] = []
    free = list(range(len(pred)))
    unmatched_gold = []
    for g_index, g in enumerate(gold):
        exact = [p for p in free if (pred[p].start, pred[p].end) == (g.start, g.end)]
        if not exact:
            unmatched_gold.append(g_index)
            continue
        # Prefer the fully right prediction when a span is predicted twice with different labels.
        best = next((p for p in exact if same(g, pred[p])), exact[0])
        free.remove(best)
        p = pred[best]
        if same(g, p):
            outcomes.append(Outcome(kind, doc_id, "correct", g.to_dict(), p.to_dict(), gold_index=g_index))
        else:
            status = "mislabeled" if kind == "entity" else "value"
            outcomes.append(Outcome(kind, doc_id, status, g.to_dict(), p.to_dict(), differs(g, p), g_index))
    for g_index in unmatched_gold:
        g = gold[g_index]
        overlapping = [p for p in free if _overlaps(g, pred[p])]
        if overlapping:
            free.remove(overlapping[0])
            p = pred[overlapping[0]]
            outcomes.append(Outcome(kind, doc_id, "boundary", g.to_dict(), p.to_dict(), ("span",), g_index))
        else:
            outcomes.append(Outcome(kind, doc_id, "missed", g.to_dict(), gold_index=g_index))
    outcomes += [Outcome(kind, doc_id, "spurious", pred=pred[p].to_dict()) for p in free]
    return outcomes


def _event_differences(g: Event, p: Event) -> tuple[str, ...]:
    return tuple(f for f in EVENT_FIELDS if getattr(g, f) != getattr(p, f))


def _event_outcomes(doc_id: str | None, gold: Sequence[Event], pred: Sequence[Event]) -> list[Outcome]:
    """Strict matches (then relaxed) as the scorer pairs them; leftovers paired by trigger or fields.

    A leftover predicted event is paired with the leftover gold event that agrees on the
    most of actor, target, type, date (at least two) or shares its trigger, so that
    "the actor is wrong" is reported as one mismatch rather than a miss plus a false alarm.
    """
    pairs = match_events(gold, pred, strict=True)
    used_pred = {p for p, _ in pairs}
    used_gold = {g for _, g in pairs}
    rest_pred = [i for i in range(len(pred)) if i not in used_pred]
    rest_gold = [i for i in range(len(gold)) if i not in used_gold]
    for p_local, g_local in match_events([gold[i] for i in rest_gold], [pred[i] for i in rest_pred], strict=False):
        pairs.append((rest_pred[p_local], rest_gold[g_local]))
    used_pred = {p for p, _ in pairs}
    used_gold = {g for _, g in pairs}
    for p_index in range(len(pred)):
        if p_index in used_pred:
            continue
        p = pred[p_index]

        def agreement(g_index: int) -> tuple[int, bool]:
            g = gold[g_index]
            agree = sum(getattr(g, f) == getattr(p, f) for f in ("actor", "target", "type", "date"))
            return agree, bool(p.trigger) and g.trigger == p.trigger

        candidates = [g for g in range(len(gold)) if g not in used_gold]
        scored = [(agreement(g), g) for g in candidates]
        scored = [(a, g) for a, g in scored if a[0] >= 2 or a[1]]
        if scored:
            best = max(scored, key=lambda item: (item[0][1], item[0][0], -item[1]))[1]
            pairs.append((p_index, best))
            used_gold.add(best)
            used_pred.add(p_index)
    outcomes = []
    for p_index, g_index in sorted(pairs, key=lambda pair: pair[1]):
        g, p = gold[g_index], pred[p_index]
        fields_differing = _event_differences(g, p)
        status = "mismatch" if fields_differing else "correct"
        outcomes.append(Outcome("event", doc_id, status, g.to_dict(), p.to_dict(), fields_differing, g_index))
    outcomes += [
        Outcome("event", doc_id, "missed", gold[g].to_dict(), gold_index=g) for g in range(len(gold)) if g not in used_gold
    ]
    outcomes += [Outcome("event", doc_id, "spurious", pred=pred[p].to_dict()) for p in range(len(pred)) if p not in used_pred]
    return outcomes


def document_outcomes(gold: Document, pred: Document, key: str | None = None) -> list[Outcome]:
    """Every entity, date and event outcome of one predicted document.

    Args:
        gold: the hand-labeled document.
        pred: the prediction for the same text.
        key: the document's key in the outcomes (default its id; :func:`run_outcomes` gives
            ``#n`` to a document without one, so that two such documents never share items).

    Returns:
        list[Outcome]: one per gold item, plus one per spurious prediction.

    Examples:
        >>> text = "روسیه و ایران"
        >>> gold = Document.from_dict({"id": "d", "text": text, "entities": [
        ...     {"start": 0, "end": 5, "text": "روسیه", "label": "LOC"},
        ...     {"start": 8, "end": 13, "text": "ایران", "label": "LOC"}]})
        >>> pred = Document.from_dict({"id": "d", "text": text, "entities": [
        ...     {"start": 0, "end": 5, "text": "روسیه", "label": "ORG"}]})
        >>> [o.status for o in document_outcomes(gold, pred)]
        ['mislabeled', 'missed']
    """
    key = gold.id if key is None else key
    return (
        _span_outcomes(
            "entity", key, gold.entities, pred.entities,
            same=lambda g, p: g.label == p.label, differs=lambda g, p: ("label",),
        )
        + _span_outcomes(
            "date", key, gold.dates, pred.dates,
            same=lambda g, p: g.value == p.value, differs=lambda g, p: ("value",),
        )
        + _event_outcomes(key, gold.events, pred.events)
    )


def run_outcomes(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, list[Outcome]]:
    """Outcomes per document, paired as the scores pair them (:func:`pipeline.evaluation.scoring.pair_documents`)
    and keyed as the scores key them (:func:`pipeline.evaluation.scoring.document_key`: the id, or ``#n``)."""
    return {document_key(gold, index): document_outcomes(gold, pred, document_key(gold, index))
            for index, (gold, pred) in enumerate(pair_documents(gold_docs, pred_docs))}


def metric_rows(scores: dict[str, Any]) -> list[tuple[str, float]]:
    """The headline metrics of an :func:`pipeline.evaluation.scoring.evaluate_documents` dict, flattened."""
    ent, dates, events = scores["entities"], scores["dates"], scores["events"]
    rows = [(f"entities {m}", ent[m]) for m in ("p", "r", "f")]
    rows += [(f"entities {label} f", prf["f"]) for label, prf in ent["per_label"].items()]
    rows += [(f"dates {m}", dates[m]) for m in ("p", "r", "f")]
    rows += [("dates value_acc", dates["value_acc"])]
    for mode in ("relaxed", "strict"):
        rows += [(f"events {mode} {m}", events[mode][m]) for m in ("p", "r", "f")]
    rows += [("events stance_acc", events["stance_acc"])]
    rows += [(f"events type {t} f", prf["f"]) for t, prf in events["per_type"].items()]
    return rows


@dataclass
class Comparison:
    """A run compared with a baseline on the same gold file."""

    metrics: list[dict[str, Any]]
    improved: list[tuple[Outcome | None, Outcome | None]] = field(default_factory=list)
    regressed: list[tuple[Outcome | None, Outcome | None]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: metric rows and the changed items as descriptions."""

        def describe(pair: tuple[Outcome | None, Outcome | None]) -> dict[str, str | None]:
            base, run = pair
            return {"baseline": base.describe() if base else None, "run": run.describe() if run else None}

        return {
            "metrics": self.metrics,
            "improved": [describe(p) for p in self.improved],
            "regressed": [describe(p) for p in self.regressed],
        }


def compare_runs(
    gold_docs: Sequence[Document],
    run_docs: Sequence[Document],
    baseline_docs: Sequence[Document],
    *,
    run_scores: dict[str, Any] | None = None,
) -> Comparison:
    """What improved and what regressed from a baseline run to a new run.

    An item improves when it is right in the run and not in the baseline (a gold item now
    found, or a spurious prediction of the baseline gone) and regresses the other way round.

    Args:
        gold_docs: the gold documents.
        run_docs: the new predictions.
        baseline_docs: the baseline predictions.
        run_scores: the run's scores when already computed.

    Returns:
        Comparison: metric deltas (``name``, ``baseline``, ``run``, ``delta``) and the changed items
        as ``(baseline outcome, run outcome)`` pairs (None where the item does not exist).

    Examples:
        >>> text = "روسیه و ایران"
        >>> gold = [Document.from_dict({"id": "d", "text": text, "entities": [
        ...     {"start": 0, "end": 5, "text": "روسیه", "label": "LOC"}]})]
        >>> run = [Document.from_dict({"id": "d", "text": text, "entities": [
        ...     {"start": 0, "end": 5, "text": "روسیه", "label": "LOC"}]})]
        >>> comparison = compare_runs(gold, run, [Document("d", text)])
        >>> [b.status + " → " + r.status for b, r in comparison.improved]
        ['missed → correct']
    """
    run_scores = run_scores or evaluate_documents(gold_docs, run_docs)
    base_scores = evaluate_documents(gold_docs, baseline_docs)
    base_rows, run_rows = dict(metric_rows(base_scores)), dict(metric_rows(run_scores))
    metrics = [
        {"name": name, "baseline": base_rows.get(name, 0.0), "run": run_rows.get(name, 0.0),
         "delta": run_rows.get(name, 0.0) - base_rows.get(name, 0.0)}
        for name in dict.fromkeys([*base_rows, *run_rows])
    ]
    base_items = {o.key: o for outs in run_outcomes(gold_docs, baseline_docs).values() for o in outs}
    run_items = {o.key: o for outs in run_outcomes(gold_docs, run_docs).values() for o in outs}
    comparison = Comparison(metrics)
    for key in dict.fromkeys([*base_items, *run_items]):
        base, run = base_items.get(key), run_items.get(key)
        # A spurious item that is absent from a run counts as right there.
        base_right = base.is_correct if base else True
        run_right = run.is_correct if run else True
        if run_right and not base_right:
            comparison.improved.append((base, run))
        elif base_right and not run_right:
            comparison.regressed.append((base, run))
    return comparison


def format_comparison(comparison: Comparison) -> str:
    """The comparison as plain text (what ``pipeline eval --baseline`` prints)."""
    lines = ["", "compared with the baseline:", f"{'':<26}{'baseline':>10}{'run':>10}{'delta':>10}"]
    for row in comparison.metrics:
        marker = "+" if row["delta"] > 1e-9 else "-" if row["delta"] < -1e-9 else " "
        lines.append(f"{row['name']:<26}{row['baseline']:>10.3f}{row['run']:>10.3f}{row['delta']:>+10.3f} {marker}")
    for title, pairs in (("improved", comparison.improved), ("regressed", comparison.regressed)):
        lines += ["", f"{title} ({len(pairs)}):"]
        for base, run in pairs:
            lines.append(f"  was: {base.describe() if base else '(absent)'}")
            lines.append(f"  now: {run.describe() if run else '(absent)'}")
    return "\n".join(lines)
