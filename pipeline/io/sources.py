"""One input document as the readers yield it (:class:`SourceDoc`), the kinds of input file, and
the checks that decide whether a file, a text or an id can be processed at all."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.errors import ConfigError
from pipeline.records import check_reference_date

__all__ = [
    "SourceDoc",
    "DEFAULT_MAX_CHARS",
    "SUFFIXES",
    "input_kind",
    "check_regular_file",
    "suffix_of",
    "base_name",
    "escape_surrogates",
    "text_problem",
    "utf8_problem",
    "looks_utf16",
    "encoding_problem",
    "utf16_problem",
    "given_id",
    "source_doc",
]

# A news article is rarely above 50,000 characters (the longest of 1,491 Fars News
# articles has 47,233); 200,000 leaves room for long reports while keeping one document's
# processing time bounded. Longer texts (a dumped page, a 5 MB single line) are rejected.
DEFAULT_MAX_CHARS = 200_000

# Any lone surrogate: a JSON escape such as ``\udc80`` decodes to one, and no UTF-8 writer
# can encode it, so a text, id or name holding one never reaches the outputs.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceDoc:
    """One input document, or the reason it could not be read.

    Attributes:
        doc_id: the document id (None when it could not be read).
        text: the raw text (None when ``error`` is set).
        reference_date: ``YYYY-MM-DD`` or None.
        source: the input file it came from.
        line: the line (JSONL), row (CSV/Parquet, 1-based) or None (a whole file).
        error: why the document cannot be processed, or None.
    """

    doc_id: str | None
    text: str | None
    reference_date: str | None
    source: str
    line: int | None = None
    error: str | None = None

    @property
    def key(self) -> str:
        """The id under which the manifest records the document.

        An unreadable document is recorded by its place (``source:line``): its id, when
        known, is not taken from a good document of the same id later in the input.
        """
        if self.doc_id is not None and self.error is None:
            return self.doc_id
        return escape_surrogates(f"{self.source}:{self.line}" if self.line is not None else self.source)


def escape_surrogates(value: str) -> str:
    """A string any UTF-8 writer can encode: lone surrogates (undecodable bytes of a file
    name, a broken ``\\udc80`` escape) become visible backslash escapes.

    Examples:
        >>> escape_surrogates("خبر-\\udc80.txt")
        'خبر-\\\\udc80.txt'
    """
    if _LONE_SURROGATE.search(value) is None:
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def text_problem(text: str, max_chars: int) -> str | None:
    """Why a text cannot be processed, or None."""
    # Spaces, ZWNJ, bidi marks and stray punctuation alone carry nothing to extract.
    if not any(char.isalnum() for char in text):
        return "empty text: no letter or digit"
    if len(text) > max_chars:
        return f"text too long: {len(text):,} characters > max_chars={max_chars:,} (split it or raise --max-chars)"
    if "\x00" in text:
        return "binary content: the text holds NUL characters"
    return None


def utf8_problem(data: bytes, error: UnicodeDecodeError) -> str:
    if looks_utf16(data):
        return f"invalid UTF-8 at byte {error.start}: the bytes look like UTF-16; save the file as UTF-8"
    # Older Persian sites and Word exports use Windows-1256, the usual cause of this error.
    return (f"invalid UTF-8 at byte {error.start}: {data[error.start:error.start + 4]!r} "
            "(a legacy encoding such as Windows-1256?)")


def looks_utf16(head: bytes) -> bool:
    """A byte-order mark, or UTF-16 without one: the ASCII characters a JSON line or a CSV
    header starts with (``{"id"``, ``nid,body``) each stand beside a NUL byte, on the same side."""
    if head.startswith(_UTF16_BOMS):
        return True
    pairs = list(zip(head[0:64:2], head[1:64:2]))
    if len(pairs) < 2:
        return False
    for ascii_at in (0, 1):  # little-endian: the character first, its NUL second
        if all(pair[ascii_at] and not pair[1 - ascii_at] for pair in pairs[:2]):
            return sum(1 for pair in pairs if not pair[1 - ascii_at]) * 2 >= len(pairs)
    return False


def encoding_problem(handle: IO[bytes]) -> str | None:
    """Why a JSONL or CSV file cannot be read as UTF-8 at all (UTF-16, as Excel's and Notepad's
    "Unicode" save it), looking at its first bytes; a UTF-8 byte-order mark is skipped."""
    head = handle.peek(64)[:64]  # type: ignore[attr-defined]
    if head.startswith(_UTF8_BOM):
        handle.read(len(_UTF8_BOM))
        return None
    return utf16_problem(head)


def utf16_problem(head: bytes) -> str | None:
    """The reason bytes that start with ``head`` are refused when they are UTF-16 (Notepad's and
    Excel's "Unicode": Persian text, but not in the encoding the pipeline reads), else None."""
    if looks_utf16(head):
        bom = " (byte-order mark)" if head.startswith(_UTF16_BOMS) else ""
        return f"UTF-16 text{bom}: save the file as UTF-8"
    return None


def given_id(value: object, base: str, number: int) -> str:
    """A record's id, or ``<file>:<line>`` when it has none: an empty id (``"id": ""``) is
    no id, or two such documents would share one and the outputs would hold ``null``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{base}:{number}"
    return str(value)


def source_doc(doc_id: object, text: object, reference_date: object, default_date: str | None,
          source: str, line: int | None, max_chars: int, text_field: str) -> SourceDoc:
    """Validate one record's fields into a SourceDoc (ok or with its error)."""
    doc_id = None if doc_id is None or doc_id == "" else str(doc_id)
    if doc_id is not None and _LONE_SURROGATE.search(doc_id):
        return SourceDoc(escape_surrogates(doc_id), None, None, source, line,
                         "the id holds a lone surrogate (undecodable bytes or a broken \\u escape): "
                         "it cannot be written as UTF-8")
    if isinstance(text, str) and _LONE_SURROGATE.search(text):
        return SourceDoc(doc_id, None, None, source, line,
                         f"text field {text_field!r} holds a lone surrogate "
                         f"({_LONE_SURROGATE.search(text).group()!a}, a broken \\u escape?): it cannot be written as UTF-8")
    if text is None:
        return SourceDoc(doc_id, None, None, source, line, f"missing text field {text_field!r}")
    if not isinstance(text, str):
        return SourceDoc(doc_id, None, None, source, line, f"text field {text_field!r} is {type(text).__name__}, not a string")
    problem = text_problem(text, max_chars)
    if problem:
        return SourceDoc(doc_id, None, None, source, line, problem)
    try:
        date = check_reference_date(reference_date) or default_date
    except ConfigError as exc:
        return SourceDoc(doc_id, None, None, source, line, f"invalid reference_date: {exc}")
    return SourceDoc(doc_id, text, date, source, line)


# The file name endings a reader takes, and which reader.
SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".parquet": "parquet",
}
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)


