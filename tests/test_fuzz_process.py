"""Fuzzing ``pipeline.process``: any Unicode text goes in, nothing raises, every offset holds.

A batch over millions of scraped articles meets every oddity Unicode allows: presentation
forms, bidi controls, lone diacritics, mixed digit systems, emoji, control characters.
Whatever comes in, the pipeline must return spans whose offsets index the raw text.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline

# Characters a Persian news scrape mixes: Arabic-script letters (Persian and Arabic forms),
# presentation forms, diacritics and tatweel, ZWNJ/ZWJ, bidi marks and isolates, three digit
# systems, Persian and Latin punctuation, unusual spaces and line breaks.
PERSIAN_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإؤئءآ"
    "ﺍﺑﮐﻻﷲ"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
    "\u200c\u200d\u200e\u200f\u202b\u202c\u2067\u2069\ufeff"
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
    ".،؛؟!«»:/-()٫٬\"'"
    " \n\t\u00a0\u2028\r"
    "abcXYZ"
)
# Pieces of real news language that reach deep into the stages: entities, month names of
# three calendars, relative dates, era markers, numbers and event triggers.
FRAGMENTS = [
    "تهران", "روسیه", "وزارت خارجه", "سازمان ملل متحد", "اسرائیل", "غزه", "ناتو", "حماس",
    "فروردین", "اسفند", "ژانویه", "دسامبر", "محرم", "رمضان", "شهریورماه", "دی‌ماه",
    "دیروز", "امروز", "هفته گذشته", "سال آینده", "روز دوشنبه", "ساعت ۱۰", "ه.ش", "میلادی", "قمری",
    "۱۴۰۲", "۲۰۲۴", "۱۲", "۳۱", "۱۳۶۷/۰۵/۲۷", "2024-03-01", "۱۹", "هزار", "دو",
    "محکوم کرد", "دیدار کرد", "حمله کرد", "حمایت کرد", "توافق کردند", "تحریم", "نکرد", "گفت",
    "در", "با", "به", "از", "را", "و", ".", "،", "\n", " ", "\u200c",
]

texts = st.one_of(
    st.text(max_size=300),  # any code point (surrogates excluded: they are not Unicode scalar values)
    st.text(alphabet=PERSIAN_ALPHABET, max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=PERSIAN_ALPHABET, max_size=3)), max_size=80)
    .map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=2)), max_size=60).map(" ".join),
)
# Every publication date the readers accept, also outside the range hijridate converts
# (1924-08-01 to 2077-11-16), where a Hijri expression keeps its span and loses its value.
reference_dates = st.one_of(
    st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)).map(lambda date: date.isoformat())
)


def _check_span(text: str, start: int, end: int, span_text: str, what: str) -> None:
    assert 0 <= start <= end <= len(text), f"{what} offsets ({start}, {end}) outside a text of {len(text)}"
    assert text[start:end] == span_text, f"{what} text {span_text!r} != text[{start}:{end}]"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, reference_date=reference_dates)
def test_fuzz_process_never_raises_and_every_offset_points_into_the_text(text, reference_date):
    doc = pipeline.process(text, reference_date=reference_date, doc_id="fuzz")
    assert doc.text == text
    for sentence in doc.sentences:
        _check_span(text, sentence.start, sentence.end, sentence.text, "sentence")
    for entity in doc.entities:
        _check_span(text, entity.start, entity.end, entity.text, "entity")
        assert entity.start < entity.end and entity.label in ("PER", "ORG", "LOC")
    for date in doc.dates:
        _check_span(text, date.start, date.end, date.text, "date")
        assert date.start < date.end
    for event in doc.events:
        _check_span(text, event.trigger_start, event.trigger_end, event.trigger, "trigger")
        _check_span(text, event.evidence_start, event.evidence_end, event.evidence, "evidence")
        assert event.evidence_start <= event.trigger_start and event.trigger_end <= event.evidence_end
    # What the batch writes must serialize too.
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
