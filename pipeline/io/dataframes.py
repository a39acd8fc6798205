"""Documents as pandas DataFrames: one table each for documents, entities, dates and events."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pandas as pd

from pipeline.lexicons.triggers import load_cameo
from pipeline.records import Document, Event

__all__ = ["to_dataframes", "TABLES", "QUAD_CLASS_NAMES", "event_row", "event_names"]

TABLES = ("documents", "entities", "dates", "events")

_COLUMNS = {
    "documents": ["doc_id", "reference_date", "n_chars", "n_sentences", "n_entities", "n_dates", "n_events"],
    "entities": ["doc_id", "start", "end", "text", "label"],
    "dates": ["doc_id", "start", "end", "text", "value", "calendar", "source_value"],
    "events": [
        "event_id", "doc_id", "sentence_index", "actor", "target", "type", "type_name", "stance", "date", "trigger",
        "evidence", "quad_class", "quad_class_name", "negated", "trigger_start", "trigger_end", "evidence_start", "evidence_end",
        "actor_text", "target_text",
    ],
}


# QuadClass as GDELT and ICEWS name it (pipeline/data/cameo.tsv gives each root's class).
QUAD_CLASS_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@lru_cache(maxsize=1)
def _roots() -> dict:
    return load_cameo()


def event_row(event: Event) -> dict:
    """An event's table row: :meth:`Event.to_row` with the CAMEO root's name and the QuadClass's
    name next to their codes, so that a reader of ``events.csv`` needs no codebook. An event
    without a QuadClass (read from a gold file) is named by its root's.

    Examples:
        >>> row = event_row(Event("RUS", "ISR", "11", "oppose", None, "محکوم کرد", 0, 9, "", 0, 0, 0, quad_class=3))
        >>> row["type_name"], row["quad_class_name"]
        ('disapprove', 'verbal conflict')
    """
    type_name, quad_class_name = event_names(event.type, event.quad_class)
    return {**event.to_row(), "type_name": type_name, "quad_class_name": quad_class_name}


def event_names(code: str, quad_class: int = 0) -> tuple[str | None, str | None]:
    """The names of a CAMEO root code and of its QuadClass (the root's own when ``quad_class`` is 0).

    Examples:
        >>> event_names("03")
        ('express intent to cooperate', 'verbal cooperation')
    """
    root = _roots().get(code)
    return (root.name if root else None,
            QUAD_CLASS_NAMES.get(quad_class or (root.quad_class if root else 0)))


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
        "events": [{**event_row(e), "doc_id": doc.id} for e in doc.events],
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
