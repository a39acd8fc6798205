"""Actor dictionary and resolution, by example: which words of a Persian text name which actor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core import Pipeline
from pipeline.errors import LexiconError
from pipeline.events.actors import ActorResolver, tokenize
from pipeline.lexicons.actors import COUNTRIES_FILE, load_actors
from pipeline.text.normalize import fold, normalize


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_actors())


def _mentions(resolver: ActorResolver, text: str) -> list[tuple[str, str | None]]:
    tokens = tokenize(normalize(text, repair_zwnj=False).text)
    return [(m.text, m.code) for m in resolver.find(tokens)]


@pytest.mark.parametrize(
    ("variants", "code"),
    [
        (["حزب‌الله", "حزب الله", "حزبالله"], "HEZBOLLAH"),  # ZWNJ, space or nothing
        (["کرملين", "کرملین"], "RUS"),  # Arabic yeh
        (["امارات متحدهٔ عربی", "امارات متحده عربی"], "ARE"),  # CLDR's ezafe hamza (U+0654) or none
        (["تأکید"], None),  # a common word is no actor
    ],
)
def test_actors_names_match_whatever_the_spelling(variants, code):
    lexicon = load_actors()
    assert {lexicon.names[fold(v)].code if fold(v) in lexicon.names else None for v in variants} == {code}


def test_actors_every_cldr_state_has_its_iso_code():
    lexicon = load_actors()
    assert lexicon.names[fold("بوتان")].code == "BTN"
    assert lexicon.names[fold("نیوزیلند")].code == "NZL"
    # News spellings beside CLDR's.
    assert lexicon.names[fold("انگلیس")].code == lexicon.names[fold("بریتانیا")].code == "GBR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سخنگوی وزارت امور خارجه روسیه", [("سخنگوی وزارت امور خارجه روسیه", "RUS")]),
        ("مقامات روسی", [("مقامات روسی", "RUS")]),  # a demonym after a role noun
        ("روزنامه روسی", [("روزنامه روسی", "RUS")]),  # a demonym after its noun: state media are the state
        ("روسی", []),  # a demonym alone is no actor
        ("سفیر جدید اسرائیل در روسیه", [("سفیر جدید اسرائیل", "ISR"), ("روسیه", "RUS")]),
        ("کاخ سفید و کرملین", [("کاخ سفید", "USA"), ("کرملین", "RUS")]),  # seats of government
        ("شورای امنیت سازمان ملل", [("شورای امنیت سازمان ملل", "UNSC")]),  # the longest name
        ("یوتین", [("یوتین", "RUS")]),  # a known leader with one dot wrong
        ("وی و این کشور", [("وی", None), ("این کشور", None)]),  # anaphora, resolved by the events stage
    ],
)
def test_actors_resolver_finds_mentions(resolver, text, expected):
    assert _mentions(resolver, text) == expected


def test_actors_quoted_name_takes_its_office_and_teaches_its_surname(resolver):
    text = "«سایمون شرکلیف» سفیر انگلیس احضار شد. شرکلیف پاسخ داد."
    assert _mentions(resolver, text) == [("سایمون شرکلیف", "GBR"), ("شرکلیف", "GBR")]


def test_actors_user_file_extends_and_overrides(tmp_path):
    path = tmp_path / "my_actors.yaml"
    path.write_text(
        "actors:\n"
        "  VILLAGE:\n"
        "    names: [شورای دهکده نمونه]\n"
        "  TUR:\n"
        "    people: [هاکان فیدان]\n"
        "  GEO:\n"
        "    names: [گرجستان]\n"
        "    seats: [تفلیس]\n",
        encoding="utf-8",
    )
    lexicon = load_actors([path])
    assert lexicon.names[fold("شورای دهکده نمونه")].code == "VILLAGE"
    assert lexicon.names[fold("تفلیس")].code == "GEO"
    assert fold("شورای دهکده نمونه") not in load_actors().names  # the shipped dictionary is untouched
    nlp = Pipeline(actors=[path])
    doc = nlp.process("شورای دهکده نمونه از تفلیس انتقاد کرد.")
    assert [(e.actor, e.target) for e in doc.events] == [("VILLAGE", "GEO")]


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("actors:\n  rus:\n    names: [روسیه]\n", 2, "not an upper-case code"),
        ("actors:\n  RUS:\n    names: [روسیه]\n  USA:\n    nicknames: [عمو سام]\n", 4, "unknown field"),
        ("actors:\n  RUS:\n    names: روسیه\n", 2, "must be a list"),
        ("actors:\n  RUS:\n    names: [روسیه\n", 4, "invalid YAML"),
        ("actorz:\n  RUS: {}\n", 1, "unknown section"),
    ],
)
def test_actors_malformed_entry_names_file_and_line(tmp_path, content, line, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as error:
        load_actors([path])
    assert str(error.value).startswith(f"{path}:{line}:")


def _build_actors_script():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_actors.py"
    spec = importlib.util.spec_from_file_location("build_actors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_actors_country_file_is_what_cldr_gives():
    # The generated file matches a fresh run of scripts/build_actors.py on the installed Babel.
    shipped = [tuple(line.split("\t")) for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]
    assert shipped == _build_actors_script().country_rows()


def test_actors_cldr_names_match_without_hamza_or_zwnj():
    # CLDR writes «امارات متحدهٔ عربی», «جزایر مارشال» with U+0654 / ZWNJ; news text often drops them.
    lexicon = load_actors()
    for code, name, _alpha2 in _build_actors_script().country_rows():
        bare = name.replace("\u0654", "").replace("\u200c", " ")
        if fold(bare) not in lexicon.stopnames:
            assert lexicon.names[fold(bare)].code == code, name


def test_actors_pipeline_run_takes_a_user_file(tmp_path):
    from pipeline.cli import main

    actors = tmp_path / "my_actors.yaml"
    actors.write_text("actors:\n  VILLAGE:\n    names: [شورای دهکده نمونه]\n", encoding="utf-8")
    source = tmp_path / "news.jsonl"
    source.write_text('{"id": "k1", "text": "شورای دهکده نمونه از بغداد انتقاد کرد."}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(source), "--out", str(out), "--actors", str(actors), "--quiet"]) == 0
    (doc,) = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["actor"], e["target"], e["type"]) for e in doc["events"]] == [("VILLAGE", "IRQ", "11")]


def test_actors_pipeline_run_reports_a_malformed_user_file(tmp_path, capsys):
    from pipeline.cli import main

    actors = tmp_path / "my_actors.yaml"
    actors.write_text("actors:\n  kurdistan:\n    names: [شورای دهکده نمونه]\n", encoding="utf-8")
    source = tmp_path / "news.jsonl"
    source.write_text('{"id": "k1", "text": "شورای دهکده نمونه از بغداد انتقاد کرد."}\n', encoding="utf-8")
    assert main(["run", str(source), "--out", str(tmp_path / "out"), "--actors", str(actors), "--quiet"]) != 0
    assert f"{actors}:2:" in capsys.readouterr().err
