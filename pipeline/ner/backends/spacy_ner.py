"""spaCy NER backend: a pipeline saved by ``pipeline train-ner`` (or any spaCy NER pipeline)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.ner.backends import Span, spacy_training
from pipeline.text.spacy_models import load_on_numpy_blas

__all__ = ["SpacyBackend"]


class SpacyBackend:
    """Run a spaCy pipeline directory on normalized text.

    Args:
        path: the model directory (with ``config.cfg`` and ``meta.json``).
    """

    # Trains a model of this backend (see pipeline.ner.training.train_ner).
    train = staticmethod(spacy_training.train)

    @staticmethod
    def owns(path: Path) -> bool:
        """A spaCy pipeline directory carries a ``config.cfg``."""
        return (path / "config.cfg").is_file()

    def __init__(self, path: Path) -> None:
        try:
            import spacy  # noqa: F401
        except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
            raise ConfigError("the spacy NER backend needs spaCy: pip install 'spacy>=3.8,<3.9'") from exc
        # Only the NER pipes run; the model is loaded once per backend.
        self.nlp = load_on_numpy_blas(path)

    def __call__(self, text: str) -> list[Span]:
        """Entity spans of ``text``."""
        return self.pipe([text])[0]

    def pipe(self, texts: list[str]) -> list[list[Span]]:
        """Entity spans of each text, the texts run through ``nlp.pipe`` together."""
        # A memory zone frees the strings of words first seen in these texts: without it the
        # vocabulary grows with every new name in a corpus of millions of articles.
        with self.nlp.memory_zone():
            return [[(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
                    for doc in self.nlp.pipe(texts, batch_size=max(1, len(texts)))]
