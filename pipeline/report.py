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
- :func:`screenshot` and :func:`rendered_dom`: the pages as headless Chromium draws them,
  for checking what a reader sees (``scripts/screenshot_reports.py``, ``tests/test_report.py``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import math
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from pipeline.compare import Comparison, Outcome, run_outcomes
from pipeline.evaluate import document_key
from pipeline.records import Document

__all__ = [
    "STANCE_COLORS",
    "ENTITY_COLORS",
    "timex_to_date",
    "readable_timex",
    "time_ticks",
    "timeline_svg",
    "stacked_bars_svg",
    "render_entities",
    "eval_report_html",
    "load_output_tables",
    "dataset_report_html",
    "find_chromium",
    "screenshot",
    "rendered_dom",
]

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"

STANCE_COLORS = {"support": "#2a9d50", "oppose": "#d62839", "neutral": "#7a7f87"}
# The metrics always shown when a run is compared with a baseline (names of `compare.metric_rows`).
HEADLINE_METRICS = ("entities f", "dates f", "dates value_acc", "events relaxed f", "events strict f", "events stance_acc")
ENTITY_COLORS = {"PER": "#ffd166", "ORG": "#7bdff2", "LOC": "#b2f7ef", "DATE": "#f7aef8"}

# displaCy's entity template with two extra parameters: a CSS class for the outcome of
# the span and a note after the label (a date's value).
_ENT_TEMPLATE = (
    '<mark class="entity {status}" style="background: {bg}">{text}'
    '<span class="ent-label">{label}{note}</span></mark>'
)

_TIMEX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_TIMEX_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


_TIMEX_PARTS = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX))?(?:-(\d{2}))?(?:T(.+))?$")
_TIMEX_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def readable_timex(value: str | None) -> str:
    """A TIMEX3 value as a reader says it, for the reports.

    Examples:
        >>> readable_timex("2008-09-01TAF"), readable_timex("2024-W05"), readable_timex("XXXX-12-30")
        ('1 September 2008, afternoon', 'week 5 of 2024', '30 December (year unknown)')
        >>> readable_timex("2023-12-30/2024-01-02"), readable_timex(None)
        ('30 December 2023 – 2 January 2024', 'no date')
    """
    if not value:
        return "no date"
    if "/" in value:
        return " – ".join(readable_timex(part) for part in value.split("/"))
    if week := _TIMEX_WEEK.fullmatch(value):
        return f"week {int(week[2])} of {week[1]}"
    if season := _TIMEX_SEASON.match(value):
        return f"{_SEASONS[season[2]]} {season[1]}"
    parts = _TIMEX_PARTS.match(value)
    if not parts or (parts[2] and parts[2] != "XX" and not 1 <= int(parts[2]) <= 12):
        return value
    year, month, day, time = parts.groups()
    words = [str(int(day))] if day else []
    if month and month != "XX":
        words.append(_MONTHS[int(month) - 1])
    words.append("(year unknown)" if year == "XXXX" else year)
    text = " ".join(words)
    if time:
        text += f", {_PARTS_OF_DAY.get(time, time)}"
    return text


def timex_to_date(value: str | None) -> dt.date | None:
    """The first day a TIMEX3 value points at, for placing it on a time axis.

    Ranges take their start, weeks their Monday, months their first day; values whose year
    is unknown (``XXXX-12-30``) and null values have no place.

    Examples:
        >>> timex_to_date("2023-12-30"), timex_to_date("2024-W05"), timex_to_date("XXXX-12-30")
        (datetime.date(2023, 12, 30), datetime.date(2024, 1, 29), None)
    """
    if not value:
        return None
    week = _TIMEX_WEEK.match(value)
    if week:
        try:
            return dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        except ValueError:
            return None
    match = _TIMEX.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


# Period lengths for counting events over time, by the time the events span: (longest span in days, name,
# strftime format, pandas frequency). Few enough columns for a table either way.
_GRANULARITIES = ((92, "day", "%Y-%m-%d", "D"), (3 * 366, "month", "%Y-%m", "M"), (None, "year", "%Y", "Y"))


