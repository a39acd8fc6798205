"""NER benchmark: gold documents, corpus test sets, speed and size, one table per run.

Usage::

    python bench/bench_ner.py     # every model under models/, then the default's ablations
    python bench/bench_ner.py --models spacy:fa_news_ner stanza:/tmp/stanza_model/no-gazetteer

Columns (F1 in %, exact (start, end, label) spans, PER/ORG/LOC):
seed / dev = the gold documents (``../shared/gold``; ORG F1 beside each), ptw = ParsTwiNER test
in its own conventions (POG as ORG), ptw-h = the same harmonized to ours,
peyma = PEYMA test in its own conventions, peyma-h = PEYMA test harmonized to ours,
arman3 = ARMAN fold-3 test (harmonized), tok/s = NER stage on one core over Fars News text
(normalization excluded), MB = model directory size, licence = clean (ParsTwiNER, MIT) or
research (trained on PEYMA/ARMAN). Rows ``-gazetteer`` / ``-actors``: the default model without the
gazetteer layer, and with it but without the actor dictionary's names.
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

from pipeline.evaluation.scoring import PRF, score_entities  # noqa: E402
from pipeline.ner import DEFAULT_BACKEND, DEFAULT_MODELS, MODELS_DIR, EntityRecognizer  # noqa: E402
from pipeline.ner.corpora import entity_char_spans, load_corpus  # noqa: E402
from pipeline.records import Document  # noqa: E402
from pipeline.text.normalize import normalize  # noqa: E402

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
    parser.add_argument("--skip", default="", help="comma-separated columns to skip: corpora,speed")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    specs = args.models or default_specs()
    skip = set(args.skip.split(","))
    header = (
        f"{'model':<34} {'backend':<7} {'licence':<8} {'seed':>5} {'ORG':>5} {'dev':>5} {'ORG':>5} {'ptw':>5} "
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
            f"{dev * 100:5.1f} {dev_org * 100:5.1f} {ptw * 100:5.1f} {ptw_h * 100:5.1f} {peyma * 100:5.1f} "
            f"{peyma_h * 100:7.1f} {arman * 100:6.1f} {tps:7.0f} {size_mb(recognizer.path):5.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
