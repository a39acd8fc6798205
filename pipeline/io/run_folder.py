"""The layout of a ``pipeline run`` output folder, in one place: :mod:`pipeline.io.writers`
writes it and :func:`load_output_tables` (the reports, your notebooks) reads it back.

Layout of an output folder ``DIR``::

    DIR/_shards/000007.documents.jsonl   gold-format documents of shard 7
    DIR/_shards/000007.events.csv        event rows of shard 7 (no header)
    DIR/_shards/000007.errors.jsonl      documents of shard 7 that could not be processed
    DIR/_shards/000007.done.json         manifest entry: the shard is complete, with its doc ids
    DIR/{documents,entities,dates,events}.parquet/part-000007.parquet
    DIR/documents.jsonl, DIR/events.csv, DIR/errors.jsonl   assembled at the end of a run
    DIR/summary.json                     counts, rates and paths of the run
    DIR/.lock                            held while a run writes
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.io.dataframes import TABLES, to_dataframes
from pipeline.io.gold import read_gold

__all__ = ["SHARDS_DIR", "LOCK_FILE", "DOCUMENTS_FILE", "EVENTS_CSV", "ERRORS_FILE", "SUMMARY_FILE", "FINAL_FILES",
           "ERROR_COLUMNS", "table_dir", "load_output_tables"]

SHARDS_DIR = "_shards"
LOCK_FILE = ".lock"
DOCUMENTS_FILE = "documents.jsonl"
EVENTS_CSV = "events.csv"
ERRORS_FILE = "errors.jsonl"
SUMMARY_FILE = "summary.json"
FINAL_FILES = (DOCUMENTS_FILE, EVENTS_CSV, ERRORS_FILE, SUMMARY_FILE)
# The fields of each line of errors.jsonl.
ERROR_COLUMNS = ("source", "line", "id", "reason")


def table_dir(out_dir: str | Path, table: str) -> Path:
    """The partitioned Parquet folder of a table (``DIR/<table>.parquet/``)."""
    return Path(out_dir) / f"{table}.parquet"


def load_output_tables(output_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of a ``pipeline run`` folder: Parquet when present, else ``documents.jsonl``.

    Returns:
        dict: ``documents``, ``entities``, ``dates``, ``events`` DataFrames and ``errors``
        (one row per failed document: source, line, id, reason).

    Raises:
        FileNotFoundError: the folder does not exist.
        InputError: it holds neither the Parquet tables nor ``documents.jsonl``.
    """
    directory = Path(output_dir)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a folder written by `pipeline run`")
    tables = {name: pd.read_parquet(table_dir(directory, name)) if table_dir(directory, name).exists() else None
              for name in TABLES}
    if any(frame is None for frame in tables.values()):
        jsonl = directory / DOCUMENTS_FILE
        if not jsonl.exists():
            raise InputError(str(directory), "neither the Parquet tables nor documents.jsonl are there")
        fallback = to_dataframes(read_gold(jsonl))
        tables = {name: frame if frame is not None else fallback[name] for name, frame in tables.items()}
    errors_path = directory / ERRORS_FILE
    errors = []
    if errors_path.exists():
        with errors_path.open(encoding="utf-8") as handle:
            errors = [json.loads(line) for line in handle if line.strip()]
    tables["errors"] = pd.DataFrame(errors, columns=list(ERROR_COLUMNS))
    return tables
