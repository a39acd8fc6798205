"""Events stage on validation records: sentences with given entities and the events they must yield.

The records (``tests/fixtures/event_records.yaml``, PETRARCH's validation shape) run the
events stage on prepared documents: normalized, split, dated, with the entities the
record gives, so they test the coder and not the NER model. Every CAMEO root has a record.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.dates import DateExtractor
from pipeline.events import EventExtractor
from pipeline.lexicons.triggers import load_cameo
from pipeline.records import Document, Entity
from pipeline.text.normalize import Normalizer
from pipeline.text.sentences import SentenceSplitter

RECORDS = yaml.safe_load((Path(__file__).parent / "fixtures" / "event_records.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stages():
    return Normalizer(), SentenceSplitter(), DateExtractor(), EventExtractor()


def prepared(stages, text: str, entities: list[list[str]], reference_date: str) -> Document:
    """A document with sentences, dates and the given entities, ready for the events stage."""
    normalizer, splitter, dater, _ = stages
    doc = Document("record", text, reference_date=reference_date)
    doc.normalized = normalizer.normalize(text)
    doc = splitter(doc)
    for name, label in entities:
        start = text.index(name)
        doc.entities.append(Entity(start, start + len(name), name, label))
    doc.entities.sort(key=lambda e: e.start)
    return dater(doc)


@pytest.mark.parametrize("record", RECORDS, ids=[r["case"] for r in RECORDS])
def test_event_record(stages, record):
    doc = stages[3](prepared(stages, record["text"], record["entities"], record.get("reference_date", "2024-03-01")))
    expected = [tuple(e) for e in record["events"]]
    found = [
        (e.actor, e.target, e.type, e.stance, e.date)[: len(want)]
        for e, want in zip(doc.events, expected)
    ]
    assert (found, len(doc.events)) == (expected, len(expected))
    for event in doc.events:  # provenance points into the raw text
        assert doc.text[event.trigger_start : event.trigger_end] == event.trigger


def test_every_cameo_root_has_a_record():
    covered = {r["case"][:2] for r in RECORDS}
    assert set(load_cameo()) <= covered
