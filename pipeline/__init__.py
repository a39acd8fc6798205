"""Persian news event extraction: raw text in, entities, dates and events out.

Examples:
    >>> import pipeline
    >>> doc = pipeline.process("روسیه اسرائیل را محکوم کرد.", reference_date="2024-03-01")
    >>> doc.to_dict()["events"][0]["actor"]
    'RUS'
"""

from __future__ import annotations

from pipeline.batch import BatchSummary, run_batch
from pipeline.core import Pipeline, process
from pipeline.dataframes import to_dataframes
from pipeline.normalize import NormalizedText, Normalizer, normalize
from pipeline.records import DateMention, Document, Entity, Event, Sentence

__all__ = [
    "Pipeline",
    "process",
    "run_batch",
    "BatchSummary",
    "normalize",
    "Normalizer",
    "NormalizedText",
    "to_dataframes",
    "Document",
    "Entity",
    "DateMention",
    "Event",
    "Sentence",
]
__version__ = "0.1.0"
