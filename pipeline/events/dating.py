"""Event dates: the day the text attaches to an act (EVENTS_GUIDE, "Date")."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import Sequence

from pipeline.records import Document

__all__ = ["after", "clause_date", "dated_token_spans"]


def dated_token_spans(doc: Document, token_starts: Sequence[int]) -> list[tuple[int, int, str]]:
    """The dates of a document with a value, as token ranges ``(first, stop, value)``."""
    spans = []
    for mention in doc.dates:
        if mention.value is None or doc.normalized is None:
            continue
        start, end = doc.normalized.to_norm_span(mention.start, mention.end)
        first = bisect_right(token_starts, start) - 1
        stop = bisect_left(token_starts, end)
        spans.append((max(first, 0), max(stop, first + 1), mention.value))
    return sorted(spans)


def clause_date(spans: Sequence[tuple[int, int, str]], first: int, stop: int, trigger: int, sentence_date: str | None) -> str | None:
    """The date that a clause attaches to the act at token ``trigger``.

    A sentence can date two acts («وزارت دفاع روز دوشنبه اعلام کرد که پهپادها را یکشنبه‌شب
    سرنگون کرده»): each act takes the nearest date of its own clause before it, else the
    first after it; a sentence with one date (or none in the clause) keeps the date the
    dates stage put in force for it.
    """
    inside = [s for s in spans if first <= s[0] and s[1] <= stop]
    if len(inside) < 2:
        return sentence_date
    before = [s for s in inside if s[1] <= trigger]
    if before:
        return before[-1][2]
    return next((s[2] for s in inside if s[0] >= trigger), sentence_date)


def after(value: str, reference_date: str | None) -> bool:
    """True when a TIMEX3 value starts after the reference date («2012» after 2009-12-03)."""
    if reference_date is None:
        return False
    start = value.split("/")[0].split("T")[0]
    try:
        if "-W" in start:
            year, week = start.split("-W")
            first_day = dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        else:
            parts = [int(p) for p in start.split("-")] + [1, 1]
            first_day = dt.date(parts[0], parts[1], parts[2])
        return first_day > dt.date.fromisoformat(reference_date)
    except ValueError:  # «XXXX-12-30»: a date without a known year
        return False





























