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
2. Running text (issue 13): the same expressions as copied news text writes them, per
   category: ``no ZWNJ`` deletes every ZWNJ (سه‌شنبه → سهشنبه), ``glued`` also joins the
   parts of number words and weekday names inside the expression (بیست و یکم → بیستویکم,
   سه شنبه → سهشنبه); then the gold documents (``../shared/gold/{seed,dev,train}.jsonl``,
   train also as its halves 1xx-3xx and 4xx-5xx), each text whole with its reference date,
   for every system (dateparser's values compared at the gold's precision).
3. Gold documents: the date stage alone on normalized, sentence-split documents;
   exact-span P/R/F1 and value accuracy.
4. Speed on one core: expressions/s on the dev sentences, documents/s and mentions/s on
   ``../shared/data/raw/farsnews/articles.jsonl`` (normalization and splitting excluded,
   timed beside it) and the NER stage on the same documents, with each stage's cost
   relative to the date stage; then the date stage on long texts of 12.5k, 25k and 50k
   characters: Fars News prose against pathological runs without a sentence break
   (number words, dates and digits), whose time must stay within about 3x of the prose.
The comparators are the ``compare`` extra (``pip install -e ".[compare]"``); a missing one is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.dates import DateExtractor, find_dates  # noqa: E402
from pipeline.evaluation.scoring import PRF, score_dates  # noqa: E402
from pipeline.records import Document  # noqa: E402
from pipeline.text.normalize import normalize  # noqa: E402
from pipeline.text.sentences import SentenceSplitter  # noqa: E402

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


# Joins that copied news text loses inside an expression: the spaces around و in a number
# (بیست و یکم) and inside a weekday name (سه شنبه).
_GLUED_JOINS = (re.compile(r" و "), re.compile(r"(?:(?<=یک)|(?<=دو)|(?<=سه)|(?<=پنج)|(?<=چهار)) (?=شنبه)"))
NOISE = ("as written", "no ZWNJ", "glued")


def add_noise(row: dict, noise: str) -> dict:
    """The row with its sentence as copied news text writes it; offsets follow the deletions."""
    sentence, start, end = row["sentence"], row["start"], row["end"]
    deleted = {i for i, ch in enumerate(sentence) if ch == "\u200c"} if noise != "as written" else set()
    if noise == "glued":
        span = sentence[start:end]
        for pattern in _GLUED_JOINS:
            for m in pattern.finditer(span):
                deleted.update(start + i for i in range(m.start(), m.end()) if span[i] == " ")
    kept = [i for i in range(len(sentence)) if i not in deleted]
    new_start = sum(1 for i in kept if i < start)
    new_end = sum(1 for i in kept if i < end)
    return {**row, "sentence": "".join(sentence[i] for i in kept), "start": new_start, "end": new_end}


def score_documents(system: System, docs: list[Document]) -> dict:
    """Exact-span P/R/F1 and value accuracy over all gold dates of whole documents."""
    prf = PRF()
    correct = 0
    for doc in docs:
        pred = {(s, e): v for s, e, v in system(doc.text, doc.reference_date)}
        gold = {(d.start, d.end): d.value for d in doc.dates}
        prf.add_sets(set(pred), set(gold))
        correct += sum(1 for span, value in gold.items() if span in pred and value_matches(value, pred[span]))
    total = prf.tp + prf.fn
    return {"p": prf.precision, "r": prf.recall, "f": prf.f1, "value_acc": correct / total if total else 0.0, "gold": total}


def read_gold(name: str) -> list[Document]:
    path = SHARED / "gold" / f"{name}.jsonl"
    return [Document.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def running_text_tables(rows: list[dict], systems: list[tuple[str, System | None]]) -> None:
    present = [(name, system) for name, system in systems if system is not None]
    categories = sorted({r["category"] for r in rows})
    print("\nRunning text: the expressions as copied news writes them (exact-span F1 / value accuracy over all gold)")
    print(f"{'category':<22}" + "".join(f"{name + ' ' + noise:>24}" for name, _ in present for noise in NOISE[1:]))
    for category in categories + ["all"]:
        chosen = [r for r in rows if category in ("all", r["category"])]
        cells = []
        for name, system in present:
            for noise in NOISE[1:]:
                s = score_expressions(system, [add_noise(r, noise) for r in chosen], value_matches)
                value = "  n/a" if name == "parstdex" else f"{s['value_acc']:5.2f}"
                cells.append(f"{s['f']:>17.2f} /{value}")
        print(f"{category:<22}" + "".join(cells))
    train = read_gold("train")
    gold_sets = [("seed", read_gold("seed")), ("dev", read_gold("dev")), ("train", train),
                 ("train 1xx-3xx", [d for d in train if str(d.id)[6] in "123"]),
                 ("train 4xx-5xx", [d for d in train if str(d.id)[6] in "45"])]
    print("\nRunning text: gold documents, whole texts (exact-span F1 / value accuracy over all gold)")
    print(f"{'file':<16}{'gold':>6}" + "".join(f"{name:>20}" for name, _ in present))
    for label, docs in gold_sets:
        cells = []
        for name, system in present:
            s = score_documents(system, docs)
            value = "  n/a" if name == "parstdex" else f"{s['value_acc']:5.3f}"
            cells.append(f"{s['f']:>12.3f} /{value}")
        print(f"{label:<16}{sum(len(d.dates) for d in docs):>6}" + "".join(cells))


def long_text_timings(extractor: DateExtractor, prose: str) -> None:
    """The date stage on long texts: time must grow with the length, not its square."""
    runs = {
        "prose": prose,
        "number words": "بیست و یک و سی و دو و ",
        "dates": "۱۲ دی ۱۴۰۲ سه شنبه بیست و یکم مهر ۱۳۹۹ ساعت ۱۰:۳۰ ",
        "digits": "۱۲ ۱۴۰۲ ۳:۴۵ ",
    }
    print("\nLong texts: the date stage (normalization and splitting excluded), seconds")
    sizes = (12_500, 25_000, 50_000)
    print(f"{'text':<16}" + "".join(f"{n:>10,}" for n in sizes) + f"{'x prose':>10}")
    prose_times = {}
    for name, unit in runs.items():
        times = []
        for n in sizes:
            text = (unit * (n // len(unit) + 1))[:n]
            doc = prepare(text, "2024-03-01", name)
            started = time.perf_counter()
            extractor(doc)
            times.append(time.perf_counter() - started)
        if name == "prose":
            prose_times = dict(zip(sizes, times))
        ratio = times[-1] / prose_times[sizes[-1]] if prose_times[sizes[-1]] else 0.0
        print(f"{name:<16}" + "".join(f"{t:10.3f}" for t in times) + f"{ratio:10.2f}")


def prepare(text: str, reference: str | None, doc_id: str | None) -> Document:
    doc = Document(id=doc_id, text=text, reference_date=reference, normalized=normalize(text))
    return SentenceSplitter()(doc)


def gold_table(extractor: DateExtractor) -> list[tuple[str, dict]]:
    rows = []
    for name in ("seed", "dev", "train"):
        gold = read_gold(name)
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
    result = {"docs": len(docs), "mentions": mentions, "dates_s": elapsed, "prep_s": prep, "ner_s": None,
              "texts": [a["text"] for a in articles]}
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

    running_text_tables(rows, systems)
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
    long_text_timings(extractor, "\n".join(sp["texts"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
