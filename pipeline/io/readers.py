"""Streaming input readers for batch runs: text files, folders, JSON Lines, CSV and Parquet.

Every reader yields :class:`SourceDoc` items one at a time, so memory stays flat however
large the corpus is. A document that cannot be read (invalid UTF-8, a binary file, empty
text, a malformed JSON line, a missing text field, an invalid ``reference_date``, an
oversized text) is yielded as a ``SourceDoc`` with an ``error`` reason instead of raising:
the batch records it and goes on with the rest.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import logging
import re
from pathlib import Path
from typing import IO, Iterator, Sequence

from pipeline.errors import ConfigError, InputError
from pipeline.io.sources import (
    DEFAULT_MAX_CHARS,
    SUFFIXES,
    SourceDoc,
    base_name,
    encoding_problem,
    given_id,
    input_kind,
    source_doc,
    suffix_of,
    utf8_problem,
    utf16_problem,
)
from pipeline.records import check_reference_date

__all__ = [
    "iter_documents",
    "check_inputs",
    "count_documents",
    "input_kind",
    "MAX_ERRORS_IN_A_ROW",
]

logger = logging.getLogger(__name__)


# Bytes that are not UTF-8, as Python's surrogateescape error handler keeps them.
_SURROGATE = re.compile("[\udc80-\udcff]")
# JSON escapes (``\u0627``) take up to 6 bytes per character; anything longer than this
# cannot hold a text under the limit, so it is skipped unread.
_JSON_BYTES_PER_CHAR = 6
# UTF-8 needs at most 4 bytes per character.
_UTF8_BYTES_PER_CHAR = 4
_LINE_SLACK = 64 * 1024
_CSV_FIELD_LIMIT = 16 * 2**20
_PARQUET_BATCH = 256
# Where the id of an unreadable JSON line is looked for: ``"id": "..."`` or ``"id": 12``.
_ID_SEARCH_BYTES = 4096
_ID_FIELD = re.compile(rb'(?:^\s*\{|,)\s*"id"\s*:\s*("(?:[^"\\\n]|\\.){0,512}"|-?\d{1,30}(?!\d))')
# After this many unreadable documents in a row, one file is not a corpus (a gzipped junk
# dump, a binary file renamed): the rest of the run of errors is one summary record, so
# that a 2 KB file cannot write a million error records.
MAX_ERRORS_IN_A_ROW = 100
# Lines are counted for the progress bar in pieces of this size, so that one enormous
# line is never held whole.
_COUNT_CHUNK = 2**20


def _read_txt(path: Path, doc_id: str, default_date: str | None, max_chars: int) -> SourceDoc:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_chars * _UTF8_BYTES_PER_CHAR:
            return SourceDoc(doc_id, None, None, source, None,
                             f"file too large: {size:,} bytes cannot hold a text under max_chars={max_chars:,}")
        data = path.read_bytes()
    except OSError as exc:
        return SourceDoc(doc_id, None, None, source, None, f"cannot read file: {exc.strerror or exc}")
    if problem := utf16_problem(data[:64]):
        return SourceDoc(doc_id, None, None, source, None, problem)
    if b"\x00" in data:
        return SourceDoc(doc_id, None, None, source, None, "binary file: it holds NUL bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceDoc(doc_id, None, None, source, None, utf8_problem(data, exc))
    # A byte-order mark written by some Windows editors is not part of the article.
    text = text.removeprefix("\ufeff")
    return source_doc(doc_id, text, None, default_date, source, None, max_chars, "text")


def _txt_files(folder: Path) -> list[tuple[Path, str]]:
    """The ``.txt`` files under a folder with their ids: the stem, or the relative path when stems collide."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    stems: dict[str, int] = {}
    for path in files:
        stems[path.stem] = stems.get(path.stem, 0) + 1
    return [
        (path, path.stem if stems[path.stem] == 1 else path.relative_to(folder).with_suffix("").as_posix())
        for path in files
    ]


