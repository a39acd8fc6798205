"""Persian numbers in digits and in words, checked against num2words(lang="fa") as an oracle."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from pipeline.text.numbers import digits_value, is_ordinal, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۲", 1402),  # Persian digits
        ("١٤٤٥", 1445),  # Arabic-Indic digits
        ("2024", 2024),
        ("۰۹", 9),  # a zero-padded month of a numeric date
    ],
)
def test_numbers_digits_value_reads_each_digit_script(text, expected):
    assert digits_value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بیست و یکم", 21),
        ("دوم", 2),
        ("سوم", 3),  # irregular ordinal, listed in the data
        ("سی‌ام", 30),  # ordinal suffix after a ZWNJ
        ("دومین", 2),
        ("نخستین", 1),
        ("هزار و چهارصد و دو", 1402),
        ("دو هزار و بیست و سه", 2023),
        ("یکصد", 100),
        ("شیش", 6),  # colloquial spelling of شش
        ("سه میلیون و دویست هزار", 3_200_000),
        ("شش‌صد", 600),  # hundreds written with a ZWNJ
        ("هزار و نه صد و هفتاد و نه", 1979),  # ... or with a space: صد multiplies a digit
    ],
)
def test_numbers_parse_number_reads_words(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "سهم",  # "share", not سه + م: the ordinal of سه is سوم
        "بیست و کتاب",
        "دوم و سه",  # an ordinal is only the last part of a number
        "سه دو",  # two numbers: parts are joined by و except before a scale word
        "بیست صد",
        "",
    ],
)
def test_numbers_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@settings(max_examples=300, deadline=None, derandomize=True)  # the same examples on every CI run
@given(st.integers(min_value=0, max_value=10**9))
def test_numbers_parse_number_agrees_with_num2words_cardinals(n):
    assert parse_number(num2words(n, lang="fa")) == n


@settings(max_examples=300, deadline=None, derandomize=True)  # the same examples on every CI run
@given(st.integers(min_value=1, max_value=10**6))
def test_numbers_parse_number_agrees_with_num2words_ordinals(n):
    ordinal = num2words(n, lang="fa", to="ordinal")
    assert parse_number(ordinal) == n
    assert is_ordinal(ordinal)
    assert not is_ordinal(num2words(n, lang="fa"))


@pytest.mark.parametrize("year", [1357, 1402, 1403, 1445, 2000, 2023, 2024])
def test_numbers_parse_number_reads_every_year_num2words_writes(year):
    assert parse_number(num2words(year, lang="fa")) == year
