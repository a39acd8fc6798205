"""``pipeline annotate export|import``: pre-annotations for Label Studio/doccano, corrected files back to gold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.io import interop
from pipeline.io.gold import read_gold, write_documents

_WRITERS = {"labelstudio": interop.write_labelstudio, "doccano": interop.write_doccano}
_READERS = {"labelstudio": interop.read_labelstudio, "doccano": interop.read_doccano}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "annotate",
        help="export pre-annotations to annotation tools and import corrected annotations",
        description="Round trips with Label Studio and doccano; spaCy DocBin training data.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    export = actions.add_parser("export", help="gold or prediction JSONL → Label Studio / doccano / DocBin")
    export.add_argument("source", help="gold-format JSONL (gold file or predictions)")
    export.add_argument("--format", required=True, choices=interop.FORMATS)
    export.add_argument("--out", required=True, help="output file (.json, .jsonl or .spacy)")
    export.add_argument("--label-config", help="labelstudio: also write the labeling config (XML) here")
    export.add_argument("--raw-text", action="store_true", help="docbin: keep the raw text instead of the normalized one")
    export.add_argument("--with-dates", action="store_true", help="docbin: add dates as DATE entities")
    export.set_defaults(func=run_export)

    imp = actions.add_parser("import", help="Label Studio / doccano export → gold JSONL")
    imp.add_argument("source", help="Label Studio JSON export or doccano JSONL export")
    imp.add_argument("--format", required=True, choices=sorted(_READERS))
    imp.add_argument("--out", required=True, help="gold-format JSONL to write")
    imp.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    documents = read_gold(args.source)
    if args.format == "docbin":
        count = interop.write_docbin(documents, args.out, normalized=not args.raw_text, include_dates=args.with_dates)
    else:
        count = _WRITERS[args.format](documents, args.out)
    if args.label_config:
        Path(args.label_config).write_text(interop.LABEL_STUDIO_CONFIG, encoding="utf-8")
    print(f"{count} documents written to {args.out}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    documents = _READERS[args.format](args.source)
    count = write_documents(documents, args.out)
    print(f"{count} documents written to {args.out}", file=sys.stderr)
    return 0
