"""``pipeline report OUTPUT_DIR --out report.html``: an HTML page for a processed dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.evaluation.report import dataset_report_html


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="HTML report of a processed dataset (events over time, entities, dates, failures)",
        description="Write one self-contained HTML page for a folder written by `pipeline run`.",
    )
    parser.add_argument("output_dir", help="folder written by `pipeline run`")
    parser.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    parser.add_argument("--title", help="page title (default: the folder name)")
    parser.add_argument("--top", type=int, default=15, help="rows of each most-frequent table (default: 15)")
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    page = dataset_report_html(args.output_dir, title=args.title, top=args.top)
    Path(args.out).write_text(page, encoding="utf-8")
    print(f"report written to {args.out}", file=sys.stderr)
    return 0
