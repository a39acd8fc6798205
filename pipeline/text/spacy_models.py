"""Loading a spaCy pipeline the way this project runs it (the NER option and the dependency
parser): on numpy's BLAS, one thread."""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_on_numpy_blas"]


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
