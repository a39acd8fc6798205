"""The date grammar: atom patterns compiled from the lexicon, and atoms joined into expressions."""

from __future__ import annotations

import bisect
import re

from pipeline.dates.base import (
    _ANAPHORIC_DAYS,
    _CALENDAR_KINDS,
    _DATELINE_SEPARATORS,
    _DEPENDENT,
    _DIGITS,
    _DIR_END,
    _DIR_NOT_PREPOSITION,
    _END,
    _HOUR_FRACTIONS,
    _MONTH_RELATIVE,
    _PERIOD_PARTS,
    _PUNCT,
    _RANGE_WORDS,
    _SEASON_RELATIVE,
    _START,
    _VAGUE_DIRECTIONS,
    DATE,
    DURATION,
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
    ZWNJ,
    Atom,
    Group,
    _alternation,
    _dateline,
    _flexible,
    _key,
)
from pipeline.dates.calendars import expand_short_year, news_years
from pipeline.lexicons.dates import DateLexicon, load_date_lexicon
from pipeline.text.numbers import (
    digits_value,
    is_ordinal,
    number_word_pattern,
    parse_number,
    trie_pattern,
)


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
            year = expand_short_year(calendar or "jalali", digits_value(g["yy"]))
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
                year = expand_short_year(self.cal_words.get(_key(g.get("cal") or ""), info.calendar), digits_value(g["yy"]))
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
        low, high = news_years(calendar)
        return low <= year <= high

    def _year_atom(self, m: re.Match[str], g: dict, text: str) -> Atom | None:
        calendar = self.cal_words.get(_key(g["cal"] or ""))
        if g.get("decade"):
            decade = self._number(g["decade"])
            if decade is None or decade % 10:
                return None
            if decade < 100:
                decade = expand_short_year(calendar or "jalali", decade)
            return Atom(YEAR, m.start(), m.end(), {"year": decade, "calendar": calendar, "decade": True})
        if g.get("yy"):
            calendar = calendar or "jalali"
            return Atom(YEAR, m.start(), m.end(), {"year": expand_short_year(calendar, digits_value(g["yy"])), "calendar": calendar})
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


