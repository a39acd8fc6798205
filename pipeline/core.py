"""The pipeline: normalize → sentences → entities → dates → events.

Each stage is an object registered by name (:data:`pipeline.registry.stages`) that declares
what it needs on the :class:`~pipeline.records.Document` and what it fills, the way spaCy
components and stanza processors declare themselves::

    class SentenceSplitter:
        name = "sentences"
        requires = ("normalized",)
        provides = ("sentences",)

        def __call__(self, doc: Document) -> Document: ...

A stage may also have ``pipe(docs) -> docs`` to run on many documents at once (the NER model
sees all their texts together). :class:`Pipeline` builds the stages once (models load here,
not per document), checks that every stage's needs are provided by a stage before it, and runs
them in order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol, Sequence

from pipeline.errors import ConfigError
from pipeline.records import Document, StageFailure, check_reference_date
from pipeline.registry import stages as registered_stages

__all__ = ["Pipeline", "PipelineOptions", "Stage", "process", "default_pipeline", "check_stages", "DEFAULT_STAGES", "DOCUMENT_FIELDS"]

logger = logging.getLogger(__name__)

# The default stages, in order.
DEFAULT_STAGES = ("normalize", "sentences", "ner", "dates", "events")
# What a new document holds before any stage runs.
DOCUMENT_FIELDS = ("text", "id", "reference_date")


class Stage(Protocol):
    """What a pipeline stage is (see the module docstring)."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Document) -> Document:
        """Fill this stage's fields of ``doc`` and return it."""
        ...


def check_stages(stages: Sequence[tuple[str, Any]]) -> None:
    """Check that each stage's ``requires`` is provided by the document or a stage before it.

    Raises:
        ConfigError: names the stage, the missing field, and the registered stage that provides it.

    Examples:
        >>> from pipeline.registry import stages
        >>> check_stages([("events", stages.get("events"))])
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: stage 'events' requires 'normalized', which no stage before it provides; add the 'normalize' stage before it
    """
    available = set(DOCUMENT_FIELDS)
    for name, stage in stages:
        for field in getattr(stage, "requires", ()):
            if field not in available:
                providers = [other for other in registered_stages
                             if field in getattr(registered_stages.get(other), "provides", ())]
                hint = f"; add the {providers[0]!r} stage before it" if providers else ""
                raise ConfigError(f"stage {name!r} requires {field!r}, which no stage before it provides{hint}")
        available.update(getattr(stage, "provides", ()))


@dataclass(frozen=True)
class PipelineOptions:
    """What a pipeline is built with: the one set of options that ``pipeline run``,
    ``pipeline eval``, :func:`pipeline.io.batch.run_batch` and :class:`Pipeline` share.

    Examples:
        >>> PipelineOptions(ner_backend="spacy", actors=("extra.yaml",)).as_kwargs()
        {'ner_backend': 'spacy', 'actors': ('extra.yaml',)}
    """

    ner_backend: str | None = None
    ner_model: str | None = None
    actors: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()

    def as_kwargs(self) -> dict[str, Any]:
        """The options that are set, as keyword arguments of :class:`Pipeline`."""
        return {name: value for name, value in asdict(self).items() if value not in (None, ())}

    def build(self) -> Pipeline:
        """The pipeline these options describe."""
        return Pipeline(**self.as_kwargs())


