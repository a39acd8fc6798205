"""stanza NER backend: any stanza NER model file from a local path, fully offline.

The model runs on our own tokens and sentences (:func:`pipeline.text.tokens.sentence_tokens`), so its entities index into
our text: by default through the lean batched inference of :mod:`pipeline.ner.backends.stanza_tagger`,
or through stanza's Pipeline, which would download its resources and tokenizer and here gets an
empty ``resources.json``, ``download_method=None`` and pre-tokenized input that carries the
character offsets of our tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the library itself is imported when a model loads
    import stanza

import logging
import tempfile
from pathlib import Path

from pipeline.errors import ConfigError, ModelNotFoundError
from pipeline.ner.backends import Span, stanza_training
from pipeline.ner.backends.stanza_tagger import StanzaTagger, without_optimizer
from pipeline.text.tokens import sentence_tokens

__all__ = ["StanzaBackend", "find_stanza_files"]

logger = logging.getLogger(__name__)

def find_stanza_files(path: Path) -> tuple[Path, Path | None]:
    """The NER model file and its word-vector pretrain file (None if bundled) under ``path``.

    A directory written by ``pipeline train-ner --backend stanza`` holds ``ner.pt`` and
    ``pretrain.pt``; stanza's own downloads name them ``*nertagger.pt`` and ``*pretrain*.pt``.
    """
    if path.is_file():
        model, folder = path, path.parent
    else:
        candidates = [path / "ner.pt"] + sorted(path.glob("*nertagger*.pt"))
        model = next((c for c in candidates if c.is_file()), None)
        folder = path
        if model is None:
            raise ModelNotFoundError(
                f"no stanza NER model (ner.pt or *nertagger.pt) in {path}; "
                "train one with `pipeline train-ner --backend stanza --out DIR`"
            )
    pretrains = [folder / "pretrain.pt"] + sorted(folder.glob("*pretrain*.pt"))
    pretrain = next((p for p in pretrains if p.is_file() and p != model), None)
    return model, pretrain


class StanzaBackend:
    """Run a stanza NER model on normalized text.

    Args:
        path: a model directory or a model file; its pretrain file is found beside it.
        pretrain: the word-vector pretrain file, when it lies elsewhere. A model run without
            the pretrain it was trained with gives random output, so it is required unless
            the model bundles its embeddings.
        inference: ``"lean"`` (default) runs the model's modules on sentences of many texts at
            once (:class:`pipeline.ner.backends.stanza_tagger.StanzaTagger`), with the tags of
            stanza's own inference; ``"stanza"`` runs stanza's Pipeline, one text at a time.
            A model the lean path does not cover (a character LM, a transformer) runs stanza's.
    """

    INFERENCES = ("lean", "stanza")

    # Trains a model of this backend (see pipeline.ner.training.train_ner).
    train = staticmethod(stanza_training.train)

    @staticmethod
    def owns(path: Path) -> bool:
        """A stanza NER model is a ``.pt`` file, or a directory holding one (see :func:`find_stanza_files`)."""
        if path.is_file():
            return path.suffix == ".pt"
        return (path / "ner.pt").is_file() or any(path.glob("*nertagger*.pt"))

    def __init__(self, path: Path, pretrain: Path | None = None, *, inference: str = "lean") -> None:
        if inference not in self.INFERENCES:
            raise ConfigError(f"unknown stanza inference {inference!r}; allowed: {', '.join(self.INFERENCES)}")
        try:
            import stanza  # noqa: F401 - checked here for the clear error
            import torch
        except ImportError as exc:
            raise ConfigError("the stanza NER backend needs stanza: pip install 'stanza>=1.15'") from exc
        torch.set_num_threads(1)
        model, found = find_stanza_files(path)
        pretrain = pretrain or found
        self.tagger = None
        self.nlp = None
        if inference == "lean":
            try:
                self.tagger = StanzaTagger(model, pretrain)
            except ValueError as exc:
                logger.info("%s", exc)
        if self.tagger is None:
            # stanza reads <dir>/resources.json even when it downloads nothing.
            self._resources = tempfile.TemporaryDirectory(prefix="stanza-res-")
            Path(self._resources.name, "resources.json").write_text("{}", encoding="utf-8")
            self.nlp = _stanza_pipeline(model, pretrain, Path(self._resources.name))
        self.inference = "lean" if self.tagger is not None else "stanza"

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tags of pre-tokenized sentences."""
        if self.tagger is not None:
            return self.tagger.tag(sentences)
        from stanza.models.common.doc import Document as StanzaDocument

        rows = [[{"id": (i + 1,), "text": token} for i, token in enumerate(sentence)] for sentence in sentences if sentence]
        if not rows:
            return [[] for _ in sentences]
        tagged = iter([[token.ner for token in sentence.tokens] for sentence in self.nlp(StanzaDocument(rows)).sentences])
        return [next(tagged) if sentence else [] for sentence in sentences]

    def __call__(self, text: str) -> list[Span]:
        """Entity spans of ``text``."""
        return self.pipe([text])[0]

    def pipe(self, texts: list[str]) -> list[list[Span]]:
        """Entity spans of each text; the lean path tags the sentences of all texts together."""
        if self.tagger is None:
            return [self._stanza_spans(text) for text in texts]
        from stanza.models.ner.utils import decode_from_bioes

        per_text = [sentence_tokens(text) for text in texts]
        tags = iter(self.tagger.tag([[token for token, _, _ in sentence] for sentences in per_text for sentence in sentences]))
        spans: list[list[Span]] = []
        for sentences in per_text:
            found: list[Span] = []
            for sentence in sentences:
                for entity in decode_from_bioes(next(tags)):
                    found.append((sentence[entity["start"]][1], sentence[entity["end"]][2], entity["type"]))
            spans.append(found)
        return spans

    def _stanza_spans(self, text: str) -> list[Span]:
        """stanza's own inference on one text."""
        from stanza.models.common.doc import Document as StanzaDocument

        sentences = sentence_tokens(text)
        if not sentences:
            return []
        rows = [
            [{"id": (i + 1,), "text": tok, "misc": f"start_char={s}|end_char={e}"} for i, (tok, s, e) in enumerate(sent)]
            for sent in sentences
        ]
        doc = self.nlp(StanzaDocument(rows, text=text))
        return [(ent.start_char, ent.end_char, ent.type) for ent in doc.ents]


def _stanza_pipeline(model: Path, pretrain: Path | None, resources: Path) -> "stanza.Pipeline":
    """stanza's own Pipeline of a pre-tokenized NER model, offline (``resources``: a folder with an empty resources.json)."""
    import stanza

    with without_optimizer():
        return stanza.Pipeline(
            lang="fa",
            dir=str(resources),
            processors="tokenize,ner",
            tokenize_pretokenized=True,
            ner_model_path=str(model),
            ner_pretrain_path=str(pretrain) if pretrain else "",
            download_method=None,
            allow_unknown_language=True,
            use_gpu=False,
            # ERROR: stanza warns on every load that "fa" has no resources entry, which is by design here.
            logging_level="ERROR",
        )
