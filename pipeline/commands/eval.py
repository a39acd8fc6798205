"""``pipeline eval GOLD.jsonl [--pred PRED.jsonl] [--json]``: score against hand-labeled gold."""

from __future__ import annotations

import argparse
import json

from pipeline.evaluate import evaluate, format_scores


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score predictions (or a fresh run) against a gold file",
        description="Print every metric of GOLD_FORMAT.md's Scoring section, overall, per label and per document.",
    )
    parser.add_argument("gold", help="gold JSONL file (GOLD_FORMAT.md)")
    parser.add_argument("--pred", help="predictions in the same format; default: run the pipeline on the gold texts")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--ner-backend", default="spacy", choices=["spacy", "stanza"], help="NER backend when predicting")
    parser.add_argument("--ner-model", help="NER model name under models/ or a path")
    parser.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    options = {"ner_backend": args.ner_backend, "ner_model": args.ner_model}
    scores = evaluate(args.gold, args.pred, **options)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        print(format_scores(scores))
    return 0
