"""The date lexicon (pipeline/data/dates/): complete, consistent, and strict about bad entries."""

from __future__ import annotations

import doctest
import shutil

import pytest
from num2words import num2words

import pipeline.dates.calendars
import pipeline.dates.extract
import pipeline.dates.grammar
import pipeline.lexicons.dates
import pipeline.text.numbers
from pipeline.errors import LexiconError
from pipeline.lexicons.dates import DATES_DIR, load_date_lexicon
from pipeline.text.normalize import normalize


@pytest.fixture(scope="module")
def lexicon():
    return load_date_lexicon()


def test_dates_lexicon_every_calendar_has_twelve_months(lexicon):
    for calendar in ("gregorian", "jalali", "hijri"):  # the shipped calendars
        months = {m.month for m in lexicon.month_names.values() if m.calendar == calendar}
        assert months == set(range(1, 13)), calendar


def test_dates_lexicon_base_names_come_from_cldr_and_jdatetime(lexicon):
    assert (lexicon.month_names["ژانویه"].calendar, lexicon.month_names["ژانویه"].month) == ("gregorian", 1)
    assert (lexicon.month_names["اسفند"].calendar, lexicon.month_names["اسفند"].month) == ("jalali", 12)
    assert lexicon.month_names["ربیع الاول"].month == 3
    assert sorted(set(lexicon.weekdays.values())) == list(range(7))
    # The variants the data adds: ZWNJ or space inside a weekday name.
    assert lexicon.weekdays["سه شنبه"] == lexicon.weekdays["سه‌شنبه"] == 1


def test_dates_lexicon_month_names_that_are_common_words_need_context(lexicon):
    for word in ("مهر", "تیر", "دی", "مه", "می", "صفر"):
        assert lexicon.month_names[word].needs_context, word
    assert not lexicon.month_names["دسامبر"].needs_context


def test_dates_lexicon_afghan_solar_months_need_their_day(lexicon):
    # حمل، اسد، میزان are also "carrying", a name and "amount": a date only with a day number.
    assert [lexicon.month_names[w].month for w in ("حمل", "جوزا", "میزان", "حوت")] == [1, 3, 7, 12]
    assert lexicon.month_names["اسد"].needs_day and not lexicon.month_names["مهر"].needs_day


@pytest.mark.parametrize("n", [*range(0, 21), *range(30, 100, 10), *range(100, 1000, 100), 1000, 10**6])
def test_dates_lexicon_number_words_cover_num2words_spellings(lexicon, n):
    word = num2words(n, lang="fa").removeprefix("یک ")  # num2words writes یک میلیون
    assert lexicon.numbers[word][0] == n


def test_dates_lexicon_entries_survive_normalization(lexicon):
    # Matching runs on normalized text and treats a space, a ZWNJ or nothing inside a
    # multi-word entry alike, so an entry must survive the normalizer up to that.
    tables = [lexicon.month_names, lexicon.weekdays, lexicon.relative_words, lexicon.modifiers,
              lexicon.parts_of_day, lexicon.units, lexicon.calendar_words, lexicon.named_days, lexicon.seasons,
              lexicon.counters, lexicon.not_counted]
    def key(text):
        return text.replace("\u200c", "").replace(" ", "")

    # An entry the normalizer changes (Arabic ى, a diacritic) could never match.
    assert [word for table in tables for word in table if key(normalize(word).text) != key(word)] == []


def _copy_lexicon(tmp_path):
    target = tmp_path / "dates"
    shutil.copytree(DATES_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "line", "problem"),
    [
        ("months.tsv", "gregorian\t13\tسیزدهمبر\tno", "month must be in 1..12"),
        ("months.tsv", "julian\t1\tژانویه‌ای\tno", "calendar must be one of"),
        ("months.tsv", "jalali\t1\tفروردین ماه\tmaybe", "expected yes or no"),
        ("months.tsv", "jalali\t3\tدسامبر\tno", "listed twice"),
        ("weekdays.tsv", "7\tهشت‌شنبه", "weekday must be in 0..6"),
        ("numbers.tsv", "بیست\t21\tcardinal", "listed twice with different meanings"),
        ("relative.tsv", "دیروز\tday", "expected 4 tab-separated columns"),
        ("guards.tsv", "آبانک\tbefore\tنماز", "is not a month, weekday or relative word"),
        ("seasons.tsv", "بهاران\tSPRING", "season must be one of"),
    ],
)
def test_dates_lexicon_bad_entry_names_file_and_line(tmp_path, file, line, problem):
    directory = _copy_lexicon(tmp_path)
    path = directory / file
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as error:
        load_date_lexicon(directory)
    assert error.value.path.endswith(file)
    assert error.value.line == len(lines) + 1


def test_dates_lexicon_missing_file_is_named(tmp_path):
    directory = _copy_lexicon(tmp_path)
    (directory / "seasons.tsv").unlink()
    with pytest.raises(LexiconError, match="seasons.tsv: file not found"):
        load_date_lexicon(directory)


@pytest.mark.parametrize(
    "module", [pipeline.dates.grammar, pipeline.dates.extract, pipeline.text.numbers, pipeline.dates.calendars, pipeline.lexicons.dates]
)
def test_dates_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
