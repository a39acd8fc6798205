"""The date stage on the shared date-expression set and gold documents (acceptance levels)."""

from __future__ import annotations

import json

import pytest

from pipeline.dates import DateExtractor, find_dates
from pipeline.evaluation.scoring import PRF, score_dates
from pipeline.io.gold import read_gold
from pipeline.records import Document
from pipeline.text.normalize import normalize
from pipeline.text.sentences import SentenceSplitter


def test_dates_shared_expression_set_span_f1_and_value_accuracy(shared_dir):
    rows = [json.loads(line) for line in (shared_dir / "data" / "dates" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    by_sentence: dict[str, list[dict]] = {}
    for row in rows:
        by_sentence.setdefault(row["sentence"], []).append(row)
    spans, correct = PRF(), 0
    for sentence, gold in by_sentence.items():
        predicted = {(m.start, m.end): m.value for m in find_dates(sentence, gold[0]["reference_date"])}
        spans.add_sets(set(predicted), {(g["start"], g["end"]) for g in gold})
        correct += sum(predicted.get((g["start"], g["end"]), "-") == g["value"] for g in gold)
    assert spans.f1 >= 0.95
    assert correct / len(rows) >= 0.95  # over all gold expressions: a missed one counts as wrong


@pytest.mark.parametrize("name", ["seed", "dev"])
def test_dates_shared_gold_documents(shared_dir, name):
    gold = read_gold(shared_dir / "gold" / f"{name}.jsonl")
    stages = SentenceSplitter(), DateExtractor()
    predicted = []
    for doc in gold:
        document = Document(id=doc.id, text=doc.text, reference_date=doc.reference_date, normalized=normalize(doc.text))
        predicted.append(stages[1](stages[0](document)))
    scores = score_dates(gold, predicted)
    assert scores["f"] >= 0.90
    assert scores["value_acc"] >= 0.90


def test_dates_shared_news_articles_give_valid_spans(shared_dir):
    lines = (shared_dir / "data" / "raw" / "farsnews" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    stages = SentenceSplitter(), DateExtractor()
    found = 0
    for line in lines[:400]:
        article = json.loads(line)
        doc = Document(id=article["id"], text=article["text"], reference_date="2019-01-01",
                       normalized=normalize(article["text"]))
        doc = stages[1](stages[0](doc))
        assert len(doc.sentence_dates) == len(doc.sentences)
        for mention in doc.dates:
            assert doc.text[mention.start:mention.end] == mention.text
            assert "\n" not in mention.text
        found += len(doc.dates)
    assert found > 400  # news articles are full of dates
