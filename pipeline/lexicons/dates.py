"""Loader and validator of the date lexicon (``pipeline/data/dates/*.tsv``).

Base month and weekday names come from the libraries that own them (Babel/CLDR for
the Gregorian months and the weekdays, jdatetime for the Jalali months), and so do the
verb stems that tell a present-tense verb from a past one (hazm); the TSV files add
spelling variants, the Hijri months, number words, relative words and cues.
Every entry is checked here and a bad one raises ``LexiconError(file, line, problem)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import LexiconError
from pipeline.lexicons import DATA_DIR, read_tsv
from pipeline.lexicons.normalization import hazm_verbs
from pipeline.registry import calendars

__all__ = [
    "DATES_DIR", "UNITS", "POD_CODES", "MODS", "SEASONS", "MonthName", "DateLexicon", "load_date_lexicon",
]

DATES_DIR = DATA_DIR / "dates"
UNITS = ("day", "week", "month", "year")
POD_CODES = ("MO", "MI", "AF", "EV", "NI")
MODS = ("START", "MID", "END")
# TIMEX3 season codes, in the order of the Jalali year (each season is three Jalali months).
SEASONS = ("SP", "SU", "FA", "WI")


@dataclass(frozen=True)
class MonthName:
    """One written form of a month."""

    name: str
    calendar: str
    month: int
    needs_context: bool
    needs_day: bool = False  # a date only with its day number (حمل، اسد، میزان: common words, names)


@dataclass(frozen=True, eq=False)
class DateLexicon:
    """Everything the date grammar knows about Persian words; keys are written forms.

    Examples:
        >>> lex = load_date_lexicon()
        >>> lex.month_names["دسامبر"].month
        12
    """

    month_names: dict[str, MonthName]
    weekdays: dict[str, int]
    numbers: dict[str, tuple[int, str]]
    relative_words: dict[str, tuple[str, int, str | None]]
    units: dict[str, str]
    directions: dict[str, tuple[int, str]]
    parts_of_day: dict[str, tuple[str, bool]]
    modifiers: dict[str, str]
    calendar_words: dict[str, str]
    future_cues: dict[str, str]
    named_days: dict[str, tuple[str, int, int]]
    seasons: dict[str, str]
    counters: frozenset[str]
    not_counted: frozenset[str]
    past_stems: frozenset[str]
    present_stems: frozenset[str]
    guards: tuple[tuple[str, str, str], ...]


def _yes_no(path: Path, line: int, value: str) -> bool:
    if value not in ("yes", "no"):
        raise LexiconError(str(path), line, f"expected yes or no, got {value!r}")
    return value == "yes"


def _int_in(path: Path, line: int, value: str, low: int, high: int, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise LexiconError(str(path), line, f"{what} must be an integer, got {value!r}") from None
    if not low <= number <= high:
        raise LexiconError(str(path), line, f"{what} must be in {low}..{high}, got {number}")
    return number


def _choice(path: Path, line: int, value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise LexiconError(str(path), line, f"{what} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _add_unique(table: dict, key: str, value: object, path: Path, line: int) -> None:
    # The same written form under two meanings would make the grammar's choice arbitrary.
    if key in table and table[key] != value:
        raise LexiconError(str(path), line, f"{key!r} is listed twice with different meanings")
    table[key] = value


def _base_month_names() -> list[MonthName]:
    """Gregorian names from Babel/CLDR (stand-alone and format forms), Jalali from jdatetime."""
    import jdatetime
    from babel.dates import get_month_names

    names = []
    for context in ("stand-alone", "format"):
        for month, name in get_month_names("wide", context, locale="fa").items():
            names.append(MonthName(name, "gregorian", int(month), False))
    for month, name in enumerate(jdatetime.date.j_months_fa, start=1):
        names.append(MonthName(name, "jalali", month, False))
    return names


def _load_months(directory: Path) -> dict[str, MonthName]:
    path = directory / "months.tsv"
    months: dict[str, MonthName] = {m.name: m for m in _base_month_names()}
    listed: set[str] = set()
    for line, (calendar, month, name, needs_context) in read_tsv(path, 4):
        calendar = _choice(path, line, calendar, tuple(calendars), "calendar")
        number = _int_in(path, line, month, 1, 12, "month")
        if needs_context == "day":
            entry = MonthName(name, calendar, number, True, needs_day=True)
        else:
            entry = MonthName(name, calendar, number, _yes_no(path, line, needs_context))
        old = months.get(name)
        if name in listed or (old is not None and (old.calendar, old.month) != (calendar, number)):
            raise LexiconError(str(path), line, f"month name {name!r} is listed twice")
        listed.add(name)
        months[name] = entry
    return months


def _load_weekdays(directory: Path) -> dict[str, int]:
    from babel.dates import get_day_names

    path = directory / "weekdays.tsv"
    weekdays = {name: int(day) for day, name in get_day_names("wide", "stand-alone", locale="fa").items()}
    for line, (day, name) in read_tsv(path, 2):
        _add_unique(weekdays, name, _int_in(path, line, day, 0, 6, "weekday"), path, line)
    return weekdays


def _load_numbers(directory: Path) -> dict[str, tuple[int, str]]:
    path = directory / "numbers.tsv"
    numbers: dict[str, tuple[int, str]] = {}
    for line, (word, value, kind) in read_tsv(path, 3):
        number = _int_in(path, line, value, 0, 10**12, "value")
        _add_unique(numbers, word, (number, _choice(path, line, kind, ("cardinal", "ordinal", "scale"), "kind")), path, line)
    return numbers


def _load_relative_words(directory: Path) -> dict[str, tuple[str, int, str | None]]:
    path = directory / "relative.tsv"
    table: dict[str, tuple[str, int, str | None]] = {}
    for line, (phrase, unit, offset, pod) in read_tsv(path, 4):
        code = None if pod == "-" else _choice(path, line, pod, POD_CODES, "part of day")
        value = (_choice(path, line, unit, ("day", "year"), "unit"), _int_in(path, line, offset, -7, 7, "offset"), code)
        _add_unique(table, phrase, value, path, line)
    return table


def _load_guards(directory: Path, names: set[str]) -> tuple[tuple[str, str, str], ...]:
    path = directory / "guards.tsv"
    guards = []
    for line, (name, position, word) in read_tsv(path, 3):
        if name not in names:
            raise LexiconError(str(path), line, f"{name!r} is not a month, weekday or relative word of the lexicon")
        guards.append((name, _choice(path, line, position, ("before", "after"), "position"), word))
    return tuple(guards)


def _load_pairs(path: Path, allowed: tuple[str, ...], what: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line, (word, value) in read_tsv(path, 2):
        _add_unique(table, word, _choice(path, line, value, allowed, what), path, line)
    return table


def _load_directions(directory: Path) -> dict[str, tuple[int, str]]:
    path = directory / "directions.tsv"
    table: dict[str, tuple[int, str]] = {}
    for line, (word, direction, position) in read_tsv(path, 3):
        value = (_int_in(path, line, direction, -1, 1, "direction"), _choice(path, line, position, ("after", "before"), "position"))
        _add_unique(table, word, value, path, line)
    return table


def _load_parts_of_day(directory: Path) -> dict[str, tuple[str, bool]]:
    path = directory / "parts_of_day.tsv"
    table: dict[str, tuple[str, bool]] = {}
    for line, (word, code, pm) in read_tsv(path, 3):
        _add_unique(table, word, (_choice(path, line, code, POD_CODES, "code"), _yes_no(path, line, pm)), path, line)
    return table


def _load_named_days(directory: Path) -> dict[str, tuple[str, int, int]]:
    path = directory / "named_days.tsv"
    table: dict[str, tuple[str, int, int]] = {}
    for line, (phrase, calendar, month, day) in read_tsv(path, 4):
        value = (
            _choice(path, line, calendar, tuple(calendars), "calendar"),
            _int_in(path, line, month, 1, 12, "month"),
            _int_in(path, line, day, 1, 31, "day"),
        )
        _add_unique(table, phrase, value, path, line)
    return table


def load_date_lexicon(directory: str | Path | None = None) -> DateLexicon:
    """Read and validate every date data file of ``directory`` (default: the shipped one).

    Raises:
        LexiconError: a malformed line, naming the file and line.

    Examples:
        >>> load_date_lexicon().weekdays["سه‌شنبه"]
        1
    """
    if directory is None:
        return _load_default()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _load_default() -> DateLexicon:
    return _load(DATES_DIR)


def _load_words(path: Path) -> frozenset[str]:
    return frozenset(word for _line, (word,) in read_tsv(path, 1))


def _verb_stems() -> tuple[frozenset[str], frozenset[str]]:
    """Past and present verb stems from hazm's verb list (``past#present`` pairs)."""
    pairs = [entry.partition("#")[::2] for entry in hazm_verbs()]
    return (frozenset(past.strip() for past, _present in pairs if past.strip()),
            frozenset(present.strip() for _past, present in pairs if present.strip()))


def _load(directory: Path) -> DateLexicon:
    months = _load_months(directory)
    past_stems, present_stems = _verb_stems()
    weekdays = _load_weekdays(directory)
    relative_words = _load_relative_words(directory)
    return DateLexicon(
        month_names=months,
        weekdays=weekdays,
        numbers=_load_numbers(directory),
        relative_words=relative_words,
        units=_load_pairs(directory / "units.tsv", UNITS, "unit"),
        directions=_load_directions(directory),
        parts_of_day=_load_parts_of_day(directory),
        modifiers=_load_pairs(directory / "modifiers.tsv", MODS, "mod"),
        calendar_words=_load_pairs(directory / "calendar_words.tsv", tuple(calendars), "calendar"),
        future_cues=_load_pairs(directory / "future_cues.tsv", ("word", "phrase"), "kind"),
        named_days=_load_named_days(directory),
        seasons=_load_pairs(directory / "seasons.tsv", SEASONS, "season"),
        counters=_load_words(directory / "counters.tsv"),
        not_counted=_load_words(directory / "not_counted.tsv"),
        past_stems=past_stems,
        present_stems=present_stems,
        guards=_load_guards(directory, set(months) | set(weekdays) | set(relative_words)),
    )
