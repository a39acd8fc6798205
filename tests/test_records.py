"""Records keep raw offsets and serialize to exactly the gold format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.io.gold import read_gold, write_documents
from pipeline.records import Document, Event

FIXTURE = Path(__file__).parent / "fixtures" / "gold_small.jsonl"
GOLD_KEYS = {"id", "text", "reference_date", "entities", "dates", "events"}


def test_records_gold_round_trip_is_exact(tmp_path):
    docs = read_gold(FIXTURE)
    out = tmp_path / "out.jsonl"
    write_documents(docs, out)
    original = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    again = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert again == original


def test_records_to_dict_has_exactly_the_gold_keys():
    doc = read_gold(FIXTURE)[0]
    data = doc.to_dict()
    assert set(data) == GOLD_KEYS
    assert set(data["events"][0]) == {"actor", "target", "type", "stance", "date", "trigger", "evidence"}
    for span in data["entities"] + data["dates"]:
        assert data["text"][span["start"]:span["end"]] == span["text"]


def test_records_event_id_is_stable_and_depends_on_trigger_span():
    base = dict(actor="RUS", target="ISR", type="11", stance="oppose", date=None, trigger="محکوم کرد",
                evidence="روسیه اسرائیل را محکوم کرد.", evidence_start=0, evidence_end=27, sentence_index=0, doc_id="d")
    first = Event(trigger_start=17, trigger_end=26, **base)
    assert first.id == Event(trigger_start=17, trigger_end=26, **base).id
    assert first.id != Event(trigger_start=0, trigger_end=5, **base).id
    assert first.to_row()["event_id"] == first.id


def test_records_document_without_reference_date_omits_it():
    assert "reference_date" not in Document(id="x", text="سلام").to_dict()


def test_one_reference_date_check_for_the_api_and_batch(tmp_path):
    # A Jalali date in Gregorian form is refused the same way by pipeline.process and by a batch run.
    import pipeline
    from pipeline.errors import ConfigError
    from pipeline.io.readers import iter_documents

    with pytest.raises(ConfigError, match="looks like a Jalali or Hijri year"):
        pipeline.process("امروز", reference_date="1402-12-10")
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "امروز", "reference_date": "1402-12-10"}\n', encoding="utf-8")
    (doc,) = list(iter_documents([path]))
    assert "looks like a Jalali or Hijri year" in doc.error
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        pipeline.process("امروز", reference_date="20240101")
