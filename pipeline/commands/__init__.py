"""Subcommands of the ``pipeline`` CLI, one module each (``add_parser(subparsers)``)."""

from __future__ import annotations

import argparse

from pipeline.ner import BACKENDS, DEFAULT_BACKEND, DEFAULT_MODELS


def add_ner_options(parser: argparse.ArgumentParser) -> None:
    """``--ner-backend`` and ``--ner-model``, for the commands that run the pipeline."""
    parser.add_argument("--ner-backend", default=None, choices=BACKENDS,
                        help=f"NER backend (default: {DEFAULT_BACKEND}, or the backend of the --ner-model given)")
    parser.add_argument("--ner-model", metavar="NAME_OR_PATH",
                        help="NER model name under models/ (or PIPELINE_MODELS_DIR) or a path (default: "
                             + ", ".join(f"{model} for {backend}" for backend, model in DEFAULT_MODELS.items()) + ")")
