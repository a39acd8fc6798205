"""``pipeline normalize [FILE...] [--offsets] [--no OPTION]``: normalized, ZWNJ-repaired text, with its offset map."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.errors import InputError
from pipeline.text.normalize import Normalizer

_OPTIONS = ("unicodes_replacement", "persian_numbers", "remove_diacritics", "remove_kashida", "remove_bidi_marks",
            "unify_spaces", "clean_zwnj", "repair_zwnj")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``normalize`` subcommand."""
    parser = subparsers.add_parser(
        "normalize",
        help="write the normalized, ZWNJ-repaired text (and its offset map) of files or standard input",
        description=(
            "Normalize each FILE (standard input when none is given, or for -) as the pipeline does before its "
            "stages: letter forms, digits, diacritics, kashida, bidi marks, spaces, ZWNJ repair. Prints the text; "
            "with --offsets, one JSON object per input: source, text, and raw_spans, the [start, end) of the raw "
            "text behind each normalized character (equal for an inserted ZWNJ)."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 text files (default: standard input)")
    parser.add_argument("--offsets", action="store_true", help="print JSON Lines with the offset map")
    parser.add_argument("--no", action="append", default=[], choices=_OPTIONS, metavar="OPTION",
                        help=f"turn a normalization off; repeatable ({', '.join(_OPTIONS)})")
    parser.set_defaults(func=run_normalize)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(name, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc


def run_normalize(args: argparse.Namespace) -> int:
    """Normalize every input and print it; returns the exit code."""
    normalizer = Normalizer(**{option: False for option in args.no})
    for name in args.files or ["-"]:
        norm = normalizer.normalize(_read(name))
        if args.offsets:
            record = {"source": name, "text": norm.text, "raw_spans": [list(span) for span in zip(norm.starts, norm.ends)]}
            print(json.dumps(record, ensure_ascii=False))
        else:
            sys.stdout.write(norm.text)
    return 0
