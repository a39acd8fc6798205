"""Dependency parsing (UD Persian labels) of pretokenized sentences, and treebank scoring.

The shipped model ``models/fa_ud_parser`` is a spaCy CNN tagger (UPOS) and transition-based
parser trained on the UD Persian treebanks by ``scripts/train_parser.py`` (card:
``models/fa_ud_parser/README.md``). Words go in as they are: the pipeline's normalizer has
already repaired the ZWNJs that news text drops (``می شود`` → ``می‌شود``), and the treebank
writes them, so the model never saw the spaced forms.

Examples:
    >>> parser = DependencyParser()
    >>> [(w.text, w.head, w.deprel) for w in parser.parse([["او", "آمد", "."]])[0]]
    [('او', 1, 'nsubj'), ('آمد', -1, 'root'), ('.', 1, 'punct')]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import InputError, ModelNotFoundError
from pipeline.ner import MODELS_DIR
from pipeline.records import ParsedWord
from pipeline.text.normalize import normalize
from pipeline.text.spacy_models import load_on_numpy_blas

__all__ = ["DEFAULT_PARSER_MODEL", "DependencyParser", "shipped_parser_or_none", "TreebankSentence", "read_conllu", "normalized", "merge_multiword", "attachment_scores"]

logger = logging.getLogger(__name__)

DEFAULT_PARSER_MODEL = "fa_ud_parser"
# spaCy's parser names the root arc "ROOT"; UD writes "root".
_SPACY_ROOT = "ROOT"
_SPACE = re.compile(r"\s")


class DependencyParser:
    """UPOS tags and dependency trees for pretokenized sentences.

    Args:
        model_dir: a spaCy pipeline folder with a ``tagger`` and a ``parser``; None = the shipped
            ``fa_ud_parser`` under ``MODELS_DIR`` (env ``PIPELINE_MODELS_DIR``).

    Raises:
        ModelNotFoundError: the folder is missing or is not a tagger+parser pipeline.
    """

    def __init__(self, model_dir: Path | None = None) -> None:
        self.path = Path(model_dir) if model_dir is not None else MODELS_DIR / DEFAULT_PARSER_MODEL
        if not (self.path / "config.cfg").exists():
            raise ModelNotFoundError(
                f"dependency parser model not found: {self.path} (no config.cfg). Train one with "
                f"`python scripts/train_parser.py --out {self.path}` (needs ../shared/data/ud), "
                "or pass the folder of a spaCy tagger+parser pipeline."
            )
        self.nlp = load_on_numpy_blas(self.path)
        missing = {"tagger", "parser"} - set(self.nlp.pipe_names)
        if missing:
            raise ModelNotFoundError(f"{self.path} is a spaCy pipeline without {', '.join(sorted(missing))}")
        # The entries (lexemes) of the words the model knows, made once: its strings are the
        # words of its treebank and vectors, 98% of the words of Fars News clauses; a word
        # first seen inside parse()'s memory zone is looked up again in every call.
        for word in list(self.nlp.vocab.strings):
            self.nlp.vocab[word]

    def __repr__(self) -> str:
        return f"<DependencyParser {self.path}>"

    def parse(self, sentences: Sequence[Sequence[str]], *, batch_size: int = 256) -> list[list[ParsedWord]]:
        """Tag and parse each sentence (a list of words); one tree per sentence.

        The sentences go through the model together: a call has a fixed cost about twice that of
        parsing one sentence, so the events stage hands it its clauses in batches.

        Raises:
            ValueError: a word is empty or holds whitespace (names the sentence and word).
        """
        from spacy.tokens import Doc

        for s, words in enumerate(sentences):
            if not all(words) or _SPACE.search("".join(words)):
                w = next(w for w, word in enumerate(words) if not word or _SPACE.search(word))
                raise ValueError(f"sentence {s}, word {w}: {words[w]!r} is not a word (empty or holds whitespace)")
        # A memory zone forgets the strings of the words first seen here: without it the
        # vocabulary grows with every new word of a corpus of millions of articles.
        with self.nlp.memory_zone():
            # One sentence in, one tree out: the parser may not start a new sentence inside it.
            docs = [Doc(self.nlp.vocab, words=list(words), sent_starts=[w == 0 for w in range(len(words))])
                    for words in sentences]
            return [_words(words, doc) for words, doc in zip(sentences, self.nlp.pipe(docs, batch_size=batch_size))]


def _words(words: Sequence[str], doc) -> list[ParsedWord]:  # noqa: ANN001 - a spaCy Doc
    """The tree of a parsed Doc, read from its arrays (a Token object per word and head costs more)."""
    from spacy.attrs import DEP, HEAD, TAG

    strings = doc.vocab.strings
    root = strings[_SPACY_ROOT]
    heads = doc.to_array([HEAD]).astype("int64").tolist()  # head - word (0: the root), stored unsigned
    return [
        ParsedWord(i, word, strings[tag], -1 if head == 0 else i + head, "root" if head == 0 or dep == root else strings[dep])
        for i, (word, head, (tag, dep)) in enumerate(zip(words, heads, doc.to_array([TAG, DEP]).tolist()))
    ]


@dataclass(frozen=True)
class TreebankSentence:
    """A CoNLL-U sentence: its syntactic words, and its multiword tokens as (first, last, form)
    word-index ranges (PerDT splits clitics: «شهادتش» = «شهادت» + «ش»)."""

    sent_id: str
    text: str
    words: tuple[ParsedWord, ...]
    multiword: tuple[tuple[int, int, str], ...] = ()


def read_conllu(path: str | Path) -> list[TreebankSentence]:
    """The sentences of a CoNLL-U file (empty nodes of enhanced graphs are skipped).

    Raises:
        InputError: a malformed line (names the file and line).
    """
    path = Path(path)
    sentences: list[TreebankSentence] = []
    meta: dict[str, str] = {}
    words: list[ParsedWord] = []
    multiword: list[tuple[int, int, str]] = []

    def flush() -> None:
        if words:
            sentences.append(TreebankSentence(meta.get("sent_id", ""), meta.get("text", ""), tuple(words), tuple(multiword)))
        meta.clear()
        words.clear()
        multiword.clear()

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line:
                flush()
                continue
            if line.startswith("#"):
                key, sep, value = line[1:].partition("=")
                if sep:
                    meta[key.strip()] = value.strip()
                continue
            columns = line.split("\t")
            if len(columns) != 10:
                raise InputError(str(path), f"expected 10 tab-separated columns, found {len(columns)}", line=number)
            ident = columns[0]
            try:
                if "-" in ident:
                    first, last = (int(part) - 1 for part in ident.split("-"))
                    multiword.append((first, last, columns[1]))
                elif "." not in ident:
                    if int(ident) != len(words) + 1:
                        raise ValueError(f"word id {ident} out of sequence")
                    words.append(ParsedWord(len(words), columns[1], columns[3], int(columns[6]) - 1, columns[7]))
            except ValueError as error:
                raise InputError(str(path), f"bad word line: {error}", line=number) from None
    flush()
    return sentences



def normalized(sentence: TreebankSentence) -> TreebankSentence:
    """The sentence with each word as the pipeline's normalizer writes it (``20`` → ``۲۰``,
    ``کاملاً`` → ``کاملا``); a word the normalizer would split or empty stays as it is."""
    words = []
    for word in sentence.words:
        text = normalize(word.text).text
        if not text or any(ch.isspace() for ch in text):
            text = word.text
        words.append(replace(word, text=text))
    return replace(sentence, words=tuple(words))


def merge_multiword(sentence: TreebankSentence) -> TreebankSentence:
    """The sentence with each multiword token as one word, as the pipeline tokenizes it.

    The merged word takes the tag, head and relation of the span's word nearest the root
    (``شهادت`` in ``شهادتش``): its path to the root never re-enters the span, so the merged tree
    has no cycle. Arcs into the span point at the merged word.
    """
    if not sentence.multiword:
        return sentence

    def depth(word: ParsedWord) -> int:
        steps = 0
        while word.head >= 0:
            word, steps = sentence.words[word.head], steps + 1
            if steps > len(sentence.words):
                raise ValueError(f"sentence {sentence.sent_id}: the heads form a cycle")
        return steps

    new_index: dict[int, int] = {}
    keep: list[tuple[ParsedWord, str]] = []
    spans = {first: (last, form) for first, last, form in sentence.multiword}
    i = 0
    while i < len(sentence.words):
        last, form = spans.get(i, (i, sentence.words[i].text))
        inside = sentence.words[i : last + 1]
        for j in range(i, last + 1):
            new_index[j] = len(keep)
        keep.append((min(inside, key=depth), form))
        i = last + 1
    words = tuple(
        ParsedWord(n, form, word.upos, -1 if word.head < 0 else new_index[word.head], word.deprel)
        for n, (word, form) in enumerate(keep)
    )
    return TreebankSentence(sentence.sent_id + "-merged", sentence.text, words)


def attachment_scores(gold: Iterable[Sequence[ParsedWord]], predicted: Iterable[Sequence[ParsedWord]]) -> dict[str, float]:
    """UAS, LAS and UPOS accuracy (%) over all words, punctuation included, as CoNLL 2018 scores them
    on gold tokenization: ``las`` compares the universal relation (``obl:arg`` = ``obl``),
    ``las_full`` the whole label. ``words`` is the number of words scored.

    Raises:
        ValueError: a predicted sentence whose words differ from the gold one's.

    Examples:
        >>> gold = [[ParsedWord(0, "او", "PRON", 1, "nsubj"), ParsedWord(1, "آمد", "VERB", -1, "root")]]
        >>> pred = [[ParsedWord(0, "او", "PRON", 1, "obj"), ParsedWord(1, "آمد", "NOUN", -1, "root")]]
        >>> attachment_scores(gold, pred)
        {'uas': 100.0, 'las': 50.0, 'las_full': 50.0, 'upos': 50.0, 'words': 2}
    """
    total = heads = labels = full_labels = tags = 0
    for s, (gold_words, predicted_words) in enumerate(zip(gold, predicted, strict=True)):
        if [w.text for w in gold_words] != [w.text for w in predicted_words]:
            raise ValueError(f"sentence {s}: predicted words differ from the gold words")
        for g, p in zip(gold_words, predicted_words):
            total += 1
            tags += g.upos == p.upos
            if g.head == p.head:
                heads += 1
                labels += g.deprel.split(":")[0] == p.deprel.split(":")[0]
                full_labels += g.deprel == p.deprel
    if not total:
        return {"uas": 0.0, "las": 0.0, "las_full": 0.0, "upos": 0.0, "words": 0}
    return {
        "uas": 100 * heads / total,
        "las": 100 * labels / total,
        "las_full": 100 * full_labels / total,
        "upos": 100 * tags / total,
        "words": total,
    }


def shipped_parser_or_none() -> DependencyParser | None:
    """The shipped dependency parser, or None (with a warning) when its model is missing: the
    events stage then reads clauses without parses."""
    try:
        return DependencyParser()
    except ModelNotFoundError as exc:
        logger.warning("events without clause parses: %s", exc)
        return None
