"""Exceptions of the pipeline; each names what went wrong, where, and how to fix it."""

from __future__ import annotations

__all__ = ["PipelineError", "ConfigError", "LexiconError", "InputError", "ModelNotFoundError"]


class PipelineError(Exception):
    """Base class of the pipeline's own errors."""


class ConfigError(PipelineError, ValueError):
    """An invalid option value (names the option and the allowed values)."""


class LexiconError(PipelineError, ValueError):
    """A malformed entry in a data file: ``LexiconError("actors.yaml:42: ...")``."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class InputError(PipelineError, ValueError):
    """A document that cannot be read (names the source file, line and the problem)."""

    def __init__(self, source: str, problem: str, *, line: int | None = None, doc_id: str | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.doc_id = doc_id
        self.problem = problem
        where = f"{self.source}:{line}" if line is not None else self.source
        super().__init__(f"{where}: {problem}")


class ModelNotFoundError(PipelineError, FileNotFoundError):
    """A model directory that does not exist or lacks its files."""
