"""Trigger lexicon, by example: verb phrases and their inflections, user files, malformed rows."""

from __future__ import annotations

import pytest

from pipeline.core import Pipeline
from pipeline.errors import LexiconError
from pipeline.events import EventExtractor
from pipeline.events.actors import tokenize
from pipeline.lexicons.triggers import load_cameo, load_triggers, verb_forms
from pipeline.text.normalize import normalize


@pytest.mark.parametrize(
    ("form", "negated", "tense"),
    [
        ("کرد", False, "past"),
        ("نکردند", True, "past"),
        ("کرده است", False, "past"),  # perfect, with a space
        ("کرده‌اند", False, "past"),  # perfect, with a ZWNJ
        ("می‌کند", False, "present"),
        ("نمی کند", True, "present"),
        ("نمیکند", True, "present"),
        ("بکند", False, "present"),  # subjunctive
        ("خواهد کرد", False, "future"),
        ("نخواهند کرد", True, "future"),
    ],
)
def test_triggers_verb_forms_cover_inflections(form, negated, tense):
    found = verb_forms("کرد", "کن")[form.replace(" ", "").replace("\u200c", "")]
    assert (found.negated, found.tense) == (negated, tense)


def test_triggers_past_reading_wins_over_a_present_homograph():
    # «گردید»: "it became" (past) and "you turn" (present) are spelled the same.
    assert verb_forms("گردید", "گرد")["گردید"].tense == "past"


@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        ("ابراز نگرانی کردند", "ابراز نگرانی کردند", "11"),
        ("محکوم خواهد کرد", "محکوم خواهد کرد", "11"),
        ("خواستار تحقیقات فوری و مستقل شد", "خواستار تحقیقات فوری و مستقل شد", "02"),  # a gap before the light verb
        ("احضار کرده است", "احضار کرده است", "11"),
        ("تحت فشار قرار داده‌اند", "تحت فشار قرار داده‌اند", "10"),
        ("حمله نکرد", "حمله نکرد", "19"),
        ("رد و تکذیب کرد", "رد", "12"),  # a light verb shared by two phrases
        ("با رد این ادعاها", "با رد", "12"),  # a verbal noun
    ],
)
def test_triggers_found_in_text(text, trigger, code):
    tokens = tokenize(normalize(text, repair_zwnj=False).text)
    match = EventExtractor().finder.find(tokens)[0]
    assert (" ".join(t.text for t in tokens[match.start : match.end]), match.entry.code) == (trigger, code)


def test_triggers_every_row_has_a_cameo_root():
    cameo = load_cameo()
    lexicon = load_triggers()
    codes = {entry.code for entries in lexicon.phrases.values() for entry, _ in entries}
    assert codes <= set(cameo) and {"01", "02", "11", "18"} <= codes
    assert (cameo["04"].quad_class, cameo["11"].quad_class, cameo["18"].quad_class) == (1, 3, 4)


def test_triggers_user_file_adds_a_verb_phrase(tmp_path, nlp):
    path = tmp_path / "my_triggers.tsv"
    path.write_text("# congratulate\nشادباش\tگفت#گوی\t05\tsupport\tact\n", encoding="utf-8")
    text = "پوتین به ترامپ شادباش گفت."
    assert [e.type for e in nlp.process(text).events] == ["01"]  # the shipped lexicon: a mere statement
    doc = Pipeline(triggers=[path]).process(text)
    assert [(e.actor, e.target, e.type, e.stance) for e in doc.events] == [("RUS", "USA", "05", "support")]


def test_triggers_user_file_overrides_a_shipped_row(tmp_path):
    path = tmp_path / "warnings_are_threats.tsv"
    path.write_text("هشدار\tداد#ده\t13\toppose\tact\n", encoding="utf-8")
    doc = Pipeline(triggers=[path]).process("پکن به واشنگتن هشدار داد.")
    assert [(e.actor, e.target, e.type) for e in doc.events] == [("CHN", "USA", "13")]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("محکوم\tکرد#کن\t99\toppose\tact", "not a CAMEO root"),
        ("محکوم\tکرد#کن\t11\tangry\tact", "polarity"),
        ("محکوم\tکرد#کن\t11\toppose\tverb", "kind"),
        ("محکوم\tکرد\t11\toppose\tact", "past#present"),
        ("محکوم\tکرد#کن\t11\toppose", "5 tab-separated columns"),
        ("با رد\tکرد#کن\t12\toppose\tnominal", "«-» as its verb"),
    ],
)
def test_triggers_malformed_row_names_file_and_line(tmp_path, row, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(f"# my triggers\nحمله\tکرد#کن\t18\toppose\tact\n{row}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as error:
        load_triggers([path])
    assert str(error.value).startswith(f"{path}:3:")