def _folder_files(folder: Path) -> list[tuple[Path, str]]:
    """Every file under a folder that a reader takes, with its kind, in path order; each other
    file is logged by name as skipped (hidden files such as ``.DS_Store`` silently)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        suffix = suffix_of(path.name)
        if suffix is not None:
            found.append((path, SUFFIXES[suffix]))
        elif not path.name.startswith("."):
            logger.warning("skipped %s: not a supported input (%s)", path, ", ".join(sorted(SUFFIXES)))
    return found


def _read_folder(folder: Path, *, reference_date: str | None, text_column: str | None, id_column: str | None,
                 max_chars: int) -> Iterator[SourceDoc]:
    """Every supported file of a folder, recursively: ``.txt`` files (ids as :func:`_txt_files`
    gives them), JSON Lines and tables; a table without ``--text-column`` is an error naming it."""
    txt_ids = dict(_txt_files(folder))
    for path, kind in _folder_files(folder):
        if kind == "txt":
            yield _read_txt(path, txt_ids[path], reference_date, max_chars)
        elif kind in ("csv", "parquet") and text_column is None:
            yield SourceDoc(None, None, None, str(path), None,
                            f"{kind.upper()} file in a folder: give its text column with --text-column to read it")
        else:
            yield from _read_input(path, kind, reference_date=reference_date, text_column=text_column,
                                   id_column=id_column, max_chars=max_chars)


def _iter_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, int, bool]]:
    """Yield ``(line_number, line, size, complete)``; a line longer than ``limit`` comes
    as its first ``limit`` bytes with ``complete`` False.

    An oversized line is skipped in chunks, so a pathological multi-megabyte line never
    sits in memory whole.
    """
    number = 0
    while True:
        chunk = handle.readline(limit + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield number, chunk, len(chunk), True
            continue
        head, size = chunk[:_ID_SEARCH_BYTES], len(chunk)
        while chunk and not chunk.endswith(b"\n"):
            chunk = handle.readline(limit + 1)
            size += len(chunk)
        yield number, head, size, False


def _salvage_id(raw: bytes) -> str | None:
    """The ``id`` of a JSON line that cannot be read whole, when it stands near the start,
    so that the error names the document. An unescaped ``"id":`` after ``{`` or ``,`` cannot
    occur inside a JSON string.

    Examples:
        >>> _salvage_id('{"id": "خبر-۷", "text": "بریده'.encode("utf-8"))
        'خبر-۷'
    """
    match = _ID_FIELD.search(raw[:_ID_SEARCH_BYTES])
    if match is None:
        return None
    try:
        value = json.loads(match.group(1).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return str(value)


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_jsonl(path: Path, default_date: str | None, max_chars: int, text_field: str = "text",
                id_field: str = "id") -> Iterator[SourceDoc]:
    source, base = str(path), base_name(path)
    limit = max_chars * _JSON_BYTES_PER_CHAR + _LINE_SLACK
    with _open_binary(path) as handle:
        problem = encoding_problem(handle)
        if problem is not None:
            yield SourceDoc(None, None, None, source, None, problem)
            return
        for number, raw, size, complete in _iter_lines(handle, limit):
            if not complete:
                yield SourceDoc(_salvage_id(raw), None, None, source, number,
                                f"line too long: {size:,} bytes cannot hold a text under max_chars={max_chars:,}")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield SourceDoc(_salvage_id(raw), None, None, source, number, utf8_problem(raw, exc))
                continue
            try:
                data = json.loads(line)
            except (ValueError, RecursionError) as exc:
                yield SourceDoc(_salvage_id(raw), None, None, source, number, _json_problem(exc))
                continue
            if not isinstance(data, dict):
                yield SourceDoc(None, None, None, source, number, f"expected a JSON object, got {type(data).__name__}")
                continue
            # The field --text-column / --id-column names, where a line has it (a feed of {nid, body}
            # records), else the usual one: a run over CSV and JSON Lines together reads both.
            text_key = text_field if text_field in data or "text" not in data else "text"
            doc_id = data.get(id_field if id_field in data else "id")
            yield source_doc(given_id(doc_id, base, number), data.get(text_key),
                        data.get("reference_date"), default_date, source, number, max_chars, text_key)


def _json_problem(error: ValueError | RecursionError) -> str:
    """Why one JSON line cannot be decoded; any such failure is that line's alone."""
    if isinstance(error, json.JSONDecodeError):
        return f"malformed JSON: {error.msg} (column {error.colno})"
    if isinstance(error, RecursionError):
        return "malformed JSON: nested too deeply"
    # Python refuses integers of more than 4,300 digits (a number too long to convert).
    return f"malformed JSON: {error}"


def _require_column(path: Path, columns: Sequence[str], column: str | None, option: str) -> None:
    if column is not None and column not in columns:
        raise InputError(str(path), f"no column {column!r} (columns: {', '.join(columns)}); check {option}")


def _read_csv(path: Path, text_column: str, id_column: str | None, default_date: str | None,
              max_chars: int) -> Iterator[SourceDoc]:
    source, base = str(path), base_name(path)
    # A field may hold a whole article, over csv's default 128 KiB limit. A field up to the
    # limit set here is read and an overlong text rejected with its length; a larger one
    # fails its row alone and reading goes on with the next row.
    csv.field_size_limit(max(csv.field_size_limit(), max_chars * _UTF8_BYTES_PER_CHAR + _LINE_SLACK,
                             _CSV_FIELD_LIMIT))
    binary = _open_binary(path)
    problem = encoding_problem(binary)
    if problem is not None:
        binary.close()
        yield SourceDoc(None, None, None, source, None, problem)
        return
    # surrogateescape keeps reading past invalid UTF-8, so only the rows holding it fail.
    with io.TextIOWrapper(binary, encoding="utf-8", errors="surrogateescape", newline="") as handle:
        # strict: a quote left open runs the field on over the next rows until some later
        # quote closes it; csv's lenient mode would glue those rows into one text silently,
        # strict mode stops at the first character that cannot follow a closing quote.
        reader = csv.DictReader(handle, strict=True)
        columns = reader.fieldnames or []
        _require_column(path, columns, text_column, "--text-column")
        _require_column(path, columns, id_column, "--id-column")
        lines = reader.reader  # its line count moves on a failed row too, the DictReader's does not
        for number in itertools.count(1):
            first_line = lines.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield SourceDoc(None, None, None, source, number, _csv_problem(exc, first_line, lines.line_num))
                continue
            text = row.get(text_column)
            doc_id = row.get(id_column) if id_column else None
            bad = next((value for value in (text, doc_id) if value and _has_surrogates(value)), None)
            if bad is not None:
                yield SourceDoc(None, None, None, source, number, "invalid UTF-8 in the row")
                continue
            yield source_doc(doc_id or f"{base}:{number}", text, row.get("reference_date"), default_date,
                        source, number, max_chars, text_column)


def _csv_problem(error: csv.Error, first_line: int, last_line: int) -> str:
    """Why a CSV row cannot be read; a field that ran over several lines names them all."""
    if last_line > first_line:
        return (f"unreadable CSV row: a quoted field runs over lines {first_line}–{last_line} ({error}): "
                "an unterminated quote? the rows on those lines are not read")
    return f"unreadable CSV row on line {first_line}: {error}"


def _has_surrogates(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def _read_parquet(path: Path, text_column: str, id_column: str | None, default_date: str | None,
                  max_chars: int) -> Iterator[SourceDoc]:
    import pyarrow.parquet as pq

    source, base = str(path), base_name(path)
    parquet = pq.ParquetFile(path)
    columns = parquet.schema_arrow.names
    _require_column(path, columns, text_column, "--text-column")
    _require_column(path, columns, id_column, "--id-column")
    wanted = [c for c in dict.fromkeys([text_column, id_column, "reference_date"]) if c in columns]
    number = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            doc_id = row.get(id_column) if id_column else None
            date = row.get("reference_date")
            yield source_doc(given_id(doc_id, base, number), row.get(text_column),
                        date.isoformat() if hasattr(date, "isoformat") else date, default_date,
                        source, number, max_chars, text_column)


def _check_table_options(kind: str, path: Path, text_column: str | None) -> str:
    if text_column is None:
        raise ConfigError(f"input {str(path)!r} is {kind.upper()}: give the text column with --text-column")
    return text_column


def _read_path(path: Path, kind: str, *, reference_date: str | None, text_column: str | None,
               id_column: str | None, max_chars: int) -> Iterator[SourceDoc]:
    if kind == "dir":
        yield from _read_folder(path, reference_date=reference_date, text_column=text_column,
                                id_column=id_column, max_chars=max_chars)
    elif kind == "txt":
        yield _read_txt(path, path.stem, reference_date, max_chars)
    elif kind == "jsonl":
        # --text-column / --id-column name the fields of JSON Lines too ({id, text} by default).
        yield from _read_jsonl(path, reference_date, max_chars, text_column or "text", id_column or "id")
    elif kind == "csv":
        yield from _read_csv(path, _check_table_options(kind, path, text_column), id_column, reference_date, max_chars)
    else:
        yield from _read_parquet(path, _check_table_options(kind, path, text_column), id_column, reference_date,
                                 max_chars)


def _checked_inputs(inputs: Sequence[str | Path], text_column: str | None) -> list[tuple[Path, str]]:
    """Resolve every input's reader up front, so a typo fails before any work starts."""
    if not inputs:
        raise ConfigError("no input given")
    checked = []
    for item in inputs:
        path = Path(item)
        kind = input_kind(path)
        if kind in ("csv", "parquet"):
            _check_table_options(kind, path, text_column)
        checked.append((path, kind))
    return checked


def check_inputs(inputs: Sequence[str | Path], *, reference_date: str | None = None,
                 text_column: str | None = None) -> None:
    """Fail on a missing or unsupported input, a table without ``text_column`` or a bad reference
    date at once (:func:`iter_documents` checks them when reading starts).

    Raises:
        ConfigError: the first problem found.
    """
    check_reference_date(reference_date)
    _checked_inputs(inputs, text_column)


def iter_documents(
    inputs: Sequence[str | Path],
    *,
    reference_date: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[SourceDoc]:
    """Stream the documents of every input, in order, one at a time.

    Args:
        inputs: ``.txt`` files, folders (every supported file in them, recursively), ``.jsonl`` /
            ``.jsonl.gz`` with ``{id, text, reference_date?}`` per line, ``.csv`` / ``.csv.gz``
            or ``.parquet`` tables (with ``text_column`` and optionally ``id_column`` and a
            ``reference_date`` column).
        reference_date: the date used for documents that do not carry their own.
        text_column: the text column of CSV/Parquet inputs, and the text field of JSON Lines
            (lines without it use ``text``).
        id_column: the id column of CSV/Parquet inputs (default: ``<file>:<row>``), and the id
            field of JSON Lines (lines without it use ``id``).
        max_chars: longer texts are rejected with a reason.

    Yields:
        SourceDoc: a readable document, or one whose ``error`` says why it cannot be read.

    Raises:
        ConfigError: an input that does not exist or has an unsupported type, a table
            without ``text_column``, an invalid ``reference_date``.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "خبر.txt").write_text("تهران پایتخت ایران است.", encoding="utf-8")
        >>> [(d.doc_id, d.text) for d in iter_documents([folder])]
        [('خبر', 'تهران پایتخت ایران است.')]
    """
    default_date = check_reference_date(reference_date)
    for path, kind in _checked_inputs(inputs, text_column):
        yield from _summarize_error_runs(_read_input(path, kind, reference_date=default_date,
                                                     text_column=text_column, id_column=id_column,
                                                     max_chars=max_chars))


def _read_input(path: Path, kind: str, **options: object) -> Iterator[SourceDoc]:
    """One input's documents; an input that breaks off ends in an error naming it, and the
    other inputs (or the other files of a folder) are still read."""
    logger.debug("reading %s (%s)", path, kind)
    try:
        yield from _read_path(path, kind, **options)  # type: ignore[arg-type]
    except InputError as exc:
        yield SourceDoc(None, None, None, str(path), exc.line, exc.problem)
    except (OSError, EOFError, gzip.BadGzipFile, csv.Error, ValueError) as exc:
        # A truncated .gz, an unreadable Parquet footer, a broken CSV quote: the rest of
        # this input cannot be read, the other inputs still can.
        logger.warning("stopped reading %s: %s", path, exc)
        yield SourceDoc(None, None, None, str(path), None, f"cannot read the rest of the file: {exc}")


def _summarize_error_runs(docs: Iterator[SourceDoc]) -> Iterator[SourceDoc]:
    """Pass documents through, but after :data:`MAX_ERRORS_IN_A_ROW` unreadable ones in a row
    from one file, hold back the rest of that run of errors and yield one record for it
    (its place is the first line held back), so that nothing is lost silently and the
    error count stays bounded however long the junk goes on. A readable document ends a run."""
    in_a_row, held, first, last, source = 0, 0, None, None, None

    def summary() -> SourceDoc:
        if first.line is None:
            where = "the rest"
        elif last.line is None:  # the input ended early (a truncated .gz)
            where = f"from line {first.line} to where reading stopped"
        else:
            where = f"lines {first.line}–{last.line}"
        return SourceDoc(None, None, None, first.source, first.line,
                         f"{held:,} more unreadable records ({where}) after {MAX_ERRORS_IN_A_ROW} in a row; "
                         f"not listed one by one (the last: {last.error})")

    for doc in docs:
        if doc.error is None or doc.source != source:
            if held:
                yield summary()
            in_a_row, held, first, source = 0, 0, None, doc.source
        if doc.error is None:
            yield doc
            continue
        in_a_row += 1
        if in_a_row <= MAX_ERRORS_IN_A_ROW:
            yield doc
            continue
        if held == 0:
            first = doc
        held, last = held + 1, doc
    if held:
        yield summary()


def count_documents(inputs: Sequence[str | Path], *, text_column: str | None = None) -> int:
    """A quick estimate of how many documents the inputs hold (for a progress bar's ETA).

    Counts files, non-empty lines and Parquet rows without parsing texts; a CSV counts its
    lines, which overestimates rows with embedded newlines.
    """
    total = 0
    for path, kind in _checked_inputs(inputs, text_column):
        try:
            if kind == "dir":
                # A table without --text-column is one error record (see _read_folder).
                total += sum(1 if file_kind in ("csv", "parquet") and text_column is None
                             else count_documents([file], text_column=text_column)
                             for file, file_kind in _folder_files(path))
            elif kind == "txt":
                total += 1
            elif kind == "parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            else:
                with _open_binary(path) as handle:
                    # Bounded pieces: a 3 GB line of a gzipped dump is counted, never held.
                    lines = sum(1 for _, raw, _, complete in _iter_lines(handle, _COUNT_CHUNK)
                                if not complete or raw.strip())
                total += max(lines - 1, 0) if kind == "csv" else lines
        except (OSError, EOFError, ValueError) as exc:
            logger.debug("cannot count %s: %s", path, exc)
    return total
