"""Named entities: the stage (``stage``), its model backends (``backends``) and the training of
models (``training``). The stage's public names are re-exported here."""

from pipeline.ner.stage import (
    MODELS_DIR,
    MODELS_DIR_ENV,
    DEFAULT_MODELS,
    DEFAULT_BACKEND,
    LABEL_MAP,
    RELABELING,
    EntityRecognizer,
    resolve_model,
    check_model,
    model_backend,
)

__all__ = [
    "MODELS_DIR",
    "MODELS_DIR_ENV",
    "DEFAULT_MODELS",
    "DEFAULT_BACKEND",
    "LABEL_MAP",
    "RELABELING",
    "EntityRecognizer",
    "resolve_model",
    "check_model",
    "model_backend",
]
