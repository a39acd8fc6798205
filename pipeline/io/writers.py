"""Sharded, atomic, resumable outputs of a batch run.

The folder's layout is :mod:`pipeline.io.run_folder`.

Every file is written to a hidden temporary name and renamed into place (an atomic step
on POSIX), and a shard's ``done.json`` is renamed last: a shard without one was cut off by
a crash and is deleted when the run starts again, so a run killed at any moment resumes
with every document exactly once. Parquet readers (pandas, Dask, pyarrow) skip names
that start with ``.`` or ``_``, so temporary files and ``_shards`` never show up as data.

``DIR/.lock`` is held (``flock``) while a run writes: shard numbers of two runs into one
folder would collide and overwrite each other, so a second run is refused and told which
run holds the folder. The kernel drops the lock when its process dies, so the lock of a
killed run never blocks the next one.

``events.csv`` is meant for spreadsheets: a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading ``'`` so that Excel and
LibreOffice show it as text instead of running it as a formula (OWASP, "CSV Injection").
The Parquet tables and the JSONL files keep every value exactly.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import logging
import os
import re
import shutil
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import ConfigError
from pipeline.io.dataframes import TABLES, rows_to_frame
from pipeline.io.run_folder import (
    DOCUMENTS_FILE,
    ERRORS_FILE,
    EVENTS_CSV,
    FINAL_FILES,
    LOCK_FILE,
    SHARDS_DIR,
    SUMMARY_FILE,
    table_dir,
)

__all__ = ["ShardResult", "OutputStore", "FINAL_FILES", "SHARDS_DIR", "LOCK_FILE", "neutralize_formulas"]

logger = logging.getLogger(__name__)

_SHARD_FILES = {"documents": DOCUMENTS_FILE, "events": EVENTS_CSV, "errors": ERRORS_FILE}
_DONE = "done.json"
# The options of the run that wrote the folder, checked when a run resumes there.
_OPTIONS = "options.json"
_SHARD_NAME = re.compile(r"^(\d{6,})\.")
_PART_NAME = re.compile(r"^part-(\d{6,})\.parquet$")
# First characters a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# RFC 4180's line end, as Excel writes it. Python's csv writer (before 3.12) quotes a field
# holding a line break only when the break is part of the line terminator: with "\n" alone,
# an evidence sentence holding a "\r" would be written bare and cut its row in two.
_CSV_LINE_END = "\r\n"


@dataclass
class ShardResult:
    """What one shard of documents produced, ready to be written.

    Attributes:
        keys: manifest keys of every document finished in the shard (processed or failed).
        documents: one gold-format JSON line per processed document.
        rows: rows per table (``pipeline.io.dataframes.document_rows`` of each document).
        errors: one dict per document that could not be read or processed.
        words: whitespace-separated words of the processed texts (for throughput figures).
        fingerprints: per key, a hash of the document's text and reference date (None for a
            document that could not be read), so that a resumed run notices a changed document.
    """

    keys: list[str] = field(default_factory=list)
    fingerprints: list[str | None] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in TABLES})
    errors: list[dict] = field(default_factory=list)
    words: int = 0

    @property
    def processed(self) -> int:
        """Documents processed."""
        return len(self.documents)

    @property
    def failed(self) -> int:
        """Documents that went to the errors file."""
        return len(self.errors)


@functools.cache
def _arrow_schema(table: str) -> pa.Schema:
    """The fixed Arrow schema of a table, so that every part file agrees (an all-null
    column in one shard would otherwise be typed ``null`` and clash with the others)."""
    frame = rows_to_frame(table, [])
    types = {"int64": pa.int64(), "bool": pa.bool_()}
    return pa.schema([pa.field(name, types.get(str(dtype), pa.string())) for name, dtype in frame.dtypes.items()])


def _write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A full disk or a file-size limit: the earlier complete file stays, the half-written one goes.
        tmp.unlink(missing_ok=True)
        raise


def _write_lines(lines: Iterable[str]) -> Callable[[IO[bytes]], None]:
    def write(handle: IO[bytes]) -> None:
        for line in lines:
            handle.write(line.encode("utf-8") + b"\n")

    return write


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells cannot start a spreadsheet formula: those that
    begin with ``= + - @``, a tab or a carriage return get a leading ``'``.

    Examples:
        >>> neutralize_formulas(pd.DataFrame({"evidence": ["=HYPERLINK(\\"x\\")", "تهران"]}))["evidence"].tolist()
        ['\\'=HYPERLINK("x")', 'تهران']
    """
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column].dtype):  # text columns, object or string dtype
            out[column] = [f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value
                           for value in out[column]]
    return out


