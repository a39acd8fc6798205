"""Event dates: the day the text attaches to an act (EVENTS_GUIDE, "Date")."""

from __future__ import annotations

import datetime as dt

__all__ = ["after"]


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





























