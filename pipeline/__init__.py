"""Persian news event extraction: raw text in, entities, dates and events out.

Examples:
    >>> import pipeline
    >>> doc = pipeline.process("روسیه اسرائیل را محکوم کرد.", reference_date="2024-03-01")
    >>> doc.to_dict()["events"][0]["actor"]
    'RUS'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pipeline.core import Pipeline, process
from pipeline.records import DateMention, Document, Entity, Event, Sentence
from pipeline.text.normalize import NormalizedText, Normalizer, normalize

if TYPE_CHECKING:
    from pipeline.io.batch import BatchSummary, run_batch
    from pipeline.io.dataframes import to_dataframes

# Names whose modules import pandas and pyarrow (about 0.5 s): loaded on first use, so that
# `pipeline.text.normalize` and `pipeline.process` start without them.
_LAZY = {"run_batch": "pipeline.io.batch", "BatchSummary": "pipeline.io.batch", "to_dataframes": "pipeline.io.dataframes"}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
