"""Documents become pandas tables with fixed columns, also when empty."""

from __future__ import annotations

from pathlib import Path

from pipeline.io.dataframes import TABLES, to_dataframes
from pipeline.io.gold import read_gold

FIXTURE = Path(__file__).parent / "fixtures" / "gold_small.jsonl"


def test_dataframes_one_row_per_record():
    frames = to_dataframes(read_gold(FIXTURE))
    assert set(frames) == set(TABLES)
    assert len(frames["documents"]) == 2
    assert len(frames["entities"]) == 5
    assert len(frames["dates"]) == 1
    events = frames["events"]
    assert len(events) == 2
    assert {"event_id", "doc_id", "sentence_index", "trigger_start", "evidence_end", "quad_class"} <= set(events.columns)
    assert events.loc[0, "actor"] == "RUS"


def test_dataframes_empty_input_keeps_columns(tmp_path):
    frames = to_dataframes([])
    assert list(frames["events"].columns)[:3] == ["event_id", "doc_id", "sentence_index"]
    frames["events"].to_parquet(tmp_path / "events.parquet")
