"""A lean inference path for stanza's BiLSTM-CRF NER models: the model's compute and little else.

stanza's own inference builds a ``Document`` of token objects per text, batches only the
sentences of that one text, computes the CRF loss it then throws away and runs Viterbi in a
Python loop per sentence. :class:`StanzaTagger` reuses the trained modules (word and delta
embeddings, character LSTM, input transform, tagger LSTM, classifier, CRF transitions) of
the very model stanza loads and runs them on sentences of many texts at once, sorted by
length, with a Viterbi over the whole batch. Its tags are those of stanza's own inference
(``tests/test_stanza_tagger.py`` checks it on ParsTwiNER and the gold documents).

Models with a character language model, a transformer or several tag columns are not
covered: :func:`lean_supported` says so, and :class:`pipeline.ner.backends.stanza_ner.StanzaBackend`
then keeps stanza's own inference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the library itself is imported when a model loads
    import torch

import contextlib
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

__all__ = ["StanzaTagger", "lean_supported", "viterbi_batch", "without_optimizer"]

# Sentences per forward pass: enough for the LSTM's matrix products to dominate.
BATCH_SENTENCES = 128
# Padded cells (sentences × longest sentence's tokens, words × longest word's characters) per
# forward pass: one sentence of a 100,000-word line or a 100,000-character token must not pad
# a whole batch to its length.
BATCH_CELLS = 32_768
# Words remembered with their vocabulary and character ids; news text repeats most of its words.
_CACHE_LIMIT = 200_000
# Words whose character-LSTM states are kept (128 floats each: 32 MB).
_CHAR_TABLE_ROWS = 65_536


@contextlib.contextmanager
def without_optimizer() -> Iterator[None]:
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


def lean_supported(args: dict) -> bool:
    """Whether a model's configuration is one :class:`StanzaTagger` reproduces exactly."""
    return (
        not args.get("charlm")
        and not args.get("bert_model")
        and not args.get("connect_output_layers")
        and args.get("char", False)
        and args.get("char_emb_dim", 0) > 0
        and args.get("word_emb_dim", 0) > 0
    )


