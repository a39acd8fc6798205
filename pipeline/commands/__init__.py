"""Subcommands of the ``pipeline`` CLI, one module each (``add_parser(subparsers)``)."""

from __future__ import annotations

import argparse

from pipeline.ner import BACKENDS


def add_ner_options(parser: argparse.ArgumentParser) -> None:
    """``--ner-backend`` and ``--ner-model``, for the commands that run the pipeline."""
    parser.add_argument("--ner-backend", default=None, choices=BACKENDS,
                        help="NER backend (default: the shipped default model's)")
    parser.add_argument("--ner-model", metavar="NAME_OR_PATH", help="NER model name under models/ or a path")
