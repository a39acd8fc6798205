"""Named entities (PER, ORG, LOC) with offsets into the raw text.

A trained model (stanza's BiLSTM-CRF by default, a faster spaCy CNN as an option; see
:mod:`pipeline.ner.backends` and ``models/README.md``) runs on the normalized text; its labels are
mapped to PER/ORG/LOC, its spans trimmed of punctuation and mapped back to raw offsets. A
gazetteer layer (CLDR country names through Babel, press spellings, the actor dictionary's
names; whole tokens, blind to ZWNJ and to spaces inside a name) then fills the gaps the model
leaves (:func:`_fill_gaps`). It never cuts a model span, because placed before the model it
cuts longer names such as «وزارت خارجه روسیه» short. Rule layers (:mod:`pipeline.ner.layers`)
guard the model's spans (titles, heads, adjectives and generic words out), make the outlets
of attributions ORG («به گزارش فارس») and give a name found once its other mentions in the text.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

from pipeline.errors import ConfigError, ModelNotFoundError
from pipeline.lexicons.gazetteer import Gazetteer, actor_names, harmonization_rules
from pipeline.ner.layers import EntityLayers
from pipeline.records import Document, Entity
from pipeline.registry import ner_backends
from pipeline.text.normalize import normalize

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

logger = logging.getLogger(__name__)

# The environment variable that points the pipeline at another folder of models.
MODELS_DIR_ENV = "PIPELINE_MODELS_DIR"


def installed_models_dir() -> Path:
    """The folder of the shipped models: the ``pipeline_models`` package a wheel installs
    (``models/`` of the checkout, mapped by pyproject.toml), found by name as spaCy finds
    installed pipelines; ``models/`` beside the package in a checkout that is not installed.
    """
    spec = importlib.util.find_spec("pipeline_models")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "models"


MODELS_DIR = Path(os.environ.get(MODELS_DIR_ENV) or installed_models_dir())

# The shipped model per backend (a directory name under MODELS_DIR), and the backend used when none
# is named: the one whose model scores best on the gold documents at acceptable speed (models/README.md).
DEFAULT_MODELS = {"spacy": "fa_news_ner", "stanza": "fa_news_ner_stanza"}
DEFAULT_BACKEND = "stanza"

# Labels of the corpora and of stanza's own Persian model (ARMAN tags) mapped to ours;
# any other label (dates, events, products, facilities, nationalities) is dropped.
LABEL_MAP = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "POG": "ORG",
    "NORP_ORG": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
}

# Gazetteer labels that override the model's label on the very same span (see _fill_gaps).
RELABELING = frozenset({"PER", "ORG"})

# Characters that never begin or end a name: quotes, brackets, sentence punctuation.
_TRIM = " \n\u200c«»\"'“”()[]{}،,.:;؛!؟?-–—"


def resolve_model(backend: str | None, model: str | Path | None) -> Path:
    """The model directory (or file) for a backend: a name under ``MODELS_DIR`` or a path.

    Raises:
        ModelNotFoundError: the path does not exist (the message names the models folder, the
            ``PIPELINE_MODELS_DIR`` variable that sets it, and how to train a model).

    Examples:
        >>> resolve_model("spacy", None).name
        'fa_news_ner'
    """
    backend = backend or DEFAULT_BACKEND
    if model is None:
        if backend not in DEFAULT_MODELS:
            raise ConfigError(f"NER backend {backend!r} has no shipped model: give a model path")
        model = DEFAULT_MODELS[backend]
    path = Path(model)
    if not path.exists() and len(path.parts) == 1:
        path = MODELS_DIR / path
    if not path.exists():
        source = f"set by {MODELS_DIR_ENV}" if os.environ.get(MODELS_DIR_ENV) else f"set {MODELS_DIR_ENV} to use another"
        raise ModelNotFoundError(
            f"NER model not found: {path}. Pass a model name under the models folder {MODELS_DIR} "
            f"({source}) or a path to a model directory, or train one with "
            f"`pipeline train-ner --backend {backend} --out {path}` (needs the shared corpora)."
        )
    return path


def model_backend(path: Path) -> str | None:
    """The registered backend that made a model (its class's ``owns(path)`` says so), or None.

    Examples:
        >>> model_backend(MODELS_DIR / "fa_news_ner"), model_backend(MODELS_DIR / "fa_news_ner_stanza")
        ('spacy', 'stanza')
    """
    for name in ner_backends:
        owns = getattr(ner_backends.get(name), "owns", None)
        if owns is not None and owns(path):
            return name
    return None


def check_model(backend: str | None, model: str | Path | None) -> tuple[str, Path]:
    """The backend and model directory a recognizer runs, checked without loading anything.

    Raises:
        ConfigError: an unknown backend, or a model made for another backend.
        ModelNotFoundError: the model does not exist.

    Examples:
        >>> check_model(None, "fa_news_ner")[0]
        'spacy'
        >>> check_model("spacy", "fa_news_ner_stanza")
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: NER model fa_news_ner_stanza is a stanza model, not a spacy one: give --ner-backend stanza or leave it out
    """
    if backend is None and model is not None:
        backend = model_backend(resolve_model(None, model))
    backend = backend or DEFAULT_BACKEND
    ner_backends.get(backend)  # ConfigError naming the registered backends
    path = resolve_model(backend, model)
    made_for = model_backend(path)
    if made_for is not None and made_for != backend:
        name = model if model is not None else path
        raise ConfigError(f"NER model {name} is a {made_for} model, not a {backend} one: "
                          f"give --ner-backend {made_for} or leave it out")
    return backend, path


class EntityRecognizer:
    """The NER stage: fills ``doc.entities``.

    Args:
        backend: a registered NER backend (:data:`pipeline.registry.ner_backends`: ``"spacy"``,
            ``"stanza"``, or one of your own); None = the named model's own backend
            (:func:`model_backend`), else :data:`DEFAULT_BACKEND`.
        model: a model name under ``models/`` or a path; None = the shipped default.
        gazetteer: add gazetteer matches where the model found nothing (or only part of the name),
            and run the rule layers of :mod:`pipeline.ner.layers` (guards, attributions, one reading
            per document).
        actors: include the actor dictionary's people and actor names in the gazetteer.

    Examples:
        >>> from pipeline.text.normalize import normalize
        >>> doc = Document(id=None, text="ولادیمیر پوتین به تهران رفت.")
        >>> doc.normalized = normalize(doc.text)
        >>> [(e.text, e.label) for e in EntityRecognizer()(doc).entities]
        [('ولادیمیر پوتین', 'PER'), ('تهران', 'LOC')]
    """

    name = "ner"
    requires = ("normalized",)
    provides = ("entities",)

    def __init__(
        self,
        *,
        backend: str | None = None,
        model: str | Path | None = None,
        gazetteer: bool = True,
        actors: bool = True,
    ) -> None:
        backend, self.path = check_model(backend, model)
        self.backend_name = backend
        self.backend = ner_backends.get(backend)(self.path)
        self.gazetteer = self.layers = None
        if gazetteer:
            self.gazetteer = Gazetteer(extra=actor_names() if actors else None)
            self.layers = EntityLayers(harmonization_rules())

    def __repr__(self) -> str:
        return f"<EntityRecognizer {self.backend_name}: {self.path}>"

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Entities of a normalized text: sorted, non-overlapping ``(start, end, label, source)``."""
        return self._entities(text, self.backend(text))

    def _entities(self, text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
        """The model's spans of ``text`` mapped, trimmed and completed by the gazetteer (see :meth:`find`)."""
        found: list[tuple[int, int, str, str]] = []
        for start, end, label in spans:
            label = LABEL_MAP.get(label.upper())
            if label is None:
                continue
            span = _trim(text, start, end)
            if span is None:
                continue
            guarded = [(*span, label)] if self.layers is None else self.layers.guard(text, *span, label)
            found.extend((start, end, label, "model") for start, end, label in guarded)
        found.sort()
        kept: list[tuple[int, int, str, str]] = []
        for item in found:
            if not kept or item[0] >= kept[-1][1]:
                kept.append(item)
        if self.gazetteer is not None:
            tokens = self.gazetteer.tokenize(text)
            kept = _fill_gaps(kept, sorted(self.gazetteer.find(text, tokens) + self.layers.attributions(text)))
            kept = self.layers.spread(text, kept, tokens)
        return kept

    def __call__(self, doc: Document) -> Document:
        """Set ``doc.entities`` (raw offsets) from ``doc.normalized`` (normalizing if unset)."""
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Set the entities of several documents; the model sees all their texts at once
        (stanza's sentences batched across documents, spaCy's ``nlp.pipe``)."""
        for doc in docs:
            if doc.normalized is None:
                doc.normalized = normalize(doc.text)
        texts = [doc.normalized.text for doc in docs]
        batch = getattr(self.backend, "pipe", None)
        all_spans = batch(texts) if batch is not None else [self.backend(text) for text in texts]
        for doc, text, spans in zip(docs, texts, all_spans):
            norm = doc.normalized
            entities = []
            for start, end, label, source in self._entities(text, spans):
                raw_start, raw_end = norm.to_raw_span(start, end)
                entities.append(Entity(raw_start, raw_end, doc.text[raw_start:raw_end], label, source=source))
            doc.entities = entities
        return docs


def _fill_gaps(
    found: list[tuple[int, int, str, str]], matches: list[tuple[int, int, str]]
) -> list[tuple[int, int, str, str]]:
    """Add gazetteer matches where the model found nothing, or only part of the same name.

    A match that overlaps no model span is added. A match of exactly a model span gives it its
    label when the list says PER or ORG: a person's or an organization's name has one type, while
    a country's name also stands for its team or government. A match that strictly contains model spans of
    its own label replaces them: the model often tags only the surname of a known person
    («پوتین» in «ولادیمیر پوتین») or only the country in «جمهوری اسلامی ایران». A match inside a
    model span, crossing one, or of another label otherwise is dropped: the model's reading of the context
    («وزارت خارجه روسیه» as one ORG) wins over a context-free list.

    Examples:
        >>> _fill_gaps([(9, 14, "PER", "model")], [(0, 14, "PER"), (18, 23, "LOC")])
        [(0, 14, 'PER', 'gazetteer'), (18, 23, 'LOC', 'gazetteer')]
        >>> _fill_gaps([(0, 17, "ORG", "model")], [(12, 17, "LOC")])
        [(0, 17, 'ORG', 'model')]
        >>> _fill_gaps([(0, 15, "PER", "model")], [(0, 15, "ORG")])
        [(0, 15, 'ORG', 'gazetteer')]
    """
    result = list(found)
    for start, end, label in matches:
        inside = [f for f in result if f[0] < end and start < f[1]]
        # A gap, or model spans of the same label the name contains («پوتین» of «ولادیمیر پوتین»).
        completes = all(start <= s and e <= end and (s, e) != (start, end) and lab == label for s, e, lab, _ in inside)
        relabels = label in RELABELING and len(inside) == 1 and inside[0][:2] == (start, end) and inside[0][2] != label
        if completes or relabels:
            result = [f for f in result if f not in inside] + [(start, end, label, "gazetteer")]
    return sorted(result)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop quotes, brackets and punctuation at a span's edges; None when nothing is left."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None
