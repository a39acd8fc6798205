"""Conversions between the Gregorian, Jalali and Hijri (Umm al-Qura) calendars.

All arithmetic is delegated to jdatetime (Jalali) and hijridate (Hijri); this module
only gives the three calendars one interface: a (year, month, day) in a calendar to a
Gregorian :class:`datetime.date`, the Gregorian first and last day of a month or year,
and a Gregorian date expressed in a calendar.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jdatetime
from hijridate import Gregorian, Hijri

__all__ = ["to_gregorian", "from_gregorian", "month_bounds", "year_bounds", "valid_years"]

# Years each calendar can convert: hijridate covers 1343–1500 AH (1924–2077 AD).
_HIJRI_YEARS = (1343, 1500)


def valid_years(calendar: str) -> tuple[int, int]:
    """The inclusive range of years a calendar's conversion supports."""
    if calendar == "hijri":
        return _HIJRI_YEARS
    return (1, 9377) if calendar == "jalali" else (1, 9999)


# A document names the same few days again and again; jdatetime builds a locale-aware object per call.
@lru_cache(maxsize=4096)
def to_gregorian(calendar: str, year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a day in ``calendar``.

    Raises:
        ValueError: the day does not exist in that calendar (e.g. ۳۱ اسفند of a common year).

    Examples:
        >>> to_gregorian("jalali", 1402, 10, 10)
        datetime.date(2023, 12, 31)
    """
    if calendar == "gregorian":
        return dt.date(year, month, day)
    if calendar == "jalali":
        return jdatetime.date(year, month, day).togregorian()
    if calendar == "hijri":
        if not _HIJRI_YEARS[0] <= year <= _HIJRI_YEARS[1]:
            raise ValueError(f"Hijri year {year} outside the supported range {_HIJRI_YEARS}")
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    raise ValueError(f"unknown calendar {calendar!r}")


@lru_cache(maxsize=4096)
def from_gregorian(calendar: str, date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in ``calendar``.

    Raises:
        ValueError: a Hijri date outside hijridate's range (1924-08-01 to 2077-11-16).

    Examples:
        >>> from_gregorian("jalali", dt.date(2024, 3, 1))
        (1402, 12, 11)
    """
    if calendar == "gregorian":
        return date.year, date.month, date.day
    if calendar == "jalali":
        j = jdatetime.date.fromgregorian(date=date)
        return j.year, j.month, j.day
    if calendar == "hijri":
        try:
            h = Gregorian(date.year, date.month, date.day).to_hijri()
        except OverflowError as exc:  # hijridate covers 1924-08-01 to 2077-11-16 only
            raise ValueError(f"{date.isoformat()} is outside the Hijri conversion range") from exc
        return h.year, h.month, h.day
    raise ValueError(f"unknown calendar {calendar!r}")


def _month_length(calendar: str, year: int, month: int) -> int:
    if calendar == "gregorian":
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).day
    if calendar == "jalali":
        return jdatetime.j_days_in_month[month - 1] if month < 12 else (30 if jdatetime.date(year, 1, 1).isleap() else 29)
    return Hijri(year, month, 1).month_length()


def month_bounds(calendar: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a month of ``calendar``.

    Examples:
        >>> month_bounds("jalali", 1402, 11)
        (datetime.date(2024, 1, 21), datetime.date(2024, 2, 19))
    """
    first = to_gregorian(calendar, year, month, 1)
    return first, to_gregorian(calendar, year, month, _month_length(calendar, year, month))


def year_bounds(calendar: str, year: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a year of ``calendar``."""
    return month_bounds(calendar, year, 1)[0], month_bounds(calendar, year, 12)[1]
