"""``pipeline run INPUT... --out DIR``: the whole pipeline over files, folders and tables.

Only parses options and prints the summary; the work is :func:`pipeline.io.batch.run_batch`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Sequence

from pipeline.commands import add_pipeline_options, pipeline_options
from pipeline.errors import PipelineError
from pipeline.io.batch import DEFAULT_SHARD_SIZE, run_batch
from pipeline.io.sources import DEFAULT_MAX_CHARS
from pipeline.text.language import DEFAULT_MIN_PERSIAN_RATIO

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run",
        help="run the pipeline over .txt files, folders, JSONL, CSV or Parquet",
        description=(
            "Process every document of the inputs and write DIR/documents.jsonl (gold format), DIR/events.csv, "
            "DIR/{documents,entities,dates,events}.parquet/ (partitioned) and DIR/errors.jsonl. Work is committed "
            "in shards: run the same command again after a crash to finish the rest; --overwrite starts afresh."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="- (standard input: JSON Lines, or one text), .txt file, folder (every supported file, recursive), .jsonl/.jsonl.gz with {id, text, "
                             "reference_date?}, .csv or .parquet (with --text-column)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="output folder (one run at a time: a second run into it is refused)")
    parser.add_argument("--reference-date", metavar="YYYY-MM-DD",
                        help="publication date for documents that carry none (resolves relative dates)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes, each loading the models once (default 1: this process)")
    parser.add_argument("--dask", metavar="local|tcp://HOST:PORT",
                        help="run on Dask: 'local' starts a local cluster (2 single-threaded workers, or --workers), "
                             "an address joins an existing scheduler")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any document fails")
    parser.add_argument("--overwrite", action="store_true", help="delete earlier outputs in DIR instead of resuming")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, errors only")
    parser.add_argument("--verbose", action="store_true", help="log each step")
    parser.add_argument("--text-column", metavar="C",
                        help="text column of CSV/Parquet inputs; also the text field of JSONL lines that have it (else text)")
    parser.add_argument("--id-column", metavar="C",
                        help="id column of CSV/Parquet inputs (default: FILE:ROW); also the id field of JSONL lines that have it")
    add_pipeline_options(parser)
    parser.add_argument("--shard-size", type=int, default=DEFAULT_SHARD_SIZE, metavar="N",
                        help=f"documents per committed shard (default {DEFAULT_SHARD_SIZE})")
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                        help=f"reject longer texts with a reason (default {DEFAULT_MAX_CHARS:,})")
    language = parser.add_mutually_exclusive_group()
    language.add_argument("--min-persian-ratio", type=float, default=DEFAULT_MIN_PERSIAN_RATIO, metavar="R",
                          help="report a text whose letters are less than this share in the Persian script as "
                               f"'skipped: not Persian' instead of processing it (default {DEFAULT_MIN_PERSIAN_RATIO})")
    language.add_argument("--keep-non-persian", action="store_const", const=0.0, dest="min_persian_ratio",
                          help="process every text, whatever its script (--min-persian-ratio 0)")
    parser.set_defaults(func=run)


@contextlib.contextmanager
def _stdin_as_file(inputs: Sequence[str]) -> Iterator[list[str]]:
    """The inputs with ``-`` replaced by a file holding standard input: ``stdin.jsonl`` when it starts
    with a JSON object (one document a line), else ``stdin.txt`` (one document, id ``stdin``)."""
    if "-" not in inputs:
        yield list(inputs)
        return
    with tempfile.TemporaryDirectory(prefix="pipeline-stdin-") as folder:
        data = sys.stdin.buffer.read()
        name = "stdin.jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "stdin.txt"
        path = Path(folder) / name
        with path.open("wb") as handle:
            handle.write(data)
        yield [str(path) if item == "-" else item for item in inputs]


def run(args: argparse.Namespace) -> int:
    """Run the batch and print its summary; 0 on success, 1 when nothing (or, with --strict, not all) succeeded."""
    from tqdm.contrib.logging import logging_redirect_tqdm

    options = pipeline_options(args).as_kwargs()
    # Log lines go through tqdm so that they do not tear the progress bar.
    try:
        with logging_redirect_tqdm(), _stdin_as_file(args.inputs) as inputs:
            summary = run_batch(
                inputs, args.out, reference_date=args.reference_date, workers=args.workers, dask=args.dask,
                strict=args.strict, overwrite=args.overwrite, progress=False if args.quiet else None,
                text_column=args.text_column, id_column=args.id_column, pipeline_options=options,
                shard_size=args.shard_size, max_chars=args.max_chars, min_persian_ratio=args.min_persian_ratio,
            )
    except PipelineError:
        raise  # the CLI's own message and exit code (a missing model is an OSError too)
    except OSError as exc:
        # A full disk, a file-size limit, a read-only --out: every committed shard is intact
        # (each is renamed into place whole), so the same command resumes once there is room.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: cannot write the outputs in {args.out}{where}: {exc.strerror or exc}; "
              "committed shards are kept, run the same command again to resume", file=sys.stderr)
        return 1
    if not args.quiet:
        print(summary)
        if summary.failed:
            print(f"{summary.failed} document(s) could not be processed; see {summary.out_dir / 'errors.jsonl'}")
    return 0 if summary.ok else 1
