"""NER benchmark: gold documents, corpus test sets, speed and size, one table per run.

Usage::

    python bench/bench_ner.py     # every model under models/, then the default's ablations
    python bench/bench_ner.py --models spacy:fa_news_ner stanza:/tmp/stanza_model/no-gazetteer
    python bench/bench_ner.py --models stanza:fa_news_ner_stanza --skip corpora,speed   # gold only

Columns (F1 in %, exact (start, end, label) spans, PER/ORG/LOC):
seed / dev = the gold documents (``../shared/gold``; ORG F1 beside each), train = the 60 articles of
``train.jsonl`` from other outlets (ORG F1 beside it): a held-out figure for a model whose
``training.json`` does not list the gold train file; a model trained on it must be scored by 5-fold
cross-validation by document instead, and the column shows ``seen``. ptw = ParsTwiNER test
in its own conventions (POG as ORG), ptw-h = the same harmonized to ours,
peyma = PEYMA test in its own conventions, peyma-h = PEYMA test harmonized to ours,
arman3 = ARMAN fold-3 test (harmonized), tok/s = NER stage on one core over Fars News text
(normalization excluded), MB = model directory size, licence = clean (ParsTwiNER, MIT) or
research (trained on PEYMA/ARMAN). Rows ``-gazetteer`` / ``-actors``: the default model without the
gazetteer layer, and with it but without the actor dictionary's names.

Under the table, for the first model: ``train.jsonl`` by outlet group (Iranian agencies, diaspora and
foreign services, Afghan/Dari; the publishers of ``TRAIN_SOURCES.md``) and by id half (1xx-3xx, the
development half; 4xx-5xx, kept aside), and the errors of the classes of issue 14, counted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.evaluation.scoring import PRF, score_entities  # noqa: E402
from pipeline.lexicons.gazetteer import load_gazetteer  # noqa: E402
from pipeline.ner import DEFAULT_BACKEND, DEFAULT_MODELS, MODELS_DIR, EntityRecognizer  # noqa: E402
from pipeline.ner.corpora import entity_char_spans, load_corpus  # noqa: E402
from pipeline.records import Document  # noqa: E402
from pipeline.text.normalize import fold, normalize  # noqa: E402

SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))


def read_gold(path: Path) -> list[Document]:
    return [Document.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def recognize(recognizer: EntityRecognizer, gold: list[Document]) -> list[Document]:
    """The recognizer's entities for the texts of gold documents."""
    pred = []
    for g in gold:
        doc = Document(id=g.id, text=g.text)
        doc.normalized = normalize(g.text)
        pred.append(recognizer(doc))
    return pred


def gold_scores(recognizer: EntityRecognizer, path: Path) -> tuple[float, float]:
    """Overall and ORG F1 on a gold file."""
    gold = read_gold(path)
    scores = score_entities(gold, recognize(recognizer, gold))
    return scores["f"], scores["per_label"]["ORG"]["f"]


# Outlet groups of TRAIN_SOURCES.md's publishers: Afghan and Dari services first (BBC's Dari desk
# too), then the diaspora and foreign services in Persian; every other publisher is an Iranian agency or site.
_AFGHAN = re.compile(r"Dari|Afghan")
_DIASPORA = re.compile(r"^(VOA|Radio Farda|BBC|DW|Radio Zamaneh|Sputnik|SANA|Kurdistan24|ANF)")


def outlet_groups(path: Path) -> dict[str, str]:
    """Document id -> ``iranian`` / ``diaspora`` / ``afghan`` from the publisher column of TRAIN_SOURCES.md."""
    groups = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 4 and cells[1].startswith("train-"):
            publisher = cells[3]
            groups[cells[1]] = "afghan" if _AFGHAN.search(publisher) else "diaspora" if _DIASPORA.search(publisher) else "iranian"
    return groups


