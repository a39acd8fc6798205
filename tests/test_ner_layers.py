"""Tests of the NER rule layers (pipeline.ner.layers) and the place and outlet lists behind them (issue 14)."""

from __future__ import annotations

import pytest

from pipeline.lexicons.gazetteer import (
    PLACES_CLDR_PATH,
    Gazetteer,
    cldr_places_text,
    harmonization_rules,
)
from pipeline.ner import EntityRecognizer
from pipeline.ner.layers import EntityLayers
from pipeline.records import Document
from pipeline.text.normalize import normalize


@pytest.fixture(scope="module")
def layers() -> EntityLayers:
    return EntityLayers(harmonization_rules())


def _found(text: str, spans: list) -> list[tuple[str, str]]:
    return [(text[span[0] : span[1]], span[2]) for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Cities and provinces of the region, from places.tsv.
        ("درگیری در حلب و ننگرهار ادامه دارد.", [("حلب", "LOC"), ("ننگرهار", "LOC")]),
        # Capitals from CLDR's time-zone cities.
        ("سفیر به اسلو و کانبرا رفت.", [("اسلو", "LOC"), ("کانبرا", "LOC")]),
        # A Dari spelling of a country.
        ("هیئتی از ازبیکستان آمد.", [("ازبیکستان", "LOC")]),
        # CLDR's Dushanbe is also Monday: a `common` row keeps it out.
        ("روز دوشنبه جلسه برگزار شد.", []),
        # A lone «و» ends no name: «فرد و» is not Fordow.
        ("تحریم پنج فرد و سه نهاد", []),
        # Outlets whose name is no common word are ORG anywhere.
        ("ایسنا و تسنیم خبر دادند.", [("ایسنا", "ORG"), ("تسنیم", "ORG")]),
    ],
)
def test_ner_layers_gazetteer_places_and_outlets(text: str, expected: list) -> None:
    assert _found(text, Gazetteer().find(text)) == expected


def test_ner_layers_places_file_is_what_cldr_gives() -> None:
    # Regenerate with `python scripts/build_places.py` after a Babel upgrade.
    assert PLACES_CLDR_PATH.read_text(encoding="utf-8") == cldr_places_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("به گزارش فارس، وزیر به کابل رفت.", [("فارس", "ORG")]),
        # Filler words between the cue and the outlet.
        ("به گزارش خبرنگار سیاسی مهر، جلسه تمام شد.", [("مهر", "ORG")]),
        ("مهر گزارش داد که جلسه تمام شد.", [("مهر", "ORG")]),
        # A dateline: the outlet opens the paragraph, a colon follows.
        ("صراط: سخنگوی دولت گفت.", [("صراط", "ORG")]),
        # The same words outside an attribution: a month, a province.
        ("در مهر ماه به استان فارس سفر کرد.", []),
    ],
)
def test_ner_layers_outlets_in_attributions(layers: EntityLayers, text: str, expected: list) -> None:
    assert _found(text, layers.attributions(text)) == expected


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        # Generic words and adjectives are no entities alone.
        ("نمایندگان مجلس رأی دادند.", "مجلس", "ORG", []),
        ("رژیم صهیونیستی و شاهزاده سعودی", "سعودی", "LOC", []),
        ("مواضع صهیونیستی", "صهیونیستی", "ORG", []),
        # A nationality adjective as a place is dropped; as a person's name it is kept (a surname).
        ("مقامات ایرانی گفتند", "ایرانی", "LOC", []),
        ("حسن خراسانی گفت", "خراسانی", "PER", [("خراسانی", "PER")]),
        # A title or head noun leaves the span.
        ("رئیس جمهوری ایران گفت", "رئیس جمهوری ایران", "PER", [("ایران", "LOC")]),
        ("کنفرانس ژنو برگزار شد", "کنفرانس ژنو", "ORG", [("ژنو", "LOC")]),
        ("در ولسوالی شینواری درگیری شد", "ولسوالی شینواری", "LOC", [("شینواری", "LOC")]),
        # A pointing word is cut from the end.
        ("وزارت امور خارجه کشورمان اعلام کرد", "وزارت امور خارجه کشورمان", "ORG", [("وزارت امور خارجه", "ORG")]),
        # A city and its country are two places.
        ("در شهر ادلب سوریه", "ادلب سوریه", "LOC", [("ادلب", "LOC"), ("سوریه", "LOC")]),
        # The army of a country is one ORG.
        ("نیروهای ارتش امریکا رسیدند", "امریکا", "LOC", [("ارتش امریکا", "ORG")]),
        # A title the model cut in two, and a whole title before a whole name (kept).
        ("رئیس جمهوری آمریکا گفت", "جمهوری آمریکا", "LOC", [("آمریکا", "LOC")]),
        ("سخنگوی وزارت خارجه روسیه گفت", "وزارت خارجه روسیه", "ORG", [("وزارت خارجه روسیه", "ORG")]),
    ],
)
def test_ner_layers_guard(layers: EntityLayers, text: str, span: str, label: str, expected: list) -> None:
    start = text.index(span)
    assert _found(text, layers.guard(text, start, start + len(span), label)) == expected


def test_ner_layers_spread_labels_other_mentions(layers: EntityLayers) -> None:
    text = "ولادیمیر پوتین به پکن رفت. پوتین گفت که پکن شریک است."
    found = [(0, 14, "PER", "model"), (18, 21, "LOC", "model")]
    spread = layers.spread(text, found)
    assert [(text[s:e], label, source) for s, e, label, source in spread] == [
        ("ولادیمیر پوتین", "PER", "model"),
        ("پکن", "LOC", "model"),
        # The surname of a person found in full, and the second mention of the city.
        ("پوتین", "PER", "document"),
        ("پکن", "LOC", "document"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A name read two ways in one text is not spread.
        ("اردن گفت. اردن رفت. اردن آمد.", [(0, 4, "LOC", "model"), (10, 14, "PER", "model")]),
        # Generic words are not spread.
        ("مجلس رأی داد و مجلس رفت.", [(0, 4, "ORG", "model")]),
        # Nor the last word of a «person» that opens with a generic word: «روسی» is an adjective.
        ("با روزنامه روسی گفت. مقامات روسی رفتند.", [(3, 15, "PER", "model")]),
    ],
)
def test_ner_layers_spread_guards(layers: EntityLayers, text: str, found: list) -> None:
    assert layers.spread(text, found) == found


def test_ner_layers_in_the_recognizer() -> None:
    # The whole stage on short sentences: the attribution makes «مهر» an ORG, the gazetteer adds the
    # province, a generic word and an adjective stay out, a head noun leaves the name.
    recognizer = EntityRecognizer()
    for text, expected in [
        ("به گزارش فارس، عبدالله حمیدی در ننگرهار بود.", [("فارس", "ORG"), ("عبدالله حمیدی", "PER"), ("ننگرهار", "LOC")]),
        ("به گزارش خبرنگار مهر، سفیر ایران در کانبرا احضار شد.", [("مهر", "ORG"), ("ایران", "LOC"), ("کانبرا", "LOC")]),
        ("نمایندگان مجلس و مقامات سعودی در کنفرانس ژنو بودند.", [("ژنو", "LOC")]),
    ]:
        doc = Document(id=None, text=text)
        doc.normalized = normalize(text)
        assert [(e.text, e.label) for e in recognizer(doc).entities] == expected
