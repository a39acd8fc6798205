"""Named entities: the stage (``stage``), its model backends (``backends``) and the training of
models (``training``). The stage's public names are re-exported here."""

from pipeline.ner.stage import (
    DEFAULT_BACKEND,
    DEFAULT_MODELS,
    LABEL_MAP,
    MODELS_DIR,
    MODELS_DIR_ENV,
    RELABELING,
    EntityRecognizer,
    check_model,
    model_backend,
    resolve_model,
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