def error_classes(gold: list[Document], pred: list[Document]) -> Counter:
    """Errors of the classes of issue 14, counted over documents (a span may count in two classes).

    places: a gold LOC missed or mislabeled; consistency: a gold name missed at one mention and found
    at another of the same document; outlets: a gold ORG of outlets.tsv missed or mislabeled;
    adjectives/titles: a predicted span that is a lone generic word, adjective or nationality adjective,
    or that holds a gold entity with more words around it; latin/quoted/al-: a gold name in Latin
    script, inside quotes or beginning with the Arabic article «ال», missed or mislabeled.
    """
    entries = load_gazetteer()
    outlets = {k for k, v in entries.names.items() if v == "ORG"} | entries.attributed
    not_names = entries.common | entries.adjectives | entries.deictic
    from pipeline.lexicons.gazetteer import harmonization_rules

    rules = harmonization_rules()
    counts: Counter = Counter()
    for g, p in zip(gold, pred):
        gold_spans = {(e.start, e.end, e.label): e.text for e in g.entities}
        pred_spans = {(e.start, e.end, e.label): e.text for e in p.entities}
        found_names = {fold(text) for key, text in gold_spans.items() if key in pred_spans}
        for (start, end, label), text in gold_spans.items():
            if (start, end, label) in pred_spans:
                continue
            key = fold(text)
            counts["places"] += label == "LOC"
            counts["consistency"] += key in found_names
            counts["outlets"] += label == "ORG" and key in outlets
            quoted = g.text[start - 1 : start] in "«\"“" and start > 0
            counts["latin/quoted/al-"] += bool(re.search("[A-Za-z]", text)) or quoted or key.startswith("ال")
        for (start, end, label), text in pred_spans.items():
            if (start, end, label) in gold_spans:
                continue
            key = fold(text)
            lone = " " not in key and (key in not_names or rules.is_demonym(key))
            wider = any(s >= start and e <= end and (s, e) != (start, end) for s, e, _ in gold_spans)
            counts["adjectives/titles"] += lone or wider
    return counts


