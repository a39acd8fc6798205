"""Write both HTML reports with the CLI and take their screenshots in headless Chromium.

Usage (from the repository root; the defaults make the committed docs/screenshots/*.png)::

    python scripts/screenshot_reports.py [--gold docs/screenshots/demo_gold.jsonl] [--pred PRED.jsonl]
        [--baseline perturbed|none|PRED.jsonl] [--output-dir RUN_DIR] [--out docs/screenshots]

The evaluation page is what ``pipeline eval GOLD --report PAGE`` writes: predictions from
``--pred`` or from a fresh pipeline run on the gold texts, compared with ``--baseline``
(``perturbed``, the default: the gold file with deterministic errors put in, so that the page
shows both improved and regressed items; ``none``: no comparison). The dataset page is what
``pipeline report RUN_DIR --out PAGE`` writes, for ``--output-dir`` or for a fresh
``pipeline run raw/`` (the repository's sample articles).

Writes ``eval_report.png`` and ``dataset_report.png`` to ``--out``; the HTML pages and the run
folder stay in ``--work``. The shared gold articles are © their publishers: point ``--out``
outside the repository when ``--gold`` is one of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

from pipeline.cli import main as pipeline_cli
from pipeline.evaluation.browser import screenshot
from pipeline.io.gold import read_gold, write_documents
from pipeline.records import Document

REPO = Path(__file__).resolve().parent.parent
SIZE_LIMIT = 300_000  # bytes: the committed screenshots stay small
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


def _cli(*args: str) -> None:
    if pipeline_cli(list(args)) != 0:
        raise SystemExit(f"`pipeline {' '.join(args)}` failed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The default gold file is hand-written for these screenshots: the shared gold articles are
    # © their publishers and must not end up in the repository, not even as pictures.
    parser.add_argument("--gold", default=str(REPO / "docs" / "screenshots" / "demo_gold.jsonl"))
    parser.add_argument("--pred", help="predictions (gold format); default: run the pipeline on the gold texts")
    parser.add_argument("--baseline", default="perturbed", help="perturbed (default), none, or a predictions file")
    parser.add_argument("--output-dir", help="a `pipeline run` folder for the dataset report; default: run raw/")
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--work", help="folder for the HTML pages and the run folder (default: a temporary one)")
    parser.add_argument("--width", type=int, default=1400, help="window width in pixels")
    parser.add_argument("--height", type=int, default=2000, help="window (and screenshot) height in pixels")
    args = parser.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work or tempfile.mkdtemp(prefix="reports-"))
    work.mkdir(parents=True, exist_ok=True)

    eval_args = ["eval", args.gold, "--report", str(work / "eval_report.html")]
    if args.pred:
        eval_args += ["--pred", args.pred]
    if args.baseline == "perturbed":
        baseline = work / "baseline_perturbed_gold.jsonl"
        write_documents([perturb(d, 3) for d in read_gold(args.gold)], baseline)
        eval_args += ["--baseline", str(baseline)]
    elif args.baseline != "none":
        eval_args += ["--baseline", args.baseline]
    _cli(*eval_args)

    if args.output_dir:
        run_dir, title = Path(args.output_dir), f"Dataset report: {Path(args.output_dir).name}"
    else:
        run_dir, title = work / "run", "Dataset report: the sample articles of raw/"
        _cli("run", str(REPO / "raw"), "--out", str(run_dir), "--reference-date", "2024-03-01", "--overwrite", "--quiet")
    _cli("report", str(run_dir), "--out", str(work / "dataset_report.html"), "--title", title)

    for name in ("eval_report", "dataset_report"):
        png = screenshot(work / f"{name}.html", out / f"{name}.png", width=args.width, height=args.height)
        size = png.stat().st_size
        print(f"{work / name}.html → {png} ({size // 1000} KB)", file=sys.stderr)
        if size > SIZE_LIMIT:
            print(f"warning: {png.name} is over {SIZE_LIMIT // 1000} KB; lower --height before committing it",
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