def _granularity(days: Sequence[dt.date]) -> tuple[str, str, str]:
    """The period (name, strftime format, pandas frequency) for events on ``days``."""
    span = (max(days) - min(days)).days if days else 0
    return next((name, fmt, freq) for limit, name, fmt, freq in _GRANULARITIES if limit is None or span <= limit)


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def time_ticks(first: dt.date, last: dt.date, *, most: int = 8) -> list[tuple[dt.date, str]]:
    """Round dates for a time axis from ``first`` to ``last``: days, weeks, months or years.

    Examples:
        >>> [label for _, label in time_ticks(dt.date(2023, 11, 20), dt.date(2024, 3, 1))]
        ['2023-12', '2024-01', '2024-02', '2024-03']
        >>> [label for _, label in time_ticks(dt.date(2012, 5, 1), dt.date(2025, 8, 28))]
        ['2014', '2016', '2018', '2020', '2022', '2024']
    """
    span = (last - first).days
    if span <= 62:
        step = next(s for s in (1, 2, 7, 14, 31) if span / s <= most)
        return [(first + dt.timedelta(days=k), (first + dt.timedelta(days=k)).isoformat())
                for k in range(0, span + 1, step)]
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= most), 120)
    # The first month start on or after ``first`` that is a multiple of the step (January for years).
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    index += -index % step
    ticks = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append((day, str(day.year) if step >= 12 else day.strftime("%Y-%m")))
        index += step
    return ticks


