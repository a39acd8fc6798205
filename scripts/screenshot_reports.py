"""Write both HTML reports and their headless-Chromium screenshots to docs/screenshots/.

Usage::

    python scripts/screenshot_reports.py [--gold docs/screenshots/demo_gold.jsonl] [--pred PRED.jsonl | --perturbed]
        [--baseline PRED.jsonl] [--output-dir RUN_DIR] [--out docs/screenshots]

Predictions come from ``--pred``, or from a fresh pipeline run on the gold texts, or (with
``--perturbed``, for when the pipeline is not ready) from the gold file with deterministic
errors put in: every few entities dropped, relabeled or cut short, date values changed,
event fields changed. The baseline for the comparison section is another perturbation
unless ``--baseline`` is given. The dataset report is made from ``--output-dir`` (a
``pipeline run`` folder) or from a folder built here out of the predictions.

Writes ``eval_report.png`` and ``dataset_report.png`` to ``--out``; the HTML pages stay in ``--work``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path

from pipeline.compare import compare_runs
from pipeline.dataframes import to_dataframes
from pipeline.evaluate import evaluate_documents, predict_gold_texts
from pipeline.io import read_gold, write_documents
from pipeline.records import Document
from pipeline.report import dataset_report_html, eval_report_html, screenshot

REPO = Path(__file__).resolve().parent.parent
LABELS = {"PER": "ORG", "ORG": "LOC", "LOC": "PER"}
STANCE_SWAP = {"support": "oppose", "oppose": "neutral", "neutral": "support"}


def perturb(doc: Document, period: int) -> Document:
    """A copy of a gold document with a deterministic share of errors (one per ``period`` items)."""
    entities = []
    for i, e in enumerate(doc.entities):
        if i % period == 1:
            continue  # missed
        if i % period == 2:
            e = dataclasses.replace(e, label=LABELS[e.label])  # mislabeled
        elif i % period == 3 and e.end - e.start > 3:
            e = dataclasses.replace(e, end=e.end - 2, text=doc.text[e.start:e.end - 2])  # boundary
        entities.append(e)
    dates = [dataclasses.replace(d, value="XXXX") if i % period == 0 else d for i, d in enumerate(doc.dates)]
    events = []
    for i, e in enumerate(doc.events):
        if i % period == 1:
            e = dataclasses.replace(e, stance=STANCE_SWAP[e.stance])
        elif i % period == 2:
            e = dataclasses.replace(e, type="01")
        elif i % period == 3:
            continue
        events.append(e)
    return dataclasses.replace(doc, entities=entities, dates=dates, events=events)


def build_output_dir(docs: list[Document], out: Path) -> Path:
    """A folder shaped like a ``pipeline run`` output, made from predictions."""
    out.mkdir(parents=True, exist_ok=True)
    write_documents(docs, out / "documents.jsonl")
    for name, frame in to_dataframes(docs).items():
        frame.to_parquet(out / f"{name}.parquet")
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The default gold file is hand-written for these screenshots: the shared gold articles are
    # © their publishers and must not end up in the repository, not even as pictures.
    parser.add_argument("--gold", default=str(REPO / "docs" / "screenshots" / "demo_gold.jsonl"))
    parser.add_argument("--pred", help="predictions (gold format); default: run the pipeline")
    parser.add_argument("--perturbed", action="store_true", help="use perturbed gold as predictions")
    parser.add_argument("--baseline", help="baseline predictions; default: a stronger perturbation of gold")
    parser.add_argument("--output-dir", help="a `pipeline run` folder for the dataset report")
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--work", help="folder for the HTML pages and the built run folder (default: a temporary one)")
    parser.add_argument("--height", type=int, default=2000, help="screenshot height in pixels")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work or tempfile.mkdtemp(prefix="reports-"))
    work.mkdir(parents=True, exist_ok=True)
    gold = read_gold(args.gold)
    if args.pred:
        pred, pred_name = read_gold(args.pred), args.pred
    elif args.perturbed:
        pred, pred_name = [perturb(d, 5) for d in gold], "perturbed gold (demo)"
    else:
        pred, pred_name = predict_gold_texts(gold), "pipeline run"
    baseline = read_gold(args.baseline) if args.baseline else [perturb(d, 3) for d in gold]
    scores = evaluate_documents(gold, pred)
    comparison = compare_runs(gold, pred, baseline, run_scores=scores)
    sources = {"gold": Path(args.gold).name, "predictions": pred_name,
               "baseline": args.baseline or "perturbed gold (demo)"}
    eval_html = work / "eval_report.html"
    eval_html.write_text(eval_report_html(gold, pred, scores, comparison=comparison, sources=sources), encoding="utf-8")

    run_dir = Path(args.output_dir) if args.output_dir else build_output_dir(pred, work / "run")
    dataset_html = work / "dataset_report.html"
    dataset_html.write_text(dataset_report_html(run_dir, title=f"Dataset report: {run_dir.name}"), encoding="utf-8")

    for page in (eval_html, dataset_html):
        png = screenshot(page, out / page.with_suffix(".png").name, height=args.height)
        print(f"{page} → {png} ({png.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
