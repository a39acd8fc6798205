"""``pipeline train-ner --out DIR [--backend spacy|stanza] [--corpora ...]``: train an NER model."""

from __future__ import annotations

import argparse

from pipeline.ner import DEFAULT_BACKEND
from pipeline.ner.backends.stanza_training import STANZA_SIZES
from pipeline.ner.corpora import CORPORA
from pipeline.ner.training import train_ner
from pipeline.registry import ner_backends


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``train-ner`` subcommand."""
    parser = subparsers.add_parser(
        "train-ner",
        help="train a PER/ORG/LOC model from the shared NER corpora",
        description=(
            "Map the corpora's tags to PER/ORG/LOC, harmonize their span conventions to the gold ones, "
            "normalize the text as at run time, train, and write the model with a model card. "
            "PEYMA and ARMAN are research-only: a model trained on them is marked so in its card."
        ),
    )
    parser.add_argument("--out", required=True, help="model directory to write (e.g. models/fa_news_ner)")
    parser.add_argument("--backend", default=DEFAULT_BACKEND, choices=list(ner_backends),
                        help=f"default: {DEFAULT_BACKEND}, the backend of the pipeline's default model")
    parser.add_argument(
        "--corpora",
        default="parstwiner",
        help=f"comma-separated corpora from {', '.join(CORPORA)} (default: parstwiner, the licence-clean one)",
    )
    parser.add_argument("--data-dir", help="the shared NER directory (default: ../shared/data/ner)")
    parser.add_argument("--no-harmonize", action="store_true", help="keep the corpora's own span conventions")
    parser.add_argument("--max-steps", type=int, default=20000, help="training steps (default: 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--limit", type=int, help="use at most this many training sentences per corpus (for quick checks)"
    )
    parser.add_argument(
        "--vectors-from",
        nargs="*",
        default=[],
        help=(
            "JSONL article files (a text field per line) added to the corpora's text for the word2vec vectors; "
            "articles overlapping the gold documents are skipped"
        ),
    )
    parser.add_argument(
        "--size",
        default="default",
        choices=list(STANZA_SIZES),
        help="stanza network size (default: stanza's own; small: same F1, faster; tiny: tests)",
    )
    parser.set_defaults(func=run_train_ner)


def run_train_ner(args: argparse.Namespace) -> int:
    """Train as the options say; returns the exit code."""
    train_ner(
        args.out,
        backend=args.backend,
        corpora=[c.strip() for c in args.corpora.split(",") if c.strip()],
        data_dir=args.data_dir,
        harmonized=not args.no_harmonize,
        max_steps=args.max_steps,
        seed=args.seed,
        limit=args.limit,
        size=args.size,
        vectors_from=args.vectors_from,
    )
    return 0
