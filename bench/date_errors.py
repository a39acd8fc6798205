"""List gold against predicted date spans per document (the date stage alone), for error analysis.

Usage::

    python bench/date_errors.py ../shared/gold/train.jsonl [--ids train-1 train-2 train-3]

Each document prints its missed gold spans (``-``), spurious predictions (``+``) and matched
spans whose value differs (``~``), then the exact-span F1 and value accuracy over all gold
of the documents listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.dates import DateExtractor  # noqa: E402
from pipeline.evaluation.scoring import score_dates  # noqa: E402
from pipeline.records import Document  # noqa: E402
from pipeline.text.normalize import normalize  # noqa: E402
from pipeline.text.sentences import SentenceSplitter  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--ids", nargs="*", default=[], help="id prefixes to keep (train-1 keeps train-1xx)")
    parser.add_argument("--quiet", action="store_true", help="print the totals only")
    args = parser.parse_args(argv)
    lines = args.gold.read_text(encoding="utf-8").splitlines()
    gold = [Document.from_dict(json.loads(line)) for line in lines if line.strip()]
    gold = [g for g in gold if not args.ids or any(str(g.id).startswith(p) for p in args.ids)]
    extractor, splitter = DateExtractor(), SentenceSplitter()
    pred = []
    for g in gold:
        doc = Document(id=g.id, text=g.text, reference_date=g.reference_date, normalized=normalize(g.text))
        pred.append(extractor(splitter(doc)))
    for g, p in zip(gold, pred):
        gold_spans = {(d.start, d.end): d.value for d in g.dates}
        pred_spans = {(d.start, d.end): d.value for d in p.dates}
        rows = []
        for span in sorted(gold_spans.keys() | pred_spans.keys()):
            text = g.text[span[0]:span[1]]
            if span not in pred_spans:
                rows.append(f"  - {text!r} {gold_spans[span]}")
            elif span not in gold_spans:
                rows.append(f"  + {text!r} {pred_spans[span]}")
            elif gold_spans[span] != pred_spans[span]:
                rows.append(f"  ~ {text!r} gold {gold_spans[span]} pred {pred_spans[span]}")
        if rows and not args.quiet:
            print(f"{g.id} (reference {g.reference_date})")
            print("\n".join(rows))
    s = score_dates(gold, pred)
    print(f"documents {len(gold)}  span F1 {s['f']:.3f}  value acc (all gold) {s['value_acc_all']:.3f}"
          f"  tp {s['tp']} fp {s['fp']} fn {s['fn']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
