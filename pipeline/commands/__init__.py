"""Subcommands of the ``pipeline`` CLI, one module each (``add_parser(subparsers)``)."""

from __future__ import annotations

import argparse

from pipeline.core import PipelineOptions
from pipeline.ner import DEFAULT_BACKEND, DEFAULT_MODELS
from pipeline.registry import ner_backends


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """The options a pipeline is built with (:class:`pipeline.core.PipelineOptions`), the same
    for every command that runs the pipeline: ``--actors``, ``--triggers``, ``--ner-backend``,
    ``--ner-model``."""
    parser.add_argument("--actors", action="append", default=[], metavar="FILE",
                        help="extra actor dictionary (YAML); repeatable")
    parser.add_argument("--triggers", action="append", default=[], metavar="FILE",
                        help="extra trigger lexicon (TSV); repeatable")
    parser.add_argument("--ner-backend", default=None, choices=list(ner_backends),
                        help=f"NER backend (default: {DEFAULT_BACKEND}, or the backend of the --ner-model given)")
    parser.add_argument("--ner-model", metavar="NAME_OR_PATH",
                        help="NER model name under models/ (or PIPELINE_MODELS_DIR) or a path (default: "
                             + ", ".join(f"{model} for {backend}" for backend, model in DEFAULT_MODELS.items()) + ")")


def pipeline_options(args: argparse.Namespace) -> PipelineOptions:
    """The :class:`pipeline.core.PipelineOptions` of parsed arguments (see :func:`add_pipeline_options`)."""
    return PipelineOptions(ner_backend=args.ner_backend, ner_model=args.ner_model, actors=tuple(args.actors),
                           triggers=tuple(args.triggers))
