"""The lean stanza NER inference gives the tags of stanza's own inference, faster.

The lean path (:class:`pipeline.ner.backends.stanza_tagger.StanzaTagger`) runs the shipped model's
modules on sentences of many texts at once; stanza's Pipeline (``inference="stanza"``) is the
reference it must match tag for tag.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import pipeline.ner.backends.stanza_tagger
from pipeline.io.gold import iter_gold_dicts
from pipeline.ner import MODELS_DIR
from pipeline.ner.backends.stanza_ner import StanzaBackend
from pipeline.ner.backends.stanza_tagger import viterbi_batch
from pipeline.ner.corpora import read_conll
from pipeline.text.normalize import normalize

MODEL = MODELS_DIR / "fa_news_ner_stanza"

SENTENCES = [
    ["حسن", "روحانی", "رئیس‌جمهور", "سابق", "ایران", "به", "مسکو", "سفر", "کرد", "."],
    ["وزارت", "امور", "خارجه", "فرانسه", "حمله", "به", "غزه", "را", "محکوم", "کرد", "."],
    ["تهران"],
    [],
    ["علی", "لاریجانی", "در", "دیدار", "با", "سرگئی", "لاوروف", "درباره", "برجام", "گفت‌وگو", "کرد", "."],
    ["سازمان", "ملل", "متحد", "از", "شورای", "امنیت", "خواست", "نشستی", "فوری", "برگزار", "کند", "."],
]


@pytest.fixture(scope="module")
def lean() -> StanzaBackend:
    backend = StanzaBackend(MODEL)
    assert backend.inference == "lean"
    return backend


@pytest.fixture(scope="module")
def reference() -> StanzaBackend:
    return StanzaBackend(MODEL, inference="stanza")


def test_lean_tags_are_stanza_tags_on_short_sentences(lean, reference) -> None:
    tags = lean.tag_sentences(SENTENCES)
    assert tags == reference.tag_sentences(SENTENCES)
    assert [len(t) for t in tags] == [len(s) for s in SENTENCES]
    assert tags[0][4] == "S-LOC" and tags[0][6] == "S-LOC"  # ایران, مسکو


def test_lean_spans_are_stanza_spans_on_texts(lean, reference) -> None:
    texts = ["حسن روحانی به مسکو رفت. سازمان ملل متحد واکنش نشان داد.", "", "تهران\nوزارت خارجه فرانسه"]
    assert lean.pipe(texts) == [reference(text) for text in texts]
    assert [lean(text) for text in texts] == lean.pipe(texts)


def test_batch_viterbi_is_stanzas_viterbi() -> None:
    from stanza.models.common.crf import viterbi_decode

    rng = np.random.default_rng(7)
    lengths = np.array([9, 9, 6, 3, 1])
    scores = rng.normal(size=(len(lengths), 9, 5)).astype(np.float32)
    transitions = rng.normal(size=(5, 5)).astype(np.float32)
    paths = viterbi_batch(scores, lengths, transitions)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == [int(t) for t in viterbi_decode(scores[row, :n], transitions)[0]]


def test_stanza_tagger_docstring_examples_run() -> None:
    result = doctest.testmod(pipeline.ner.backends.stanza_tagger)
    assert result.attempted > 0 and result.failed == 0


def test_unknown_inference_is_refused() -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="inference"):
        StanzaBackend(MODEL, inference="fast")


def test_lean_tags_are_stanza_tags_on_parstwiner_test(lean, reference, shared_dir) -> None:
    sentences = [[token for token, _ in sentence] for sentence in read_conll(shared_dir / "data/ner/parstwiner/test.conll")]
    assert len(sentences) > 250
    tags = lean.tag_sentences(sentences)
    assert tags == reference.tag_sentences(sentences)
    assert sum(tag != "O" for sentence in tags for tag in sentence) > 100


def test_lean_spans_are_stanza_spans_on_gold_documents(lean, reference, shared_dir) -> None:
    texts = [normalize(doc["text"]).text for path in sorted((shared_dir / "gold").glob("*.jsonl"))
             for doc in iter_gold_dicts(path)]
    assert len(texts) > 50
    spans = lean.pipe(texts)
    assert spans == [reference(text) for text in texts]
    assert sum(map(len, spans)) > 200