class Pipeline:
    """All stages, built once.

    Args:
        ner_backend: a registered NER backend (``"spacy"``, ``"stanza"``); None = the shipped default.
        ner_model: a model name under ``models/`` or a path to a model directory.
        actors: extra actor dictionaries (YAML) that extend or override the shipped one.
        triggers: extra trigger lexicons (TSV) that extend or override the shipped one.
        normalizer_options: :class:`pipeline.text.normalize.Normalizer` options.
        stages: the stages, in order: registered names (:data:`pipeline.registry.stages`) or
            stage objects; default :data:`DEFAULT_STAGES`.

    Raises:
        ConfigError: an unknown stage, or a stage whose needs no stage before it provides.
    """

    def __init__(
        self,
        *,
        ner_backend: str | None = None,
        ner_model: str | Path | None = None,
        actors: Sequence[str | Path] = (),
        triggers: Sequence[str | Path] = (),
        normalizer_options: dict[str, bool] | None = None,
        stages: Sequence[str | Stage] = DEFAULT_STAGES,
    ) -> None:
        # Each option goes to the stage it configures; a stage of your own is built without options.
        options: dict[str, dict[str, Any]] = {
            "normalize": dict(normalizer_options or {}),
            "ner": {"backend": ner_backend, "model": ner_model},
            "events": {"actors": actors, "triggers": triggers},
        }
        self.stages: list[tuple[str, Any]] = []
        for stage in stages:
            if isinstance(stage, str):
                built = registered_stages.get(stage)(**options.get(stage, {}))
                self.stages.append((stage, built))
            else:
                self.stages.append((getattr(stage, "name", type(stage).__name__), stage))
        check_stages(self.stages)

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

        Raises:
            TypeError: ``text`` is not a string.
            ConfigError: a malformed reference date.
            Exception: what a stage raised, with a note naming the stage.
        """
        (doc,) = self.pipe([(doc_id, text, reference_date)], batch_size=1)
        return doc

    def pipe(self, items: Iterable[tuple[str | None, str, str | None]], *, batch_size: int = 32,
             errors: str = "raise") -> Iterator[Document | StageFailure]:
        """Process ``(doc_id, text, reference_date)`` triples lazily, ``batch_size`` documents at a time.

        A stage with a ``pipe(docs)`` method (the NER stage) gets each batch at once, so that its
        model runs on many texts together; the other stages run per document. The documents are
        those :meth:`process` gives.

        Args:
            items: the documents.
            batch_size: documents per batch.
            errors: ``"raise"``: an error in any document propagates (with a note naming the
                stage); ``"capture"``: a document that fails yields a :class:`StageFailure`
                naming the stage, in its place, and the others go on.
        """
        if errors not in ("raise", "capture"):
            raise ConfigError(f"errors must be 'raise' or 'capture', got {errors!r}")
        items = iter(items)
        while batch := list(itertools.islice(items, batch_size)):
            results: list[Document | StageFailure] = []
            for doc_id, text, reference_date in batch:
                try:
                    results.append(_new_document(text, reference_date, doc_id))
                except Exception as exc:  # noqa: BLE001 - a bad input fails alone when capturing
                    if errors == "raise":
                        raise
                    results.append(StageFailure(doc_id, "input", f"{type(exc).__name__}: {exc}"))
            for name, stage in self.stages:
                live = [i for i, result in enumerate(results) if isinstance(result, Document)]
                for i, outcome in zip(live, _run_stage(name, stage, [results[i] for i in live], errors)):
                    results[i] = outcome
            yield from results


def _run_stage(name: str, stage: Any, docs: list[Document], errors: str) -> list[Document | StageFailure]:
    """One stage over documents: all at once where the stage can, else (or when that batch
    fails and errors are captured) one by one, so that one bad document fails alone. An error
    that propagates carries a note naming the stage."""
    stage_pipe = getattr(stage, "pipe", None)
    try:
        if stage_pipe is not None and len(docs) > 1:
            try:
                return list(stage_pipe(docs))
            except Exception:
                if errors == "raise":
                    raise
                logger.debug("stage %s failed on a batch of %d documents; running them one at a time", name,
                             len(docs), exc_info=True)
        outcomes: list[Document | StageFailure] = []
        for doc in docs:
            try:
                outcomes.append(stage(doc))
            except Exception as exc:
                if errors == "raise":
                    raise
                logger.debug("stage %s failed on %s", name, doc.id, exc_info=True)
                outcomes.append(StageFailure(doc.id, name, f"{type(exc).__name__}: {exc}"))
        return outcomes
    except Exception as exc:
        exc.add_note(f"in the {name!r} stage")
        raise


def _new_document(text: str, reference_date: str | dt.date | None, doc_id: str | None) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"process() expects the text as str, got {type(text).__name__}")
    return Document(id=doc_id, text=text, reference_date=check_reference_date(reference_date))


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
