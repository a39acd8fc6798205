"""NER benchmark: gold documents, corpus test sets, speed and size, one table per run.

Usage::

    python bench/bench_ner.py                      # every model under models/
    python bench/bench_ner.py --models fa_news_ner stanza:/tmp/stanza_model --no-gazetteer

Columns (F1 in %, exact (start, end, label) spans, PER/ORG/LOC):
seed / dev = the gold documents (``../shared/gold``; ORG F1 beside each), ptw = ParsTwiNER test,
peyma = PEYMA test in its own conventions, peyma-h = PEYMA test harmonized to ours,
arman3 = ARMAN fold-3 test (harmonized), tok/s = NER stage on one core over Fars News text
(normalization excluded), MB = model directory size.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.evaluate import PRF, score_entities  # noqa: E402
from pipeline.ner import MODELS_DIR, EntityRecognizer  # noqa: E402
from pipeline.ner_training import entity_char_spans, load_corpus  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.records import Document  # noqa: E402

SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))


def gold_scores(recognizer: EntityRecognizer, path: Path) -> tuple[float, float]:
    """Overall and ORG F1 on a gold file."""
    gold = [Document.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    pred = []
    for g in gold:
        doc = Document(id=g.id, text=g.text)
        doc.normalized = normalize(g.text)
        pred.append(recognizer(doc))
    scores = score_entities(gold, pred)
    return scores["f"], scores["per_label"]["ORG"]["f"]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", help="[backend:]name-or-path (default: every dir under models/)")
    parser.add_argument("--no-gazetteer", action="store_true", help="model output only")
    parser.add_argument("--no-actors", action="store_true", help="gazetteer without the actor dictionary's names")
    parser.add_argument("--docs", type=int, default=300, help="Fars News articles for the speed column")
    parser.add_argument("--skip", default="", help="comma-separated columns to skip: corpora,speed")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    specs = args.models or sorted(
        ("stanza:" if (p / "ner.pt").exists() else "spacy:") + p.name for p in MODELS_DIR.iterdir() if p.is_dir()
    )
    skip = set(args.skip.split(","))
    header = f"{'model':<28} {'backend':<7} {'seed':>5} {'ORG':>5} {'dev':>5} {'ORG':>5} {'ptw':>5} {'peyma':>5} {'peyma-h':>7} {'arman3':>6} {'tok/s':>7} {'MB':>5}"
    print(header)
    print("-" * len(header))
    for spec in specs:
        backend, model = parse_model(spec)
        recognizer = EntityRecognizer(backend=backend, model=model, gazetteer=not args.no_gazetteer, actors=not args.no_actors)
        seed, seed_org = gold_scores(recognizer, SHARED / "gold" / "seed.jsonl")
        dev, dev_org = gold_scores(recognizer, SHARED / "gold" / "dev.jsonl")
        if "corpora" in skip:
            ptw = peyma = peyma_h = arman = float("nan")
        else:
            ptw = corpus_f1(recognizer, "parstwiner")
            peyma = corpus_f1(recognizer, "peyma", harmonized=False)
            peyma_h = corpus_f1(recognizer, "peyma")
            arman = corpus_f1(recognizer, "arman")
        tps = float("nan") if "speed" in skip else speed(recognizer, args.docs)
        print(
            f"{Path(model).name:<28} {backend:<7} {seed * 100:5.1f} {seed_org * 100:5.1f} {dev * 100:5.1f} "
            f"{dev_org * 100:5.1f} {ptw * 100:5.1f} {peyma * 100:5.1f} {peyma_h * 100:7.1f} {arman * 100:6.1f} "
            f"{tps:7.0f} {size_mb(recognizer.path):5.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
