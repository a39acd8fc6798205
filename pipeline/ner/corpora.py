"""The shared Persian NER corpora, read as PER/ORG/LOC in the project's conventions.

The corpora follow different tag sets and span conventions; this module maps them to
PER/ORG/LOC, harmonizes the corpus conventions to the project's gold conventions
(see ``GOLD_FORMAT.md``) and runs the project's own normalizer on the training text,
exactly as on input, so that a model sees at training time what it sees at run time.

Corpora (read at run time from ``../shared/data/ner/``, never copied into the repo):

- ``parstwiner``: ParsTwiNER, MIT licence (tweets; licence-clean).
- ``peyma``: PEYMA, research use only.
- ``arman``: ArmanPersoNERCorpus fold 3, research use only.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from pipeline.errors import ConfigError
from pipeline.io.gold import iter_gold_dicts
from pipeline.lexicons.gazetteer import harmonization_rules
from pipeline.text.normalize import normalize

__all__ = [
    "CORPORA",
    "RESEARCH_ONLY",
    "TaggedSentence",
    "read_conll",
    "map_tags",
    "harmonize",
    "load_corpus",
    "collect",
    "normalize_sentence",
    "entity_char_spans",
    "spans_from_bio",
    "read_texts",
    "gold_texts",
    "default_data_dir",
]

logger = logging.getLogger(__name__)

# (token, tag) pairs of one sentence, IOB2 tags.
TaggedSentence = list[tuple[str, str]]


@dataclass(frozen=True)
class CorpusSpec:
    """Where a corpus lies under the shared NER directory and how its tags map to PER/ORG/LOC."""

    directory: str
    splits: dict[str, str]
    tag_map: dict[str, str]
    licence: str


# Tags absent from a map become O: dates, money, events, products, facilities, nationalities.
# ParsTwiNER's POG (parties, political groups such as «حزب‌الله», «طالبان») are organizations in
# our gold conventions; NAT (demonyms) are not entities there.
CORPORA: dict[str, CorpusSpec] = {
    "parstwiner": CorpusSpec(
        "parstwiner",
        {"train": "train.conll", "dev": "dev.conll", "test": "test.conll"},
        {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "POG": "ORG"},
        "MIT",
    ),
    "peyma": CorpusSpec(
        "peyma",
        {"train": "train.conll", "dev": "dev.conll", "test": "test.conll"},
        {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
        "research use only",
    ),
    # ARMAN has no dev split: fold 3's train part is split 90/10 by `load_corpus`.
    "arman": CorpusSpec(
        "arman",
        {"train": "train_fold3.conll", "dev": "train_fold3.conll", "test": "test_fold3.conll"},
        {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"},
        "research use only",
    ),
}
RESEARCH_ONLY = frozenset(name for name, spec in CORPORA.items() if spec.licence != "MIT")


def default_data_dir() -> Path:
    """The shared NER corpora: ``$PIPELINE_SHARED_DIR/data/ner`` or ``../shared/data/ner``."""
    shared = os.environ.get("PIPELINE_SHARED_DIR")
    root = Path(shared) if shared else Path(__file__).resolve().parents[3] / "shared"
    return root / "data" / "ner"


def read_conll(path: str | Path) -> list[TaggedSentence]:
    """Read ``token<TAB>tag`` lines with a blank line between sentences.

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.conll"
        >>> _ = p.write_text("علی\\tB-PER\\nآمد\\tO\\n\\n", encoding="utf-8")
        >>> read_conll(p)
        [[('علی', 'B-PER'), ('آمد', 'O')]]
    """
    sentences: list[TaggedSentence] = []
    current: TaggedSentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            token, _, tag = line.rpartition("\t")
            if not token:
                token, tag = line.split()[0], line.split()[-1]
            current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def map_tags(sentence: TaggedSentence, tag_map: dict[str, str]) -> TaggedSentence:
    """Map a corpus's entity types to PER/ORG/LOC (others to O) and repair orphan I- tags.

    Examples:
        >>> map_tags([("حزب", "B-POG"), ("دموکرات", "I-POG"), ("ایرانی", "B-NAT")], {"POG": "ORG"})
        [('حزب', 'B-ORG'), ('دموکرات', 'I-ORG'), ('ایرانی', 'O')]
    """
    out: TaggedSentence = []
    previous = "O"
    for token, tag in sentence:
        prefix, _, kind = tag.partition("-")
        label = tag_map.get(kind) if prefix in ("B", "I") else None
        if label is None:
            new = "O"
        elif prefix == "I" and previous[2:] != label:
            new = f"B-{label}"  # the B- token was mapped away or never existed
        else:
            new = f"{prefix}-{label}"
        out.append((token, new))
        previous = new
    return out


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last_exclusive, label)`` of an IOB2 tag sequence.

    Examples:
        >>> spans_from_bio(["B-ORG", "I-ORG", "O", "B-LOC"])
        [(0, 2, 'ORG'), (3, 4, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if tag.startswith(("B-", "I-")):
            start, label = i, tag[2:]
    return spans


def harmonize(sentence: TaggedSentence) -> TaggedSentence:
    """Rewrite corpus spans to the project's gold conventions (rules in :mod:`pipeline.lexicons.gazetteer`).

    - A title/government/ministry phrase followed by a country (``دولت انگلیس``, ``وزیر خارجه
      ایران``) tagged as one ORG keeps only the country, as LOC.
    - A generic head (``استان ادلب``, ``خبرگزاری اسپوتنیک``) is dropped from the span.
    - A demonym (``ایرانی``) tagged as an entity becomes O.

    Examples:
        >>> harmonize([("دولت", "B-ORG"), ("انگلیس", "I-ORG"), ("گفت", "O")])
        [('دولت', 'O'), ('انگلیس', 'B-LOC'), ('گفت', 'O')]
    """
    rules = harmonization_rules()
    tokens = [token for token, _ in sentence]
    tags = ["O"] * len(sentence)
    for first, last, label in spans_from_bio([tag for _, tag in sentence]):
        words = tokens[first:last]
        new = rules.rewrite(words, label)
        if new is None:
            continue
        offset, length, new_label = new
        tags[first + offset] = f"B-{new_label}"
        for i in range(first + offset + 1, first + offset + length):
            tags[i] = f"I-{new_label}"
    return list(zip(tokens, tags))


def load_corpus(
    name: str, split: str, *, data_dir: str | Path | None = None, harmonized: bool = True
) -> list[TaggedSentence]:
    """One split of a corpus, mapped to PER/ORG/LOC (and harmonized unless asked not to).

    Args:
        name: a key of :data:`CORPORA`.
        split: ``train``, ``dev`` or ``test``.
        data_dir: the shared NER directory (default :func:`default_data_dir`).
        harmonized: apply :func:`harmonize` (the corpora's own conventions when False).
    """
    if name not in CORPORA:
        raise ConfigError(f"unknown NER corpus {name!r}; allowed: {', '.join(CORPORA)}")
    spec = CORPORA[name]
    path = Path(data_dir or default_data_dir()) / spec.directory / spec.splits[split]
    if not path.exists():
        raise ConfigError(f"NER corpus file {path} not found; set PIPELINE_SHARED_DIR to the shared directory")
    sentences = [map_tags(s, spec.tag_map) for s in read_conll(path)]
    if name == "arman" and split in ("train", "dev"):
        # A fixed 90/10 split of fold 3's training part serves as ARMAN's dev set.
        sentences = [s for i, s in enumerate(sentences) if (i % 10 == 9) == (split == "dev")]
    if harmonized:
        sentences = [harmonize(s) for s in sentences]
    return sentences


def normalize_sentence(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int] | None]]:
    """Join tokens with spaces, normalize as at run time, and locate each token in the result.

    Returns:
        (text, spans): the normalized sentence and, per token, its normalized character span
        (None for a token that normalization deleted, such as a lone bidi mark).

    Examples:
        >>> normalize_sentence(["علي", "آمد"])
        ('علی آمد', [(0, 3), (4, 7)])
    """
    raw = " ".join(tokens)
    norm = normalize(raw)
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for token in tokens:
        start, end = norm.to_norm_span(pos, pos + len(token))
        spans.append((start, end) if end > start and norm.text[start:end].strip() else None)
        pos += len(token) + 1
    return norm.text, spans


def entity_char_spans(sentence: TaggedSentence) -> tuple[str, list[tuple[int, int, str]]]:
    """The normalized text of a tagged sentence and its entities as character spans."""
    tokens = [token for token, _ in sentence]
    text, spans = normalize_sentence(tokens)
    entities = []
    for first, last, label in spans_from_bio([tag for _, tag in sentence]):
        inside = [s for s in spans[first:last] if s is not None]
        if inside:
            entities.append((inside[0][0], inside[-1][1], label))
    return text, entities


def collect(corpora: Iterable[str], split: str, data_dir: Path | None, harmonized: bool) -> list[TaggedSentence]:
    """One split of several corpora, one after the other (see :func:`load_corpus`)."""
    sentences: list[TaggedSentence] = []
    for name in corpora:
        part = load_corpus(name, split, data_dir=data_dir, harmonized=harmonized)
        logger.info("%s %s: %d sentences", name, split, len(part))
        sentences.extend(part)
    return sentences


def gold_texts(shared_dir: str | Path | None = None) -> list[str]:
    """The texts of the gold documents (``gold/*.jsonl`` beside ``data/ner``), to keep them out of training."""
    root = Path(shared_dir) if shared_dir else default_data_dir().parent.parent
    return [doc["text"] for path in sorted((root / "gold").glob("*.jsonl")) for doc in iter_gold_dicts(path)]


def read_texts(paths: Sequence[str | Path], *, exclude: Sequence[str] = ()) -> Iterator[str]:
    """The ``text`` field of each line of JSONL files (raw articles for the word vectors).

    An article that shares any 40-character passage with a text of ``exclude`` is skipped: the gold
    documents are news articles too, and some lie in the raw article samples; they are the
    evaluation and must not reach training, not even through the vectors.
    """
    passages = {text[i : i + 40] for text in exclude for i in range(0, max(1, len(text) - 40), 20)}
    skipped = 0
    for path in paths:
        for doc in iter_gold_dicts(path):
            text = doc["text"]
            if any(text[i : i + 40] in passages for i in range(0, max(1, len(text) - 40))):
                skipped += 1
                continue
            yield text
    logger.info("raw texts: %d skipped as overlapping the excluded (gold) texts", skipped)
