"""Reading and writing gold-format JSON Lines; no pipeline logic here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import InputError
from pipeline.records import ENTITY_LABELS, Document

__all__ = ["read_gold", "write_documents", "iter_gold_dicts"]


def iter_gold_dicts(path: str | Path) -> Iterator[dict]:
    """Yield the documents of a gold-format JSONL file as dicts.

    Raises:
        InputError: a line that is not a JSON object with ``text``, or an entity whose
            label is not one of PER, ORG, LOC (names file and line).
    """
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"invalid JSON: {exc.msg}", line=number) from exc
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise InputError(str(path), "expected a JSON object with a string 'text'", line=number)
            _check_labels(data, path, number)
            yield data


def _check_labels(data: dict, path: Path, number: int) -> None:
    """Entity labels are PER, ORG or LOC: anything else is a typo, another tag set, or markup
    meant for the HTML report (``PER<img src=x onerror=...>``)."""
    entities = data.get("entities") or []
    if not isinstance(entities, list):
        raise InputError(str(path), f"'entities' is {type(entities).__name__}, not a list", line=number)
    for index, entity in enumerate(entities, start=1):
        label = entity.get("label") if isinstance(entity, dict) else None
        if label not in ENTITY_LABELS:
            raise InputError(str(path), f"entity {index} has label {label!r}; expected one of "
                                        f"{', '.join(ENTITY_LABELS)}", line=number)


def read_gold(path: str | Path) -> list[Document]:
    """Read a gold (or prediction) file into documents."""
    return [Document.from_dict(d) for d in iter_gold_dicts(path)]


def write_documents(documents: Iterable[Document], path: str | Path) -> int:
    """Write documents as gold-format JSONL; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count
