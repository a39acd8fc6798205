"""Tests of pipeline.ner.corpora and pipeline.ner.training: tag mapping, harmonization, normalization, tiny training runs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import ConfigError
from pipeline.ner import EntityRecognizer
from pipeline.ner.corpora import (
    CORPORA,
    harmonize,
    load_corpus,
    map_tags,
    normalize_sentence,
    read_conll,
    read_texts,
    spans_from_bio,
)
from pipeline.ner.training import train_ner
from pipeline.records import Document

PERSONS = [["مریم", "میرزاخانی"], ["علی", "دایی"], ["فردوسی"], ["پروین", "اعتصامی"], ["سعدی"], ["حافظ"]]
PLACES = [["شیراز"], ["تبریز"], ["مشهد"], ["اصفهان"], ["کرمان"], ["یزد"]]
ORGS = [["بانک", "ملی"], ["دانشگاه", "تهران"], ["شرکت", "نفت"], ["سازمان", "هواشناسی"]]


def _tagged(words: list[str], label: str) -> list[tuple[str, str]]:
    return [(w, ("B-" if i == 0 else "I-") + label) for i, w in enumerate(words)]


def _template_corpus(directory: Path, n: int, seed: int) -> None:
    """ParsTwiNER-shaped files of template sentences: «X در Y با مدیران Z دیدار کرد .»"""
    rng = random.Random(seed)
    root = directory / "parstwiner"
    root.mkdir(parents=True)
    for split, count in (("train", n), ("dev", n // 5), ("test", n // 5)):
        lines = []
        for _ in range(count):
            sentence = (
                _tagged(rng.choice(PERSONS), "PER")
                + [("در", "O")]
                + _tagged(rng.choice(PLACES), "LOC")
                + [("با", "O"), ("مدیران", "O")]
                + _tagged(rng.choice(ORGS), "ORG")
                + [("دیدار", "O"), ("کرد", "O"), (".", "O")]
            )
            lines.extend(f"{w}\t{t}" for w, t in sentence)
            lines.append("")
        (root / f"{split}.conll").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ner_training_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("علی\tB-PER\nآمد\tO\n\nتهران\tB-LOC\n", encoding="utf-8")
    assert read_conll(path) == [[("علی", "B-PER"), ("آمد", "O")], [("تهران", "B-LOC")]]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        # POG (parties) becomes ORG, NAT (demonyms) O.
        (["B-POG", "I-POG", "B-NAT"], ["B-ORG", "I-ORG", "O"]),
        # An I- left without its B- after mapping starts a new entity.
        (["B-EVE", "I-PER", "I-PER"], ["O", "B-PER", "I-PER"]),
        (["B-DAT", "I-DAT", "B-LOC"], ["O", "O", "B-LOC"]),
    ],
)
def test_ner_training_map_tags(tags: list[str], expected: list[str]) -> None:
    sentence = [(f"w{i}", t) for i, t in enumerate(tags)]
    assert [t for _, t in map_tags(sentence, CORPORA["parstwiner"].tag_map)] == expected


@pytest.mark.parametrize(
    ("tokens", "tags", "expected"),
    [
        # Government + country: only the country, as LOC (GOLD_FORMAT: «سفیر اسرائیل» → «اسرائیل»).
        (["دولت", "انگلیس"], ["B-ORG", "I-ORG"], [(1, 2, "LOC")]),
        (["وزیر", "خارجه", "ایران"], ["B-ORG", "I-ORG", "I-ORG"], [(2, 3, "LOC")]),
        # A ministry stays a whole ORG.
        (["وزارت", "خارجه", "روسیه"], ["B-ORG", "I-ORG", "I-ORG"], [(0, 3, "ORG")]),
        # A generic head of a place is left out.
        (["استان", "ادلب"], ["B-LOC", "I-LOC"], [(1, 2, "LOC")]),
        # ... but not from an ORG that starts with the same word (a company).
        (["شهر", "خودرو"], ["B-ORG", "I-ORG"], [(0, 2, "ORG")]),
        # Demonyms are not entities (ARMAN tags them ORG).
        (["ایرانیان", "آمدند"], ["B-ORG", "O"], []),
        # Ezafe after a vowel is not a demonym.
        (["اسپانیای", "جنوبی"], ["B-LOC", "O"], [(0, 1, "LOC")]),
        # Quote marks leave the span.
        (["«", "اسپوتنیک", "»"], ["B-ORG", "I-ORG", "I-ORG"], [(1, 2, "ORG")]),
    ],
)
def test_ner_training_harmonize(tokens: list[str], tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert spans_from_bio([t for _, t in harmonize(list(zip(tokens, tags)))]) == expected


def test_ner_training_normalize_sentence_locates_tokens() -> None:
    # Arabic ي/ك unified, a bidi mark dropped: each token still knows its normalized span.
    text, spans = normalize_sentence(["كرملين", "\u200f", "گفت"])
    assert text.startswith("کرملین")
    assert spans[0] == (0, 6) and spans[1] is None
    assert text[spans[2][0] : spans[2][1]] == "گفت"


def test_ner_training_rejects_unknown_backend_and_corpus(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="spacy, stanza"):
        train_ner(tmp_path / "m", backend="crf")
    with pytest.raises(ConfigError, match="parstwiner"):
        load_corpus("conll2003", "train")


def test_ner_training_parstwiner_counts(shared_dir: Path) -> None:
    train = load_corpus("parstwiner", "train", data_dir=shared_dir / "data" / "ner", harmonized=False)
    assert len(train) == 6417
    labels = {t[2:] for s in train for _, t in s if t != "O"}
    assert labels == {"PER", "ORG", "LOC"}


def test_ner_training_tiny_stanza_model_runs_through_recognizer(tmp_path: Path) -> None:
    pytest.importorskip("stanza")
    pytest.importorskip("gensim")
    _template_corpus(tmp_path / "data", 200, seed=3)
    model = train_ner(
        tmp_path / "stanza_tiny", backend="stanza", data_dir=tmp_path / "data", max_steps=150, size="tiny"
    )
    assert (model / "ner.pt").exists() and (model / "pretrain.pt").exists() and (model / "README.md").exists()
    recognizer = EntityRecognizer(backend="stanza", model=model, gazetteer=False)
    text = "مريم ميرزاخاني در شيراز با مديران بانک ملي ديدار کرد."  # Arabic ي: offsets stay raw
    doc = recognizer(Document(id=None, text=text))
    found = [(e.text, e.label) for e in doc.entities]
    assert found == [("مريم ميرزاخاني", "PER"), ("شيراز", "LOC"), ("بانک ملي", "ORG")]
    assert all(text[e.start : e.end] == e.text for e in doc.entities)
    # The same model through the whole pipeline, selected by path.
    processed = pipeline.process("حافظ در تبريز با مديران شرکت نفت ديدار کرد.", ner_backend="stanza", ner_model=model)
    expected = [("حافظ", "PER"), ("تبريز", "LOC"), ("شرکت نفت", "ORG")]
    assert [(e.text, e.label) for e in processed.entities] == expected
    card = (model / "README.md").read_text(encoding="utf-8")
    assert "Licence-clean" in card and "POG→ORG" in card


def test_ner_training_tiny_spacy_model(tmp_path: Path) -> None:
    _template_corpus(tmp_path / "data", 60, seed=4)
    model = train_ner(tmp_path / "spacy_tiny", data_dir=tmp_path / "data", max_steps=60, width=32)
    assert (model / "meta.json").exists()
    # A model given without a backend runs on the backend that made it.
    recognizer = EntityRecognizer(model=model, gazetteer=False)
    assert recognizer.backend_name == "spacy"
    # 60 steps teach a model little; what it finds still points into the raw text.
    text = "حافظ در یزد با مديران شرکت نفت ديدار کرد."
    doc = recognizer(Document(id=None, text=text))
    assert all(text[e.start : e.end] == e.text and e.label in ("PER", "ORG", "LOC") for e in doc.entities)
    assert '"size": "width 32"' in (model / "training.json").read_text(encoding="utf-8")


def test_ner_training_raw_texts_skip_gold_articles(tmp_path: Path) -> None:
    # A raw article that repeats a gold passage never reaches the word vectors.
    gold = "وزارت خارجه روسیه روز سه‌شنبه در بیانیه‌ای حمله به غزه را محکوم کرد و خواستار آتش‌بس شد."
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        json.dumps({"text": "خبر اول. " + gold[5:70] + " پایان."}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "بانک مرکزی نرخ ارز را اعلام کرد."}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    assert list(read_texts([articles], exclude=[gold])) == ["بانک مرکزی نرخ ارز را اعلام کرد."]
