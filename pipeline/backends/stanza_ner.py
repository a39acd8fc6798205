"""stanza NER backend: any stanza NER model file from a local path, fully offline.

stanza's Pipeline would download its resources and tokenizer; here it gets an empty
``resources.json``, ``download_method=None`` and pre-tokenized input that carries the
character offsets of our own tokens, so its entities index into our text.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path
from typing import Iterator

from pipeline.backends import Span
from pipeline.errors import ConfigError, ModelNotFoundError

__all__ = ["StanzaBackend", "find_stanza_files", "tokenize"]

# Words (letters and digits joined by ZWNJ, with inner dots of numbers) or one other character.
_TOKEN = re.compile(r"[\w\u200c]+|[^\w\s]")
# Sentence ends for stanza's sentence-level tagger: line breaks and final punctuation.
_SENTENCE_END = {".", "!", "؟", "?"}


def tokenize(text: str) -> list[list[tuple[str, int, int]]]:
    """Split text into sentences of ``(token, start, end)``.

    Examples:
        >>> tokenize("علی آمد. تهران")
        [[('علی', 0, 3), ('آمد', 4, 7), ('.', 7, 8)], [('تهران', 9, 14)]]
    """
    sentences: list[list[tuple[str, int, int]]] = []
    for line in re.finditer(r"[^\n]+", text):
        current: list[tuple[str, int, int]] = []
        for match in _TOKEN.finditer(line.group()):
            start = line.start() + match.start()
            current.append((match.group(), start, start + len(match.group())))
            if match.group() in _SENTENCE_END:
                sentences.append(current)
                current = []
        if current:
            sentences.append(current)
    return sentences


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


@contextlib.contextmanager
def _without_optimizer() -> Iterator[None]:
    """Load a tagger without the optimizer stanza's NER trainer builds even to tag.

    Building it makes torch import its compiler (``torch._dynamo``, 1-2 s of every cold start)
    for an optimizer that tagging never uses.
    """
    from stanza.models.common import utils

    original = utils.get_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = original


class StanzaBackend:
    """Run a stanza NER model on normalized text.

    Args:
        path: a model directory or a model file; its pretrain file is found beside it.
        pretrain: the word-vector pretrain file, when it lies elsewhere. A model run without
            the pretrain it was trained with gives random output, so it is required unless
            the model bundles its embeddings.
    """

    def __init__(self, path: Path, pretrain: Path | None = None) -> None:
        try:
            import stanza
            import torch
        except ImportError as exc:
            raise ConfigError("the stanza NER backend needs stanza: pip install 'stanza>=1.15'") from exc
        torch.set_num_threads(1)
        model, found = find_stanza_files(path)
        pretrain = pretrain or found
        # stanza reads <dir>/resources.json even when it downloads nothing.
        self._resources = tempfile.TemporaryDirectory(prefix="stanza-res-")
        Path(self._resources.name, "resources.json").write_text("{}", encoding="utf-8")
        with _without_optimizer():
            self.nlp = stanza.Pipeline(
                lang="fa",
                dir=self._resources.name,
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

    def __call__(self, text: str) -> list[Span]:
        """Entity spans of ``text``."""
        from stanza.models.common.doc import Document as StanzaDocument

        sentences = tokenize(text)
        if not sentences:
            return []
        rows = [
            [{"id": (i + 1,), "text": tok, "misc": f"start_char={s}|end_char={e}"} for i, (tok, s, e) in enumerate(sent)]
            for sent in sentences
        ]
        doc = self.nlp(StanzaDocument(rows, text=text))
        return [(ent.start_char, ent.end_char, ent.type) for ent in doc.ents]
