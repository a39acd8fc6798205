"""Training NER models on the shared corpora (:mod:`pipeline.ner.corpora`), through the
registered backend's trainer (``train``, see :mod:`pipeline.ner.backends`), and writing the
model card."""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Sequence

from pipeline.errors import ConfigError
from pipeline.ner.backends import TrainingSetup
from pipeline.ner.corpora import (
    CORPORA,
    RESEARCH_ONLY,
    collect,
    gold_texts,
    load_corpus,
    read_texts,
)
from pipeline.registry import ner_backends

__all__ = ["train_ner"]

logger = logging.getLogger(__name__)


def _write_card(out: Path, record: dict) -> None:
    """Write ``training.json`` (what was trained, how) and the model card ``README.md`` from it."""
    (out / "training.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    corpora = record["corpora"]
    research = sorted(set(corpora) & RESEARCH_ONLY)
    licence = (
        f"**RESEARCH USE ONLY**: trained on {', '.join(research)}, whose authors grant academic research use only; "
        "no commercial use, no redistribution of the data."
        if research
        else "**Licence-clean**: trained only on ParsTwiNER (MIT, (c) 2020 overfit.ir; keep its notice)."
    )
    data_rows = "\n".join(
        f"| {name} | {CORPORA[name].licence} | {record['train_sentences'][name]} | "
        + ", ".join(f"{k}→{v}" for k, v in CORPORA[name].tag_map.items())
        + " (all other tags → O) |"
        for name in corpora
    )
    vectors = record["word_vectors"] or []
    command = (
        f"pipeline train-ner --out models/{out.name} --backend {record['backend']} --corpora {','.join(corpora)}"
        f" --max-steps {record['max_steps']} --seed {record['seed']}"
        + (f" --size {record['size']}" if record["backend"] == "stanza" else "")
        + ("" if record["harmonized"] else " --no-harmonize")
        + "".join(f" --vectors-from {v}" for v in vectors)
    )
    if record["word_vectors"] is None:
        vector_note = "none (spaCy's hashed embeddings only)"
    else:
        vector_note = "word2vec (gensim, 100 dims) trained here on the corpora's training text" + (
            f" plus the raw articles of {', '.join(vectors)} (their text is not shipped; articles overlapping "
            "the gold documents were skipped)"
            if vectors
            else ""
        )
    text = f"""# NER model `{out.name}` ({record["backend"]})

PER/ORG/LOC tagger for Persian news, used by `pipeline.ner.EntityRecognizer`. {licence}
Select it by name: `pipeline.process(text, ner_backend="{record["backend"]}", ner_model="{out.name}")`,
or `pipeline run ... --ner-backend {record["backend"]} --ner-model {out.name}`.

## Data and label mapping
| corpus | licence | training sentences | tags mapped to PER/ORG/LOC |
|---|---|---|---|
{data_rows}

- Text: normalized with the project's normalizer (`pipeline.text.normalize`), exactly as input is at run time.
- Harmonized to the gold conventions (`GOLD_FORMAT.md`): {"yes" if record["harmonized"] else "no"}. Rules
  (`pipeline.ner.corpora.harmonize`, data in `pipeline/data/gazetteer.tsv`): title/government phrase + country
  keeps only the country as LOC; generic heads (`استان`, `خبرگزاری`) leave the span; demonyms are no entities.
- Model selection: the corpora's own dev splits (ARMAN: every 10th sentence of fold 3's training part).
- Word vectors: {vector_note}.
- The gold documents (`../shared/gold`) were not used for training or model selection.

## Training
`{command}`
(run from the repository root; reads `../shared/data/ner`): {record["train_seconds"] / 60:.1f} min on the
2-core CPU machine, one thread, shared with other jobs.

## Scores and speed
Measured by `python bench/bench_ner.py` (F1 %, exact spans; table below as last measured).
"""
    (out / "README.md").write_text(text, encoding="utf-8")


def train_ner(
    out: str | Path,
    *,
    backend: str = "spacy",
    corpora: Sequence[str] = ("parstwiner",),
    data_dir: str | Path | None = None,
    harmonized: bool = True,
    max_steps: int = 20000,
    seed: int = 1,
    width: int = 96,
    size: str = "default",
    limit: int | None = None,
    vectors_from: Sequence[str | Path] = (),
) -> Path:
    """Train a PER/ORG/LOC model on the shared corpora and write it, with its card, to ``out``.

    Args:
        out: the model directory to write (e.g. ``models/fa_news_ner``).
        backend: ``spacy`` (CNN, efficiency config) or ``stanza`` (BiLSTM-CRF, word2vec from gensim).
        corpora: names from :data:`CORPORA`; PEYMA and ARMAN make the model research-only.
        data_dir: the shared NER directory.
        harmonized: rewrite corpus spans to the gold conventions (:func:`harmonize`).
        max_steps: training steps.
        seed: random seed.
        width: spaCy tok2vec width.
        size: stanza only: a key of ``pipeline.ner.backends.stanza_training.STANZA_SIZES`` (``tiny`` for tests).
        limit: use at most this many training sentences of each corpus (tests).
        vectors_from: JSONL files of raw articles (a ``text`` field per line) whose text joins the
            corpora's training text for the static word vectors (gensim word2vec); articles that
            overlap the gold documents are left out. spaCy trains vectors only when this is given;
            stanza always does.

    Returns:
        Path: the model directory.

    Examples:
        >>> train_ner("/tmp/m", backend="keras")
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: unknown NER backend 'keras'; registered: spacy, stanza
    """
    trainer = getattr(ner_backends.get(backend), "train", None)
    if trainer is None:
        raise ConfigError(f"NER backend {backend!r} cannot train models")
    data = Path(data_dir) if data_dir else None
    parts = {name: load_corpus(name, "train", data_dir=data, harmonized=harmonized) for name in corpora}
    if limit is not None:
        rng = random.Random(seed)
        for name in corpora:
            rng.shuffle(parts[name])
            parts[name] = parts[name][:limit]
    counts = {name: len(part) for name, part in parts.items()}
    logger.info("training sentences: %s", counts)
    train = [sentence for part in parts.values() for sentence in part]
    dev = collect(corpora, "dev", data, harmonized)
    if limit is not None:
        dev = dev[: max(1, limit // 5)]
    out = Path(out)
    started = time.perf_counter()
    raw_texts = read_texts(vectors_from, exclude=gold_texts()) if vectors_from else ()
    setup = TrainingSetup(seed=seed, max_steps=max_steps, corpora=tuple(corpora), data_dir=data, raw_texts=raw_texts,
                          vectors_from=tuple(vectors_from), width=width, size=size)
    described = trainer(out, train, dev, setup)
    record = {
        "backend": backend,
        "corpora": list(corpora),
        "train_sentences": counts,
        "harmonized": harmonized,
        "word_vectors": described["word_vectors"],
        "max_steps": max_steps,
        "seed": seed,
        "size": described["size"],
        "train_seconds": round(time.perf_counter() - started),
        "research_only": bool(set(corpora) & RESEARCH_ONLY),
    }
    _write_card(out, record)
    return out
