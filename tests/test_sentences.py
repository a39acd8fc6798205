"""Sentence and segment splitting on news layouts, with raw offsets."""

from __future__ import annotations

import pytest

from pipeline.records import Document
from pipeline.text.normalize import normalize
from pipeline.text.sentences import SentenceSplitter, is_date_line, split_sentences


def segments(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline without final punctuation is its own line
        ("کرملین نگران است\nپوتین گفت که جنگ باید پایان یابد.", ["کرملین نگران است", "پوتین گفت که جنگ باید پایان یابد."]),
        # ؟ and ! end sentences
        ("آیا جنگ تمام می‌شود؟ هرگز! مذاکره ادامه دارد.", ["آیا جنگ تمام می‌شود؟", "هرگز!", "مذاکره ادامه دارد."]),
        # full stops inside «…» do not end the sentence around the quote
        ("او گفت: «جنگ باید تمام شود. مردم خسته‌اند.» سپس رفت.", ["او گفت: «جنگ باید تمام شود. مردم خسته‌اند.»", "سپس رفت."]),
        # a lost space after a full stop
        ("این.واین", ["این.", "واین"]),
        # an agency dateline is its own segment
        ("تهران - ایرنا: وزیر خارجه به مسکو رفت.", ["تهران - ایرنا:", "وزیر خارجه به مسکو رفت."]),
        # an abbreviation after a date, and «و…», end nothing
        ("در سال ۱۹۱۷ م. عثمانی شکست خورد.", ["در سال ۱۹۱۷ م. عثمانی شکست خورد."]),
        ("سلاح، مهمات و… ارسال شد. سپس", ["سلاح، مهمات و… ارسال شد.", "سپس"]),
        # a timeline date line
        ("۳۰ دسامبر\n\nمقامات روسی ابراز نگرانی کردند.", ["۳۰ دسامبر", "مقامات روسی ابراز نگرانی کردند."]),
    ],
)
def test_split_sentences_on_news_layouts(text: str, expected: list[str]) -> None:
    assert segments(text) == expected


@pytest.mark.parametrize(
    ("segment", "expected"),
    [("۳۰ دسامبر", True), ("دسامبر ۲۰۲۳", True), ("۱۰ دی ۱۴۰۲", True), ("مقامات روسی ۳۰ دسامبر گفتند", False), ("۲۰۲۳", False)],
)
def test_is_date_line(segment: str, expected: bool) -> None:
    assert is_date_line(segment) is expected


def test_splitter_stage_reports_raw_offsets_and_date_lines() -> None:
    raw = "۳۰ دسامبر\n\nمقامات روسي نگران شدند. كرملين هشدار داد."
    doc = Document(id="d1", text=raw, normalized=normalize(raw))
    doc = SentenceSplitter()(doc)
    assert [s.text for s in doc.sentences] == ["۳۰ دسامبر", "مقامات روسي نگران شدند.", "كرملين هشدار داد."]
    assert [s.is_date_line for s in doc.sentences] == [True, False, False]
    for sentence in doc.sentences:
        assert raw[sentence.start : sentence.end] == sentence.text


def test_splitter_stage_needs_a_normalized_document() -> None:
    with pytest.raises(ValueError, match="normalized"):
        SentenceSplitter()(Document(id="d1", text="سلام."))
