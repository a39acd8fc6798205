"""The pipeline: normalize → sentences → entities → dates → events.

Each stage is a callable ``stage(doc: Document) -> Document`` that fills its own
fields of the document; :class:`Pipeline` builds the stages once (models are loaded
here, not per document) and runs them in order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pipeline.normalize import Normalizer
from pipeline.records import Document, check_reference_date

__all__ = ["Pipeline", "process", "default_pipeline"]

logger = logging.getLogger(__name__)

Stage = Callable[[Document], Document]


class Pipeline:
    """All stages, built once.

    Args:
        ner_backend: ``"spacy"`` or ``"stanza"``; None = the shipped default (``pipeline.ner.DEFAULT_BACKEND``).
        ner_model: a model name under ``models/`` or a path to a model directory.
        actors: extra actor dictionaries (YAML) that extend or override the shipped one.
        triggers: extra trigger lexicons (TSV) that extend or override the shipped one.
        normalizer_options: :class:`pipeline.normalize.Normalizer` options.
    """

    def __init__(
        self,
        *,
        ner_backend: str | None = None,
        ner_model: str | Path | None = None,
        actors: Sequence[str | Path] = (),
        triggers: Sequence[str | Path] = (),
        normalizer_options: dict[str, bool] | None = None,
    ) -> None:
        from pipeline.dates import DateExtractor
        from pipeline.events import EventExtractor
        from pipeline.ner import EntityRecognizer
        from pipeline.sentences import SentenceSplitter

        self.normalizer = Normalizer(**(normalizer_options or {}))
        self.stages: list[tuple[str, Stage]] = [
            ("sentences", SentenceSplitter()),
            ("ner", EntityRecognizer(backend=ner_backend, model=ner_model)),
            ("dates", DateExtractor()),
            ("events", EventExtractor(actors=actors, triggers=triggers)),
        ]

    def __repr__(self) -> str:
        return f"<Pipeline: {', '.join(name for name, _ in self.stages)}>"

    def __call__(self, text: str, *, reference_date: str | dt.date | None = None, doc_id: str | None = None) -> Document:
        return self.process(text, reference_date=reference_date, doc_id=doc_id)

    def process(self, text: str, *, reference_date: str | dt.date | None = None, doc_id: str | None = None) -> Document:
        """Run every stage on one raw text.

        Args:
            text: the raw article text.
            reference_date: the publication date (``YYYY-MM-DD``), for relative dates and missing years.
            doc_id: an identifier carried into the records.

        Returns:
            Document: entities, dates and events with offsets into ``text``.
        """
        doc = self._new_document(text, reference_date, doc_id)
        for _name, stage in self.stages:
            doc = stage(doc)
        return doc

    def _new_document(self, text: str, reference_date: str | dt.date | None, doc_id: str | None) -> Document:
        if not isinstance(text, str):
            raise TypeError(f"process() expects the text as str, got {type(text).__name__}")
        doc = Document(id=doc_id, text=text, reference_date=check_reference_date(reference_date))
        doc.normalized = self.normalizer.normalize(text)
        return doc

    def pipe(self, items: Iterable[tuple[str | None, str, str | None]], *, batch_size: int = 32) -> Iterator[Document]:
        """Process ``(doc_id, text, reference_date)`` triples lazily, ``batch_size`` documents at a time.

        A stage with a ``pipe(docs)`` method (the NER stage) gets each batch at once, so that its
        model runs on many texts together; the other stages run per document. The documents are
        those :meth:`process` gives. An error in any document of a batch propagates.
        """
        items = iter(items)
        while batch := list(itertools.islice(items, batch_size)):
            docs = [self._new_document(text, reference_date, doc_id) for doc_id, text, reference_date in batch]
            for _name, stage in self.stages:
                stage_pipe = getattr(stage, "pipe", None)
                docs = stage_pipe(docs) if stage_pipe is not None else [stage(doc) for doc in docs]
            yield from docs


_DEFAULT: dict[tuple, Pipeline] = {}


def default_pipeline(**options: object) -> Pipeline:
    """A cached :class:`Pipeline` per option set (models load once per process)."""
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))
    if key not in _DEFAULT:
        _DEFAULT[key] = Pipeline(**options)  # type: ignore[arg-type]
    return _DEFAULT[key]


def process(
    text: str,
    *,
    reference_date: str | dt.date | None = None,
    doc_id: str | None = None,
    ner_backend: str | None = None,
    ner_model: str | Path | None = None,
) -> Document:
    """Run the whole pipeline on one raw text (models are loaded once and cached).

    Examples:
        >>> doc = process("روسیه اسرائیل را محکوم کرد.", reference_date="2024-03-01")
        >>> [e.to_dict()["actor"] for e in doc.events]
        ['RUS']
    """
    return default_pipeline(ner_backend=ner_backend, ner_model=ner_model).process(
        text, reference_date=reference_date, doc_id=doc_id
    )
