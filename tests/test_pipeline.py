"""End to end: raw Persian text in, gold-format records with raw offsets out."""

from __future__ import annotations

import json

import pytest

import pipeline
from pipeline.evaluation.scoring import evaluate


def _assert_spans_point_into_raw(doc):
    for span in doc.entities + doc.dates + doc.sentences:
        assert doc.text[span.start:span.end] == span.text
    for event in doc.events:
        assert doc.text[event.trigger_start:event.trigger_end] == event.trigger
        assert doc.text[event.evidence_start:event.evidence_end] == event.evidence


@pytest.mark.parametrize(
    ("text", "actor", "target", "event_type"),
    [
        # Arabic ي/ك and a lost ZWNJ in the raw text; offsets still point into it.
        ("وزارت خارجه روسيه حمله اسرائيل به غزه را محكوم كرد.", "RUS", "ISR", "11"),
        ("مقامات روسی نسبت به اظهارات وزیر اسرائیلی ابراز نگرانی کردند.", "RUS", "ISR", "11"),
    ],
)
def test_pipeline_process_finds_event_with_raw_offsets(text, actor, target, event_type):
    doc = pipeline.process(text, reference_date="2024-03-01", doc_id="t")
    _assert_spans_point_into_raw(doc)
    found = [(e.actor, e.target, e.type) for e in doc.events]
    assert (actor, target, event_type) in found


def test_pipeline_process_timeline_date_line_dates_the_paragraph():
    text = "روسیه اسرائیل را به شدت محکوم کرد.\n\n۱۱ ژانویه\n"
    doc = pipeline.process(text, reference_date="2024-03-01")
    assert [d.value for d in doc.dates] == ["2024-01-11"]
    assert doc.events and doc.events[0].date == "2024-01-11"


def test_pipeline_to_dict_is_gold_format():
    doc = pipeline.process("سرگئی لاوروف در مسکو با وزیر خارجه ایران دیدار کرد.", doc_id="x")
    data = doc.to_dict()
    assert set(data) == {"id", "text", "entities", "dates", "events"}
    json.dumps(data, ensure_ascii=False)
    assert {(e["text"], e["label"]) for e in data["entities"]} >= {("مسکو", "LOC"), ("ایران", "LOC")}


def test_pipeline_normalize_maps_back_to_raw():
    result = pipeline.normalize("سلاحهاي هستهاي")
    assert result.text == "سلاح\u200cهای هسته\u200cای"
    assert result.raw_span_text(0, len(result.text)) == "سلاحهاي هستهاي"


def test_pipeline_to_dataframes_from_process():
    docs = [pipeline.process("روسیه اسرائیل را محکوم کرد.", doc_id="a")]
    frames = pipeline.to_dataframes(docs)
    assert frames["documents"]["doc_id"].tolist() == ["a"]
    assert (frames["events"]["doc_id"] == "a").all()


def test_pipeline_rejects_invalid_reference_date():
    with pytest.raises(ValueError, match="reference_date"):
        pipeline.process("سلام", reference_date="1402-13-40")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("gold_file", "min_entity_f1", "min_date_value_acc", "min_event_relaxed_f1"),
    [("seed.jsonl", 0.60, 0.90, 0.40)],
)
def test_pipeline_seed_acceptance(shared_dir, gold_file, min_entity_f1, min_date_value_acc, min_event_relaxed_f1):
    scores = evaluate(shared_dir / "gold" / gold_file, nlp=pipeline.Pipeline())
    assert scores["entities"]["f"] >= min_entity_f1
    assert scores["dates"]["value_acc"] >= min_date_value_acc
    assert scores["events"]["relaxed"]["f"] >= min_event_relaxed_f1
