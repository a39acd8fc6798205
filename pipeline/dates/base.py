"""The pieces every part of the date stage shares: atom kinds, regex helpers and the
records of one match (:class:`Atom`), one expression (:class:`Group`) and its value
(:class:`Resolved`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.text.tokens import ZWNJ

_END = r"(?![\w\u200c])"  # a word ends: no letter, digit or ZWNJ follows
_START = r"(?<![\w\u200c])"
# After a direction word (پیش، گذشته) a ZWNJ is also an end: ZWNJ repair may glue the next
# word to it (پیش‌قرارداد), which does not change the date.
# «پیش رو» ("ahead") after a unit is not پیش ("ago"): هفته پیش رو is the coming week.
_DIR_END = r"(?!\w)(?![ \u200c]رو(?!\w))"
# «پنجشنبه پیش از مذاکرات», «هفته قبل از انتخابات»: a direction word before از is the
# preposition "before/after", which does not make the weekday or unit relative to today.
_DIR_NOT_PREPOSITION = _DIR_END + r"(?! از )"
_DIGITS = re.compile(r"\d+")
_PUNCT = " \t.,،:;؛!?؟«»\"'()[]-–—…/"

# Atom kinds, which are also the slots of a group (a group holds each at most once).
DATE, YEAR, NUMERIC, TIME, WEEKDAY, RELDAY, RELYEAR, PERIOD, POD, MOD, NAMED, SEASON, DURATION = (
    "date", "year", "numeric", "time", "weekday", "relday", "relyear", "period", "pod", "mod", "named", "season",
    "duration",
)
# The tense of a date's sentence, which decides the year of a date written without one.
PAST, PRESENT, FUTURE = "past", "present", "future"
_SATURDAY = 5  # the first day of the Persian week, as Python's date.weekday()
# Words after a season that place it relative to the reference date's Jalali season:
# (year offset from the current year, or None for the nearest occurrence, direction).
_SEASON_RELATIVE = {
    "امسال": (0, 0), "جاری": (0, 0), "کنونی": (0, 0), "سال جاری": (0, 0),
    "پارسال": (-1, 0), "سال گذشته": (-1, 0), "سال قبل": (-1, 0), "سال پیش": (-1, 0), "سال آینده": (1, 0),
    "گذشته": (None, -1), "پیش": (None, -1), "قبل": (None, -1), "آینده": (None, 1),
}
# Parts of a period numbered with an ordinal before a month (هفته اول مهر، دهه دوم اسفند).
_PERIOD_PARTS = ("هفته", "دهه", "نیمه")
# ساعت ده و نیم (10:30), ساعت سه و ربع (3:15): minutes as a fraction of the hour.
_HOUR_FRACTIONS = {"نیم": 30, "ربع": 15}
# Words between the two ends of a range (۵ تا ۷ فوریه، ۱۳ الی ۱۹ مهر، ۱ لغایت ۵ اسفند).
_RANGE_WORDS = ("تا", "الی", "لغایت", "-", "–")
# Words after a month (with or without a day) that give its year: بهمن ماه جاری، دی امسال,
# or the direction of the nearest occurrence: دسامبر گذشته، مارس آینده.
_MONTH_RELATIVE = ("گذشته", "آینده", "امسال", "پارسال", "جاری")
# What separates a dateline's date from its clock time (۱۳ شهریور ۱۴۰۳ - ۱۵:۱۰).
_DATELINE_SEPARATORS = ("-", "–", "،", ",")
# همین روز، همان روز ("that same day"): the day of the last dated expression.
_ANAPHORIC_DAYS = ("همین روز", "همان روز")
# Directions after a vague count of units (چند روز پیش، روزهای گذشته، ماه‌های اخیر).
_VAGUE_DIRECTIONS = ("گذشته", "اخیر", "آینده", "آتی", "پیش", "قبل", "بعد", "دیگر")
# Atoms that never stand alone: a part of day or a modifier needs something to qualify.
_DEPENDENT = {POD, MOD}
# Kinds that name a calendar date or period themselves; two of them never make one group.
_CALENDAR_KINDS = {DATE, NUMERIC, YEAR, NAMED, SEASON}


def _flexible(word: str) -> str:
    """Regex for a lexicon entry whose spaces may also be written as a ZWNJ or nothing."""
    parts = re.split(r"[ \u200c]", word)
    return r"[ \u200c]?".join(re.escape(p) for p in parts)


def _alternation(words: object) -> str:
    """Longest first, so that سه شنبه wins over شنبه and ربیع الاول over ربیع."""
    return "(?:" + "|".join(_flexible(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _key(text: str) -> str:
    """Lookup key of a written form: spaces and ZWNJs dropped (they vary in news text)."""
    return text.replace(" ", "").replace(ZWNJ, "")


@dataclass
class Atom:
    """One matched piece of a date expression (normalized offsets)."""

    kind: str
    start: int
    end: int
    data: dict = field(default_factory=dict)


@dataclass
class Group:
    """Touching atoms that make one expression; ``range_end`` is the group after ``تا``."""

    atoms: list[Atom]
    range_end: Group | None = None

    @property
    def start(self) -> int:
        return self.atoms[0].start

    @property
    def end(self) -> int:
        return (self.range_end or self).atoms[-1].end

    def slot(self, kind: str) -> Atom | None:
        return next((a for a in self.atoms if a.kind == kind), None)


@dataclass(frozen=True)
class Resolved:
    """A resolved group: the value, its calendar, its first day and precision."""

    value: str | None
    calendar: str
    anchor: dt.date | None = None
    precision: str | None = None  # "day", "week", "month", "year", "time"
    tags: tuple[str, ...] = ()


def _dateline(kinds: set[str], kind: str) -> bool:
    """Whether an atom of ``kind`` after a group of ``kinds`` makes a date with its clock time."""
    together = kinds | {kind}
    return TIME in together and bool(together & {DATE, NUMERIC}) and together <= {TIME, DATE, NUMERIC, WEEKDAY}


def _relative_year(group: Group) -> Atom | None:
    """The relative year of a group (امسال، سال گذشته), if it has one."""
    return group.slot(RELYEAR) or next((a for a in group.atoms if a.kind == PERIOD and a.data["unit"] == "year"), None)


def _bare_weekday(group: Group) -> bool:
    """A weekday named alone (روز سه‌شنبه), without a date, a direction or هفته."""
    weekday = group.slot(WEEKDAY)
    return (
        weekday is not None and group.range_end is None and not weekday.data["dir"] and not weekday.data["week"]
        and not any(a.kind in _CALENDAR_KINDS | {RELDAY, PERIOD, RELYEAR} for a in group.atoms)
    )
