"""ZWNJ repair: one decision per candidate boundary, learned from clean text, with morphology as backoff."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.errors import LexiconError
from pipeline.lexicons.zwnj import load_bound_parts, load_zwnj_lexicon
from pipeline.text.normalize import normalize
from pipeline.text.zwnj import Rules, ZwnjRepairer, visual_form

ZWNJ = "\u200c"
SEED_WORDS = ["میرسد", "سلاحهای", "هستهای", "بینالمللی", "نشاندهنده", "تنشزدایی"]


def z(text: str) -> str:
    """Write ZWNJs as «+» in the test tables."""
    return text.replace("+", ZWNJ)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("به نظر میرسد", "به نظر می+رسد"),  # verb prefix می before a present stem
        ("سلاحهای هستهای", "سلاح+های هسته+ای"),  # plural, and ای after a silent ه
        ("جامعه بینالمللی", "جامعه بین+المللی"),  # a lexicon compound
        ("نشاندهنده تنشزدایی است", "نشان+دهنده تنش+زدایی است"),
        ("آنها نمیخواهند", "آنها نمی+خواهند"),  # «آنها» is written glued in clean text
        ("میدان و تاکنون", "میدان و تاکنون"),  # glued words that only look like می + stem
    ],
)
def test_deleted_zwnj_is_restored(raw: str, expected: str) -> None:
    assert normalize(raw).text == z(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("پاسخ می رسد", "پاسخ می+رسد"),  # «می» is never a word of its own
        ("سلاح های هسته ای", "سلاح+های هسته+ای"),
        ("حمله حوثی های یمن", "حمله حوثی+های یمن"),  # unseen word before a bound plural
        ("آنها رفته اند", "آنها رفته+اند"),  # the copula is never a word of its own
        ("به ویژه در غزه", "به ویژه در غزه"),  # two words clean text writes apart
        ("در نتیجه جنگ", "در نتیجه جنگ"),
    ],
)
def test_space_typed_for_a_zwnj_is_repaired(raw: str, expected: str) -> None:
    assert normalize(raw).text == z(expected)


def test_repair_is_character_edits_on_the_text() -> None:
    repairer = ZwnjRepairer.default()
    # an insertion inside «سلاحهای», a space replaced in «می رسد»
    assert repairer.edits("سلاحهای") == [(4, 4, ZWNJ)]
    assert repairer.edits("می رسد") == [(2, 3, ZWNJ)]
    # after a non-joining letter the lost ZWNJ is invisible: the space just goes
    assert repairer.edits("دارو ها") == [(4, 5, "")]


def test_seed_article_words_come_out_repaired(shared_dir) -> None:
    seed = json.loads((shared_dir / "gold/seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = normalize(seed["text"]).text
    words = set(re.findall(r"[^\W\d_]+", seed["text"]))
    repaired_words = set(re.findall(r"(?:[^\W\d_]|\u200c)+", text))
    for word in SEED_WORDS:
        assert word in words and word not in repaired_words
    for repaired in ["می+رسد", "سلاح+های", "هسته+ای", "بین+المللی", "نشان+دهنده", "تنش+زدایی"]:
        assert z(repaired) in text


def test_rules_split_unseen_words_by_morphology() -> None:
    rules = Rules.default()
    assert rules.marks("میرسد") == [2]  # می + رسد
    assert rules.marks("نمیخواهند") == [3]
    assert rules.marks("کتابخانه") == []  # no suffix rule applies to a plain word


def test_visual_form_drops_invisible_zwnjs() -> None:
    assert visual_form(z("دارو+ها")) == "داروها"
    assert visual_form(z("سلاح+ها")) == z("سلاح+ها")


def test_shipped_data_loads_and_holds_the_bound_parts() -> None:
    lexicon = load_zwnj_lexicon()
    assert lexicon.forms["بینالمللی"] == z("بین+المللی")
    bound = load_bound_parts()
    assert {"می", "نمی"} <= bound.left
    assert {"های", "ها", "ترین"} <= bound.right


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("کتاب\tmany\n", "score 'many' is not a number"),
        ("کتاب۲\t3\n", "holds more than letters"),
        ("کتاب\n", "expected 2 tab-separated columns"),
    ],
)
def test_malformed_lexicon_line_names_file_and_line(tmp_path, content: str, problem: str) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text("# header\n" + content, encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as error:
        load_zwnj_lexicon(path)
    assert "lexicon.tsv" in str(error.value) and "2" in str(error.value)


def test_malformed_bound_part_names_its_side(tmp_path) -> None:
    path = tmp_path / "bound_parts.tsv"
    path.write_text("# header\nهای\tmiddle\t10\t0\t5\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="side 'middle'"):
        load_bound_parts(path)


def test_repairer_from_a_data_folder(tmp_path) -> None:
    (tmp_path / "lexicon.tsv").write_text("# header\nبین‌المللی\t3\n", encoding="utf-8")
    (tmp_path / "bound_parts.tsv").write_text("# header\n", encoding="utf-8")
    repairer = ZwnjRepairer.from_dir(tmp_path)
    assert repairer.edits("بینالمللی") == [(3, 3, ZWNJ)]
    # without bound parts, an unknown word before «های» is decided by the rules alone
    assert repairer.bound.right == frozenset()


def test_build_learns_bound_parts_from_word_counts() -> None:
    import importlib.util
    from collections import Counter
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "build_zwnj_model.py"
    spec = importlib.util.spec_from_file_location("build_zwnj_model", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bound_parts = module.bound_parts

    # «های» follows a ZWNJ after many words and never stands alone; «کتاب» is a word of its own
    counts = Counter({z(f"{word}+های"): 5 for word in ["سلاح", "کشور", "شهر", "کتاب", "سال", "روز"]})
    counts.update({"کتاب": 50, z("کتاب+خانه"): 1})
    rows = bound_parts(counts)
    assert [(part, side) for part, side, *_ in rows] == [("های", "right")]