def viterbi_batch(scores: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag paths of a batch at once, as stanza's ``viterbi_decode`` finds them one by one.

    Args:
        scores: ``batch × time × tags`` unary scores, padded.
        lengths: each sequence's length, in non-increasing order (so the sequences still
            running at step ``t`` are a prefix of the batch).
        transitions: ``tags × tags`` scores of moving from tag ``i`` to tag ``j``.

    Returns:
        ``batch × time`` tag ids (zero past each sequence's end).

    Examples:
        >>> scores = np.array([[[1, 0], [0, 1], [1, 0]], [[0, 2], [0, 0], [0, 0]]], dtype=np.float32)
        >>> viterbi_batch(scores, np.array([3, 1]), np.zeros((2, 2), dtype=np.float32)).tolist()
        [[0, 1, 0], [1, 0, 0]]
    """
    batch, time, _ = scores.shape
    # Sequences still running at each step: a prefix, since lengths are sorted.
    running = [int(np.count_nonzero(lengths > t)) for t in range(time)]
    trellis = scores[:, 0].copy()
    backpointers = np.zeros(scores.shape, dtype=np.int64)
    for t in range(1, time):
        n = running[t]
        # step[b, i, j]: the best path ending in tag i at t-1, then tag j (stanza's expand_dims(trellis, 1) + trans).
        step = trellis[:n, :, None] + transitions
        trellis[:n] = scores[:n, t] + step.max(axis=1)
        backpointers[:n, t] = step.argmax(axis=1)
    paths = np.zeros((batch, time), dtype=np.int64)
    paths[np.arange(batch), lengths - 1] = trellis.argmax(axis=1)
    for t in range(time - 1, 0, -1):
        n = running[t]
        paths[:n, t - 1] = backpointers[np.arange(n), t, paths[:n, t]]
    return paths


class StanzaTagger:
    """Tag pre-tokenized sentences with a stanza NER model file, many texts' sentences at once.

    Args:
        model: the NER model file (``ner.pt``).
        pretrain: its word-vector pretrain file (None if the model bundles its embeddings).
    """

    def __init__(self, model: Path, pretrain: Path | None) -> None:
        import torch
        from stanza.models.common.pretrain import Pretrain
        from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
        from stanza.models.ner.trainer import Trainer

        with without_optimizer():
            trainer = Trainer(args={"charlm_forward_file": None, "charlm_backward_file": None},
                              model_file=str(model), pretrain=Pretrain(str(pretrain)) if pretrain else None,
                              device="cpu")
        self.args = trainer.args
        if not lean_supported(self.args) or len(trainer.model.tag_clfs) != 1:
            raise ValueError(f"{model}: a stanza NER model with a character LM, a transformer or "
                             "several tag columns; use stanza's own inference")
        self.model = trainer.model.eval()
        self.vocab = trainer.vocab
        self._torch = torch
        self._lower = self.args.get("lowercase", True)
        self._char_lower = self.args.get("char_lowercase", False)
        self._has_word = "word" in self.vocab
        self._has_delta = "delta" in self.vocab and self.model.delta_emb is not None
        # Tag strings by id, as stanza's predict unmaps them (ids below the vocabulary prefix read as the first real tag).
        tags = self.vocab["tag"]
        column = self.args["predict_tagset"]
        names = [tags.id2unit((max(i, VOCAB_PREFIX_SIZE),)) for i in range(tags.lens()[0])]
        self._tag_names = [name[column] if isinstance(name, list) else name for name in names]
        self._transitions = self.model.crits[0]._transitions.detach().cpu().numpy()
        self._words: dict[str, tuple[int, int, list[int]]] = {}
        # Character-LSTM states of words seen, by row of a fixed table (see _char_representations).
        self._char_rows: dict[str, int] = {}
        self._char_table = torch.empty(_CHAR_TABLE_ROWS, 2 * self.args["char_hidden_dim"])

    def _word(self, word: str) -> tuple[int, int, list[int]]:
        """A word's pretrain id, delta id and character ids, as stanza's data loader and model map them."""
        known = self._words.get(word)
        if known is not None:
            return known
        from stanza.models.common.vocab import PAD_ID, UNK_ID

        cased = word.lower() if self._lower else word
        static = self.vocab["word"].unit2id(cased) if self._has_word else PAD_ID
        delta = self.vocab["delta"].unit2id(cased) if self._has_delta else PAD_ID
        # A word the pretrain knows but the delta vocabulary does not gets no delta (stanza's NERTagger.forward).
        if self._has_word and self._has_delta and delta == UNK_ID and static != UNK_ID:
            delta = PAD_ID
        chars = self.vocab["char"].map(list(word.lower() if self._char_lower else word))
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        entry = self._words[word] = (static, delta, chars)
        return entry

    def logits(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """``batch × time × tags`` scores of sentences given longest first (no empty ones)."""
        torch = self._torch
        from torch.nn.utils.rnn import (
            PackedSequence,
            pack_padded_sequence,
            pad_packed_sequence,
        )

        model = self.model
        lengths = [len(sentence) for sentence in sentences]
        batch, time = len(sentences), lengths[0]
        entries = [self._word(word) for sentence in sentences for word in sentence]
        # Row of each token in the padded batch × time grid.
        rows = torch.tensor([b * time + t for b, n in enumerate(lengths) for t in range(n)])

        def packed(flat: torch.Tensor) -> torch.Tensor:
            """Token rows in sentence order → the data of stanza's packed sequence."""
            grid = flat.new_zeros((batch * time, *flat.shape[1:]))
            grid[rows] = flat
            return pack_padded_sequence(grid.view(batch, time, *flat.shape[1:]), lengths, batch_first=True).data

        with torch.no_grad():
            inputs = []
            static = torch.tensor([e[0] for e in entries])
            embedded = model.word_emb(static) if self._has_word else None
            if self._has_delta:
                delta = model.delta_emb(torch.tensor([e[1] for e in entries]))
                embedded = delta if embedded is None else embedded + delta
            inputs.append(packed(embedded))
            inputs.append(packed(self._char_representations([word for sentence in sentences for word in sentence])))
            lstm_inputs = torch.cat(inputs, 1)
            if model.input_transform is not None:
                lstm_inputs = model.input_transform(lstm_inputs)
            batch_sizes = pack_padded_sequence(torch.zeros(batch, time), lengths, batch_first=True).batch_sizes
            hidden = model.args["hidden_dim"]
            layers = 2 * model.args["num_layers"]
            outputs, _ = model.taggerlstm.lstm(
                PackedSequence(lstm_inputs, batch_sizes),
                (model.taggerlstm_h_init.expand(layers, batch, hidden).contiguous(),
                 model.taggerlstm_c_init.expand(layers, batch, hidden).contiguous()))
            scores = model.tag_clfs[0](outputs.data)
            return pad_packed_sequence(PackedSequence(scores, batch_sizes), batch_first=True)[0].numpy()

    def _char_representations(self, words: list[str]) -> "torch.Tensor":
        """The character LSTM's final states of each word (stanza's CharacterModel without attention).

        A word's state depends on its characters alone, so each distinct word runs once and is kept
        in a table for later batches; the table starts over when full.
        """
        torch = self._torch
        new = [word for word in dict.fromkeys(words) if word not in self._char_rows]
        if new:
            if len(self._char_rows) + len(new) > len(self._char_table):
                self._char_rows.clear()
                if len(new) > len(self._char_table):
                    self._char_table = self._char_table.new_empty((len(new), self._char_table.shape[1]))
            new.sort(key=len, reverse=True)
            ids = [self._word(word)[2] for word in new]
            first = len(self._char_rows)
            for chunk in _chunks(range(len(new)), [len(chars) for chars in ids], most=len(new)):
                rows = slice(first + chunk[0], first + chunk[-1] + 1)
                self._char_table[rows] = self._char_states([ids[i] for i in chunk])
            self._char_rows.update(zip(new, range(first, first + len(new))))
        return self._char_table[torch.tensor([self._char_rows[word] for word in words])]

    def _char_states(self, ids: list[list[int]]) -> "torch.Tensor":
        """Both directions' final character-LSTM states of words given as character ids, longest first."""
        torch = self._torch
        from torch.nn.utils.rnn import pack_padded_sequence

        charmodel = self.model.charmodel
        lengths = [len(chars) for chars in ids]
        chars = np.zeros((len(ids), lengths[0]), dtype=np.int64)
        for row, word_chars in enumerate(ids):
            chars[row, : len(word_chars)] = word_chars
        embedded = pack_padded_sequence(charmodel.char_emb(torch.from_numpy(chars)), lengths, batch_first=True)
        layers = charmodel.num_dir * charmodel.args["char_num_layers"]
        hidden = charmodel.args["char_hidden_dim"]
        _, (h, _) = charmodel.charlstm.lstm(
            embedded,
            (charmodel.charlstm_h_init.expand(layers, len(ids), hidden).contiguous(),
             charmodel.charlstm_c_init.expand(layers, len(ids), hidden).contiguous()))
        return h[-2:].transpose(0, 1).reshape(len(ids), -1)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIOES tags of each sentence (a list of token strings), in the order given."""
        from stanza.models.ner.trainer import fix_singleton_tags

        order = sorted((i for i in range(len(sentences)) if sentences[i]), key=lambda i: len(sentences[i]), reverse=True)
        tagged: list[list[str]] = [[] for _ in sentences]
        for chunk in _chunks(order, [len(sentences[i]) for i in order]):
            lengths = np.array([len(sentences[i]) for i in chunk])
            paths = viterbi_batch(self.logits([sentences[i] for i in chunk]), lengths, self._transitions)
            for row, i in enumerate(chunk):
                tagged[i] = fix_singleton_tags([self._tag_names[t] for t in paths[row, : lengths[row]]])
        return tagged


def _chunks(items: Sequence[int], lengths: list[int], most: int = BATCH_SENTENCES) -> Iterator[list[int]]:
    """Consecutive runs of ``items`` (sorted longest first; ``lengths`` theirs) for one forward pass
    each: at most ``most`` items, and at most :data:`BATCH_CELLS` cells once padded.

    Examples:
        >>> list(_chunks(range(4), [20_000, 9_000, 9_000, 3]))
        [[0], [1, 2, 3]]
    """
    first = 0
    while first < len(items):
        size = max(1, min(most, BATCH_CELLS // max(1, lengths[first])))
        yield list(items[first:first + size])
        first += size
