"""Tests of pipeline.ner: the shipped model, raw offsets, backends, errors, the gazetteer layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, ModelNotFoundError
from pipeline.lexicons.gazetteer import Gazetteer, actor_names
from pipeline.ner import (
    DEFAULT_BACKEND,
    DEFAULT_MODELS,
    MODELS_DIR,
    EntityRecognizer,
    resolve_model,
)
from pipeline.records import Document
from pipeline.text.normalize import normalize


@pytest.fixture(scope="module", params=["stanza", "spacy"])
def recognizer(request: pytest.FixtureRequest) -> EntityRecognizer:
    """Each shipped model: the default (stanza) and the fast spaCy one."""
    return EntityRecognizer(backend=request.param)


def _run(recognizer: EntityRecognizer, text: str) -> Document:
    doc = Document(id=None, text=text)
    doc.normalized = normalize(text)
    return recognizer(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ولادیمیر پوتین به تهران رفت.", [("ولادیمیر پوتین", "PER"), ("تهران", "LOC")]),
        ("وزارت خارجه روسیه از سازمان ملل متحد خواست اقدام کند.", [("وزارت خارجه روسیه", "ORG"), ("سازمان ملل متحد", "ORG")]),
        # Arabic ي/ك in the raw text: the entity text is the raw slice, not the normalized one.
        ("سفير آمريكا در مسكو با لاوروف ديدار كرد.", [("آمريكا", "LOC"), ("مسكو", "LOC"), ("لاوروف", "PER")]),
        # Diacritics and a kashida inside a name stay inside the raw span.
        ("مذاکره در ژنـــو و پاریس ادامه دارد.", [("ژنـــو", "LOC"), ("پاریس", "LOC")]),
        # A demonym is not an entity.
        ("مقامات روسی و اسرائیلی دیدار کردند.", []),
    ],
)
def test_ner_shipped_model_finds_entities(recognizer: EntityRecognizer, text: str, expected: list) -> None:
    doc = _run(recognizer, text)
    assert [(e.text, e.label) for e in doc.entities] == expected
    assert all(text[e.start : e.end] == e.text for e in doc.entities)


def test_ner_entities_sorted_and_disjoint(recognizer: EntityRecognizer) -> None:
    text = "\n\nکرملین اعلام کرد که پوتین و بایدن در ژنو دیدار می‌کنند.\n\n۳۰ دسامبر\n\nحماس و اتحادیه اروپا"
    doc = _run(recognizer, text)
    spans = [(e.start, e.end) for e in doc.entities]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert {e.label for e in doc.entities} <= {"PER", "ORG", "LOC"}
    assert all(text[e.start : e.end] == e.text for e in doc.entities)


def test_ner_normalizes_when_stage_runs_alone(recognizer: EntityRecognizer) -> None:
    doc = recognizer(Document(id=None, text="پوتين در مسكو"))
    assert [e.text for e in doc.entities] == ["پوتين", "مسكو"]


def test_ner_unknown_backend_names_the_registered_ones() -> None:
    with pytest.raises(ConfigError, match="registered: spacy, stanza"):
        EntityRecognizer(backend="flair")


def test_ner_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="train-ner") as info:
        EntityRecognizer(model=tmp_path / "nothing")
    assert str(tmp_path / "nothing") in str(info.value)


def test_ner_model_name_resolves_under_models_dir() -> None:
    assert resolve_model("spacy", "fa_news_ner") == MODELS_DIR / "fa_news_ner"
    # No backend named: the shipped default, chosen by F1 on the gold documents.
    assert resolve_model(None, None) == MODELS_DIR / DEFAULT_MODELS[DEFAULT_BACKEND]
    assert EntityRecognizer().backend_name == DEFAULT_BACKEND == "stanza"
    # A model named without its backend runs on the backend it was made for.
    assert EntityRecognizer(model="fa_news_ner", gazetteer=False).backend_name == "spacy"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ZWNJ-insensitive: «بی بی سی» written without ZWNJ still matches «بی‌بی‌سی».
        ("گزارش بیبیسی", [("بیبیسی", "ORG")]),
        # Whole tokens only: «ایران» inside «ایرانیان» is no match.
        ("ایرانیان در ایران", [("ایران", "LOC")]),
        # Longest match first.
        ("شورای امنیت سازمان ملل تشکیل جلسه داد", [("شورای امنیت سازمان ملل", "ORG")]),
        # CLDR names through Babel.
        ("سفر به اندونزی", [("اندونزی", "LOC")]),
    ],
)
def test_ner_gazetteer_matches(text: str, expected: list) -> None:
    assert [(text[s:e], label) for s, e, label in Gazetteer().find(text)] == expected


def test_ner_gazetteer_only_fills_gaps(recognizer: EntityRecognizer) -> None:
    # The model's longer ORG keeps «روسیه» inside it; the gazetteer adds no LOC on top.
    doc = _run(recognizer, "وزارت خارجه روسیه بیانیه داد.")
    assert [(e.text, e.label) for e in doc.entities] == [("وزارت خارجه روسیه", "ORG")]


def test_ner_gazetteer_completes_a_name_the_model_cut_short(recognizer: EntityRecognizer) -> None:
    # The actor dictionary knows the full name; a model that tags only the surname is extended to it,
    # a crossing or differently labeled match is not taken.
    doc = _run(recognizer, "ماریا زاخارووا سخنگوی وزارت خارجه روسیه گفت.")
    assert ("ماریا زاخارووا", "PER") in [(e.text, e.label) for e in doc.entities]
    assert ("وزارت خارجه روسیه", "ORG") in [(e.text, e.label) for e in doc.entities]


def test_ner_gazetteer_actor_names_labels() -> None:
    # States are places even when the actor dictionary spells them unlike CLDR; a common noun used as
    # an actor alias («آژانس» for the IAEA) is no name, while the full name is.
    gazetteer = Gazetteer(extra=actor_names())
    text = "آژانس بین‌المللی انرژی اتمی گزارش داد. بازرسان آژانس به هنگ‌کنگ رفتند."
    found = [(text[s:e], label) for s, e, label in gazetteer.find(text)]
    assert found == [("آژانس بین‌المللی انرژی اتمی", "ORG"), ("هنگ‌کنگ", "LOC")]


def test_ner_names_match_however_their_parts_and_hamza_are_written() -> None:
    # One key for «حزب‌الله»/«حزب الله»/«حزبالله» and for «رئیس»/«رییس» (pipeline.text.normalize.fold).
    gazetteer = Gazetteer(extra={"حزب‌الله": "ORG", "رئیس‌علی دلواری": "PER"})
    assert gazetteer.find("حزبالله و رییسعلی دلواری") == [(0, 7, "ORG"), (10, 24, "PER")]