def timeline_svg(events: Sequence[dict[str, Any]], *, max_rows: int = 30, width: int = 1100) -> str:
    """An inline SVG timeline: one row per actor → target pair, one mark per event, coloured by stance.

    Args:
        events: dicts with ``actor``, ``target``, ``date`` (TIMEX3), ``stance``, and optionally
            ``type``, ``trigger`` and ``source`` (``"gold"`` draws a ring, anything else a dot).
        max_rows: the most frequent pairs shown; the others are counted in a note.
        width: the drawing width in pixels.

    Returns:
        str: an ``<svg>`` element (undated events sit in a column of their own at the right).

    Examples:
        >>> svg = timeline_svg([{"actor": "RUS", "target": "ISR", "date": "2023-12-30", "stance": "oppose"}])
        >>> svg.startswith("<svg") and "RUS → ISR" in svg
        True
    """
    if not events:
        return '<p class="empty">No events.</p>'
    pairs = Counter(f"{e.get('actor')} → {e.get('target') or '∅'}" for e in events)
    rows = [pair for pair, _ in pairs.most_common(max_rows)]
    row_of = {pair: i for i, pair in enumerate(rows)}
    days = [d for d in (timex_to_date(e.get("date")) for e in events) if d is not None]
    first, last = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    left, undated_w, row_h, top = 170, 110, 22, 30
    plot_w = width - left - undated_w - 20
    height = top + row_h * len(rows) + 40
    span_days = (last - first).days

    def x_of(day: dt.date) -> float:
        return left + 10 + (day - first).days / span_days * (plot_w - 20)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" direction="ltr" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="12">'
    ]
    for i, pair in enumerate(rows):
        y = top + i * row_h + row_h / 2
        fill = "#f4f5f7" if i % 2 else "#ffffff"
        parts.append(f'<rect x="{left}" y="{y - row_h / 2}" width="{plot_w + undated_w}" height="{row_h}" fill="{fill}"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{_esc(pair)}</text>')
    axis_y = top + row_h * len(rows)
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#333"/>')
    for day, label in time_ticks(first, last):
        x = x_of(day)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#ccc"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle">{label}</text>')
    undated_x = left + plot_w + undated_w / 2
    parts.append(f'<text x="{undated_x}" y="{axis_y + 18}" text-anchor="middle">undated</text>')
    parts.append(
        f'<line x1="{left + plot_w}" y1="{top}" x2="{left + plot_w}" y2="{axis_y}" stroke="#999" stroke-dasharray="3,3"/>'
    )
    # One mark per pair, place, stance and source: many events there make a bigger mark, not a longer
    # queue; marks that share a place are set side by side so that each stays visible.
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for event in events:
        pair = f"{event.get('actor')} → {event.get('target') or '∅'}"
        if pair in row_of:
            day = timex_to_date(event.get("date"))
            x = round(x_of(day)) if day else round(undated_x)
            groups.setdefault((pair, x, event.get("source", "pred"), str(event.get("stance"))), []).append(event)
    side_by_side: Counter = Counter()
    for (pair, x, source, stance), members in groups.items():
        cx = x + 7 * side_by_side[(pair, x)]
        side_by_side[(pair, x)] += 1
        y = top + row_of[pair] * row_h + row_h / 2
        color = STANCE_COLORS.get(stance, "#444")
        grow = min(4.0, 1.5 * math.log2(len(members)))
        first = members[0]
        if len(members) == 1:
            what = f"type {first.get('type')} · {first.get('trigger') or ''}"
        else:
            types = Counter(str(e.get("type")) for e in members)
            what = f"{len(members)} events, types " + ", ".join(f"{t}×{n}" for t, n in types.most_common())
        title = _esc(f"{pair} · {stance} · {first.get('date') or 'no date'} · {what} ({source})")
        if source == "gold":
            parts.append(f'<circle cx="{cx}" cy="{y}" r="{7 + grow:.1f}" fill="none" stroke="{color}" '
                         f'stroke-width="2.5"><title>{title}</title></circle>')
        else:
            parts.append(f'<circle cx="{cx}" cy="{y}" r="{4.5 + grow:.1f}" fill="{color}"><title>{title}</title></circle>')
    hidden = len(pairs) - len(rows)
    note = f" · {hidden} more pairs not shown" if hidden > 0 else ""
    legend_x = left
    parts.append(f'<text x="{legend_x}" y="16" font-weight="bold">stance:</text>')
    for i, (stance, color) in enumerate(STANCE_COLORS.items()):
        x = legend_x + 60 + i * 90
        parts.append(f'<circle cx="{x}" cy="12" r="5" fill="{color}"/><text x="{x + 9}" y="16">{stance}</text>')
    if any(e.get("source") == "gold" for e in events):
        x = legend_x + 340
        parts.append(f'<circle cx="{x}" cy="12" r="6" fill="none" stroke="#444" stroke-width="2"/>'
                     f'<text x="{x + 10}" y="16">gold</text>'
                     f'<circle cx="{x + 60}" cy="12" r="4.5" fill="#444"/><text x="{x + 69}" y="16">predicted</text>')
    parts.append(f'<text x="{width - 10}" y="16" text-anchor="end" fill="#666">{len(events)} events{note}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(peak: int, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5, 10, 20, ...) that divides ``peak`` into at most ``ticks`` steps."""
    step = 1
    while step * ticks < peak:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if step * ticks >= peak:
                break
    return step


def stacked_bars_svg(counts: pd.DataFrame, colors: dict[str, str], *, width: int = 1100, height: int = 260) -> str:
    """Stacked bars: one bar per row of ``counts`` (periods), one segment per column (stances).

    Examples:
        >>> frame = pd.DataFrame({"oppose": [2, 1], "support": [0, 3]}, index=["2024-01", "2024-02"])
        >>> stacked_bars_svg(frame, STANCE_COLORS).count("<title>")  # one segment per non-zero count
        3
    """
    if counts.empty:
        return '<p class="empty">No events.</p>'
    left, bottom, top = 40, 40, 24
    plot_h = height - top - bottom
    step = _nice_step(int(counts.sum(axis=1).max()))
    peak = step * -(-int(counts.sum(axis=1).max()) // step) or step
    bar_w = min(60.0, (width - left - 10) / len(counts))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" direction="ltr" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="11">'
    ]
    for value in range(0, peak + 1, step):
        y = top + plot_h - plot_h * value / peak
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    label_every = max(1, int(len(counts) / (width / 70)))
    for i, (period, row) in enumerate(counts.iterrows()):
        x = left + i * bar_w + 2
        y = top + plot_h
        for column, value in row.items():
            if value <= 0:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
                f'fill="{colors.get(str(column), "#888")}"><title>{_esc(period)} {_esc(column)}: {int(value)}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(f'<text x="{x + (bar_w - 4) / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                         f"{_esc(period)}</text>")
    for i, (column, color) in enumerate(colors.items()):
        x = left + i * 90
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{color}"/><text x="{x + 14}" y="13">{_esc(column)}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
            "start": span["start"], "end": span["end"], "label": _esc(span["label"]),
            "params": {"status": _esc(span.get("status", "")), "note": _esc(span.get("note", ""))},
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
        scores: :func:`pipeline.evaluate.evaluate_documents` of the two.
        comparison: :func:`pipeline.compare.compare_runs` against a baseline, shown when given.
        title: the page title.
        sources: names shown in the header (e.g. ``{"gold": "dev.jsonl", "predictions": "pipeline run"}``).

    Returns:
        str: one self-contained HTML page.

    Examples:
        >>> from pipeline.evaluate import evaluate_documents
        >>> doc = Document.from_dict({"id": "d", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]})
        >>> page = eval_report_html([doc], [doc], evaluate_documents([doc], [doc]))
        >>> page.startswith("<!DOCTYPE html>") and "مسکو" in page
        True
    """
    outcomes = run_outcomes(gold_docs, pred_docs)
    pred_by_id = {d.id: d for d in pred_docs}
    documents = []
    for index, gold in enumerate(gold_docs):
        doc_outcomes = outcomes[gold.id]
        pred = pred_by_id.get(gold.id)
        documents.append({
            "id": gold.id,
            "scores": scores["per_document"].get(document_key(gold, index)),
            "gold_markup": render_entities(gold.text, _marked_spans(doc_outcomes, "gold")),
            "pred_markup": render_entities(gold.text, _marked_spans(doc_outcomes, "pred")),
            "errors": [_error_row(gold, o) for o in sorted(doc_outcomes, key=_reading_order) if not o.is_correct],
            "n_pred_events": len(pred.events) if pred else 0,
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


def _read_table(directory: Path, name: str) -> pd.DataFrame | None:
    parquet = directory / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet)
    return None


def load_output_tables(output_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of a ``pipeline run`` folder: Parquet when present, else ``documents.jsonl``.

    Returns:
        dict: ``documents``, ``entities``, ``dates``, ``events`` DataFrames and ``errors``
        (one row per failed document: source, line, id, reason).
    """
    from pipeline.dataframes import TABLES, to_dataframes
    from pipeline.errors import InputError
    from pipeline.io import read_gold

    directory = Path(output_dir)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a folder written by `pipeline run`")
    tables = {name: _read_table(directory, name) for name in TABLES}
    if any(frame is None for frame in tables.values()):
        jsonl = directory / "documents.jsonl"
        if not jsonl.exists():
            raise InputError(str(directory), "neither the Parquet tables nor documents.jsonl are there")
        fallback = to_dataframes(read_gold(jsonl))
        tables = {name: frame if frame is not None else fallback[name] for name, frame in tables.items()}
    errors_path = directory / "errors.jsonl"
    errors = []
    if errors_path.exists():
        with errors_path.open(encoding="utf-8") as handle:
            errors = [json.loads(line) for line in handle if line.strip()]
    tables["errors"] = pd.DataFrame(errors, columns=["source", "line", "id", "reason"])
    return tables


