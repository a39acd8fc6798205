"""Subcommands of the ``pipeline`` CLI, one module each (``add_parser(subparsers)``)."""
