"""Self-contained HTML reports: an evaluation against gold, and a processed dataset.

Both pages inline their CSS and SVG charts and link to nothing outside themselves, so
they render offline and can be mailed as one file. Persian text is shown right to left
(entity rendering by spaCy's displaCy in manual mode with ``direction: rtl``); numbers,
codes and charts stay left to right.

- :func:`eval_report_html`: metric tables (overall, per label, per type, per document),
  every error in context, gold and predicted entities side by side, an event timeline,
  and optionally what changed against a baseline run.
- :func:`dataset_report_html`: events by actor, target, type and stance over time, top
  entities, the dates found and the documents that failed, for a ``pipeline run`` folder.
Charts are :mod:`pipeline.evaluation.charts`; :mod:`pipeline.evaluation.browser` shows the pages
as headless Chromium draws them; a run folder is read by :func:`pipeline.io.run_folder.load_output_tables`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from pipeline.dates.timex import readable_timex, timex_to_date
from pipeline.evaluation.charts import (
    STANCE_COLORS,
    escape,
    period_of,
    stacked_bars_svg,
    timeline_svg,
)
from pipeline.evaluation.compare import Comparison, Outcome, run_outcomes
from pipeline.evaluation.scoring import document_key, pair_documents
from pipeline.io.dataframes import event_names
from pipeline.io.run_folder import load_output_tables
from pipeline.records import Document
from pipeline.text.normalize import normalize

__all__ = [
    "STANCE_COLORS",
    "ENTITY_COLORS",
    "render_entities",
    "eval_report_html",
    "dataset_report_html",
]

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

# The metrics always shown when a run is compared with a baseline (names of `compare.metric_rows`).
HEADLINE_METRICS = ("entities f", "dates f", "dates value_acc", "events relaxed f", "events strict f", "events stance_acc")
ENTITY_COLORS = {"PER": "#ffd166", "ORG": "#7bdff2", "LOC": "#b2f7ef", "DATE": "#f7aef8"}

# displaCy's entity template with two extra parameters: a CSS class for the outcome of
# the span and a note after the label (a date's value).
_ENT_TEMPLATE = (
    '<mark class="entity {status}" style="background: {bg}">{text}'
    '<span class="ent-label">{label}{note}</span></mark>'
)

def render_entities(text: str, spans: Iterable[dict[str, Any]]) -> str:
    """displaCy (manual mode, right to left) markup of a text with entity and date spans.

    Args:
        text: the raw document text.
        spans: dicts with ``start``, ``end``, ``label`` and optionally ``status`` (a CSS class:
            ``missed``, ``spurious``, ``mislabeled``, ...) and ``note``.

    Returns:
        str: HTML; a span that overlaps an earlier one is left out (displaCy draws no overlaps).

    Examples:
        >>> markup = render_entities("پوتین در مسکو", [{"start": 9, "end": 13, "label": "LOC"}])
        >>> "direction: rtl" in markup and "مسکو" in markup
        True
    """
    from spacy import displacy

    kept, end = [], -1
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span["start"] < end:
            continue
        # displaCy escapes the text but formats the label (and the extra parameters) into
        # its template as they are: a label from a file must not become markup.
        kept.append({
            "start": span["start"], "end": span["end"], "label": escape(span["label"]),
            "params": {"status": escape(span.get("status", "")), "note": escape(span.get("note", ""))},
        })
        end = span["end"]
    data = {"text": text, "ents": kept, "title": None, "settings": {"lang": "fa", "direction": "rtl"}}
    options = {"colors": ENTITY_COLORS, "template": _ENT_TEMPLATE}
    return displacy.render(data, style="ent", manual=True, options=options, jupyter=False)


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda value: f"{100 * value:.1f}"
    env.filters["num"] = lambda value: f"{value:.3f}"
    env.filters["signed"] = lambda value: f"{value:+.3f}"
    return env


def _render(template: str, **context: Any) -> str:
    import jinja2

    context["markup"] = jinja2.utils.markupsafe.Markup
    return _environment().get_template(template).render(**context)


def _context(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """The span and up to ``width`` characters either side, cut at line breaks."""
    before = text[max(0, start - width):start].rsplit("\n", 1)[-1]
    after = text[end:end + width].split("\n", 1)[0]
    return before, text[start:end], after


def _error_row(gold: Document, outcome: Outcome) -> dict[str, Any]:
    """One error of the report: what was expected, what was predicted, and where."""
    row: dict[str, Any] = {"kind": outcome.kind, "status": outcome.status, "gold": outcome.gold, "pred": outcome.pred,
                           "fields": outcome.fields}
    if outcome.kind == "event":
        event = outcome.gold or outcome.pred or {}
        evidence, trigger = event.get("evidence") or "", event.get("trigger") or ""
        at = evidence.find(trigger) if trigger else -1
        row["context"] = (evidence[:at], trigger, evidence[at + len(trigger):]) if at >= 0 else ("", "", evidence)
    else:
        spans = [s for s in (outcome.gold, outcome.pred) if s]
        start, end = min(s["start"] for s in spans), max(s["end"] for s in spans)
        row["context"] = _context(gold.text, start, end)
    return row


def _reading_order(outcome: Outcome) -> tuple[int, int]:
    """Entities, then dates, then events; each in the order of the text."""
    item = outcome.gold or outcome.pred or {}
    return ("entity", "date", "event").index(outcome.kind), item.get("start", outcome.gold_index or 0)


def _marked_spans(outcomes: Sequence[Outcome], side: str) -> list[dict[str, Any]]:
    """Spans of one side (``gold`` or ``pred``) with their outcome as a CSS class."""
    spans = []
    for outcome in outcomes:
        item = outcome.gold if side == "gold" else outcome.pred
        if outcome.kind == "event" or item is None:
            continue
        label = item.get("label", "DATE")
        note = f" {item['value']}" if outcome.kind == "date" and item.get("value") else ""
        spans.append({"start": item["start"], "end": item["end"], "label": label, "status": outcome.status, "note": note})
    return spans


def _timeline_events(gold_docs: Sequence[Document], pred_docs: Sequence[Document]) -> list[dict[str, Any]]:
    events = [{**e.to_dict(), "source": "gold"} for d in gold_docs for e in d.events]
    return events + [{**e.to_dict(), "source": "pred"} for d in pred_docs for e in d.events]


def eval_report_html(
    gold_docs: Sequence[Document],
    pred_docs: Sequence[Document],
    scores: dict[str, Any],
    *,
    comparison: Comparison | None = None,
    title: str = "Evaluation report",
    sources: dict[str, str] | None = None,
) -> str:
    """The evaluation page: metrics, errors in context, entities side by side, event timeline.

    Args:
        gold_docs: the gold documents.
        pred_docs: the predictions (paired with gold by id).
        scores: :func:`pipeline.evaluation.scoring.evaluate_documents` of the two.
        comparison: :func:`pipeline.evaluation.compare.compare_runs` against a baseline, shown when given.
        title: the page title.
        sources: names shown in the header (e.g. ``{"gold": "dev.jsonl", "predictions": "pipeline run"}``).

    Returns:
        str: one self-contained HTML page.

    Examples:
        >>> from pipeline.evaluation.scoring import evaluate_documents
        >>> doc = Document.from_dict({"id": "d", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]})
        >>> page = eval_report_html([doc], [doc], evaluate_documents([doc], [doc]))
        >>> page.startswith("<!DOCTYPE html>") and "مسکو" in page
        True
    """
    outcomes = run_outcomes(gold_docs, pred_docs)
    documents = []
    for index, (gold, pred) in enumerate(pair_documents(gold_docs, pred_docs)):
        key = document_key(gold, index)
        doc_outcomes = outcomes[key]
        documents.append({
            "id": gold.id,
            "scores": scores["per_document"].get(key),
            "gold_markup": render_entities(gold.text, _marked_spans(doc_outcomes, "gold")),
            "pred_markup": render_entities(gold.text, _marked_spans(doc_outcomes, "pred")),
            "errors": [_error_row(gold, o) for o in sorted(doc_outcomes, key=_reading_order) if not o.is_correct],
            "n_pred_events": len(pred.events),
        })
    status_counts = Counter((o.kind, o.status) for outs in outcomes.values() for o in outs)
    # Against a baseline: the headline metrics and every metric that moved.
    comparison_rows = [row for row in comparison.metrics
                       if row["name"] in HEADLINE_METRICS or abs(row["delta"]) > 1e-9] if comparison else []
    return _render(
        "eval_report.html.j2",
        title=title,
        sources=sources or {},
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        scores=scores,
        documents=documents,
        status_counts=status_counts,
        timeline=_timeline_events(gold_docs, pred_docs),
        timeline_svg=timeline_svg,
        comparison=comparison,
        comparison_rows=comparison_rows,
        n_unchanged=len(comparison.metrics) - len(comparison_rows) if comparison else 0,
        entity_colors=ENTITY_COLORS,
        stance_colors=STANCE_COLORS,
    )


def _top_names(texts: Iterable[str], top: int) -> list[tuple[str, int, int]]:
    """The most frequent names as ``(spelling, count, spellings)``, spellings merged by the normalizer.

    The same name is written with Arabic or Persian Yeh and Kaf, with or without ZWNJ
    («روسيه», «روسیه»): such variants are counted together under their most frequent spelling.
    """

    groups: dict[str, Counter] = {}
    for text, count in Counter(texts).items():  # each distinct spelling normalized once
        groups.setdefault(normalize(text).text, Counter())[text] += count
    ranked = sorted(groups.values(), key=lambda c: (-sum(c.values()), c.most_common(1)[0][0]))
    return [(c.most_common(1)[0][0], sum(c.values()), len(c)) for c in ranked[:top]]


def _counts_over_time(events: pd.DataFrame, column: str, periods: list[str], top: int) -> dict[str, Any]:
    """A table of event counts: the ``top`` most frequent values of ``column`` × periods."""
    if events.empty:
        return {"column": column, "periods": periods, "rows": []}
    values = events[column].fillna("∅").astype(str)
    table = pd.crosstab(values, events["period"]).reindex(columns=periods, fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values("total", ascending=False).head(top)
    rows = [{"value": index, "counts": [int(row[p]) for p in periods], "total": int(row["total"])}
            for index, row in table.iterrows()]
    return {"column": column, "periods": periods, "rows": rows}


# Events listed one by one in the dataset report (the charts and counts cover all of them).
EVENT_LIST_LIMIT = 300


def _event_list(events: pd.DataFrame, *, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` events by date: readable date, CAMEO root and QuadClass names next to the
    codes, and the evidence cut around its trigger."""
    rows = []
    ordered = events.assign(_day=[timex_to_date(v) or dt.date.max for v in events["date"]])
    for event in ordered.sort_values(["_day", "doc_id"], kind="stable").head(limit).to_dict("records"):
        evidence, trigger = event.get("evidence") or "", event.get("trigger") or ""
        at = evidence.find(trigger) if trigger else -1
        rows.append({
            **event,
            "date_text": readable_timex(event.get("date")),
            # Folders written before the names were added to the events table still get them.
            **dict(zip(("type_name", "quad_class_name"), event_names(event["type"], event.get("quad_class") or 0))),
            "context": (evidence[:at], trigger, evidence[at + len(trigger):]) if at >= 0 else (evidence, "", ""),
        })
    return rows


