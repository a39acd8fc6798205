"""Registries of named parts: pipeline stages, NER backends and calendars.

A part is registered under a name, the way spaCy registers its factories: a new NER backend is
one module with one registration, and ``Pipeline(ner_backend="mine")`` then finds it. The
shipped parts are registered here by the dotted path of their factory (``"module:attribute"``)
and imported on first use, so that naming a part never loads a model library it does not
need (``import pipeline`` stays light); a part added at run time is registered with the object
itself, usually as a decorator::

    from pipeline.registry import ner_backends

    @ner_backends.register("echo")
    class EchoBackend:
        ...

This module is a leaf: it imports nothing of the project but its errors.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterator, TypeVar

from pipeline.errors import ConfigError

__all__ = ["Registry", "stages", "ner_backends", "calendars"]

T = TypeVar("T")


class Registry:
    """Named factories of one kind of part.

    Args:
        kind: what the parts are, for messages (``"stage"``, ``"NER backend"``).
        builtin: the shipped parts, name → ``"module:attribute"`` of their factory.

    Examples:
        >>> shapes = Registry("shape")
        >>> @shapes.register("square")
        ... def square(side):
        ...     return side * side
        >>> shapes.get("square")(3)
        9
        >>> shapes.get("circle")
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: unknown shape 'circle'; registered: square
    """

    def __init__(self, kind: str, builtin: dict[str, str] | None = None) -> None:
        self.kind = kind
        self._entries: dict[str, Any] = dict(builtin or {})

    def register(self, name: str, factory: T | None = None) -> Any:
        """Register ``factory`` under ``name`` (replacing an earlier one); without a factory,
        a decorator that registers what it decorates."""
        if factory is not None:
            self._entries[name] = factory
            return factory

        def decorate(obj: T) -> T:
            self._entries[name] = obj
            return obj

        return decorate

    def unregister(self, name: str) -> None:
        """Remove a registration (a test's own part, once the test is done)."""
        self._entries.pop(name, None)

    def get(self, name: str) -> Any:
        """The factory registered under ``name``.

        Raises:
            ConfigError: nothing is registered under that name (the message lists what is).
        """
        if name not in self._entries:
            raise ConfigError(f"unknown {self.kind} {name!r}; registered: {', '.join(self)}")
        entry = self._entries[name]
        if isinstance(entry, str):
            module, _, attribute = entry.partition(":")
            entry = self._entries[name] = getattr(importlib.import_module(module), attribute)
        return entry

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def __repr__(self) -> str:
        return f"<Registry of {self.kind}s: {', '.join(self)}>"


# Every stage: a class built with keyword options, with ``name``, ``requires`` and ``provides``
# (see pipeline.core.check_stages) and ``__call__(doc) -> doc``.
stages = Registry("stage", {
    "normalize": "pipeline.text.normalize:NormalizeStage",
    "sentences": "pipeline.text.sentences:SentenceSplitter",
    "ner": "pipeline.ner.stage:EntityRecognizer",
    "dates": "pipeline.dates.extract:DateExtractor",
    "events": "pipeline.events.stage:EventExtractor",
})

# Every NER backend: a class built from a model path (see pipeline.ner.backends.NerBackend).
ner_backends = Registry("NER backend", {
    "spacy": "pipeline.ner.backends.spacy_ner:SpacyBackend",
    "stanza": "pipeline.ner.backends.stanza_ner:StanzaBackend",
})

# Every calendar a date can be written in (see pipeline.dates.calendars.Calendar).
calendars = Registry("calendar", {
    "gregorian": "pipeline.dates.calendars:GREGORIAN",
    "jalali": "pipeline.dates.calendars:JALALI",
    "hijri": "pipeline.dates.calendars:HIJRI",
})

