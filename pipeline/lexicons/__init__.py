"""Loading and validation of the language data kept under ``pipeline/data/``.

Every data file is UTF-8 with a ``#`` header (source, format, known problems) and is
read only through this package, which checks it and reports a malformed entry as
``LexiconError("file:line: problem")``. Stage-specific loaders live in the modules
of this package (``lexicons.dates``, ``lexicons.actors``, ...), all on the readers below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from pipeline.errors import LexiconError

__all__ = ["DATA_DIR", "LexiconError", "read_tsv", "read_yaml"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_tsv(path: str | Path, columns: int | tuple[int, int]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` for each data line of a TSV file.

    Blank lines and lines starting with ``#`` are skipped.

    Args:
        path: the file.
        columns: the exact number of columns, or an inclusive (min, max) range.

    Raises:
        LexiconError: a line with the wrong number of columns or an empty field.
    """
    low, high = (columns, columns) if isinstance(columns, int) else columns
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise LexiconError(str(path), None, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), None, f"not UTF-8 ({exc.reason})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if not low <= len(fields) <= high:
            expected = str(low) if low == high else f"{low}-{high}"
            raise LexiconError(str(path), number, f"expected {expected} tab-separated columns, got {len(fields)}")
        if not fields[0]:
            raise LexiconError(str(path), number, "empty first column")
        yield number, fields


def read_yaml(path: str | Path) -> tuple[Any, dict[int, int]]:
    """Read a YAML file; returns the data and nothing else is assumed about its shape.

    Returns:
        (data, line_of): ``line_of`` maps ``id()`` of each mapping/sequence node's
        value to its 1-based line, so that validators can name the line of a bad entry.

    Raises:
        LexiconError: the file is missing or is not valid YAML (with the line).
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(str(path), None, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), None, f"not UTF-8 ({exc.reason})") from exc

    line_of: dict[int, int] = {}

    class _LineLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            mapping = super().construct_mapping(node, deep=deep)
            line_of[id(mapping)] = node.start_mark.line + 1
            return mapping

    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise LexiconError(str(path), line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    return data, line_of
