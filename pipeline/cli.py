"""The ``pipeline`` command: parses options and calls the public Python API.

Each subcommand lives in ``pipeline/commands/<name>.py`` with ``add_parser(subparsers)``;
printing and exit codes belong here and in those modules, never in the library.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from typing import Sequence

from pipeline import __version__
from pipeline.errors import PipelineError

__all__ = ["main", "build_parser"]

COMMANDS = ("run", "normalize", "eval", "report", "train_ner", "annotate")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Persian news event extraction: raw text in; entities, dates and CAMEO events out.",
    )

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"pipeline.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pipeline.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING
    if getattr(args, "verbose", False):
        level = logging.INFO
    if getattr(args, "quiet", False):
        level = logging.ERROR
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that has gone (`| head`) shows up here rather than at exit
        return code
    except BrokenPipeError:
        # Like other Unix tools, stop quietly when the reader of the output closes the pipe; stdout
        # points at /dev/null so that Python's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the CLI turns library errors into one clear line

        if isinstance(exc, (PipelineError, FileNotFoundError)):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
