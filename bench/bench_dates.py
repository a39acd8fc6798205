"""Date benchmark: the date-expression set, the gold documents and speed, one table each.

Usage::

    pip install -e ".[compare]"            # parstdex and dateparser, for the comparison
    python bench/bench_dates.py            # all three tables, NER timed beside the date stage
    python bench/bench_dates.py --no-ner   # skip timing the NER stage (about a minute and a half)

Tables:
1. ``../shared/data/dates/dev.jsonl`` (one expression per line, sentences with two are
   listed twice): exact-span P/R/F1, overlap recall, and value accuracy over *all* gold
   expressions (a missed span counts as wrong): ``value`` on exact spans, ``v-ovl`` on any
   overlapping predicted span; for our stage, parstdex (spans only, no values) and
   dateparser's ``search_dates`` (its day-level datetimes compared at the gold's precision).
2. Gold documents (``../shared/gold/{seed,dev}.jsonl``): the date stage alone on
   normalized, sentence-split documents; exact-span P/R/F1 and value accuracy.
3. Speed on one core: expressions/s on the dev sentences, documents/s and mentions/s on
   ``../shared/data/raw/farsnews/articles.jsonl`` (normalization and splitting excluded,
   timed beside it) and the NER stage on the same documents, with each stage's cost
   relative to the date stage.
The comparators are the ``compare`` extra (``pip install -e ".[compare]"``); a missing one is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.dates import DateExtractor, find_dates  # noqa: E402
from pipeline.evaluate import PRF, score_dates  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.records import Document  # noqa: E402
from pipeline.sentences import SentenceSplitter  # noqa: E402

SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))

# A system maps (sentence, reference date) to [(start, end, value or None)].
System = Callable[[str, str | None], list[tuple[int, int, str | None]]]


def ours() -> System:
    def run(sentence: str, reference: str | None) -> list[tuple[int, int, str | None]]:
        return [(m.start, m.end, m.value) for m in find_dates(sentence, reference)]

    return run


def parstdex_system() -> System | None:
    try:
        from parstdex import Parstdex
    except ImportError:
        return None
    model = Parstdex()

    def run(sentence: str, reference: str | None) -> list[tuple[int, int, str | None]]:
        spans = model.extract_span(sentence)
        return [(s, e, None) for s, e in spans.get("datetime", [])]

    return run


def dateparser_system() -> System | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None

    def run(sentence: str, reference: str | None) -> list[tuple[int, int, str | None]]:
        settings = {"RELATIVE_BASE": dt.datetime.fromisoformat(reference)} if reference else {}
        found = search_dates(sentence, languages=["fa"], settings=settings) or []
        out, cursor = [], 0
        for substring, when in found:
            at = sentence.find(substring, cursor)
            if at < 0:
                continue
            cursor = at + len(substring)
            out.append((at, cursor, when.date().isoformat()))
        return out

    return run


def value_matches(gold: str | None, pred: str | None) -> bool:
    """Exact value, or (for dateparser's day-level datetimes) the same date at the gold's precision."""
    if gold is None or pred is None:
        return gold == pred
    return pred == gold or ("/" not in gold and "W" not in gold and "X" not in gold and pred.startswith(gold) and len(gold) < len(pred) and pred[len(gold)] == "-")


def score_expressions(system: System, rows: list[dict], compare_values: Callable[[str | None, str | None], bool]) -> dict:
    by_sentence: dict[str, list[dict]] = {}
    for row in rows:
        by_sentence.setdefault(row["sentence"], []).append(row)
    prf = PRF()
    overlap_hits = correct = overlap_correct = 0
    system(rows[0]["sentence"], rows[0]["reference_date"])  # warm-up: models and lexicons load once
    started = time.perf_counter()
    predictions = {s: system(s, g[0]["reference_date"]) for s, g in by_sentence.items()}
    elapsed = time.perf_counter() - started
    for sentence, gold_rows in by_sentence.items():
        pred = predictions[sentence]
        pred_spans = {(s, e): v for s, e, v in pred}
        prf.add_sets(set(pred_spans), {(g["start"], g["end"]) for g in gold_rows})
        for g in gold_rows:
            overlapping = [v for s, e, v in pred if s < g["end"] and g["start"] < e]
            overlap_hits += bool(overlapping)
            overlap_correct += any(compare_values(g["value"], v) for v in overlapping)
            key = (g["start"], g["end"])
            if key in pred_spans and compare_values(g["value"], pred_spans[key]):
                correct += 1
    return {
        "p": prf.precision, "r": prf.recall, "f": prf.f1,
        "overlap_r": overlap_hits / len(rows), "value_acc": correct / len(rows),
        "overlap_value_acc": overlap_correct / len(rows),
        "expr_s": len(rows) / elapsed if elapsed else 0.0,
    }


def prepare(text: str, reference: str | None, doc_id: str | None) -> Document:
    doc = Document(id=doc_id, text=text, reference_date=reference, normalized=normalize(text))
    return SentenceSplitter()(doc)


def gold_table(extractor: DateExtractor) -> list[tuple[str, dict]]:
    rows = []
    for name in ("seed", "dev"):
        path = SHARED / "gold" / f"{name}.jsonl"
        gold = [Document.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
        pred = [extractor(prepare(g.text, g.reference_date, g.id)) for g in gold]
        rows.append((name, score_dates(gold, pred)))
    return rows


def speed(extractor: DateExtractor, with_ner: bool) -> dict:
    path = SHARED / "data" / "raw" / "farsnews" / "articles.jsonl"
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    docs = [prepare(a["text"], a.get("reference_date"), a["id"]) for a in articles]
    prep = time.perf_counter() - started
    started = time.perf_counter()
    mentions = sum(len(extractor(doc).dates) for doc in docs)
    elapsed = time.perf_counter() - started
    result = {"docs": len(docs), "mentions": mentions, "dates_s": elapsed, "prep_s": prep, "ner_s": None}
    if with_ner:
        import torch

        from pipeline.ner import EntityRecognizer

        torch.set_num_threads(1)
        recognizer = EntityRecognizer()
        recognizer(prepare(articles[0]["text"], None, "warm-up"))  # the model loads on first use
        started = time.perf_counter()
        for doc in docs:
            recognizer(doc)
        result["ner_s"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ner", action="store_true", help="do not time the NER stage on the Fars News articles")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    rows = [json.loads(line) for line in (SHARED / "data" / "dates" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    systems = [("ours", ours()), ("parstdex", parstdex_system()), ("dateparser", dateparser_system())]
    print(f"Date expressions: {SHARED / 'data/dates/dev.jsonl'} ({len(rows)} expressions)")
    print(f"{'system':<12}{'P':>7}{'R':>7}{'F1':>7}{'ovl-R':>7}{'value':>7}{'v-ovl':>7}{'expr/s':>10}{'x ours':>8}")
    ours_speed = None
    for name, system in systems:
        if system is None:
            print(f"{name:<12}  (not installed: pip install -e \".[compare]\")")
            continue
        s = score_expressions(system, rows, value_matches)
        ours_speed = ours_speed or s["expr_s"]
        value = "    n/a    n/a" if name == "parstdex" else f"{s['value_acc']:7.3f}{s['overlap_value_acc']:7.3f}"
        print(
            f"{name:<12}{s['p']:7.3f}{s['r']:7.3f}{s['f']:7.3f}{s['overlap_r']:7.3f}{value:>14}"
            f"{s['expr_s']:10.0f}{s['expr_s'] / ours_speed:8.2f}"
        )

    extractor = DateExtractor()
    print("\nGold documents (date stage alone; value = accuracy on matched spans / over all gold)")
    print(f"{'file':<12}{'P':>7}{'R':>7}{'F1':>7}{'value':>7}{'v-all':>7}{'gold':>6}")
    for name, s in gold_table(extractor):
        print(f"{name:<12}{s['p']:7.3f}{s['r']:7.3f}{s['f']:7.3f}{s['value_acc']:7.3f}{s['value_acc_all']:7.3f}{s['tp'] + s['fn']:6d}")

    sp = speed(extractor, not args.no_ner)
    print(f"\nSpeed on Fars News ({sp['docs']} articles, one core)")
    print(f"{'stage':<22}{'s':>8}{'docs/s':>9}{'ms/doc':>8}{'mentions/s':>12}{'x dates':>9}")
    lines = [("dates", sp["dates_s"]), ("normalize+sentences", sp["prep_s"])]
    if sp["ner_s"] is not None:
        lines.append(("ner", sp["ner_s"]))
    for name, seconds in lines:
        mentions = f"{sp['mentions'] / seconds:12.0f}" if name == "dates" else f"{'':>12}"
        print(
            f"{name:<22}{seconds:8.2f}{sp['docs'] / seconds:9.1f}{1000 * seconds / sp['docs']:8.2f}"
            f"{mentions}{seconds / sp['dates_s']:9.2f}"
        )
    print(f"({sp['mentions']} date mentions found; the articles carry no reference date, so relative ones get no value)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