def train_breakdown(recognizer: EntityRecognizer) -> None:
    """Print train.jsonl by outlet group and half, and the error classes of issue 14."""
    gold = read_gold(SHARED / "gold" / "train.jsonl")
    pred = recognize(recognizer, gold)
    groups = outlet_groups(SHARED / "gold" / "TRAIN_SOURCES.md")
    parts = {
        "1xx-3xx": lambda d: d.id < "train-4",
        "4xx-5xx": lambda d: d.id >= "train-4",
        **{group: (lambda d, group=group: groups.get(d.id) == group) for group in ("iranian", "diaspora", "afghan")},
    }
    print(f"\ntrain.jsonl by part, {Path(str(recognizer.path)).name} (F1 in %)")
    print(f"{'part':<9} {'docs':>4} {'F1':>5} {'P':>5} {'R':>5} {'LOC':>5} {'ORG':>5} {'PER':>5}")
    for name, keep in parts.items():
        pairs = [(g, p) for g, p in zip(gold, pred) if keep(g)]
        scores = score_entities([g for g, _ in pairs], [p for _, p in pairs])
        per = scores["per_label"]
        print(
            f"{name:<9} {len(pairs):>4} {scores['f'] * 100:5.1f} {scores['p'] * 100:5.1f} {scores['r'] * 100:5.1f} "
            f"{per['LOC']['f'] * 100:5.1f} {per['ORG']['f'] * 100:5.1f} {per['PER']['f'] * 100:5.1f}"
        )
    counts = error_classes(gold, pred)
    print("error classes (issue 14), train.jsonl: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def corpus_f1(recognizer: EntityRecognizer, corpus: str, harmonized: bool = True) -> float:
    """Exact-span F1 on a corpus test split, on the normalized sentence text."""
    prf = PRF()
    for sentence in load_corpus(corpus, "test", harmonized=harmonized):
        text, gold = entity_char_spans(sentence)
        pred = {(s, e, label) for s, e, label, _ in recognizer.find(text)}
        prf.add_sets(pred, set(gold))
    return prf.f1


def speed(recognizer: EntityRecognizer, n_docs: int) -> float:
    """Tokens (whitespace-separated) per second of the NER stage on Fars News articles."""
    path = SHARED / "data" / "raw" / "farsnews" / "articles.jsonl"
    texts = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n_docs:
                break
    normalized = [normalize(t).text for t in texts]
    tokens = sum(len(t.split()) for t in normalized)
    started = time.perf_counter()
    for text in normalized:
        recognizer.find(text)
    return tokens / (time.perf_counter() - started)


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def parse_model(spec: str) -> tuple[str, str]:
    backend, _, model = spec.rpartition(":")
    return (backend or "spacy"), model


def saw_train(path: Path) -> bool:
    """Whether the model's training record lists the gold train file among its corpora."""
    record = (path if path.is_dir() else path.parent) / "training.json"
    return record.exists() and any("train.jsonl" in c for c in json.loads(record.read_text(encoding="utf-8"))["corpora"])


def licence(path: Path) -> str:
    """``clean`` or ``research`` from the model's training record (``?`` when it has none)."""
    record = (path if path.is_dir() else path.parent) / "training.json"
    if not record.exists():
        return "?"
    return "research" if json.loads(record.read_text(encoding="utf-8"))["research_only"] else "clean"


def default_specs() -> list[str]:
    """Every model under ``models/``, the default first, then its ablations (gazetteer off, no actor names)."""
    specs = []
    for path in sorted(MODELS_DIR.iterdir()):
        if path.is_dir():
            specs.append(("stanza:" if (path / "ner.pt").exists() else "spacy:") + path.name)
    default = f"{DEFAULT_BACKEND}:{DEFAULT_MODELS[DEFAULT_BACKEND]}"
    specs.sort(key=lambda spec: spec != default)
    return specs + [default + "/no-gazetteer", default + "/no-actors"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models",
        nargs="*",
        help="[backend:]name-or-path[/no-gazetteer|/no-actors] (default: every model under models/, "
        "then the default model without the gazetteer and without the actor names)",
    )
    parser.add_argument("--docs", type=int, default=300, help="Fars News articles for the speed column")
    parser.add_argument("--skip", default="", help="comma-separated columns to skip: corpora,speed,breakdown")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    specs = args.models or default_specs()
    skip = set(args.skip.split(","))
    header = (
        f"{'model':<34} {'backend':<7} {'licence':<8} {'seed':>5} {'ORG':>5} {'dev':>5} {'ORG':>5} {'train':>5} "
        f"{'ORG':>5} {'ptw':>5} "
        f"{'ptw-h':>5} {'peyma':>5} {'peyma-h':>7} {'arman3':>6} {'tok/s':>7} {'MB':>5}"
    )
    print(header)
    print("-" * len(header))
    nan = float("nan")
    for spec in specs:
        backend, model = parse_model(spec)
        model, _, variant = model.partition("/no-")
        recognizer = EntityRecognizer(
            backend=backend, model=model, gazetteer=variant != "gazetteer", actors=variant != "actors"
        )
        seed, seed_org = gold_scores(recognizer, SHARED / "gold" / "seed.jsonl")
        dev, dev_org = gold_scores(recognizer, SHARED / "gold" / "dev.jsonl")
        seen = saw_train(recognizer.path)
        train, train_org = (nan, nan) if seen else gold_scores(recognizer, SHARED / "gold" / "train.jsonl")
        if "corpora" in skip:
            ptw = ptw_h = peyma = peyma_h = arman = nan
        else:
            ptw = corpus_f1(recognizer, "parstwiner", harmonized=False)
            ptw_h = corpus_f1(recognizer, "parstwiner")
            peyma = corpus_f1(recognizer, "peyma", harmonized=False)
            peyma_h = corpus_f1(recognizer, "peyma")
            arman = corpus_f1(recognizer, "arman")
        tps = nan if "speed" in skip else speed(recognizer, args.docs)
        name = Path(model).name + (f" -{variant}" if variant else "")
        print(
            f"{name:<34} {backend:<7} {licence(recognizer.path):<8} {seed * 100:5.1f} {seed_org * 100:5.1f} "
            f"{dev * 100:5.1f} {dev_org * 100:5.1f} "
            + ("  seen  seen " if seen else f"{train * 100:5.1f} {train_org * 100:5.1f} ")
            + f"{ptw * 100:5.1f} {ptw_h * 100:5.1f} {peyma * 100:5.1f} "
            f"{peyma_h * 100:7.1f} {arman * 100:6.1f} {tps:7.0f} {size_mb(recognizer.path):5.1f}",
            flush=True,
        )
        if spec == specs[0] and "breakdown" not in skip:
            first = recognizer
    if "breakdown" not in skip:
        train_breakdown(first)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