def _top_names(texts: Iterable[str], top: int) -> list[tuple[str, int, int]]:
    """The most frequent names as ``(spelling, count, spellings)``, spellings merged by the normalizer.

    The same name is written with Arabic or Persian Yeh and Kaf, with or without ZWNJ
    («روسيه», «روسیه»): such variants are counted together under their most frequent spelling.
    """
    from pipeline.normalize import normalize

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
    from pipeline.dataframes import event_names

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
    granularity, fmt, freq = _granularity(known)
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


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable on PATH, or None."""
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def _headless_chromium(html_path: str | Path, *options: str, timeout: float) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local page with a fresh profile and no network use.

    Raises:
        FileNotFoundError: no Chromium on PATH (Debian: ``apt-get install chromium``).
    """
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError("no Chromium on PATH; install Debian's `chromium` package")
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
            *options, Path(html_path).resolve().as_uri(),
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def screenshot(html_path: str | Path, png_path: str | Path, *, width: int = 1400, height: int = 2000,
               timeout: float = 120.0) -> Path:
    """Take a PNG screenshot of an HTML file with headless Chromium (no network, fresh profile).

    Args:
        html_path: the page to render.
        png_path: the PNG to write.
        width: window width in pixels.
        height: window height in pixels (the screenshot is the window, not the whole page).
        timeout: seconds before Chromium is given up on.

    Returns:
        Path: ``png_path``.

    Raises:
        FileNotFoundError: no Chromium on PATH (Debian: ``apt-get install chromium``).
        RuntimeError: Chromium ran but wrote no screenshot.
    """
    png_path = Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    completed = _headless_chromium(html_path, f"--screenshot={png_path}", f"--window-size={width},{height}",
                                   timeout=timeout)
    if not png_path.exists():
        raise RuntimeError(f"Chromium wrote no screenshot (exit {completed.returncode}): {completed.stderr[-500:]}")
    logger.info("screenshot of %s written to %s", html_path, png_path)
    return png_path


def rendered_dom(html_path: str | Path, *, width: int = 1400, height: int = 2000, timeout: float = 120.0) -> str:
    """The document as headless Chromium holds it after loading and laying out the page.

    Inline scripts have run by then, so a script added to the page can write what it
    measured (element sizes, positions, computed styles) into the DOM for a check to read.

    Raises:
        FileNotFoundError: no Chromium on PATH.
        RuntimeError: Chromium printed no document.
    """
    completed = _headless_chromium(html_path, "--dump-dom", f"--window-size={width},{height}", timeout=timeout)
    if "<html" not in completed.stdout:
        raise RuntimeError(f"Chromium printed no document (exit {completed.returncode}): {completed.stderr[-500:]}")
    return completed.stdout
