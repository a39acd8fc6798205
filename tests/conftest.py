"""Shared fixtures: the ../shared directory (skipped when absent) and the cached pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", REPO.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared corpora and gold files beside the checkout; skip when a clone has none."""
    if not (SHARED / "GOLD_FORMAT.md").exists():
        pytest.skip(f"../shared is absent ({SHARED}); corpus and gold tests need it")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with the shipped models, loaded once per test session."""
    from pipeline.core import default_pipeline

    return default_pipeline()
