"""``pipeline eval GOLD.jsonl [--pred PRED.jsonl] [--json] [--report HTML] [--baseline PRED.jsonl]``: score against gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.commands import add_pipeline_options, pipeline_options
from pipeline.evaluation.compare import compare_runs, format_comparison
from pipeline.evaluation.report import eval_report_html
from pipeline.evaluation.scoring import (
    evaluate_documents,
    format_scores,
    predict_gold_texts,
)
from pipeline.io.gold import read_gold, write_documents


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score predictions (or a fresh run) against a gold file",
        description="Print every metric of GOLD_FORMAT.md's Scoring section, overall, per label and per document.",
    )
    parser.add_argument("gold", help="gold JSONL file (GOLD_FORMAT.md)")
    parser.add_argument("--pred", help="predictions in the same format; default: run the pipeline on the gold texts")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_pipeline_options(parser)
    parser.add_argument("--report", help="also write an HTML report (metrics, errors in context, timeline) here")
    parser.add_argument("--baseline", help="earlier predictions (gold format) to compare with: what improved and regressed")
    parser.add_argument("--save-pred", help="write the predictions (gold format), e.g. to use as a later --baseline")
    parser.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    gold_docs = read_gold(args.gold)
    if args.pred is not None:
        pred_docs = read_gold(args.pred)
    else:
        pred_docs = predict_gold_texts(gold_docs, pipeline_options(args).build())
    if args.save_pred:
        write_documents(pred_docs, args.save_pred)
    scores = evaluate_documents(gold_docs, pred_docs)
    comparison = None
    if args.baseline:
        comparison = compare_runs(gold_docs, pred_docs, read_gold(args.baseline), run_scores=scores)
    if args.json:
        out = {**scores, "comparison": comparison.to_dict()} if comparison else scores
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_scores(scores))
        if comparison:
            print(format_comparison(comparison))
    if args.report:
        sources = {"gold": args.gold, "predictions": args.pred or "pipeline run"}
        if args.baseline:
            sources["baseline"] = args.baseline
        page = eval_report_html(gold_docs, pred_docs, scores, comparison=comparison, sources=sources)
        Path(args.report).write_text(page, encoding="utf-8")
        print(f"report written to {args.report}", file=sys.stderr)
    return 0
