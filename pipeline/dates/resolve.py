"""Values of date expressions: years inferred the way a careful reader would, relative
expressions from the reference date, and the value in the calendar the text wrote."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from dataclasses import replace

from pipeline.dates.base import (
    _SATURDAY,
    DATE,
    FUTURE,
    MOD,
    NAMED,
    NUMERIC,
    PAST,
    PERIOD,
    POD,
    PRESENT,
    RELDAY,
    RELYEAR,
    SEASON,
    TIME,
    WEEKDAY,
    YEAR,
    Atom,
    Group,
    Resolved,
    _bare_weekday,
    _relative_year,
)
from pipeline.dates.calendars import (
    expand_short_year,
    from_gregorian,
    month_bounds,
    to_gregorian,
    valid_years,
    year_bounds,
)
from pipeline.dates.grammar import DateGrammar
from pipeline.lexicons.dates import SEASONS
from pipeline.registry import calendars
from pipeline.text.numbers import digits_value

logger = logging.getLogger(__name__)


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
        counts = dict.fromkeys(calendars, 0)
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
            year, month, day = expand_short_year("jalali", first), digits_value(b), last
        elif len(c) == 2 and last > 31:
            year, month, day = expand_short_year("jalali", last), digits_value(b), first
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


