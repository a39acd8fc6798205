"""Conversions between the Gregorian, Jalali and Hijri calendars (jdatetime, hijridate)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates.calendars import (
    from_gregorian,
    month_bounds,
    to_gregorian,
    valid_years,
    year_bounds,
)


@pytest.mark.parametrize(
    ("calendar", "ymd", "expected"),
    [
        ("jalali", (1357, 11, 22), dt.date(1979, 2, 11)),  # ۲۲ بهمن ۱۳۵۷
        ("jalali", (1403, 1, 1), dt.date(2024, 3, 20)),  # نوروز ۱۴۰۳
        ("jalali", (1403, 12, 30), dt.date(2025, 3, 20)),  # ۱۴۰۳ is a leap year: ۳۰ اسفند exists
        ("hijri", (1444, 10, 1), dt.date(2023, 4, 21)),  # عید فطر ۱۴۴۴ (Umm al-Qura)
        ("hijri", (1446, 1, 10), dt.date(2024, 7, 16)),  # عاشورا ۱۴۴۶
        ("gregorian", (2024, 2, 29), dt.date(2024, 2, 29)),
    ],
)
def test_calendars_to_gregorian(calendar, ymd, expected):
    assert to_gregorian(calendar, *ymd) == expected


@pytest.mark.parametrize(
    ("calendar", "ymd"),
    [
        ("jalali", (1402, 12, 30)),  # ۱۴۰۲ is a common year: اسفند has 29 days
        ("jalali", (1402, 7, 31)),  # the second half of the Jalali year has 30-day months
        ("hijri", (1200, 1, 1)),  # outside what hijridate converts
        ("gregorian", (2023, 2, 29)),
    ],
)
def test_calendars_to_gregorian_rejects_days_that_do_not_exist(calendar, ymd):
    with pytest.raises(ValueError):
        to_gregorian(calendar, *ymd)


def test_calendars_from_gregorian_in_each_calendar():
    day = dt.date(2024, 3, 1)
    assert from_gregorian("jalali", day) == (1402, 12, 11)
    assert from_gregorian("hijri", day) == (1445, 8, 20)
    assert from_gregorian("gregorian", day) == (2024, 3, 1)


def test_calendars_month_and_year_bounds_are_gregorian_intervals():
    assert month_bounds("jalali", 1402, 10) == (dt.date(2023, 12, 22), dt.date(2024, 1, 20))  # دی ۱۴۰۲
    assert month_bounds("hijri", 1445, 9) == (dt.date(2024, 3, 11), dt.date(2024, 4, 9))  # رمضان ۱۴۴۵
    assert month_bounds("gregorian", 2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert year_bounds("jalali", 1402) == (dt.date(2023, 3, 21), dt.date(2024, 3, 19))


@settings(max_examples=200, deadline=None, derandomize=True)  # the same examples on every CI run
@given(st.dates(min_value=dt.date(1925, 1, 1), max_value=dt.date(2076, 12, 31)), st.sampled_from(["jalali", "hijri"]))
def test_calendars_round_trip(day, calendar):
    year, month, number = from_gregorian(calendar, day)
    assert valid_years(calendar)[0] <= year <= valid_years(calendar)[1]
    assert to_gregorian(calendar, year, month, number) == day
    first, last = month_bounds(calendar, year, month)
    assert first <= day <= last
