"""Training a stanza NER model (BiLSTM-CRF, word2vec pretrain from gensim)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Iterable

from pipeline.errors import ConfigError
from pipeline.ner.backends import TrainingSetup
from pipeline.ner.corpora import TaggedSentence, normalize_sentence
from pipeline.text.normalize import normalize
from pipeline.text.tokens import ZWNJ, sentence_tokens

__all__ = ["train", "build_stanza_pretrain", "STANZA_SIZES"]

logger = logging.getLogger(__name__)


def _stanza_json(sentences: list[TaggedSentence], path: Path) -> list[list[dict[str, str]]]:
    """Write stanza's NER JSON (per sentence a list of {text, ner}; tokens are the normalized
    tokens) and return it."""
    data = []
    for sentence in sentences:
        text, spans = normalize_sentence([token for token, _ in sentence])
        words = []
        for (_, tag), span in zip(sentence, spans):
            if span is None:
                continue
            # A normalized token never holds a space (spaces are token separators).
            words.append({"text": text[span[0] : span[1]].replace(" ", ZWNJ), "ner": tag})
        if words:
            data.append(words)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


def build_stanza_pretrain(sentences: list[list[str]], out: Path, *, dim: int = 100, seed: int = 1) -> Path:
    """Train word2vec vectors with gensim and convert them to a stanza pretrain file."""
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    vec = out.with_suffix(".vec")
    model = Word2Vec(sentences, vector_size=dim, window=5, min_count=2, sg=1, workers=1, epochs=10, seed=seed)
    model.wv.save_word2vec_format(str(vec))
    if out.exists():
        out.unlink()  # Pretrain reuses an existing .pt and would ignore the new vectors
    Pretrain(str(out), str(vec), max_vocab=-1).load()
    vec.unlink()
    return out


# stanza network sizes: "default" is stanza's own (hidden 256, char 100/100); "small" gives the same
# ParsTwiNER F1 (75.3 vs 75.4) at 1.5x the speed and half the training time
# (../shared/notes/stanza-offline.md); "tiny" is for tests (seconds, Adam: SGD learns nothing that fast).
STANZA_SIZES: dict[str, list[str]] = {
    "default": [],
    "small": ["--hidden_dim", "128", "--char_hidden_dim", "64", "--char_emb_dim", "50"],
    "tiny": [
        "--hidden_dim", "32", "--char_hidden_dim", "16", "--char_emb_dim", "16", "--batch_size", "16",
        "--optim", "adam", "--lr", "0.01", "--dropout", "0.1",
    ],
}  # fmt: skip


def _train_stanza(
    out: Path,
    train: list[TaggedSentence],
    dev: list[TaggedSentence],
    *,
    seed: int,
    max_steps: int,
    size: str,
    raw_texts: Iterable[str] = (),
) -> None:
    from stanza.models import ner_tagger

    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    train_data = _stanza_json(train, work / "train.json")
    _stanza_json(dev, work / "dev.json")
    token_lists = [[w["text"] for w in s] for s in train_data]
    # Raw articles are tokenized as the stanza backend tokenizes its input at run time.
    for raw in raw_texts:
        token_lists.extend([tok for tok, _, _ in sent] for sent in sentence_tokens(normalize(raw).text))
    dim = 16 if size == "tiny" else 100
    pretrain = build_stanza_pretrain(token_lists, out / "pretrain.pt", dim=dim, seed=seed)
    args = [
        "--train_file", str(work / "train.json"),
        "--eval_file", str(work / "dev.json"),
        "--wordvec_pretrain_file", str(pretrain),
        "--shorthand", "fa_pipeline",
        "--save_dir", str(out),
        "--save_name", "ner.pt",
        "--cpu",
        "--seed", str(seed),
        "--max_steps", str(max_steps),
        "--eval_interval", str(max(50, min(500, max_steps // 4))),
        "--log_step", "100",
    ]  # fmt: skip
    ner_tagger.main(args + STANZA_SIZES[size])
    shutil.rmtree(work)


def train(out: Path, train_set: list[TaggedSentence], dev: list[TaggedSentence], setup: TrainingSetup) -> dict:
    """Train and save a stanza NER model (and its pretrain) to ``out``; the model card's size and vectors fields."""
    if setup.size not in STANZA_SIZES:
        raise ConfigError(f"unknown stanza size {setup.size!r}; allowed: {', '.join(STANZA_SIZES)}")
    _train_stanza(out, train_set, dev, seed=setup.seed, max_steps=setup.max_steps, size=setup.size,
                  raw_texts=setup.raw_texts)
    return {"size": setup.size, "word_vectors": [str(v) for v in setup.vectors_from]}
