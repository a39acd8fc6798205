"""Dependency parser: accuracy on PerDT test and speed on news text, beside stanza's figures.

Prints one table: UPOS, UAS, LAS (CoNLL 2018: universal relation, punctuation included) and LAS with
full labels on PerDT test with gold tokenization (words normalized as the pipeline feeds them, see
``scripts/train_parser.py``), words/s of ``DependencyParser.parse`` on one core on Fars News
sentences (``pipeline.text.normalize`` → ``pipeline.text.sentences.split_sentences`` →
``pipeline.events.actors.tokenize``; best of the timed runs), and the model's size on disk.
The stanza row is not re-run: its figures are those measured in
``../shared/notes/stanza-depparse-offline.md`` (Pipeline A, predicted POS, identity lemma).

Usage::

    OMP_NUM_THREADS=1 python bench/bench_parser.py [--model models/fa_ud_parser] [--sentences 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.events.actors import tokenize  # noqa: E402
from pipeline.text.normalize import normalize  # noqa: E402
from pipeline.text.parsing import (  # noqa: E402
    DependencyParser,
    attachment_scores,
    normalized,
    read_conllu,
)
from pipeline.text.sentences import split_sentences  # noqa: E402

SHARED = Path(os.environ.get("PIPELINE_SHARED_DIR", REPO.parent / "shared"))
# Measured in ../shared/notes/stanza-depparse-offline.md (§6, §7): PerDT test, predicted POS,
# Pipeline with identity lemma; 1 torch thread, 200 Fars sentences; model 22.1 MB parser +
# 11.3 MB tagger + 7.8 MB pretrain. LAS with full labels was not reported there.
STANZA_NOTE = {"upos": 90.2, "uas": 78.3, "las": 71.1, "las_full": None, "words_per_s": 1524, "size_mb": 41.2}


def fars_sentences(limit: int) -> list[list[str]]:
    """The first ``limit`` sentences (3–120 tokens) of the Fars News sample, as the pipeline tokenizes them."""
    sentences = []
    with (SHARED / "data/raw/farsnews/articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            text = normalize(json.loads(line)["text"]).text
            for start, end in split_sentences(text):
                words = [t.text for t in tokenize(text[start:end])]
                if 3 <= len(words) <= 120:
                    sentences.append(words)
                    if len(sentences) == limit:
                        return sentences
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass

    model = DependencyParser(args.model)
    test = [normalized(s) for s in read_conllu(SHARED / "data/ud/perdt/fa_perdt-ud-test.conllu")]
    scores = attachment_scores([s.words for s in test], model.parse([[w.text for w in s.words] for s in test]))

    news = fars_sentences(args.sentences)
    words = sum(len(s) for s in news)
    model.parse(news[:100])  # warm-up
    seconds = []
    for _ in range(args.runs):
        started = time.perf_counter()
        model.parse(news)
        seconds.append(time.perf_counter() - started)
    size = sum(f.stat().st_size for f in model.path.rglob("*") if f.is_file()) / 1e6

    ours = {**scores, "words_per_s": words / min(seconds), "size_mb": size}
    header = f"{'parser':<40} {'UPOS':>5} {'UAS':>5} {'LAS':>5} {'LASfull':>7} {'words/s':>8} {'MB':>5}"
    print(f"PerDT test: {scores['words']} words, gold tokenization; speed: {len(news)} Fars sentences, {words} words, "
          f"one core, best of {args.runs} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(header)
    print("-" * len(header))

    def row(name: str, r: dict) -> str:
        full = f"{r['las_full']:7.1f}" if r["las_full"] is not None else f"{'–':>7}"
        return (f"{name:<40} {r['upos']:5.1f} {r['uas']:5.1f} {r['las']:5.1f} {full} "
                f"{r['words_per_s']:8.0f} {r['size_mb']:5.1f}")

    print(row(f"spaCy CNN {model.path.name}", ours))
    print(row("stanza 1.15 (note, not re-run)", STANZA_NOTE))


if __name__ == "__main__":
    main()
