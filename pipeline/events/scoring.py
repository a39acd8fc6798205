"""Diagnostics of the events stage against gold: which event is which, and which field is wrong.

GOLD_FORMAT.md scores events as wholes (relaxed: same actor, target and date; strict: and
type). To see *what* goes wrong, :func:`align_events` pairs each gold event with the
predicted event of the same act, whatever its fields say: the one whose evidence overlaps
the gold evidence in the text and agrees with it on most fields, its trigger nearest. On
those pairs :func:`field_accuracy` gives the accuracy of each field, and
:func:`root_confusion` the gold root against the predicted one.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from pipeline.records import Document, Event

__all__ = ["EVENT_FIELDS", "align_events", "field_accuracy", "root_confusion", "root_shares"]

EVENT_FIELDS = ("actor", "target", "type", "stance", "date")
# Fields compared when choosing among predictions for the same act.
_CHOICE_FIELDS = ("actor", "target", "type", "date")


def _gold_span(doc: Document, event: Event) -> tuple[int, int]:
    """Where a gold event's evidence (and trigger within it) stand in the text; gold has no offsets."""
    start = doc.text.find(event.evidence) if event.evidence else -1
    if start < 0:
        return -1, -1
    trigger = doc.text.find(event.trigger, start) if event.trigger else -1
    return start, trigger if trigger >= 0 else start


def align_events(gold: Document, pred: Document) -> list[tuple[int, int]]:
    """Pairs ``(gold index, predicted index)`` of the events that report the same act.

    Examples:
        >>> from pipeline.records import Document, Event
        >>> text = "روسیه اسرائیل را محکوم کرد."
        >>> gold = Document.from_dict({"id": "d", "text": text, "events": [{"actor": "RUS", "target": "ISR",
        ...     "type": "11", "stance": "oppose", "date": None, "trigger": "محکوم کرد", "evidence": text}]})
        >>> pred = Document("d", text, events=[Event("RUS", None, "11", "oppose", None, "محکوم کرد",
        ...     17, 26, text, 0, len(text), 0)])
        >>> align_events(gold, pred), field_accuracy([gold], [pred])["target"]
        ([(0, 0)], 0.0)
    """
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold.events):
        start, trigger = _gold_span(gold, g)
        if start < 0:
            continue
        end = start + len(g.evidence)
        best: tuple[float, int] | None = None
        for pi, p in enumerate(pred.events):
            if pi in used:
                continue
            if p.evidence_start < end and start < p.evidence_end:
                agree = sum(getattr(g, f) == getattr(p, f) for f in _CHOICE_FIELDS)
                score = agree - abs(p.trigger_start - trigger) / (len(gold.text) + 1)
                if best is None or score > best[0]:
                    best = (score, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((gi, best[1]))
    return pairs


def field_accuracy(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> dict[str, float | int]:
    """Accuracy of each event field on aligned events, with the counts behind it.

    Returns ``{"aligned": n, "gold": n, "predicted": n, "actor": acc, "target": acc, ...}``.
    """
    correct: Counter = Counter()
    aligned = gold_total = pred_total = 0
    for gold, pred in zip(gold_docs, pred_docs):
        gold_total += len(gold.events)
        pred_total += len(pred.events)
        for gi, pi in align_events(gold, pred):
            aligned += 1
            for name in EVENT_FIELDS:
                correct[name] += getattr(gold.events[gi], name) == getattr(pred.events[pi], name)
    result: dict[str, float | int] = {"aligned": aligned, "gold": gold_total, "predicted": pred_total}
    result.update({name: correct[name] / aligned if aligned else 0.0 for name in EVENT_FIELDS})
    return result


def root_confusion(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> Counter:
    """Counts of (gold root, predicted root) over aligned events."""
    counts: Counter = Counter()
    for gold, pred in zip(gold_docs, pred_docs):
        for gi, pi in align_events(gold, pred):
            counts[(gold.events[gi].type, pred.events[pi].type)] += 1
    return counts


def root_shares(docs: Sequence[Document]) -> dict[str, float]:
    """The share of events of each CAMEO root."""
    counts = Counter(e.type for d in docs for e in d.events)
    total = sum(counts.values())
    return {root: n / total for root, n in sorted(counts.items())} if total else {}
