"""TIMEX3 values read back: the one parser of the values the dates stage writes
(``2023-12-30``, ``2023-12``, ``XXXX-12-30``, ``2024-W05``, ``2024-SU``, ``2008-09-01TAF``,
ranges ``A/B``), for the events stage, the reports and your own code."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

__all__ = ["Timex", "parse_timex", "readable_timex", "timex_to_date", "day_of"]

_TIMEX = re.compile(r"^(?P<year>\d{4}|XXXX)(?:-(?:W(?P<week>\d{2})|(?P<season>SP|SU|FA|WI)|(?P<month>\d{2}|XX)"
                    r"(?:-(?P<day>\d{2}))?))?(?:T(?P<time>.+))?$")
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


class Timex(NamedTuple):
    """The parts of one TIMEX3 value (not a range); None where the value has none."""

    year: int | None  # None: the year is unknown (XXXX)
    month: int | None
    day: int | None
    week: int | None
    season: str | None
    time: str | None


def parse_timex(value: str | None) -> Timex | None:
    """The parts of a single TIMEX3 value; None for no value, a range or an unreadable one.

    Examples:
        >>> parse_timex("2008-09-01TAF")
        Timex(year=2008, month=9, day=1, week=None, season=None, time='AF')
        >>> parse_timex("XXXX-12"), parse_timex("2024-W05").week, parse_timex("2024-13"), parse_timex("2023/2024")
        (Timex(year=None, month=12, day=None, week=None, season=None, time=None), 5, None, None)
    """
    match = _TIMEX.match(value) if value else None
    if match is None:
        return None
    year, month, day, week = (None if not part or part.startswith("X") else int(part)
                              for part in match.group("year", "month", "day", "week"))
    if month is not None and not 1 <= month <= 12:
        return None
    return Timex(year, month, day, week, match["season"], match["time"])


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
    timex = parse_timex(value)
    if timex is None:
        return value
    year = "(year unknown)" if timex.year is None else str(timex.year)
    if timex.week is not None:
        return f"week {timex.week} of {year}"
    if timex.season is not None:
        return f"{_SEASONS[timex.season]} {year}"
    words = [str(timex.day)] if timex.day else []
    if timex.month is not None:
        words.append(_MONTHS[timex.month - 1])
    words.append(year)
    text = " ".join(words)
    if timex.time:
        text += f", {_PARTS_OF_DAY.get(timex.time, timex.time)}"
    return text


def timex_to_date(value: str | None) -> dt.date | None:
    """The first day a TIMEX3 value points at, for placing it on a time axis.

    Ranges take their start, weeks their Monday, months their first day; values whose year
    is unknown (``XXXX-12-30``) and null values have no place.

    Examples:
        >>> timex_to_date("2023-12-30"), timex_to_date("2024-W05"), timex_to_date("XXXX-12-30")
        (datetime.date(2023, 12, 30), datetime.date(2024, 1, 29), None)
    """
    timex = parse_timex(value.split("/", 1)[0]) if value else None
    if timex is None or timex.year is None:
        return None
    try:
        if timex.week is not None:
            return dt.date.fromisocalendar(timex.year, timex.week, 1)
        return dt.date(timex.year, timex.month or 1, timex.day or 1)
    except ValueError:
        return None


def day_of(value: str | None) -> str | None:
    """An event's date is a day (or a coarser period): the time of day of an expression
    («یکشنبه‌شب», 2025-10-26TNI; «ساعت ۹:۳۰», …T09:30) dates the act by its day.

    Examples:
        >>> day_of("2025-10-26TNI"), day_of("2024-01-11T09:30"), day_of("2023-12"), day_of(None)
        ('2025-10-26', '2024-01-11', '2023-12', None)
    """
    if value is None or "/" in value:
        return value
    return value.split("T", 1)[0]
