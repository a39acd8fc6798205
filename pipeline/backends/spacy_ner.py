"""spaCy NER backend: a pipeline saved by ``pipeline train-ner`` (or any spaCy NER pipeline)."""

from __future__ import annotations

from pathlib import Path

from pipeline.backends import Span
from pipeline.errors import ConfigError

__all__ = ["SpacyBackend", "load_on_numpy_blas"]


def load_on_numpy_blas(path: Path):  # noqa: ANN201 - a spaCy Language
    """Load a spaCy pipeline whose layers multiply matrices with numpy's BLAS, on one thread.

    thinc's bundled BLIS is slower on one core for our small CNN models (1.7× the words/s
    of the NER model; the parser's trees, like the entities, are the same: bench/bench_batch.py,
    tests/test_pipe.py, tests/test_parsing.py). One BLAS thread, as torch gets one: a worker
    process is one core.
    """
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


class SpacyBackend:
    """Run a spaCy pipeline directory on normalized text.

    Args:
        path: the model directory (with ``config.cfg`` and ``meta.json``).
    """

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
