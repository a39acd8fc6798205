"""Dates in running text (issue 13): the error classes measured on whole articles.

One short sentence per class; the reference (publication) date is 2024-03-01 (a Friday,
۱۱ اسفند ۱۴۰۲) unless a test says otherwise.
"""

from __future__ import annotations

import time

import pytest

from pipeline.dates import DateExtractor, find_dates
from pipeline.evaluation.report import eval_report_html
from pipeline.evaluation.scoring import evaluate_documents, format_scores
from pipeline.records import DateMention, Document
from pipeline.text.normalize import normalize
from pipeline.text.sentences import split_sentences

REFERENCE = "2024-03-01"


def dates(text: str, reference: str | None = REFERENCE) -> list[tuple[str, str | None]]:
    found = find_dates(text, reference)
    for mention in found:
        assert text[mention.start:mention.end] == mention.text
    return [(m.text, m.value) for m in found]


# -- 1. lost ZWNJs and spaces inside the expression ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مذاکرات در بیستویکم آذر از سر گرفته شد.", [("بیستویکم آذر", "2023-12-12")]),
        ("نمایشگاه سیویکم شهریور به کار خود پایان داد.", [("سیویکم شهریور", "2023-09-22")]),
        ("بیستوهفتم خرداد نامزدها معرفی شدند.", [("بیستوهفتم خرداد", "2023-06-17")]),
        ("این طرح بیست‌ویکم دی به مجلس رفت.", [("بیست‌ویکم دی", "2024-01-11")]),
    ],
)
def test_running_text_glued_ordinal_keeps_its_day(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وزیر خارجه سهشنبه به مسکو رفت.", [("سهشنبه", "2024-02-27")]),
        ("پارلمان پنجشنبه این طرح را تصویب کرد.", [("پنجشنبه", "2024-02-29")]),
        ("هیئت اعزامی چهارشنبه بازگشت.", [("چهارشنبه", "2024-02-28")]),
        ("سفیر یکشنبه احضار شد.", [("یکشنبه", "2024-02-25")]),
        ("بیانیه دوشنبه منتشر شد.", [("دوشنبه", "2024-02-26")]),
        ("پهپادها یکشنبهشب سرنگون شدند.", [("یکشنبهشب", "2024-02-25TNI")]),
    ],
)
def test_running_text_glued_weekday(text, expected):
    assert dates(text) == expected


def test_running_text_day_glued_to_its_month_and_a_second_month_name():
    assert dates("محموله چهارشنبه، ۷میزان ۱۴۰۰ تحویل شد.") == [("چهارشنبه، ۷میزان ۱۴۰۰", "2021-09-29")]
    assert dates("هیئت روز دوشنبه ۴دلو/بهمن ۱۳۹۵ به کابل رسید.") == [("روز دوشنبه ۴دلو/بهمن ۱۳۹۵", "2017-01-23")]


def test_running_text_dari_spellings_of_months():
    assert dates("پژواک، ۲۹ جوزا ۱۴۰۰: طالبان حمله کردند.") == [("۲۹ جوزا ۱۴۰۰", "2021-06-19")]
    assert dates("هیئت در ۱۵ اکتوبر ۲۰۲۳ به کابل رسید و ۲ دسمبر بازگشت.") == [
        ("۱۵ اکتوبر ۲۰۲۳", "2023-10-15"), ("۲ دسمبر", "2023-12-02"),
    ]


# -- 2. a weekday takes the explicit date the document gives it ----------------------------


def test_running_text_weekday_takes_the_date_named_elsewhere():
    text = "رئیس‌جمهور روز سه‌شنبه به ایروان رسید. او سه‌شنبه ۱۸ مهر ۱۴۰۲ با همتای خود دیدار کرد."
    # In the reference week the Tuesday would be 17 October; the body says which Tuesday.
    assert dates(text, "2023-10-20") == [("روز سه‌شنبه", "2023-10-10"), ("سه‌شنبه ۱۸ مهر ۱۴۰۲", "2023-10-10")]


# -- 3. years of day-month dates without one -------------------------------------------------


