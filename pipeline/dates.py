"""Date stage: Persian date and time expressions with TIMEX3 values, in three calendars.

The grammar works in two steps on the normalized text:

1. *Atoms*: small patterns built from the date lexicon (``pipeline/data/dates/``):
   a day + month (+ year) date, a month (+ year), a year, a numeric date, a clock time,
   a weekday, a relative day (دیروز), a relative period (هفته گذشته، سه روز پیش), a part
   of the day (عصر), a fuzzy modifier (اوایل), a named day (روز خبرنگار) and a season
   with its year (تابستان ۱۴۰۲). Overlapping atoms are resolved longest first; a duration
   (۳۰ سال گذشته "the past 30 years") is matched only so that no date is read inside it.
2. *Groups*: atoms that touch (only a space between them) and fill different slots are
   one expression: ``فردا جمعه 28 اکتبر``, ``ساعت ۱۰ صبح امروز``, ``عصر دیروز``,
   ``تیرماه سال گذشته``; two dates joined by ``تا`` are a range.

A group is resolved to a value with the reference date and the document's own dates:
a date without a year takes the year of the last dated expression before it, moving
forward across a year boundary as a timeline does, never past the reference date in a
sentence that is not future tense; without such a context it is the last occurrence
before the reference date (the next one in a future-tense sentence, the nearest one when
the verb after the date is in the present tense: ... برگزار می‌شود).
Conversions are done by :mod:`pipeline.calendars` (jdatetime, hijridate).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.calendars import from_gregorian, month_bounds, to_gregorian, valid_years, year_bounds
from pipeline.lexicons.dates import SEASONS, DateLexicon, load_date_lexicon
from pipeline.normalize import NormalizedText, normalize
from pipeline.numbers import digits_value, is_ordinal, number_word_pattern, parse_number, trie_pattern
from pipeline.records import DateMention, Document

__all__ = ["DateExtractor", "DateGrammar", "find_dates"]

logger = logging.getLogger(__name__)

ZWNJ = "\u200c"
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


class DateGrammar:
    """The atom patterns, compiled once from a :class:`DateLexicon`.

    Examples:
        >>> [a.kind for a in DateGrammar().atoms("روز جمعه ۸ دسامبر ۲۰۲۳")]
        ['weekday', 'date']
    """

    def __init__(self, lexicon: DateLexicon | None = None) -> None:
        lex = self.lexicon = lexicon or load_date_lexicon()
        self.months = {_key(n): m for n, m in lex.month_names.items()}
        self.weekdays = {_key(n): d for n, d in lex.weekdays.items()}
        self.relative = {_key(n): v for n, v in lex.relative_words.items()}
        self.units = {_key(n): u for n, u in lex.units.items()}
        self.directions = {_key(n): v for n, v in lex.directions.items()}
        self.pods = {_key(n): v for n, v in lex.parts_of_day.items()}
        self.mods = {_key(n): v for n, v in lex.modifiers.items()}
        self.cal_words = {_key(n): v for n, v in lex.calendar_words.items()}
        self.named = {_key(n): v for n, v in lex.named_days.items()}
        self.seasons = {_key(n): v for n, v in lex.seasons.items()}
        self.season_relative = {_key(n): v for n, v in _SEASON_RELATIVE.items()}

        words = number_word_pattern(lex)
        # A clock time's minutes are never a day (۱۱:۱۱ - ۱۹ آبان is not a range of days).
        day = rf"(?:(?<![\d:])\d{{1,2}}(?!\d)(?:{ZWNJ}?(?:ام|م){_END})?|{_START}{words})"
        year = rf"(?:(?<!\d)\d{{4}}(?!\d)|{_START}{words})"
        count = rf"(?:(?<!\d)\d{{1,3}}(?!\d)|{_START}{words})"
        month_core = _alternation(lex.month_names) + rf"(?P<mah>[ {ZWNJ}]?ماه)?{_END}"
        month_glued = _START + month_core
        # A digit day may be glued to its month when the space is lost (۷میزان), and Afghan
        # news adds the Iranian name after a slash (۴دلو/بهمن): the first name decides.
        month_after_day = rf"(?:(?<=\d)|{_START}){month_core}(?:/{_alternation(lex.month_names)}{_END})?"
        cal = _alternation(lex.calendar_words) + r"(?![\w\u200c])"
        pod = _START + _alternation(lex.parts_of_day) + _END
        # «ساعت ۱۲ شب گذشته»: شب گذشته is the day (last night), not the clock's part of day.
        relative_after_pod = _alternation(w.split()[1] for w in lex.relative_words if len(w.split()) == 2 and _key(w.split()[0]) in {_key(p) for p in lex.parts_of_day})
        after_dirs = [w for w, (_d, pos) in lex.directions.items() if pos == "after"]
        before_dirs = [w for w, (_d, pos) in lex.directions.items() if pos == "before"]
        unit = _alternation(lex.units)
        # A year may be written with two digits (مهر ۹۶ = ۱۳۹۶), as Iranian news often does.
        short_year = r"(?<!\d)\d{2}(?!\d)"
        year_tail = rf"(?: (?:(?P<ysal>سال) )?(?:(?P<year>{year})|(?P<yy>{short_year}))(?: (?P<cal>{cal}))?)?"
        ranges = _alternation(_RANGE_WORDS)
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            # ۵ فوریه ۲۰۲۴، بیست و یکم آذر ۱۴۰۲، ۷ آبانماه، ۵ تا ۷ فوریه (a day range)
            (DATE, re.compile(
                rf"(?:{_START}روز )?(?:(?P<day1>{day})(?: ?{ranges} ?|(?<=\d) و (?=\d)))?(?P<day>{day}) ?(?P<month>{month_after_day})"
                rf"{year_tail}(?: (?P<mdir>{_alternation(_MONTH_RELATIVE)}){_DIR_END})?")),
            # ۱۳۹۸ شهریور ۱۸: year first, as some sites' datelines write it
            (DATE, re.compile(rf"(?<!\d)(?P<year>\d{{4}}) (?P<month>{month_glued}) (?P<day>(?<!\d)\d{{1,2}}(?!\d))")),
            # دسامبر ۲۰۲۳، ماه آوریل، بهمن ماه، دی ۱۴۰۲، بهمن ماه گذشته
            (DATE, re.compile(
                rf"(?:(?P<pre>ماه)(?: مبارک)? )?(?P<month>{month_glued}){year_tail}"
                rf"(?: (?P<mdir>{_alternation(_MONTH_RELATIVE)}){_DIR_END})?")),
            # سال ۲۰۲۳، سال ۱۴۰۲ شمسی، ۱۴۴۵ قمری، سال هزار و چهارصد و دو
            # (the plural سال‌های opens a range of years: سال‌های ۲۰۱۴ تا ۲۰۱۶)
            (YEAR, re.compile(rf"(?:{_START}(?P<sal>سال(?:{ZWNJ}?های)?) )?(?P<year>{year})(?: (?P<cal>{cal}))?")),
            # دهه ۱۹۹۰، دهه ۶۰ (= the 1360s), دهه هفتاد
            (YEAR, re.compile(rf"{_START}دهه (?P<decade>\d{{2}}(?:\d{{2}})?(?!\d)|{words})(?: (?P<cal>{cal}))?")),
            # سال ۹۶ (= ۱۳۹۶), سال ۹۰ میلادی
            (YEAR, re.compile(rf"{_START}(?P<sal>سال) (?P<yy>{short_year})(?: (?P<cal>{cal}))?")),
            # ۱۴۰۲/۱۰/۰۹، 2023-12-30، ۳۰/۱۲/۲۰۲۳
            (NUMERIC, re.compile(r"(?<![\d/.\-])(?P<a>\d{1,4})(?P<sep>[/\-.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?![\d/\-]|\.\d)")),
            # ساعت ۱۰ صبح، ساعت ۲۰:۳۰، ساعت ۸ و ۳۰ دقیقه
            (TIME, re.compile(
                rf"{_START}ساعت (?P<hour>\d{{1,2}}|{words})"
                rf"(?:[:.](?P<minute>\d{{2}})(?!\d)| و (?P<minute2>\d{{1,2}}|{words}) دقیقه| و (?P<fraction>{_alternation(_HOUR_FRACTIONS)}){_END})?"
                rf"(?: (?P<pod>{pod})(?! {relative_after_pod}))?(?!\d)")),
            # ۲۰:۳۰، ۹:۱۵ صبح; a dateline's time (۱۳ شهریور ۱۴۰۳، ۱۵:۱۰) joins its date as a group.
            (TIME, re.compile(rf"(?<![\d:/.])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?![\d:])(?: (?P<pod>{pod}))?")),
            # روزهای پنجشنبه و جمعه: two days of one week, a range
            (WEEKDAY, re.compile(
                rf"{_START}روز(?:{ZWNJ}| )?های (?P<weekday>{_alternation(lex.weekdays)}) و (?P<weekday2>{_alternation(lex.weekdays)}){_END}")),
            # (روز) سه‌شنبه، پنجشنبه گذشته، شنبه هفته آینده
            (WEEKDAY, re.compile(
                rf"(?:{_START}روز )?{_START}(?P<weekday>{_alternation(lex.weekdays)})"
                # a part of day glued to the weekday when its space is lost: یکشنبهشب
                rf"(?:{ZWNJ}?(?P<wpod>{_alternation(lex.parts_of_day)}))?{_END}"
                rf"(?: (?P<week>هفته )?(?P<dir>{_alternation(['گذشته', 'آینده', 'قبل', 'پیش', 'بعد', 'آتی'])}){_DIR_NOT_PREPOSITION})?")),
            (RELDAY, re.compile(rf"{_START}(?P<rel>{_alternation(lex.relative_words)}){_END}")),
            # همین روز، همان روز: the day the text was just speaking of
            (RELDAY, re.compile(rf"{_START}(?P<anaphor>{_alternation(_ANAPHORIC_DAYS)}){_END}")),
            # این هفته، هفته گذشته، ماه آینده، سال جاری
            (PERIOD, re.compile(
                rf"{_START}(?:(?P<this>{_alternation(before_dirs)}) )?(?P<unit>{unit}){_END}"
                rf"(?: (?P<dir>{_alternation(after_dirs)}){_DIR_NOT_PREPOSITION})?(?: (?P<cal>{cal}))?")),
            # سه روز پیش، ۱۰ روز قبل، دو هفته بعد
            (PERIOD, re.compile(
                rf"(?P<count>{count}) (?P<unit>{unit}) (?P<dir>{_alternation(['پیش', 'قبل', 'بعد', 'دیگر'])}|پس(?= از )){_DIR_END}"
                # «یک روز پیش از سفر»: counted from an event of the text, which the span names
                rf"(?: از (?P<event>[^\W\d](?:[^\W\d]|{ZWNJ})*))?")),
            # ۳۰ سال گذشته "the past 30 years", چند روز اخیر, دو سال آینده: a duration, not a
            # date; matched only to keep سال گذشته ("last year") inside it from being read.
            (DURATION, re.compile(
                rf"(?:{_START}چند|(?P<count>{count})) (?P<unit>{unit}) {_alternation(['گذشته', 'اخیر', 'آینده', 'آتی'])}{_DIR_END}")),
            # A vague count is no date (چند ماه قبل، یک یا دو روز آینده، روزهای گذشته، ماه‌های
            # اخیر): matched whole so that no precise part of it (ماه قبل) is read as one.
            (DURATION, re.compile(
                rf"(?:{_START}چند(?:ین)? |{count} (?:یا|تا) {count} |{_START}(?=\w+[ {ZWNJ}]?های? ))"
                rf"(?P<unit>{unit})(?:[ {ZWNJ}]?های?)? {_alternation(_VAGUE_DIRECTIONS)}{_DIR_END}")),
            (POD, re.compile(pod)),
            (MOD, re.compile(rf"{_START}(?P<mod>{_alternation(lex.modifiers)}){_END}")),
            (NAMED, re.compile(rf"{_START}(?:روز )?(?P<named>{_alternation(lex.named_days)}){_END}")),
            # تابستان ۱۴۰۲، پاییز سال ۲۰۲۳، زمستان گذشته، بهار امسال (never a bare season)
            (SEASON, re.compile(
                rf"{_START}(?:فصل )?(?P<season>{_alternation(lex.seasons)}){_END}"
                rf"(?: (?:سال )?(?:(?P<year>{year})|(?P<yy>{short_year}))(?: (?P<cal>{cal}))?"
                rf"| (?P<sdir>{_alternation(_SEASON_RELATIVE)}){_DIR_END})")),
        ]
        # Guard patterns by the month/weekday name they protect, in the data file's order.
        self._guards: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for name, position, word in lex.guards:
            self._guards.setdefault(_key(name), []).append((position, re.compile(_flexible(word))))
        self._range_gap = re.compile(rf" ?{ranges} ?")
        self._counter = re.compile(rf" {_alternation(lex.counters)}(?![\w\u200c])")
        # Persian is verb-final: the first finite verb after a date is the one it modifies.
        present, past = trie_pattern(lex.present_stems), trie_pattern(lex.past_stems)
        self._verbs = re.compile(
            rf"{_START}ن?(?:می{ZWNJ}?(?P<present>{present})(?:م|ی|د|یم|ید|ند)"
            rf"|(?:می{ZWNJ}?)?(?P<past>{past})(?:م|ی|یم|ید|ند|ه)?){_END}"
        )
        self._range_before = re.compile(rf"\d{{4}} ?{ranges} ?$")
        self._part_before = re.compile(rf"{_START}{_alternation(_PERIOD_PARTS)} $")
        self._range_after = re.compile(rf" ?{ranges} ?\d{{4}}(?!\d)")
        self._after_preposition = re.compile(r"(?:^|[ \n(«])(?:در|از|تا|طی)[ ]$")
        self._not_counted = re.compile(rf" {_alternation(lex.not_counted)}(?![\w\u200c])")

    # -- atoms ---------------------------------------------------------------------------

    def atoms(self, text: str) -> list[Atom]:
        """Non-overlapping atoms of a normalized text, in text order, longest first on overlap."""
        candidates: list[Atom] = []
        for priority, (kind, pattern) in enumerate(self.patterns):
            for match in pattern.finditer(text):
                atom = self._make_atom(kind, match, text)
                if atom is not None and atom.end > atom.start:
                    atom.data["priority"] = priority
                    candidates.append(atom)
        candidates.sort(key=lambda a: (-(a.end - a.start), a.data["priority"], a.start))
        # The taken atoms never overlap, so sorted by start they are sorted by end too: an
        # atom is free when it ends before the next taken one starts and starts after the
        # previous one ends (two binary searches, not a scan of everything taken).
        starts: list[int] = []
        taken: list[Atom] = []
        for atom in candidates:
            at = bisect.bisect_right(starts, atom.start)
            if (at == 0 or taken[at - 1].end <= atom.start) and (at == len(taken) or atom.end <= starts[at]):
                starts.insert(at, atom.start)
                taken.insert(at, atom)
        return [a for a in taken if a.kind != DURATION]

    def _number(self, text: str | None) -> int | None:
        if text is None:
            return None
        text = text.strip()
        digits = _DIGITS.match(text)
        if digits:
            return digits_value(digits.group())
        return parse_number(text, self.lexicon)

    def _guarded(self, name: str, start: int, end: int, text: str) -> bool:
        """True when a guard word turns this month/weekday name into an ordinary word."""
        for position, pattern in self._guards.get(_key(name), ()):
            if position == "before":
                window = text[max(0, start - 12):start].rstrip(" ")
                match = None
                for candidate in pattern.finditer(window):
                    match = candidate
                if match is not None and match.end() == len(window):
                    return True
            elif pattern.match(text, end + 1) and text[end:end + 1] == " ":
                return True
        return False

    def _make_atom(self, kind: str, m: re.Match[str], text: str) -> Atom | None:
        g = m.groupdict()
        start, end = m.start(), m.end()
        if kind == DATE:
            return self._date_atom(m, g, text)
        if kind == YEAR:
            return self._year_atom(m, g, text)
        if kind == NUMERIC:
            return Atom(kind, start, end, {"parts": (g["a"], g["b"], g["c"])})
        if kind == DURATION:
            return Atom(kind, start, end)
        if kind == TIME:
            hour = self._number(g["hour"])
            minute = self._number(g.get("minute") or g.get("minute2")) or _HOUR_FRACTIONS.get(g.get("fraction") or "", 0)
            if hour is None or hour > 24 or minute > 59:
                return None
            return Atom(kind, start, end, {"hour": hour, "minute": minute, "pod": self.pods.get(_key(g["pod"] or ""))})
        if kind == WEEKDAY:
            name = g["weekday"]
            if self._guarded(name, m.start("weekday"), m.end("weekday"), text):
                return None
            direction = {"گذشته": -1, "قبل": -1, "پیش": -1}.get(g.get("dir") or "", 1 if g.get("dir") else 0)
            pod = self.pods[_key(g["wpod"])] if g.get("wpod") else None
            second = self.weekdays[_key(g["weekday2"])] if g.get("weekday2") else None
            return Atom(kind, start, end, {
                "weekday": self.weekdays[_key(name)], "dir": direction, "week": bool(g.get("week")), "pod": pod, "until": second,
            })
        if kind == RELDAY and g.get("anaphor"):
            return Atom(kind, start, end, {"offset": 0, "pod": None, "anaphor": True})
        if kind == RELDAY:
            if self._guarded(g["rel"], m.start("rel"), m.end("rel"), text):
                return None
            if text.startswith(" از ", end) and g["rel"].split()[-1] in ("پیش", "قبل"):
                return None  # «ساعتی قبل از ورود بوش»: before an event of the text, not before now
            unit, offset, pod = self.relative[_key(g["rel"])]
            return Atom(RELYEAR if unit == "year" else RELDAY, start, end, {"offset": offset, "pod": pod})
        if kind == PERIOD:
            return self._period_atom(m, g)
        if kind == POD:
            return Atom(kind, start, end, {"pod": self.pods[_key(m.group())]})
        if kind == MOD:
            return Atom(kind, start, end, {"mod": self.mods[_key(g["mod"])]})
        if kind == SEASON:
            return self._season_atom(m, g)
        calendar, month, day = self.named[_key(g["named"])]
        return Atom(kind, start, end, {"calendar": calendar, "month": month, "day": day})

    def _season_atom(self, m: re.Match[str], g: dict) -> Atom | None:
        calendar = self.cal_words.get(_key(g["cal"] or ""))
        if g["yy"] is not None:
            if self._counter.match(m.string, m.end("yy")):
                return None  # «در بهار ۲۰ نفر»: a count, not a year
            year = _expand_short_year(digits_value(g["yy"]), calendar or "jalali")
        else:
            year = self._number(g["year"])
            if g["year"] is not None and (year is None or not 1200 <= year <= 2200):
                return None  # «بهار دو کشور»: a number word after a season is not its year
        return Atom(SEASON, m.start(), m.end(), {
            "season": self.seasons[_key(g["season"])],
            "year": year,
            "calendar": calendar,
            "relative": self.season_relative[_key(g["sdir"])] if g["sdir"] else None,
        })

    def _date_atom(self, m: re.Match[str], g: dict, text: str) -> Atom | None:
        month_text = m.group("month").split("/")[0]
        if g.get("mah"):
            month_text = month_text[: m.start("mah") - m.start("month")]
        info = self.months.get(_key(month_text))
        if info is None:
            return None
        day = self._number(g.get("day"))
        day1 = self._number(g.get("day1"))
        if (g.get("day") and not day) or (day and not 1 <= day <= 31) or (day1 is not None and not 1 <= day1 <= 31):
            return None
        year = self._number(g.get("year"))
        if self._guarded(month_text, m.start("month"), m.start("month") + len(month_text), text):
            return None
        if g.get("yy"):
            # «۵ اسفند ۲۰ نفر»: two digits after a month followed by a classifier are a count.
            if g.get("ysal") or g.get("mah") or not self._counter.match(text, m.end("yy")):
                year = _expand_short_year(digits_value(g["yy"]), self.cal_words.get(_key(g.get("cal") or ""), info.calendar))
        if (g.get("year") or g.get("yy")) and (year is None or not self._plausible_year(year, info.calendar)):
            year = None
            m_end = m.start("year" if g.get("year") else "yy") - 1
            cut = text[: m_end].rstrip()
            end = len(cut.removesuffix("سال").rstrip()) if cut.endswith("سال") else m_end
        else:
            end = m.end()
        # A month name that is also a common word (مهر، تیر، مه) needs a day, a year or ماه.
        # A day in cardinal words is a count there, not a day (سه تیر "three shots", یک مهر
        # "a seal"): written days are ordinals (سوم تیر), so it needs a year as well.
        counted = g.get("day") and not g["day"][0].isdigit() and not is_ordinal(g["day"], self.lexicon)
        in_words = g.get("day") and not g["day"][0].isdigit()
        if in_words and not counted and self._part_before.search(text, max(0, m.start() - 6), m.start()):
            return None  # «دهه دوم اسفند»: the ordinal numbers the part, not the day; the month stays
        if info.needs_context and not ((day and not counted) or year or g.get("mah") or g.get("pre")):
            return None
        if info.needs_day and not (day and not counted):
            return None
        start = m.start()
        # «ماه رمضان»: a Hijri month's name is cited with ماه before it, which is not part of the date.
        if g.get("pre") and info.calendar == "hijri":
            start = m.start("month")
        data = {
            # The month name decides the calendar; a contradicting suffix (مهر ۱۴۰۲ میلادی) is a typo.
            "calendar": info.calendar,
            "month": info.month,
            "day": day,
            "day1": day1,
            "year": year,
            "mdir": g.get("mdir"),
        }
        return Atom(DATE, start, end, data)

    def _plausible_year(self, year: int, calendar: str) -> bool:
        low, high = {"gregorian": (1000, 2200), "jalali": (1200, 1600), "hijri": (1300, 1500)}[calendar]
        return low <= year <= high

    def _year_atom(self, m: re.Match[str], g: dict, text: str) -> Atom | None:
        calendar = self.cal_words.get(_key(g["cal"] or ""))
        if g.get("decade"):
            decade = self._number(g["decade"])
            if decade is None or decade % 10:
                return None
            if decade < 100:
                decade = _expand_short_year(decade, calendar or "jalali")
            return Atom(YEAR, m.start(), m.end(), {"year": decade, "calendar": calendar, "decade": True})
        if g.get("yy"):
            calendar = calendar or "jalali"
            return Atom(YEAR, m.start(), m.end(), {"year": _expand_short_year(digits_value(g["yy"]), calendar), "calendar": calendar})
        year = self._number(g["year"])
        if year is None:
            return None
        if not g["sal"] and not calendar:
            if not g["year"][0].isdigit() or not self._bare_year(text, m.start(), m.end(), year):
                return None
        if calendar is None and not (1000 <= year <= 2200):
            return None
        return Atom(YEAR, m.start(), m.end(), {"year": year, "calendar": calendar})

    def _bare_year(self, text: str, start: int, end: int, year: int) -> bool:
        """Whether a four-digit number without سال is a year, not a quantity (۲۰۰۰ نفر).

        A Persian quantity comes before what it counts; a year closes a phrase (before
        punctuation), follows a preposition (در ۲۰۲۲), ends a range (۲۰۱۴ تا ۲۰۱۶), or
        stands before a word that cannot be counted (بودجه ۱۴۰۲ در مجلس).
        """
        if self._counter.match(text, end):
            return False
        if self._range_before.search(text[max(0, start - 12):start]):
            return True
        if not (1900 <= year <= 2100 or 1300 <= year <= 1430):
            return False  # too far from the news of our time to be a year written bare
        following = text[end:end + 1]
        if following in ("", "\n") or following in _PUNCT.strip():
            return True
        if following.isalpha():
            return False  # «2000نسخه»: a number glued to the noun it counts
        opened = self._range_after.match(text, end)
        if opened:  # ۲۰۱۴ تا ۲۰۱۶, unless the range counts (۲۰۰۰ تا ۳۰۰۰ نفر)
            return not self._counter.match(text, opened.end())
        if self._after_preposition.search(text[max(0, start - 8):start]):
            return True
        return bool(self._not_counted.match(text, end) or self._verbs.match(text, end + 1))

    def _period_atom(self, m: re.Match[str], g: dict) -> Atom | None:
        unit = self.units[_key(g["unit"])]
        if g.get("count") is not None:
            count = self._number(g["count"])
            if not count:
                return None
            direction = 1 if g["dir"] == "پس" else self.directions[_key(g["dir"])][0]
            # «سه روز بعد» tells a story: counted from the day it was speaking of, not from today.
            narrative = g["dir"] in ("بعد", "پس")
            return Atom(PERIOD, m.start(), m.end(), {"unit": unit, "offset": count * direction, "event": g.get("event"), "narrative": narrative})
        calendar = self.cal_words.get(_key(g.get("cal") or ""))
        if unit == "day":
            return None  # این روز، روز بعد: a day of the narrative, not of the calendar
        if g.get("this") and not g.get("dir"):
            return Atom(PERIOD, m.start(), m.end(), {"unit": unit, "offset": 0, "calendar": calendar})
        if not g.get("dir"):
            return None
        direction = self.directions[_key(g["dir"])][0]
        if _key(g["dir"]) == "دیگر" or (g.get("this") and direction != 0):
            return None  # ماه دیگر "another month"; این ماه گذشته is not a point
        return Atom(PERIOD, m.start(), m.end(), {"unit": unit, "offset": direction, "calendar": calendar})

    def verbs(self, text: str) -> list[tuple[int, bool, int]]:
        """The finite verbs of a text: (start, whether present tense, end), in text order."""
        return [(m.start(), m.group("present") is not None, m.end()) for m in self._verbs.finditer(text)]

    @staticmethod
    def verb_tense(verbs: list[tuple[int, bool, int]], start: int, end: int) -> str:
        """PRESENT when the first verb after ``start`` (before ``end``) is a present-tense form
        (می‌شود، برگزار می‌کنند), else PAST. ``verbs`` is :meth:`verbs` of the text, found
        once, so that a long sentence with many dates is not searched again for each."""
        at = bisect.bisect_left(verbs, (start,))
        return PRESENT if at < len(verbs) and verbs[at][0] < end and verbs[at][1] else PAST

    # -- groups -------------------------------------------------------------------------

    def groups(self, text: str, atoms: list[Atom]) -> list[Group]:
        """Join touching atoms into expressions and ``A تا B`` into ranges."""
        groups: list[Group] = []
        for atom in atoms:
            last = groups[-1] if groups else None
            if last is not None and self._joins(last, atom, text[last.end:atom.start]):
                last.atoms.append(atom)
            else:
                groups.append(Group([atom]))
        groups = [g for g in groups if not all(a.kind in _DEPENDENT for a in g.atoms)]
        joined: list[Group] = []
        for group in groups:
            last = joined[-1] if joined else None
            if (
                last is not None
                and last.range_end is None
                and self._range_gap.fullmatch(text[last.end:group.start])
                and self._rangeable(last, group)
            ):
                last.range_end = group
            else:
                joined.append(group)
        return joined

    @staticmethod
    def _joins(group: Group, atom: Atom, gap: str) -> bool:
        kinds = {a.kind for a in group.atoms}
        if atom.kind in kinds or "\n" in gap:
            return False
        if gap == " ":
            pass
        elif gap.strip() in ("،", ",") and WEEKDAY in kinds and kinds <= {WEEKDAY, POD, RELDAY} and atom.kind == DATE:
            pass  # «چهارشنبه، ۲۷ آگوست», «پیش از ظهر چهارشنبه، ۱۷ آبان»
        elif gap.strip() in ("،", ",") and kinds == {DATE} and atom.kind == WEEKDAY:
            pass  # «۱۳۹۸ شهریور ۱۸, دوشنبه»
        elif gap.strip() in _DATELINE_SEPARATORS and _dateline(kinds, atom.kind):
            pass  # a dateline's date and clock time: «۱۳ شهریور ۱۴۰۳، ۱۵:۱۰», «۲۱:۴۷ - ۱۳-۱۱-۱۳۹۸»
        else:
            return False
        if _CALENDAR_KINDS & kinds and atom.kind in _CALENDAR_KINDS:
            return False
        if TIME in kinds | {atom.kind} and (kinds | {atom.kind}) & {YEAR, SEASON}:
            return False  # «سال ۱۴۰۰ ساعت ۱۳»: a clock time belongs to a day, not to a year
        if kinds == {MOD}:
            return atom.kind in {DATE, YEAR, NUMERIC, PERIOD, RELYEAR, NAMED, SEASON, WEEKDAY}
        if atom.kind == RELYEAR or (atom.kind == PERIOD and atom.data["unit"] == "year"):
            # تیرماه سال گذشته، روز طبیعت امسال: a relative year gives a month or an occasion its year.
            if kinds == {NAMED}:
                return True
            date = group.slot(DATE)
            return date is not None and date.data["year"] is None and not date.data["day1"] and kinds <= {DATE, WEEKDAY}
        if atom.kind == PERIOD or kinds & {PERIOD, RELYEAR}:
            return False
        if atom.kind == MOD:
            return False  # a modifier opens an expression, it does not close one
        if atom.kind == POD:
            return bool(kinds & {RELDAY, WEEKDAY, DATE, NAMED}) and TIME not in kinds
        return True

    @staticmethod
    def _rangeable(first: Group, second: Group) -> bool:
        kinds1 = {a.kind for a in first.atoms}
        kinds2 = {a.kind for a in second.atoms}
        return bool(kinds1 & {DATE, YEAR, NUMERIC}) and bool(kinds2 & {DATE, YEAR, NUMERIC}) and not kinds1 & {TIME, PERIOD}


class _Resolver:
    """Resolves the groups of one text in order, carrying the document's year context."""

    def __init__(self, grammar: DateGrammar, reference: dt.date | None) -> None:
        self.grammar = grammar
        self.reference = reference
        self.context: dt.date | None = None  # the last dated expression (month precision or finer)
        self.year_context: tuple[int, str, int] | None = None  # (sentence, calendar, year) of a bare year
        self.last_day: tuple[int, dt.date] | None = None  # (sentence, day) of the last day-precise expression
        self.last_dated_sentence: int | None = None  # the sentence of the last expression with a value
        # The calendar the document dates in: "ماه گذشته" in a Jalali report is the last Jalali month.
        self.calendar = "gregorian"
        # (calendar, month, day) → year, for the dates the document writes with their year:
        # «دوم خرداد ۷۶» … «دوم خرداد» is the same day.
        self.dated_days: dict[tuple[str, int, int], int] = {}
        # weekday → (positions, days) where the document gives that weekday with its date.
        self.weekday_dates: dict[int, tuple[list[int], list[dt.date]]] = {}

    def read_document(self, atoms: list[Atom]) -> None:
        """Learn the document's calendar and its dated days from all its atoms, before resolving."""
        counts = {"gregorian": 0, "jalali": 0, "hijri": 0}
        for atom in atoms:
            if atom.kind == DATE:
                counts[atom.data["calendar"]] += 1
                if atom.data["year"] is not None and atom.data["day"]:
                    self.dated_days.setdefault((atom.data["calendar"], atom.data["month"], atom.data["day"]), atom.data["year"])
            elif atom.kind == YEAR:
                counts[atom.data["calendar"] or self.calendar_of_year(atom.data["year"])] += 1
        if counts["jalali"] > counts["gregorian"]:
            self.calendar = "jalali"

    # -- years --------------------------------------------------------------------------

    def _reference_year(self, calendar: str, month: int, day: int | None, tense: str) -> int | None:
        """The year of the last occurrence on or before the reference date.

        In a future-tense sentence, the next occurrence; in a present-tense one (برگزار
        می‌شود, which announces as often as it describes), the nearest of the two.
        """
        if self.reference is None:
            return None
        ry, rm, rd = from_gregorian(calendar, self.reference)
        here, now = (month, day or 0), (rm, rd if day else 0)
        following = ry if here >= now else ry + 1
        last = ry if here <= now else ry - 1
        if tense == FUTURE:
            return following
        if tense == PRESENT and following != last:
            try:
                ahead = to_gregorian(calendar, following, month, day or 1) - self.reference
                behind = self.reference - to_gregorian(calendar, last, month, day or 1)
            except ValueError:
                return last
            return following if ahead < behind else last
        return last

    def infer_year(self, calendar: str, month: int, day: int | None, tense: str, sentence: int) -> int | None:
        """The year of a date written without one."""
        if self.year_context is not None and self.year_context[0] == sentence and self.year_context[1] == calendar:
            return self.year_context[2]
        if self.context is not None:
            cy, cm, _cd = from_gregorian(calendar, self.context)
            year = cy if month >= cm else cy + 1
            if self.reference is not None and tense != FUTURE:
                try:
                    first = to_gregorian(calendar, year, month, day or 1)
                except ValueError:
                    first = None
                if first is not None and first > self.reference:
                    return self._reference_year(calendar, month, day, tense)
            return year
        if self.reference is not None:
            return self._reference_year(calendar, month, day, tense)
        return None

    def calendar_of_year(self, year: int) -> str:
        """Gregorian for 1600+; otherwise Jalali or Hijri, whichever is nearer the reference year."""
        if year >= 1600:
            return "gregorian"
        if self.reference is None:
            return "jalali"
        jalali = abs(year - from_gregorian("jalali", self.reference)[0])
        try:
            hijri = abs(year - from_gregorian("hijri", self.reference)[0])
        except ValueError:  # a reference date that hijridate cannot convert
            return "jalali"
        low, high = valid_years("hijri")
        return "hijri" if hijri < jalali and low <= year <= high else "jalali"

    # -- values -------------------------------------------------------------------------

    def resolve(self, group: Group, tense: str, sentence: int) -> Resolved:
        if group.range_end is None:
            return self._resolve_single(group, tense, sentence)
        start = group.slot(DATE)
        end_date, end_year = group.range_end.slot(DATE), group.range_end.slot(YEAR)
        if start is not None and start.data["year"] is None:
            # «۵ فوریه تا ۷ مارس ۲۰۲۴», «۱۲ بهمن تا پایان سال ۹۰»: the year written at the end
            # of a range is the whole range's.
            if end_date is not None and end_date.data["year"] is not None and start.data["calendar"] == end_date.data["calendar"]:
                year = end_date.data["year"] - (start.data["month"] > end_date.data["month"])
                start.data = {**start.data, "year": year}
            elif end_year is not None and not end_year.data.get("decade"):
                calendar = end_year.data["calendar"] or self.calendar_of_year(end_year.data["year"])
                if calendar == start.data["calendar"]:
                    start.data = {**start.data, "year": end_year.data["year"]}
        first = self._resolve_single(group, tense, sentence)
        second = self._resolve_single(group.range_end, tense, sentence)
        if first.value is None or second.value is None or "X" in first.value + second.value:
            return replace(first, value=None, tags=first.tags + ("range",))
        start_value = first.value.split("/")[0]
        end_value = second.value.split("/")[-1]
        common = min(len(start_value), len(end_value))
        if start_value[:common] > end_value[:common]:
            return replace(first, value=None, tags=first.tags + ("range",))  # an end before the start
        return Resolved(f"{start_value}/{end_value}", first.calendar, first.anchor, "range", first.tags + ("range",))

    def _resolve_single(self, group: Group, tense: str, sentence: int) -> Resolved:
        tags: list[str] = []
        mod = group.slot(MOD)
        if mod is not None:
            tags.append(f"mod:{mod.data['mod']}")
        base = self._base(group, tense, sentence, tags)
        time = group.slot(TIME)
        pod = group.slot(POD)
        relday = group.slot(RELDAY)
        pod_code = (pod.data["pod"][0] if pod else None) or (relday.data["pod"] if relday else None)
        weekday = group.slot(WEEKDAY)
        pod_code = pod_code or (weekday.data["pod"][0] if weekday and weekday.data["pod"] else None)
        if time is not None:
            hour, minute = time.data["hour"], time.data["minute"]
            pm = (time.data["pod"] or (None, False))[1] or (pod is not None and pod.data["pod"][1]) or pod_code in ("EV", "NI")
            if pm and hour < 12:
                hour += 12
            elif hour == 12 and pod_code == "NI":
                hour = 24  # ساعت ۱۲ شب: midnight at the end of that day
            if base.value is None and base.precision == "day":
                return Resolved(None, base.calendar, None, "time", tuple(tags) + ("time",))
            if base.value is not None and base.precision == "day":
                anchor = base.anchor
            elif base.value is None and base.precision is None:
                # A clock time alone is on the day of its sentence, else of the reference date;
                # after a coarser date of its sentence (تحویل سال ۱۴۰۰ ساعت ۱۳) its day is unknown.
                if self.last_day and self.last_day[0] == sentence:
                    anchor = self.last_day[1]
                else:
                    anchor = None if self.last_dated_sentence == sentence else self.reference
            else:
                anchor = None
            day = anchor.isoformat() if anchor is not None else "XXXX-XX-XX"
            return Resolved(f"{day}T{hour:02d}:{minute:02d}", base.calendar, anchor, "time", tuple(tags) + ("time",))
        if pod_code and base.value is not None and base.precision == "day":
            return Resolved(f"{base.value}T{pod_code}", base.calendar, base.anchor, "time", tuple(tags))
        return replace(base, tags=tuple(tags) + base.tags)

    def _base(self, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        """The date part of a group (time of day and mod are added by the caller)."""
        for kind in (DATE, NUMERIC, NAMED, SEASON, YEAR):
            atom = group.slot(kind)
            if atom is not None:
                return getattr(self, f"_{kind}")(atom, group, tense, sentence, tags)
        relday = group.slot(RELDAY)
        if relday is not None and relday.data.get("anaphor"):
            return self._day(self.last_day[1] if self.last_day else self.reference, "gregorian")
        if relday is not None:
            return self._day(self._shift_days(relday.data["offset"]), "gregorian")
        weekday = group.slot(WEEKDAY)
        if weekday is not None and _bare_weekday(group):
            named = self._named_weekday(weekday)
            if named is not None:
                return self._day(named, "gregorian")
        if weekday is not None and weekday.data["until"] is not None:
            first = self._weekday(weekday, tense)
            if first.anchor is None:
                return first
            last = first.anchor + dt.timedelta(days=(weekday.data["until"] - weekday.data["weekday"]) % 7)
            return Resolved(f"{first.value}/{last.isoformat()}", "gregorian", first.anchor, "range", ("range",))
        if weekday is not None:
            return self._weekday(weekday, tense)
        period = group.slot(PERIOD)
        if period is not None and (period.data.get("event") or period.data.get("narrative")):
            return self._from_event(period)
        if period is not None:
            return self._period(period.data["unit"], period.data["offset"], period.data.get("calendar"))
        relyear = group.slot(RELYEAR)
        if relyear is not None:
            return self._period("year", relyear.data["offset"])
        return Resolved(None, "gregorian")

    def _from_event(self, period: Atom) -> Resolved:
        """«یک روز پس از آن», «سه روز بعد»: counted from the day the text was just speaking of.

        An event named otherwise (پیش از سفر) has no date the stage knows: the value is unknown.
        """
        event = period.data.get("event")
        days = {"day": 1, "week": 7}.get(period.data["unit"])
        if event not in (None, "آن", "این") or days is None:
            return Resolved(None, "gregorian", None, period.data["unit"], ("relative",))
        if self.last_day is None:
            if event is not None:
                return Resolved(None, "gregorian", None, period.data["unit"], ("relative",))
            return self._period(period.data["unit"], period.data["offset"])
        return self._day(self.last_day[1] + dt.timedelta(days=days * period.data["offset"]), "gregorian", ("relative",))

    def _shift_days(self, days: int) -> dt.date | None:
        return None if self.reference is None else self.reference + dt.timedelta(days=days)

    @staticmethod
    def _day(date: dt.date | None, calendar: str, tags: tuple[str, ...] = ()) -> Resolved:
        if date is None:
            return Resolved(None, calendar, None, "day", tags)
        return Resolved(date.isoformat(), calendar, date, "day", tags)

    def _named_weekday(self, atom: Atom) -> dt.date | None:
        """The day the document gives this weekday elsewhere: the nearest one before it, else the first after."""
        positions, days = self.weekday_dates.get(atom.data["weekday"], ([], []))
        if not days:
            return None
        at = bisect.bisect_left(positions, atom.start)
        return days[at - 1] if at > 0 else days[0]

    def _weekday(self, atom: Atom, tense: str) -> Resolved:
        if self.reference is None:
            return Resolved(None, "gregorian", None, "day")
        if atom.data["week"]:
            # «پنجشنبه هفته گذشته»: that day of the previous (next) week; the Persian week
            # runs from Saturday to Friday.
            week_start = self.reference - dt.timedelta(days=(self.reference.weekday() - _SATURDAY) % 7)
            day = week_start + dt.timedelta(weeks=atom.data["dir"], days=(atom.data["weekday"] - _SATURDAY) % 7)
            return self._day(day, "gregorian")
        delta = (self.reference.weekday() - atom.data["weekday"]) % 7
        direction = atom.data["dir"] or (1 if tense == FUTURE else -1)
        if direction > 0:
            delta = -((atom.data["weekday"] - self.reference.weekday()) % 7 or (7 if atom.data["dir"] else 0))
        elif atom.data["dir"] and delta == 0:
            delta = 7
        return self._day(self.reference - dt.timedelta(days=delta), "gregorian")

    def _period(self, unit: str, offset: int, calendar: str | None = None) -> Resolved:
        ref = self.reference
        calendar = calendar or self.calendar
        if ref is None:
            return Resolved(None, calendar, None, unit, ("relative",))
        if calendar == "jalali" and unit in ("month", "year"):
            # In a Jalali document «ماه گذشته», «سال جاری» are Jalali months and years (like «سال ۸۸»).
            year, month, _day = from_gregorian("jalali", ref)
            if unit == "year":
                first, last = year_bounds("jalali", year + offset)
                return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, first, "year", ("relative",))
            index = year * 12 + month - 1 + offset
            first, last = month_bounds("jalali", index // 12, index % 12 + 1)
            return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, first, "month", ("relative",))
        if unit == "day":
            return self._day(ref + dt.timedelta(days=offset), "gregorian", ("relative",))
        if unit == "week":
            day = ref + dt.timedelta(weeks=offset)
            iso = day.isocalendar()
            return Resolved(f"{iso[0]}-W{iso[1]:02d}", "gregorian", day - dt.timedelta(days=day.weekday()), "week", ("relative",))
        if unit == "month":
            index = ref.year * 12 + ref.month - 1 + offset
            first = dt.date(index // 12, index % 12 + 1, 1)
            return Resolved(f"{first.year:04d}-{first.month:02d}", "gregorian", first, "month", ("relative",))
        return Resolved(f"{ref.year + offset:04d}", "gregorian", dt.date(ref.year + offset, 1, 1), "year", ("relative",))

    def _date(self, atom: Atom, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        d = atom.data
        calendar, month, day = d["calendar"], d["month"], d["day"]
        year = d["year"]
        relyear = _relative_year(group)
        if d["mdir"] in ("امسال", "جاری", "پارسال"):
            relyear = Atom(RELYEAR, 0, 0, {"offset": -1 if d["mdir"] == "پارسال" else 0})
        if year is None and relyear is not None and self.reference is not None:
            year = from_gregorian(calendar, self.reference)[0] + relyear.data["offset"]
        elif year is None and day and (calendar, month, day) in self.dated_days:
            year = self.dated_days[calendar, month, day]
        elif year is None:
            month_tense = {"آینده": FUTURE, "گذشته": PAST}.get(d["mdir"] or "", tense)
            # a range of days (۷ و ۸ اگست) is dated by its first day
            year = self.infer_year(calendar, month, d["day1"] or day, month_tense, sentence)
            tags.append("no_year")
        if year is None:
            if calendar != "gregorian":
                return Resolved(None, calendar, None, "day" if day else "month")
            if day:
                return Resolved(f"XXXX-{month:02d}-{day:02d}", calendar, None, "day")
            return Resolved(f"XXXX-{month:02d}", calendar, None, "month")
        try:
            if day:
                value = to_gregorian(calendar, year, month, day)
                if d["day1"]:
                    first = to_gregorian(calendar, year, month, d["day1"])
                    return Resolved(f"{first.isoformat()}/{value.isoformat()}", calendar, first, "range", ("range",))
                return self._day(value, calendar)
            first, last = month_bounds(calendar, year, month)
        except ValueError:
            logger.debug("no such date: %s %s-%s-%s", calendar, year, month, day)
            return Resolved(None, calendar, None, "day" if day else "month")
        if calendar == "gregorian":
            return Resolved(f"{year:04d}-{month:02d}", calendar, first, "month")
        return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, first, "month")

    def _named(self, atom: Atom, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        calendar, month, day = atom.data["calendar"], atom.data["month"], atom.data["day"]
        relyear = _relative_year(group)
        if relyear is not None and self.reference is not None:
            year = from_gregorian(calendar, self.reference)[0] + relyear.data["offset"]
        else:
            year = self.infer_year(calendar, month, day, tense, sentence)
        if year is None and calendar == "gregorian":
            return Resolved(f"XXXX-{month:02d}-{day:02d}", calendar, None, "day", ("named",))
        if year is None:
            return Resolved(None, calendar, None, "day")
        return self._day(to_gregorian(calendar, year, month, day), calendar, ("named",))

    def _season(self, atom: Atom, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        code = atom.data["season"]
        index = SEASONS.index(code)
        year = atom.data["year"]
        calendar = atom.data["calendar"] or ("gregorian" if year is not None and year >= 1600 else "jalali")
        if calendar == "gregorian":
            # A Gregorian season has no fixed days (astronomical or meteorological): TIMEX3 code.
            return Resolved(f"{year:04d}-{code}", calendar, None, "season")
        if calendar != "jalali":
            return Resolved(None, calendar, None, "season")
        if year is None:
            if self.reference is None:
                return Resolved(None, calendar, None, "season", ("relative",))
            now_year, now_month, _day = from_gregorian("jalali", self.reference)
            current = (now_month - 1) // 3
            offset, direction = atom.data["relative"]
            if offset is not None:
                year = now_year + offset
            elif direction < 0:
                year = now_year if index < current else now_year - 1
            else:
                year = now_year if index > current else now_year + 1
        first = to_gregorian("jalali", year, 3 * index + 1, 1)
        last = month_bounds("jalali", year, 3 * index + 3)[1]
        return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, first, "season")

    def _year(self, atom: Atom, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        year = atom.data["year"]
        calendar = atom.data["calendar"] or self.calendar_of_year(year)
        low, high = valid_years(calendar)
        if not low <= year <= high:
            return Resolved(None, calendar, None, "year")
        if atom.data.get("decade"):
            if calendar == "gregorian":
                return Resolved(f"{year // 10:03d}", calendar, None, "decade")  # TIMEX3: 199 = the 1990s
            first, last = year_bounds(calendar, year)[0], year_bounds(calendar, year + 9)[1]
            return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, None, "decade")
        if calendar == "gregorian":
            return Resolved(f"{year:04d}", calendar, dt.date(year, 1, 1), "year")
        first, last = year_bounds(calendar, year)
        return Resolved(f"{first.isoformat()}/{last.isoformat()}", calendar, first, "year")

    def _numeric(self, atom: Atom, group: Group, tense: str, sentence: int, tags: list[str]) -> Resolved:
        a, b, c = atom.data["parts"]
        first, last = digits_value(a), digits_value(c)
        if len(a) == 4:
            year, month, day = first, digits_value(b), last
        elif len(c) == 4:
            year, month, day = last, digits_value(b), first
        elif len(a) == 2 and first > 31:
            # ۹۲/۲/۲۰ and ۲۰/۲/۹۲: a two-digit year is told from the day by being over 31;
            # in Persian text such dates are Jalali.
            year, month, day = _expand_short_year(first, "jalali"), digits_value(b), last
        elif len(c) == 2 and last > 31:
            year, month, day = _expand_short_year(last, "jalali"), digits_value(b), first
        else:
            return Resolved(None, "gregorian", None, "day")
        calendar = self.calendar_of_year(year)
        try:
            return self._day(to_gregorian(calendar, year, month, day), calendar)
        except ValueError:
            return Resolved(None, calendar, None, "day")

    def update_context(self, group: Group, resolved: Resolved, sentence: int) -> None:
        """Remember a dated expression for the years of the ones that follow it."""
        if resolved.value is not None:
            self.last_dated_sentence = sentence
        if resolved.anchor is None:
            return
        if resolved.precision == "year" and group.slot(YEAR) is not None:
            year_atom = group.slot(YEAR)
            calendar = year_atom.data["calendar"] or self.calendar_of_year(year_atom.data["year"])
            self.year_context = (sentence, calendar, year_atom.data["year"])
        elif resolved.precision in ("day", "month", "time", "range", "week"):
            self.context = resolved.anchor
        if resolved.precision in ("day", "time") and resolved.value and not resolved.value.startswith("X"):
            self.last_day = (sentence, resolved.anchor)


def _dateline(kinds: set[str], kind: str) -> bool:
    """Whether an atom of ``kind`` after a group of ``kinds`` makes a date with its clock time."""
    together = kinds | {kind}
    return TIME in together and bool(together & {DATE, NUMERIC}) and together <= {TIME, DATE, NUMERIC, WEEKDAY}


def _relative_year(group: Group) -> Atom | None:
    """The relative year of a group (امسال، سال گذشته), if it has one."""
    return group.slot(RELYEAR) or next((a for a in group.atoms if a.kind == PERIOD and a.data["unit"] == "year"), None)


def _expand_short_year(year: int, calendar: str) -> int:
    """The full year of a two-digit one: ۹۶ → 1396, ۰۲ → 1402 (Jalali), ۹۰ → 1990 (Gregorian)."""
    if calendar == "gregorian":
        return year + (1900 if year >= 30 else 2000)
    if calendar == "hijri":
        return year + (1300 if year >= 60 else 1400)
    return year + (1300 if year >= 10 else 1400)


def _future_clause(cues: list[int], verbs: list[tuple[int, bool, int]], sentence: tuple[int, int], group: Group) -> bool:
    """Whether a future cue (خواهد، قرار است، درصدد است) governs the date: one before it in its
    sentence, or one after it up to the first verb after it. «... روز سه‌شنبه اظهار داشت که
    ... قرار است گزارشی بدهد» dates a past statement, though the sentence announces a report."""
    after = bisect.bisect_left(verbs, (group.end,))
    clause_end = verbs[after][2] if after < len(verbs) and verbs[after][0] < sentence[1] else sentence[1]
    first = bisect.bisect_left(cues, sentence[0])
    return first < len(cues) and cues[first] < clause_end


@lru_cache(maxsize=4)
def _future_pattern(lexicon: DateLexicon) -> re.Pattern[str]:
    return re.compile(_START + _alternation(lexicon.future_cues) + _END)


class DateExtractor:
    """Pipeline stage: fills ``doc.dates`` and ``doc.sentence_dates``.

    Args:
        lexicon: the date lexicon (default: ``pipeline/data/dates/``).

    Examples:
        >>> from pipeline.sentences import SentenceSplitter
        >>> text = "روسیه ۳۰ دسامبر ۲۰۲۳ بیانیه داد."
        >>> doc = Document(id=None, text=text, reference_date="2024-03-01", normalized=normalize(text))
        >>> doc = DateExtractor()(SentenceSplitter()(doc))
        >>> [(d.text, d.value) for d in doc.dates], doc.sentence_dates
        ([('۳۰ دسامبر ۲۰۲۳', '2023-12-30')], ['2023-12-30'])
    """

    name = "dates"

    def __init__(self, lexicon: DateLexicon | None = None) -> None:
        self.grammar = _grammar(lexicon)

    def __call__(self, doc: Document) -> Document:
        norm = doc.normalized if doc.normalized is not None else normalize(doc.text)
        if doc.sentences:
            spans = [norm.to_norm_span(s.start, s.end) for s in doc.sentences]
        else:
            from pipeline.sentences import split_sentences

            spans = split_sentences(norm.text)
        mentions, per_sentence = self.extract(norm, spans, doc.reference_date)
        doc.dates = mentions
        if doc.sentences:
            doc.sentence_dates = self._sentence_dates(norm, spans, mentions, per_sentence)
        return doc

    def extract(
        self, norm: NormalizedText, sentences: list[tuple[int, int]], reference_date: str | None
    ) -> tuple[list[DateMention], list[list[tuple[DateMention, Resolved]]]]:
        """Date mentions (raw offsets) of a normalized text, and the resolved mentions per sentence."""
        reference = dt.date.fromisoformat(reference_date) if reference_date else None
        grammar = self.grammar
        text = norm.text
        resolver = _Resolver(grammar, reference)
        atoms = grammar.atoms(text)
        resolver.read_document(atoms)
        groups = grammar.groups(text, atoms)
        per_sentence: list[list[tuple[DateMention, Resolved]]] = [[] for _ in sentences]
        verbs = grammar.verbs(text)
        cues = [m.start() for m in _future_pattern(grammar.lexicon).finditer(text)]
        tenses = []
        index = 0
        for group in groups:
            while index < len(sentences) and sentences[index][1] <= group.start:
                index += 1
            inside = index < len(sentences) and sentences[index][0] <= group.start
            if not inside:
                tense = PAST
            elif _future_clause(cues, verbs, sentences[index], group):
                tense = FUTURE
            else:
                tense = grammar.verb_tense(verbs, group.end, sentences[index][1])
            tenses.append((tense, index, inside))
        resolutions = self._resolve_all(resolver, groups, tenses, text)
        weekday_dates = _weekday_dates(groups, resolutions)
        if weekday_dates and any(_bare_weekday(g) for g in groups):
            # «روز سه‌شنبه» in the lead is the «سه‌شنبه ۱۸ مهر» of the body: resolve again
            # with the explicit dates the document gives its weekdays.
            resolver = _Resolver(grammar, reference)
            resolver.read_document(atoms)
            resolver.weekday_dates = weekday_dates
            resolutions = self._resolve_all(resolver, groups, tenses, text)
        mentions = []
        for group, resolved, (tense, index, inside) in zip(groups, resolutions, tenses):
            raw_start, raw_end = norm.to_raw_span(group.start, group.end)
            tags = resolved.tags + ((tense,) if tense != PAST else ())
            mention = DateMention(
                raw_start, raw_end, norm.raw[raw_start:raw_end], resolved.value, resolved.calendar, tags,
                _source_value(resolved),
            )
            mentions.append(mention)
            if inside:
                per_sentence[index].append((mention, resolved))
        return mentions, per_sentence

    @staticmethod
    def _resolve_all(resolver: _Resolver, groups: list[Group], tenses: list[tuple[str, int, bool]], text: str) -> list[Resolved]:
        resolutions = []
        for group, (tense, index, _inside) in zip(groups, tenses):
            try:
                resolved = resolver.resolve(group, tense, index)
            except ValueError as exc:
                # A calendar cannot convert every year (hijridate stops at 1343–1500 AH): the
                # expression is still a date, only its value is unknown.
                logger.debug("no value for %r: %s", text[group.start:group.end], exc)
                resolved = Resolved(None, "gregorian")
            resolver.update_context(group, resolved, index)
            resolutions.append(resolved)
        return resolutions

    def _sentence_dates(
        self,
        norm: NormalizedText,
        spans: list[tuple[int, int]],
        mentions: list[DateMention],
        per_sentence: list[list[tuple[DateMention, Resolved]]],
    ) -> list[str | None]:
        explicit = [_most_specific(found) for found in per_sentence]
        date_lines = [
            i
            for i, found in enumerate(per_sentence)
            if len(found) == 1 and found[0][1].value and _only_date(norm, spans[i], found[0][0])
        ]
        timeline = self._timeline(spans, date_lines, explicit, norm.text)
        return [explicit[i] if explicit[i] is not None else timeline[i] for i in range(len(spans))]

    @staticmethod
    def _timeline(
        spans: list[tuple[int, int]], date_lines: list[int], explicit: list[str | None], text: str
    ) -> list[str | None]:
        """The date each sentence gets from its timeline entry's date line, or None.

        When the last segment of the document is a date line, each date line closes the
        entry above it (paragraph, then its date), even when there is only one. Otherwise
        each opens the entry below it (dated headings), which takes at least two: a single
        date line at the top is the article's dateline, not a timeline.
        """
        result: list[str | None] = [None] * len(spans)
        if not date_lines:
            return result
        if date_lines[-1] == len(spans) - 1:
            previous = -1
            for line in date_lines:
                for i in range(previous + 1, line):
                    result[i] = explicit[line]
                previous = line
        elif len(date_lines) >= 2:
            for n, line in enumerate(date_lines):
                following = date_lines[n + 1] if n + 1 < len(date_lines) else len(spans)
                for i in range(line + 1, following):
                    result[i] = explicit[line]
        return result


def _source_value(resolved: Resolved) -> str | None:
    """The value in the calendar the text wrote: «۱۰ دی ۱۴۰۲» → 1402-10-10, «دی ۱۴۰۲» → 1402-10.

    A Gregorian expression's source value is its value; a relative one (دیروز) is Gregorian.
    """
    value, calendar = resolved.value, resolved.calendar
    if value is None or calendar == "gregorian" or "X" in value:
        return value if calendar == "gregorian" else None

    def day(text: str) -> str:
        y, m, d = from_gregorian(calendar, dt.date.fromisoformat(text))
        return f"{y:04d}-{m:02d}-{d:02d}"

    first, _, last = value.partition("/")
    date_part, _, clock = first.partition("T")
    try:
        start = day(date_part)
        if resolved.precision in ("day", "time"):
            return start + (f"T{clock}" if clock else "")
        if resolved.precision == "month":
            return start[:7]
        if resolved.precision == "year":
            return start[:4]
        if resolved.precision == "season" and resolved.anchor is not None:
            return f"{start[:4]}-{SEASONS[(int(start[5:7]) - 1) // 3]}"
        return f"{start}/{day(last)}" if last else start
    except ValueError:  # a day hijridate cannot convert
        return None


def _bare_weekday(group: Group) -> bool:
    """A weekday named alone (روز سه‌شنبه), without a date, a direction or هفته."""
    weekday = group.slot(WEEKDAY)
    return (
        weekday is not None and group.range_end is None and not weekday.data["dir"] and not weekday.data["week"]
        and not any(a.kind in _CALENDAR_KINDS | {RELDAY, PERIOD, RELYEAR} for a in group.atoms)
    )


def _weekday_dates(groups: list[Group], resolutions: list[Resolved]) -> dict[int, tuple[list[int], list[dt.date]]]:
    """weekday → (positions, days) of each weekday the document names with its explicit date, in text order."""
    found: dict[int, tuple[list[int], list[dt.date]]] = {}
    for group, resolved in zip(groups, resolutions):
        weekday = group.slot(WEEKDAY)
        if (
            weekday is not None and resolved.anchor is not None and resolved.precision in ("day", "time")
            and (group.slot(DATE) or group.slot(NUMERIC)) and resolved.anchor.weekday() == weekday.data["weekday"]
        ):
            positions, days = found.setdefault(weekday.data["weekday"], ([], []))
            positions.append(group.start)
            days.append(resolved.anchor)
    return found


def _only_date(norm: NormalizedText, span: tuple[int, int], mention: DateMention) -> bool:
    """True when a segment holds nothing but this date (and punctuation)."""
    start, end = norm.to_norm_span(mention.start, mention.end)
    rest = norm.text[span[0]:start] + norm.text[end:span[1]]
    return all(ch in _PUNCT or ch.isspace() for ch in rest)


_PRECISION_RANK = {"time": 0, "day": 1, "range": 2, "week": 3, "month": 4, "season": 5, "year": 6, "decade": 7}


def _most_specific(found: list[tuple[DateMention, Resolved]]) -> str | None:
    """The value in force for a sentence: its most specific resolved date, without the time of day."""
    best = None
    for mention, resolved in found:
        value = resolved.value
        if value is None or value.startswith("XXXX"):
            continue
        rank = _PRECISION_RANK.get(resolved.precision or "year", 8)
        if best is None or rank < best[0]:
            best = (rank, value.split("T")[0])
    return None if best is None else best[1]


@lru_cache(maxsize=4)
def _grammar(lexicon: DateLexicon | None) -> DateGrammar:
    return DateGrammar(lexicon)


def find_dates(text: str, reference_date: str | None = None) -> list[DateMention]:
    """Date expressions of one text (a sentence or a short passage), with raw offsets.

    Args:
        text: raw text; it is normalized internally.
        reference_date: publication date ``YYYY-MM-DD`` for relative dates and missing years.

    Returns:
        The mentions in text order (an empty list when there are none).

    Examples:
        >>> [(d.text, d.value) for d in find_dates("این بیانیه ۱۰ دی ۱۴۰۲ منتشر شد.")]
        [('۱۰ دی ۱۴۰۲', '2023-12-31')]
    """
    from pipeline.sentences import split_sentences

    norm = normalize(text)
    mentions, _ = DateExtractor().extract(norm, split_sentences(norm.text), reference_date)
    return mentions
