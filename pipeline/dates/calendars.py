"""Conversions between the Gregorian, Jalali and Hijri (Umm al-Qura) calendars.

All arithmetic is delegated to jdatetime (Jalali) and hijridate (Hijri). Each calendar is an
object of one protocol, :class:`Calendar`, registered by name in
:data:`pipeline.registry.calendars`; the functions below take the calendar's name, so the date
grammar and resolver never branch on it. A new calendar is one class and one registration
(``docs/ARCHITECTURE.md``, "Add a calendar").
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Protocol

import jdatetime
from hijridate import Gregorian, Hijri

from pipeline.registry import calendars

__all__ = ["Calendar", "GREGORIAN", "JALALI", "HIJRI", "to_gregorian", "from_gregorian", "month_bounds",
           "year_bounds", "valid_years", "news_years", "expand_short_year"]


class Calendar(Protocol):
    """A calendar: its supported years and its days to and from the Gregorian calendar."""

    #: The inclusive range of years the conversion supports.
    years: tuple[int, int]
    #: The years a news text plausibly writes in this calendar: a bare number in this range
    #: after a month name is its year (۱۴۰۲ Jalali, ۲۰۲۳ Gregorian, ۱۴۴۵ Hijri).
    news_years: tuple[int, int]

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        """The Gregorian date of a day; ValueError when the day does not exist."""
        ...

    def from_gregorian(self, date: dt.date) -> tuple[int, int, int]:
        """(year, month, day) of a Gregorian date; ValueError outside :attr:`years`."""
        ...

    def month_length(self, year: int, month: int) -> int:
        """Days in a month."""
        ...

    def expand_short_year(self, year: int) -> int:
        """The full year a news text means by a two-digit one («خرداد ۷۶» is 1376)."""
        ...


class _Gregorian:
    years = (1, 9999)
    news_years = (1000, 2200)

    def expand_short_year(self, year: int) -> int:
        return year + (1900 if year >= 30 else 2000)

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        return dt.date(year, month, day)

    def from_gregorian(self, date: dt.date) -> tuple[int, int, int]:
        return date.year, date.month, date.day

    def month_length(self, year: int, month: int) -> int:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).day


class _Jalali:
    years = (1, 9377)
    news_years = (1200, 1600)

    def expand_short_year(self, year: int) -> int:
        return year + (1300 if year >= 10 else 1400)

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        return jdatetime.date(year, month, day).togregorian()

    def from_gregorian(self, date: dt.date) -> tuple[int, int, int]:
        j = jdatetime.date.fromgregorian(date=date)
        return j.year, j.month, j.day

    def month_length(self, year: int, month: int) -> int:
        return jdatetime.j_days_in_month[month - 1] if month < 12 else (30 if jdatetime.date(year, 1, 1).isleap() else 29)


class _Hijri:
    # hijridate covers 1343–1500 AH (1924–2077 AD).
    years = (1343, 1500)
    news_years = (1300, 1500)

    def expand_short_year(self, year: int) -> int:
        return year + (1300 if year >= 60 else 1400)

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        if not self.years[0] <= year <= self.years[1]:
            raise ValueError(f"Hijri year {year} outside the supported range {self.years}")
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())

    def from_gregorian(self, date: dt.date) -> tuple[int, int, int]:
        try:
            h = Gregorian(date.year, date.month, date.day).to_hijri()
        except OverflowError as exc:  # hijridate covers 1924-08-01 to 2077-11-16 only
            raise ValueError(f"{date.isoformat()} is outside the Hijri conversion range") from exc
        return h.year, h.month, h.day

    def month_length(self, year: int, month: int) -> int:
        return Hijri(year, month, 1).month_length()


GREGORIAN: Calendar = _Gregorian()
JALALI: Calendar = _Jalali()
HIJRI: Calendar = _Hijri()


def _calendar(name: str) -> Calendar:
    """The registered calendar of that name; ValueError (as for a bad day) for an unknown one."""
    if name not in calendars:
        raise ValueError(f"unknown calendar {name!r}")
    return calendars.get(name)


def valid_years(calendar: str) -> tuple[int, int]:
    """The inclusive range of years a calendar's conversion supports."""
    return _calendar(calendar).years


def news_years(calendar: str) -> tuple[int, int]:
    """The years a news text plausibly writes in a calendar (:attr:`Calendar.news_years`)."""
    return _calendar(calendar).news_years


def expand_short_year(calendar: str, year: int) -> int:
    """The full year of a two-digit one: ۹۶ → 1396, ۰۲ → 1402 (Jalali), ۹۰ → 1990 (Gregorian).

    Examples:
        >>> expand_short_year("jalali", 96), expand_short_year("jalali", 2), expand_short_year("gregorian", 90)
        (1396, 1402, 1990)
    """
    return _calendar(calendar).expand_short_year(year)


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
    return _calendar(calendar).to_gregorian(year, month, day)


@lru_cache(maxsize=4096)
def from_gregorian(calendar: str, date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in ``calendar``.

    Raises:
        ValueError: a Hijri date outside hijridate's range (1924-08-01 to 2077-11-16).

    Examples:
        >>> from_gregorian("jalali", dt.date(2024, 3, 1))
        (1402, 12, 11)
    """
    return _calendar(calendar).from_gregorian(date)


def month_bounds(calendar: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a month of ``calendar``.

    Examples:
        >>> month_bounds("jalali", 1402, 11)
        (datetime.date(2024, 1, 21), datetime.date(2024, 2, 19))
    """
    first = to_gregorian(calendar, year, month, 1)
    return first, to_gregorian(calendar, year, month, _calendar(calendar).month_length(year, month))


def year_bounds(calendar: str, year: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a year of ``calendar``."""
    return month_bounds(calendar, year, 1)[0], month_bounds(calendar, year, 12)[1]