def dataset_report_html(output_dir: str | Path, *, title: str | None = None, top: int = 15) -> str:
    """The dataset page for a ``pipeline run`` folder (no gold needed).

    Args:
        output_dir: the folder with ``documents.jsonl``, the Parquet tables and ``errors.jsonl``.
        title: the page title (default: the folder name).
        top: rows in each "most frequent" table.

    Returns:
        str: one self-contained HTML page.
    """
    tables = load_output_tables(output_dir)
    events = tables["events"].copy()
    days = [timex_to_date(v) for v in events["date"]] if not events.empty else []
    known = [d for d in days if d]
    granularity, fmt, freq = period_of(known)
    events["period"] = ["undated" if day is None else day.strftime(fmt) for day in days]
    dated = sorted(p for p in set(events["period"]) if p != "undated")
    undated = ["undated"] if "undated" in set(events["period"]) else []
    periods = dated + undated
    # The chart keeps the empty periods in between, so that its bars stay proportional to time.
    chart_periods = [str(p) for p in pd.period_range(dated[0], dated[-1], freq=freq)] if dated else []
    stance_counts = (
        pd.crosstab(events["period"], events["stance"])
        .reindex(index=chart_periods + undated, columns=list(STANCE_COLORS), fill_value=0)
        if not events.empty else pd.DataFrame()
    )
    entities, dates = tables["entities"], tables["dates"]
    top_entities = [
        {"label": label, "total": int((entities["label"] == label).sum()),
         "rows": _top_names(entities.loc[entities["label"] == label, "text"], top)}
        for label in sorted(set(entities["label"]))
    ]
    date_rows = (
        dates.assign(value=dates["value"].fillna("null"))
        .groupby(["value", "text"]).size().reset_index(name="count")
        .sort_values(["count", "value"], ascending=[False, True]).head(3 * top)
    )
    timeline = events[["actor", "target", "date", "stance", "type", "trigger"]].to_dict("records") if not events.empty else []
    event_rows = _event_list(events, limit=EVENT_LIST_LIMIT)
    return _render(
        "dataset_report.html.j2",
        title=title or f"Dataset report: {Path(output_dir).name}",
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        totals={name: len(tables[name]) for name in ("documents", "entities", "dates", "events", "errors")},
        by_stance=stacked_bars_svg(stance_counts, STANCE_COLORS),
        over_time=[_counts_over_time(events, column, periods, top) for column in ("actor", "target", "type", "stance")],
        timeline=timeline_svg(timeline),
        top_entities=top_entities,
        date_rows=[{**row, "readable": readable_timex(None if row["value"] == "null" else row["value"])}
                   for row in date_rows.to_dict("records")],
        n_dates_null=int(dates["value"].isna().sum()),
        errors=tables["errors"].to_dict("records"),
        event_rows=event_rows,
        event_list_limit=EVENT_LIST_LIMIT,
        granularity=granularity,
        entity_colors=ENTITY_COLORS,
    )


