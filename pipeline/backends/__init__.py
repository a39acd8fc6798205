"""NER backends: each turns normalized text into ``(start, end, label)`` spans on that text.

A backend may also have ``pipe(texts) -> list[list[Span]]``, which runs its model on many
texts at once; :meth:`pipeline.ner.EntityRecognizer.pipe` uses it when present.

A backend is built from a model directory and imports its library lazily, so that the
pipeline loads only what it runs; :mod:`pipeline.ner` maps the spans to raw offsets.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["NerBackend", "Span"]

# (start, end, label) on the normalized text, label as the model emits it.
Span = tuple[int, int, str]


@runtime_checkable
class NerBackend(Protocol):
    """Anything that finds entity spans in normalized text."""

    def __call__(self, text: str) -> list[Span]:
        """Entity spans of ``text`` (character offsets into ``text``)."""
        ...
