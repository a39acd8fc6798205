"""The SVG charts of the reports: an event timeline and stacked bars over time, drawn by hand
(a few dozen elements each) so that a report is one file that renders offline."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter
from typing import Any, Sequence

import pandas as pd

from pipeline.dates.timex import timex_to_date

__all__ = ["time_ticks", "timeline_svg", "stacked_bars_svg", "period_of", "escape", "STANCE_COLORS"]

STANCE_COLORS = {"support": "#2a9d50", "oppose": "#d62839", "neutral": "#7a7f87"}

_GRANULARITIES = ((92, "day", "%Y-%m-%d", "D"), (3 * 366, "month", "%Y-%m", "M"), (None, "year", "%Y", "Y"))


def period_of(days: Sequence[dt.date]) -> tuple[str, str, str]:
    """The period (name, strftime format, pandas frequency) for events on ``days``."""
    span = (max(days) - min(days)).days if days else 0
    return next((name, fmt, freq) for limit, name, fmt, freq in _GRANULARITIES if limit is None or span <= limit)


def escape(value: object) -> str:
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
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(pair)}</text>')
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
        title = escape(f"{pair} · {stance} · {first.get('date') or 'no date'} · {what} ({source})")
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
                f'fill="{colors.get(str(column), "#888")}"><title>{escape(period)} {escape(column)}: {int(value)}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(f'<text x="{x + (bar_w - 4) / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                         f"{escape(period)}</text>")
    for i, (column, color) in enumerate(colors.items()):
        x = left + i * 90
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{color}"/><text x="{x + 14}" y="13">{escape(column)}</text>')
    parts.append("</svg>")
    return "".join(parts)
