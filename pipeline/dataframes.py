"""Documents as pandas DataFrames: one table each for documents, entities, dates and events."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from pipeline.records import Document

__all__ = ["to_dataframes", "TABLES"]

TABLES = ("documents", "entities", "dates", "events")

_COLUMNS = {
    "documents": ["doc_id", "reference_date", "n_chars", "n_sentences", "n_entities", "n_dates", "n_events"],
    "entities": ["doc_id", "start", "end", "text", "label"],
    "dates": ["doc_id", "start", "end", "text", "value", "calendar", "source_value"],
    "events": [
        "event_id", "doc_id", "sentence_index", "actor", "target", "type", "stance", "date", "trigger",
        "evidence", "quad_class", "negated", "trigger_start", "trigger_end", "evidence_start", "evidence_end",
        "actor_text", "target_text",
    ],
}


def document_rows(doc: Document) -> dict[str, list[dict]]:
    """The rows one document contributes to each table."""
    return {
        "documents": [
            {
                "doc_id": doc.id,
                "reference_date": doc.reference_date,
                "n_chars": len(doc.text),
                "n_sentences": len(doc.sentences),
                "n_entities": len(doc.entities),
                "n_dates": len(doc.dates),
                "n_events": len(doc.events),
            }
        ],
        "entities": [{"doc_id": doc.id, **e.to_dict()} for e in doc.entities],
        "dates": [{"doc_id": doc.id, **d.to_row()} for d in doc.dates],
        "events": [{**e.to_row(), "doc_id": doc.id} for e in doc.events],
    }


def rows_to_frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A DataFrame with the table's fixed columns (also when there are no rows)."""
    frame = pd.DataFrame(rows, columns=_COLUMNS[table])
    for column in ("start", "end", "sentence_index", "quad_class", "trigger_start", "trigger_end",
                   "evidence_start", "evidence_end", "n_chars", "n_sentences", "n_entities", "n_dates", "n_events"):
        if column in frame.columns:
            frame[column] = frame[column].astype("int64")
    if "negated" in frame.columns:
        frame["negated"] = frame["negated"].astype(bool)
    return frame


def to_dataframes(documents: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """Tables of documents, entities, dates and events (event rows carry provenance).

    Returns:
        dict: ``{"documents": df, "entities": df, "dates": df, "events": df}``.
    """
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in documents:
        for name, table_rows in document_rows(doc).items():
            rows[name].extend(table_rows)
    return {name: rows_to_frame(name, rows[name]) for name in TABLES}
