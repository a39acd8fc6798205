"""NER backends: each turns normalized text into ``(start, end, label)`` spans on that text.

A backend may also have ``pipe(texts) -> list[list[Span]]``, which runs its model on many
texts at once; :meth:`pipeline.ner.EntityRecognizer.pipe` uses it when present.

A backend is built from a model directory and imports its library lazily, so that the
pipeline loads only what it runs; :mod:`pipeline.ner` maps the spans to raw offsets. A backend
class may say which model directories it made (``owns(path) -> bool``, a static method), so
that a model given without a backend runs on the right one. Backends are registered by name
in :data:`pipeline.registry.ner_backends`; a new one is a module and one registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence, runtime_checkable

__all__ = ["NerBackend", "Span", "TrainingSetup"]

# (start, end, label) on the normalized text, label as the model emits it.
Span = tuple[int, int, str]


@runtime_checkable
class NerBackend(Protocol):
    """Anything that finds entity spans in normalized text."""

    def __call__(self, text: str) -> list[Span]:
        """Entity spans of ``text`` (character offsets into ``text``)."""
        ...


@dataclass(frozen=True)
class TrainingSetup:
    """What a backend's trainer (``train(out, train, dev, setup) -> dict``, a static method of the
    backend class) needs besides the sentences; each trainer reads the fields it uses.

    Attributes:
        seed: random seed.
        max_steps: training steps.
        corpora: the corpora the sentences came from (:data:`pipeline.ner.corpora.CORPORA`).
        data_dir: the shared NER directory (None: the default).
        raw_texts: raw article texts for the word vectors.
        vectors_from: the files ``raw_texts`` came from (for the model card).
        width: spaCy's tok2vec width.
        size: stanza's network size (a key of ``STANZA_SIZES``).
    """

    seed: int = 1
    max_steps: int = 20000
    corpora: Sequence[str] = ("parstwiner",)
    data_dir: Path | None = None
    raw_texts: Iterable[str] = ()
    vectors_from: Sequence[str | Path] = ()
    width: int = 96
    size: str = "default"