def input_kind(path: str | Path) -> str:
    """The reader for a path: ``dir``, ``txt``, ``jsonl``, ``csv`` or ``parquet``.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "روز.jsonl.gz"
        >>> _ = path.write_bytes(b"")
        >>> input_kind(path)
        'jsonl'

    Raises:
        ConfigError: the path does not exist or its type is not supported.
    """
    path = Path(path)
    if path.is_dir():
        return "dir"
    if not path.exists():
        raise ConfigError(f"input {str(path)!r} does not exist")
    suffix = suffix_of(path.name)
    if suffix is not None:
        check_regular_file(path)
        return SUFFIXES[suffix]
    raise ConfigError(
        f"input {str(path)!r}: unsupported file type; expected a folder or one of {', '.join(sorted(SUFFIXES))}"
    )


def check_regular_file(path: Path) -> None:
    """Refuse a device, FIFO or socket given as an input (through a symlink too): ``/dev/zero``
    never ends and a FIFO blocks until someone writes to it."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = ("a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
                else "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "not a regular file")
        raise ConfigError(f"input {str(path)!r} is {kind}, not a regular file; copy the data into a file")


def suffix_of(name: str) -> str | None:
    """The longest known suffix of a file name (``.jsonl.gz`` before ``.gz``), case-insensitive."""
    lowered = name.lower()
    return next((suffix for suffix in _LONGEST_FIRST if lowered.endswith(suffix)), None)


def base_name(path: Path) -> str:
    suffix = suffix_of(path.name)
    return path.name[: -len(suffix)] if suffix else path.stem
