"""docs/OUTPUT_FORMAT.md documents what `pipeline run` writes, and event rows carry names next to codes."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.io.batch import BatchSummary
from pipeline.io.dataframes import _COLUMNS, TABLES, event_row, to_dataframes
from pipeline.records import Document, Event

DOC = Path(__file__).resolve().parent.parent / "docs" / "OUTPUT_FORMAT.md"


def _documented_names(section: str) -> set[str]:
    """Backquoted names in the first column of the tables of a section of the document."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    return {name for row in re.findall(r"^\| (.+?) \|", body, flags=re.MULTILINE) for name in re.findall(r"`(\w+)`", row)}


def test_output_format_doc_names_every_table_column_and_summary_field() -> None:
    for table in TABLES:
        assert set(_COLUMNS[table]) <= _documented_names(f"### `{table}`"), table
    assert set(BatchSummary().to_dict()) <= _documented_names("## `summary.json`")
    assert {"source", "line", "id", "reason"} <= _documented_names("## `errors.jsonl`")


def _disapproval() -> Event:
    text = "مسکو حمله به غزه را محکوم کرد."
    return Event("RUS", "ISR", "11", "oppose", None, "محکوم کرد", 20, 29, text, 0, len(text), 0,
                 doc_id="m1", quad_class=3)


def test_event_rows_carry_cameo_root_and_quad_class_names_next_to_the_codes() -> None:
    row = event_row(_disapproval())
    assert (row["type"], row["type_name"]) == ("11", "disapprove")
    assert (row["quad_class"], row["quad_class_name"]) == (3, "verbal conflict")
    events = to_dataframes([Document("m1", "مسکو حمله به غزه را محکوم کرد.", events=[_disapproval()])])["events"]
    assert list(events.columns[5:7]) == ["type", "type_name"]
    assert events.loc[0, "quad_class_name"] == "verbal conflict"


def test_gold_format_events_stay_without_names() -> None:
    doc = Document("m1", "مسکو حمله به غزه را محکوم کرد.", events=[_disapproval()])
    assert list(doc.to_dict()["events"][0]) == ["actor", "target", "type", "stance", "date", "trigger", "evidence"]