def test_running_text_year_from_the_same_day_named_with_its_year():
    text = "خاتمی در دوم خرداد ۷۶ پیروز شد. هواداران او سالگرد دوم خرداد را جشن گرفتند."
    assert dates(text) == [("دوم خرداد ۷۶", "1997-05-23"), ("دوم خرداد", "1997-05-23")]


def test_running_text_future_cue_of_another_clause_leaves_a_past_date():
    text = "وزیر روز سه‌شنبه اظهار داشت که قرار است گزارشی منتشر شود."
    assert dates(text) == [("روز سه‌شنبه", "2024-02-27")]


def test_running_text_future_clause_takes_the_coming_date():
    assert dates("گزارش نهایی قرار است ۱۴ دسامبر منتشر شود.") == [("۱۴ دسامبر", "2024-12-14")]
    assert dates("گزارش نهایی ۱۴ دسامبر منتشر شد.") == [("۱۴ دسامبر", "2023-12-14")]


# -- 4. vague expressions are not cut into precise ones -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "چند ماه قبل این قرارداد امضا شد.",
        "در روزهای گذشته چند پهپاد رهگیری شد.",
        "نتیجه در یک یا دو روز آینده اعلام می‌شود.",
        "در ماه‌های اخیر تنش بالا گرفت.",
    ],
)
def test_running_text_vague_counts_are_not_dates(text):
    assert dates(text) == []


# -- 5. this year and last year in a Jalali document ----------------------------------------


def test_running_text_relative_year_in_a_jalali_document_is_the_jalali_year():
    text = "لایحه در ۲ آبان ۱۴۰۲ به مجلس رفت و در ابتدای سال جاری تصویب شد."
    assert dates(text) == [("۲ آبان ۱۴۰۲", "2023-10-24"), ("ابتدای سال جاری", "2023-03-21/2024-03-19")]
    assert dates("نمایندگان ماه گذشته در ۵ بهمن ۱۴۰۲ رأی دادند.")[0] == ("ماه گذشته", "2024-01-21/2024-02-19")


def test_running_text_calendar_word_keeps_a_relative_period_gregorian():
    text = "لایحه در ۲ آبان ۱۴۰۲ به مجلس رفت و در سال جاری میلادی تصویب شد."
    assert dates(text)[1] == ("سال جاری میلادی", "2024")


# -- 6. clock times and their day ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تاریخ انتشار: ۱۳ شهریور ۱۴۰۳، ۱۵:۱۰", [("۱۳ شهریور ۱۴۰۳، ۱۵:۱۰", "2024-09-03T15:10")]),
        ("تاریخ انتشار: ۲۱:۴۷ - ۱۳-۱۱-۱۳۹۸", [("۲۱:۴۷ - ۱۳-۱۱-۱۳۹۸", "2020-02-02T21:47")]),
        ("هواپیما ساعت ۹:۳۰ صبح فرود آمد.", [("ساعت ۹:۳۰ صبح", "2024-03-01T09:30")]),
        ("انفجار ساعت ۱۲ شب گذشته رخ داد.", [("ساعت ۱۲ شب گذشته", "2024-02-29T24:00")]),
        ("نشست روز ۵ اسفند آغاز شد و ساعت ۱۰ پایان یافت.",
         [("روز ۵ اسفند", "2024-02-24"), ("ساعت ۱۰", "2024-02-24T10:00")]),
    ],
)
def test_running_text_clock_time_on_its_day(text, expected):
    assert dates(text) == expected


# -- 7. span boundaries ----------------------------------------------------------------------


def test_running_text_modified_period_with_its_calendar_is_one_span():
    assert dates("اجلاس در اواخر ماه جاری میلادی برگزار می‌شود.") == [("اواخر ماه جاری میلادی", "2024-03")]


def test_running_text_expression_relative_to_an_event_is_one_span():
    # The trip's date is not given: the span is whole and its value unknown.
    assert dates("یک روز پیش از سفر وزیر، سفارت بسته شد.") == [("یک روز پیش از سفر", None)]
    # «پس از آن»: counted from the day the text was speaking of.
    assert dates("دیدار ۱۷ مه ۲۰۲۲ برگزار شد و دو روز پس از آن بیانیه منتشر شد.") == [
        ("۱۷ مه ۲۰۲۲", "2022-05-17"), ("دو روز پس از آن", "2022-05-19"),
    ]


