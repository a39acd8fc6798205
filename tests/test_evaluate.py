"""The evaluator implements GOLD_FORMAT.md's Scoring section."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.evaluation.scoring import (
    evaluate,
    evaluate_documents,
    format_scores,
    match_events,
    score_dates,
    score_entities,
    score_events,
)
from pipeline.io.gold import read_gold
from pipeline.records import DateMention, Entity

FIXTURE = Path(__file__).parent / "fixtures" / "gold_small.jsonl"


@pytest.fixture()
def gold():
    return read_gold(FIXTURE)


def test_evaluate_gold_against_itself_is_perfect(gold):
    scores = evaluate(FIXTURE, FIXTURE)
    assert scores["entities"]["f"] == 1.0
    assert scores["dates"]["f"] == 1.0 and scores["dates"]["value_acc"] == 1.0
    assert scores["events"]["relaxed"]["f"] == 1.0 and scores["events"]["strict"]["f"] == 1.0
    assert scores["events"]["stance_acc"] == 1.0
    assert set(scores["per_document"]) == {"t-1", "t-2"}


def test_evaluate_entities_exact_span_and_label(gold):
    pred = [dataclasses.replace(d) for d in gold]
    # `روسیه` shortened by one character is a miss and a spurious span; `مسکو` as ORG is both too.
    pred[0].entities = [Entity(0, 4, "روسی", "LOC"), gold[0].entities[1]]
    pred[1].entities = [gold[1].entities[0], gold[1].entities[1], Entity(30, 34, "مسکو", "ORG")]
    scores = score_entities(gold, pred)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (3, 2, 2)
    assert scores["per_label"]["ORG"]["fp"] == 1
    assert scores["per_label"]["LOC"]["fn"] == 2


def test_evaluate_dates_value_accuracy_on_matched_spans(gold):
    pred = [dataclasses.replace(d) for d in gold]
    pred[0].dates = [DateMention(28, 35, "۵ فوریه", "2023-02-05")]
    scores = score_dates(gold, pred)
    assert scores["f"] == 1.0
    assert scores["value_acc"] == 0.0 and scores["matched"] == 1


@pytest.mark.parametrize(
    ("change", "relaxed_tp", "strict_tp", "stance_ok"),
    [
        ({}, 1, 1, 1),
        ({"type": "10"}, 1, 0, 1),  # another CAMEO root: relaxed match only
        ({"stance": "neutral"}, 1, 1, 0),  # stance is scored on relaxed matches
        ({"target": None}, 0, 0, 0),  # target differs: no match
        ({"date": "2024-02"}, 0, 0, 0),  # date differs: no match
    ],
)
def test_evaluate_events_relaxed_strict_stance(gold, change, relaxed_tp, strict_tp, stance_ok):
    pred = [dataclasses.replace(d) for d in gold]
    pred[0].events = [dataclasses.replace(gold[0].events[0], **change)]
    pred[1].events = []
    scores = score_events(gold, pred)
    assert scores["relaxed"]["tp"] == relaxed_tp
    assert scores["strict"]["tp"] == strict_tp
    assert scores["stance_correct"] == stance_ok
    assert scores["relaxed"]["fn"] == 2 - relaxed_tp


def test_evaluate_each_gold_event_matched_once(gold):
    event = gold[0].events[0]
    pairs = match_events([event], [event, event], strict=False)
    assert pairs == [(0, 0)]


def test_evaluate_missing_prediction_counts_as_empty(gold):
    scores = evaluate_documents(gold, gold[:1])
    assert scores["entities"]["fn"] == 3
    assert scores["events"]["relaxed"]["fn"] == 1


def test_evaluate_format_lists_every_metric(gold):
    text = format_scores(evaluate_documents(gold, gold))
    for label in ("entities", "PER", "ORG", "LOC", "dates (span)", "value accuracy", "events relaxed", "events strict", "stance accuracy"):
        assert label in text