_NO_DETAILS = "a run that left no details"


def _describe_holder(text: str) -> str:
    """The run named in a lock file (pid, host, start time, command), for a message."""
    try:
        holder = json.loads(text)
        return (f"pid {holder['pid']} on {holder['host']}, started {holder['started']}: "
                f"{holder.get('command', '')}".rstrip(": "))
    except (ValueError, KeyError, TypeError):
        return _NO_DETAILS


def _read_holder(handle: IO[str], patience: float = 2.0) -> str:
    """The details of the run holding a lock, waiting a moment for them: the holder takes
    the lock first and writes its details just after, so a run refused in between would
    otherwise read an empty or half-written file."""
    deadline = time.monotonic() + patience
    while True:
        handle.seek(0)
        holder = _describe_holder(handle.read())
        if holder != _NO_DETAILS or time.monotonic() >= deadline:
            return holder
        time.sleep(0.05)


class _FolderLock:
    """An exclusive ``flock`` on ``DIR/.lock`` naming the run that holds it.

    Raises:
        ConfigError: another live run holds the folder (named in the message).
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        while True:
            handle = self.path.open("a+", encoding="utf-8")  # "a+": nothing is truncated before the lock is held
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(handle)
                handle.close()
                raise ConfigError(f"{out_dir} is in use by another run ({holder}); wait for it to end "
                                  "or give another --out") from None
            # The holder may have removed the file between our open and our lock: lock the file that is there.
            if self.path.exists() and os.stat(self.path).st_ino == os.fstat(handle.fileno()).st_ino:
                break
            handle.close()
        handle.seek(0)
        previous = handle.read()
        if previous.strip():
            logger.info("%s: taking over the lock of a run that ended without releasing it (%s)",
                        out_dir, _describe_holder(previous))
        handle.truncate(0)
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                 "command": " ".join(sys.argv)[:300]}, ensure_ascii=False))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        """Remove the lock file and drop the lock (the file first, so no one locks a file being removed)."""
        if self.handle.closed:
            return
        self.path.unlink(missing_ok=True)
        self.handle.close()


class OutputStore:
    """The output folder of a batch run: shards, manifest and the final files.

    Args:
        out_dir: the output folder (created if needed).
        overwrite: delete this tool's earlier outputs in ``out_dir`` and start afresh.

    The store holds the folder's lock from its creation until :meth:`close` (or the end of
    a ``with`` block).

    Raises:
        ConfigError: ``out_dir`` holds outputs without a manifest (and ``overwrite`` is off),
            or another run is writing into it.

    Examples:
        >>> import tempfile, json
        >>> with OutputStore(tempfile.mkdtemp()) as store:
        ...     shard = ShardResult(keys=["خبر-۱"], documents=[json.dumps({"id": "خبر-۱"})])
        ...     store.commit(store.next_shard(), shard)
        ...     sorted(store.finished_keys())
        ['خبر-۱']
    """

    def __init__(self, out_dir: str | Path, *, overwrite: bool = False) -> None:
        self.out_dir = Path(out_dir)
        self.shards_dir = self.out_dir / SHARDS_DIR
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # Taken before anything is cleared or removed: those files may be another run's.
        self._lock = _FolderLock(self.out_dir)
        try:
            self._open(overwrite)
        except BaseException:
            self._lock.release()
            raise

    def _open(self, overwrite: bool) -> None:
        if overwrite:
            self._clear()
        elif not self.shards_dir.exists() and any(self._output_paths()):
            raise ConfigError(
                f"{self.out_dir} holds outputs of a run without a manifest ({SHARDS_DIR}/); "
                "use --overwrite to replace them"
            )
        self.shards_dir.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            self.table_dir(table).mkdir(exist_ok=True)
        self._committed = self._remove_unfinished()
        self._next = max(self._committed, default=0) + 1

    def close(self) -> None:
        """Release the folder's lock (the outputs stay)."""
        self._lock.release()

    def __enter__(self) -> OutputStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def table_dir(self, table: str) -> Path:
        """The partitioned Parquet folder of a table (``DIR/<table>.parquet/``)."""
        return table_dir(self.out_dir, table)

    def _output_paths(self) -> Iterable[Path]:
        for name in FINAL_FILES:
            yield from [self.out_dir / name] if (self.out_dir / name).exists() else []
        for table in TABLES:
            yield from [self.table_dir(table)] if self.table_dir(table).exists() else []

    def _clear(self) -> None:
        for path in [*self._output_paths(), self.shards_dir]:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        logger.info("removed earlier outputs in %s (--overwrite)", self.out_dir)

    def _remove_unfinished(self) -> list[int]:
        """Delete temporary files and shards without a manifest entry; return the committed shards."""
        committed = sorted(
            int(m.group(1)) for p in self.shards_dir.iterdir()
            if (m := _SHARD_NAME.match(p.name)) and p.name.endswith(f".{_DONE}")
        )
        done = set(committed)
        leftovers = [p for p in self.shards_dir.iterdir()
                     if p.name.startswith(".") or ((m := _SHARD_NAME.match(p.name)) and int(m.group(1)) not in done)]
        for table in TABLES:
            leftovers += [p for p in self.table_dir(table).iterdir()
                          if p.name.startswith(".") or ((m := _PART_NAME.match(p.name)) and int(m.group(1)) not in done)]
        for path in leftovers:
            logger.debug("removing %s, left by an interrupted run", path)
            path.unlink()
        if leftovers:
            logger.info("removed %d file(s) of shards an interrupted run left unfinished", len(leftovers))
        return committed

    def _shard_path(self, shard: int, kind: str) -> Path:
        return self.shards_dir / f"{shard:06d}.{kind}"

    def _done_entries(self) -> Iterable[dict]:
        for shard in self._committed:
            with self._shard_path(shard, _DONE).open(encoding="utf-8") as handle:
                yield json.load(handle)

    def finished_keys(self) -> set[str]:
        """Keys of every document a committed shard holds (processed or failed)."""
        return {key for entry in self._done_entries() for key in entry["keys"]}

    def finished_fingerprints(self) -> dict[str, str | None]:
        """The fingerprint each finished key was processed with (None: unreadable, or not recorded)."""
        found: dict[str, str | None] = {}
        for entry in self._done_entries():
            fingerprints = entry.get("fingerprints") or [None] * len(entry["keys"])
            found.update(zip(entry["keys"], fingerprints))
        return found

    def check_run_options(self, options: dict) -> None:
        """Record the options of the run writing this folder, or refuse to resume under other ones.

        A resumed run skips every finished document: with another reference date, NER model or
        text column it would keep the earlier results beside new ones made differently.

        Raises:
            ConfigError: committed shards of a run with other options (each difference named),
                or of a run that recorded none.
        """
        path = self.shards_dir / _OPTIONS
        options = json.loads(json.dumps(options, default=str))  # as it reads back: lists and strings
        if not self._committed:
            _write_atomic(path, _write_lines([json.dumps(options, ensure_ascii=False, sort_keys=True)]))
            return
        if not path.exists():
            raise ConfigError(f"{self.out_dir} holds results of a run that recorded no options (an older version); "
                              "use --overwrite to start afresh")
        recorded = json.loads(path.read_text(encoding="utf-8"))
        differences = [f"{name} {recorded.get(name)!r} then, {options.get(name)!r} now"
                       for name in sorted(recorded.keys() | options.keys()) if recorded.get(name) != options.get(name)]
        if differences:
            raise ConfigError(f"{self.out_dir} holds results of a run with other options ({'; '.join(differences)}); "
                              "use --overwrite to start afresh, or resume with the same options")

    def totals(self) -> dict[str, int]:
        """Documents processed and failed over all committed shards (this run and earlier ones)."""
        totals = {"processed": 0, "failed": 0}
        for entry in self._done_entries():
            totals["processed"] += entry["processed"]
            totals["failed"] += entry["failed"]
        return totals

    def next_shard(self) -> int:
        """A fresh shard number."""
        shard, self._next = self._next, self._next + 1
        return shard

    def commit(self, shard: int, result: ShardResult) -> None:
        """Write one shard's files, then its manifest entry (the commit point)."""
        _write_atomic(self._shard_path(shard, _SHARD_FILES["documents"]), _write_lines(result.documents))
        _write_atomic(self._shard_path(shard, _SHARD_FILES["errors"]),
                      _write_lines(json.dumps(e, ensure_ascii=False) for e in result.errors))
        frames = {table: rows_to_frame(table, result.rows[table]) for table in TABLES}
        _write_atomic(self._shard_path(shard, _SHARD_FILES["events"]),
                      lambda handle: neutralize_formulas(frames["events"]).to_csv(
                          handle, header=False, index=False, encoding="utf-8", lineterminator=_CSV_LINE_END))
        for table, frame in frames.items():
            arrow = pa.Table.from_pandas(frame, schema=_arrow_schema(table), preserve_index=False)
            _write_atomic(self.table_dir(table) / f"part-{shard:06d}.parquet",
                          lambda handle, arrow=arrow: pq.write_table(arrow, handle))
        entry = {"shard": shard, "processed": result.processed, "failed": result.failed, "keys": result.keys,
                 "fingerprints": result.fingerprints}
        _write_atomic(self._shard_path(shard, _DONE), _write_lines([json.dumps(entry, ensure_ascii=False)]))
        self._committed.append(shard)

    def _concatenate(self, name: str, kind: str, header: bytes = b"") -> Path:
        def write(handle: IO[bytes]) -> None:
            handle.write(header)
            for shard in sorted(self._committed):
                with self._shard_path(shard, kind).open("rb") as part:
                    shutil.copyfileobj(part, handle)

        target = self.out_dir / name
        _write_atomic(target, write)
        return target

    def final_paths(self) -> dict[str, Path]:
        """The path of every output: ``documents_jsonl``, ``events_csv``, ``errors``,
        ``<table>_parquet`` (folders) and ``summary``."""
        paths = {"documents_jsonl": self.out_dir / DOCUMENTS_FILE, "events_csv": self.out_dir / EVENTS_CSV,
                 "errors": self.out_dir / ERRORS_FILE}
        paths.update({f"{table}_parquet": self.table_dir(table) for table in TABLES})
        paths["summary"] = self.out_dir / SUMMARY_FILE
        return paths

    def finalize(self, summary: dict) -> dict[str, Path]:
        """Assemble ``documents.jsonl``, ``events.csv`` and ``errors.jsonl`` from all shards
        and write ``summary.json``.

        Each final file is replaced atomically, so a reader sees either the previous
        complete file or the new one.

        Returns:
            dict: :meth:`final_paths`.
        """
        header = rows_to_frame("events", []).to_csv(index=False, lineterminator=_CSV_LINE_END).encode("utf-8")
        self._concatenate(DOCUMENTS_FILE, _SHARD_FILES["documents"])
        self._concatenate(EVENTS_CSV, _SHARD_FILES["events"], header)
        self._concatenate(ERRORS_FILE, _SHARD_FILES["errors"])
        paths = self.final_paths()
        _write_atomic(paths["summary"], _write_lines([json.dumps(summary, ensure_ascii=False, indent=2)]))
        return paths