def test_running_text_direction_before_az_is_a_preposition():
    assert dates("علی‌اف روز پنجشنبه پیش از مذاکرات وارد شد.") == [("روز پنجشنبه", "2024-02-29")]


def test_running_text_two_weekdays_of_one_week_are_one_range():
    assert dates("اجلاس روزهای پنج شنبه و جمعه برگزار خواهد شد.", "2022-10-05") == [
        ("روزهای پنج شنبه و جمعه", "2022-10-06/2022-10-07"),
    ]


def test_running_text_names_that_are_not_dates():
    assert dates("به گزارش رادیو فردا، رئیس‌جمهور به دوشنبه سفر کرد.") == []
    assert dates("بشار اسد ماه گذشته به مسکو رفت.") == [("ماه گذشته", "2024-02")]
    assert dates("تورم به میزان ۵۲ درصد رسید.") == []
    assert dates("ساعتی قبل از ورود هیئت، معترضان تجمع کردند.") == []


# -- the source calendar ---------------------------------------------------------------------


def test_running_text_jalali_date_keeps_its_calendar_value_outside_the_gold_format():
    [mention] = find_dates("این بیانیه ۱۰ دی ۱۴۰۲ منتشر شد.", REFERENCE)
    assert (mention.value, mention.calendar, mention.source_value) == ("2023-12-31", "jalali", "1402-10-10")
    assert mention.to_row()["source_value"] == "1402-10-10" and mention.to_row()["calendar"] == "jalali"
    assert set(mention.to_dict()) == {"start", "end", "text", "value"}
    [hijri] = find_dates("مراسم ۲۰ شعبان ۱۴۴۵ برگزار شد.", REFERENCE)
    assert (hijri.calendar, hijri.source_value) == ("hijri", "1445-08-20")
    [month] = find_dates("در دی ۱۴۰۲ تصویب شد.", REFERENCE)
    assert month.source_value == "1402-10"


# -- 8. the evaluator --------------------------------------------------------------------------


def test_running_text_eval_says_na_for_a_document_without_dates():
    doc = Document(id="d", text="متنی بدون تاریخ.")
    table = format_scores(evaluate_documents([doc], [doc]))
    row = next(line for line in table.splitlines() if line.startswith("d "))
    assert row.split()[1:] == ["n/a"] * 5


def test_running_text_eval_pairs_documents_without_ids_by_position():
    first = Document(id=None, text="۱۰ دی ۱۴۰۲", dates=[DateMention(0, 10, "۱۰ دی ۱۴۰۲", "2023-12-31")])
    second = Document(id=None, text="بدون تاریخ")
    scores = evaluate_documents([first, second], [first, second])
    assert set(scores["per_document"]) == {"#1", "#2"}
    assert scores["per_document"]["#1"]["dates"]["f"] == 1.0
    assert scores["per_document"]["#2"]["dates"]["tp"] == 0
    # the eval report finds each one's row
    assert "<!DOCTYPE html>" in eval_report_html([first, second], [first, second], scores)


# -- long texts: linear time -------------------------------------------------------------------


def _extract_seconds(text: str) -> float:
    norm = normalize(text)
    spans = split_sentences(norm.text)
    extractor = DateExtractor()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        extractor.extract(norm, spans, REFERENCE)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("run", ["بیست و یک و سی و دو و ", "۱۲ دی ۱۴۰۲ سه شنبه بیست و یکم مهر ۱۳۹۹ "])
def test_running_text_long_run_without_sentence_breaks_costs_about_what_prose_does(run):
    # A run with no sentence break was quadratic (each date rescanned the rest of the run):
    # at 16,000 characters it took over 100 times as long as prose; linear, a few times.
    size = 16_000
    prose = "وزیر خارجه روز سه‌شنبه ۱۸ مهر در دیدار با همتای خود گفت که گفت‌وگوها ادامه دارد. "
    pathological = _extract_seconds((run * (size // len(run) + 1))[:size])
    ordinary = _extract_seconds((prose * (size // len(prose) + 1))[:size])
    assert pathological < 15 * ordinary
