"""Training NER models (spaCy or stanza) from the shared Persian NER corpora.

The corpora follow different tag sets and span conventions; this module maps them to
PER/ORG/LOC, harmonizes the corpus conventions to the project's gold conventions
(see ``GOLD_FORMAT.md``) and runs the project's own normalizer on the training text,
exactly as on input, so that the model sees at training time what it sees at run time.

Corpora (read at run time from ``../shared/data/ner/``, never copied into the repo):

- ``parstwiner``: ParsTwiNER, MIT licence (tweets; licence-clean).
- ``peyma``: PEYMA, research use only.
- ``arman``: ArmanPersoNERCorpus fold 3, research use only.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from pipeline.errors import ConfigError
from pipeline.io import iter_gold_dicts
from pipeline.ner import BACKENDS

__all__ = [
    "CORPORA",
    "RESEARCH_ONLY",
    "TaggedSentence",
    "read_conll",
    "map_tags",
    "harmonize",
    "load_corpus",
    "normalize_sentence",
    "spans_from_bio",
    "train_ner",
    "STANZA_SIZES",
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
    root = Path(shared) if shared else Path(__file__).resolve().parent.parent.parent / "shared"
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
    from pipeline.lexicons.gazetteer import harmonization_rules

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
    from pipeline.normalize import normalize

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


def _collect(corpora: Iterable[str], split: str, data_dir: Path | None, harmonized: bool) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    for name in corpora:
        part = load_corpus(name, split, data_dir=data_dir, harmonized=harmonized)
        logger.info("%s %s: %d sentences", name, split, len(part))
        sentences.extend(part)
    return sentences


# --------------------------------------------------------------------------- spaCy


def _spacy_config(seed: int, max_steps: int, width: int, vectors: Path | None) -> str:
    """spaCy's efficiency CNN NER config (8 MB, ~37k tokens/s), with static vectors if given."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="fa", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["system"]["seed"] = seed
    config["training"]["max_steps"] = max_steps
    config["training"]["patience"] = 3000
    config["training"]["eval_frequency"] = 500
    config["components"]["tok2vec"]["model"]["encode"]["width"] = width
    if vectors is not None:
        config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] = True
        config["initialize"]["vectors"] = str(vectors)
    return config.to_str()


def build_word_vectors(
    token_lists: list[list[str]], out: Path, *, dim: int = 100, min_count: int = 3, seed: int = 1
) -> Path:
    """Train word2vec (gensim) on normalized tokens and save them as a spaCy pipeline with vectors.

    The vectors carry what the three small corpora cannot: that «زاخارووا» is used like other
    surnames, that «گروسی» appears where people appear.
    """
    import numpy
    import spacy
    from gensim.models import Word2Vec

    model = Word2Vec(
        token_lists, vector_size=dim, window=5, min_count=min_count, sg=1, workers=1, epochs=8, seed=seed
    )
    nlp = spacy.blank("fa")
    keys = list(model.wv.index_to_key)
    nlp.vocab.reset_vectors(width=dim)
    for key in keys:
        nlp.vocab.set_vector(key, numpy.asarray(model.wv[key], dtype="float32"))
    nlp.vocab.vectors.name = "fa_pipeline_w2v"
    nlp.to_disk(out)
    logger.info("word vectors: %d words x %d dims -> %s", len(keys), dim, out)
    return out


def vector_text(corpora: Sequence[str], data_dir: Path | None, raw_texts: Iterable[str] = ()) -> list[list[str]]:
    """Token lists for the word vectors: the corpora's train splits and any raw texts, normalized.

    Raw texts are normalized and tokenized exactly as at run time (spaCy's Persian tokenizer).
    """
    import spacy

    from pipeline.normalize import normalize

    tokenizer = spacy.blank("fa").tokenizer
    lists = []
    for sentence in _collect(corpora, "train", data_dir, harmonized=False):
        text, _ = normalize_sentence([token for token, _ in sentence])
        lists.append([t.text for t in tokenizer(text) if not t.is_space])
    for raw in raw_texts:
        for line in normalize(raw).text.split("\n"):
            tokens = [t.text for t in tokenizer(line) if not t.is_space]
            if tokens:
                lists.append(tokens)
    return lists


def _to_docbin(nlp, sentences: list[TaggedSentence]):
    """Normalized training texts tokenized by the model's own tokenizer, entities aligned to its tokens."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    skipped = 0
    for sentence in sentences:
        text, entities = entity_char_spans(sentence)
        doc = nlp.make_doc(text)
        spans = []
        for start, end, label in entities:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is None or (spans and span.start < spans[-1].end):
                skipped += 1
                continue
            spans.append(span)
        doc.ents = spans
        docbin.add(doc)
    logger.info("%d sentences, %d entities not aligned to tokens", len(sentences), skipped)
    return docbin


def _forget_work_paths(config_path: Path) -> None:
    """Null the training-time paths (data, vectors) in a saved spaCy config: they name a deleted work folder."""
    from spacy.util import load_config

    config = load_config(config_path, interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["paths"]["vectors"] = None
    config["initialize"]["vectors"] = None
    config.to_disk(config_path)


def _train_spacy(
    out: Path,
    train: list[TaggedSentence],
    dev: list[TaggedSentence],
    *,
    seed: int,
    max_steps: int,
    width: int,
    vector_tokens: list[list[str]] | None,
) -> None:
    import spacy
    from spacy.cli.train import train as spacy_train

    work = out.parent / f".{out.name}.work"
    work.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("fa")
    _to_docbin(nlp, train).to_disk(work / "train.spacy")
    _to_docbin(nlp, dev).to_disk(work / "dev.spacy")
    vectors = build_word_vectors(vector_tokens, work / "vectors", seed=seed) if vector_tokens else None
    (work / "config.cfg").write_text(_spacy_config(seed, max_steps, width, vectors), encoding="utf-8")
    spacy_train(
        work / "config.cfg",
        work / "output",
        overrides={"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")},
    )
    best = work / "output" / "model-best"
    if out.exists():
        shutil.rmtree(out)
    best.rename(out)
    _forget_work_paths(out / "config.cfg")
    # The work folder holds the corpora as DocBins: never leave a corpus copy beside a shipped model.
    shutil.rmtree(work)


# --------------------------------------------------------------------------- stanza


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
            words.append({"text": text[span[0] : span[1]].replace(" ", "\u200c"), "ner": tag})
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

    from pipeline.backends.stanza_ner import tokenize
    from pipeline.normalize import normalize

    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    train_data = _stanza_json(train, work / "train.json")
    _stanza_json(dev, work / "dev.json")
    token_lists = [[w["text"] for w in s] for s in train_data]
    # Raw articles are tokenized as the stanza backend tokenizes its input at run time.
    for raw in raw_texts:
        token_lists.extend([tok for tok, _, _ in sent] for sent in tokenize(normalize(raw).text))
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


# --------------------------------------------------------------------------- entry point


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


def _write_card(out: Path, record: dict) -> None:
    """Write ``training.json`` (what was trained, how) and the model card ``README.md`` from it."""
    (out / "training.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    corpora = record["corpora"]
    research = sorted(set(corpora) & RESEARCH_ONLY)
    licence = (
        f"**RESEARCH USE ONLY**: trained on {', '.join(research)}, whose authors grant academic research use only; "
        "no commercial use, no redistribution of the data."
        if research
        else "**Licence-clean**: trained only on ParsTwiNER (MIT, (c) 2020 overfit.ir; keep its notice)."
    )
    data_rows = "\n".join(
        f"| {name} | {CORPORA[name].licence} | {record['train_sentences'][name]} | "
        + ", ".join(f"{k}→{v}" for k, v in CORPORA[name].tag_map.items())
        + " (all other tags → O) |"
        for name in corpora
    )
    vectors = record["word_vectors"] or []
    command = (
        f"pipeline train-ner --out models/{out.name} --backend {record['backend']} --corpora {','.join(corpora)}"
        f" --max-steps {record['max_steps']} --seed {record['seed']}"
        + (f" --size {record['size']}" if record["backend"] == "stanza" else "")
        + ("" if record["harmonized"] else " --no-harmonize")
        + "".join(f" --vectors-from {v}" for v in vectors)
    )
    if record["word_vectors"] is None:
        vector_note = "none (spaCy's hashed embeddings only)"
    else:
        vector_note = "word2vec (gensim, 100 dims) trained here on the corpora's training text" + (
            f" plus the raw articles of {', '.join(vectors)} (their text is not shipped; articles overlapping "
            "the gold documents were skipped)"
            if vectors
            else ""
        )
    text = f"""# NER model `{out.name}` ({record["backend"]})

PER/ORG/LOC tagger for Persian news, used by `pipeline.ner.EntityRecognizer`. {licence}
Select it by name: `pipeline.process(text, ner_backend="{record["backend"]}", ner_model="{out.name}")`,
or `pipeline run ... --ner-backend {record["backend"]} --ner-model {out.name}`.

## Data and label mapping
| corpus | licence | training sentences | tags mapped to PER/ORG/LOC |
|---|---|---|---|
{data_rows}

- Text: normalized with the project's normalizer (`pipeline.normalize`), exactly as input is at run time.
- Harmonized to the gold conventions (`GOLD_FORMAT.md`): {"yes" if record["harmonized"] else "no"}. Rules
  (`pipeline.ner_training.harmonize`, data in `pipeline/data/gazetteer.tsv`): title/government phrase + country
  keeps only the country as LOC; generic heads (`استان`, `خبرگزاری`) leave the span; demonyms are no entities.
- Model selection: the corpora's own dev splits (ARMAN: every 10th sentence of fold 3's training part).
- Word vectors: {vector_note}.
- The gold documents (`../shared/gold`) were not used for training or model selection.

## Training
`{command}`
(run from the repository root; reads `../shared/data/ner`): {record["train_seconds"] / 60:.1f} min on the
2-core CPU machine, one thread, shared with other jobs.

## Scores and speed
Measured by `python bench/bench_ner.py` (F1 %, exact spans; table below as last measured).
"""
    (out / "README.md").write_text(text, encoding="utf-8")


def train_ner(
    out: str | Path,
    *,
    backend: str = "spacy",
    corpora: Sequence[str] = ("parstwiner",),
    data_dir: str | Path | None = None,
    harmonized: bool = True,
    max_steps: int = 20000,
    seed: int = 1,
    width: int = 96,
    size: str = "default",
    limit: int | None = None,
    vectors_from: Sequence[str | Path] = (),
) -> Path:
    """Train a PER/ORG/LOC model on the shared corpora and write it, with its card, to ``out``.

    Args:
        out: the model directory to write (e.g. ``models/fa_news_ner``).
        backend: ``spacy`` (CNN, efficiency config) or ``stanza`` (BiLSTM-CRF, word2vec from gensim).
        corpora: names from :data:`CORPORA`; PEYMA and ARMAN make the model research-only.
        data_dir: the shared NER directory.
        harmonized: rewrite corpus spans to the gold conventions (:func:`harmonize`).
        max_steps: training steps.
        seed: random seed.
        width: spaCy tok2vec width.
        size: stanza only: a key of :data:`STANZA_SIZES` (``tiny`` for tests).
        limit: use at most this many training sentences of each corpus (tests).
        vectors_from: JSONL files of raw articles (a ``text`` field per line) whose text joins the
            corpora's training text for the static word vectors (gensim word2vec); articles that
            overlap the gold documents are left out. spaCy trains vectors only when this is given;
            stanza always does.

    Returns:
        Path: the model directory.

    Examples:
        >>> train_ner("/tmp/m", backend="keras")
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: unknown NER backend 'keras'; allowed: spacy, stanza
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown NER backend {backend!r}; allowed: {', '.join(BACKENDS)}")
    data = Path(data_dir) if data_dir else None
    parts = {name: load_corpus(name, "train", data_dir=data, harmonized=harmonized) for name in corpora}
    if limit is not None:
        rng = random.Random(seed)
        for name in corpora:
            rng.shuffle(parts[name])
            parts[name] = parts[name][:limit]
    counts = {name: len(part) for name, part in parts.items()}
    logger.info("training sentences: %s", counts)
    train = [sentence for part in parts.values() for sentence in part]
    dev = _collect(corpora, "dev", data, harmonized)
    if limit is not None:
        dev = dev[: max(1, limit // 5)]
    out = Path(out)
    started = time.perf_counter()
    raw_texts = read_texts(vectors_from, exclude=gold_texts()) if vectors_from else ()
    if backend == "spacy":
        vector_tokens = vector_text(corpora, data, raw_texts) if vectors_from else None
        _train_spacy(out, train, dev, seed=seed, max_steps=max_steps, width=width, vector_tokens=vector_tokens)
    else:
        if size not in STANZA_SIZES:
            raise ConfigError(f"unknown stanza size {size!r}; allowed: {', '.join(STANZA_SIZES)}")
        _train_stanza(out, train, dev, seed=seed, max_steps=max_steps, size=size, raw_texts=raw_texts)
    record = {
        "backend": backend,
        "corpora": list(corpora),
        "train_sentences": counts,
        "harmonized": harmonized,
        "word_vectors": [str(v) for v in vectors_from] if (vectors_from or backend == "stanza") else None,
        "max_steps": max_steps,
        "seed": seed,
        "size": size if backend == "stanza" else f"width {width}",
        "train_seconds": round(time.perf_counter() - started),
        "research_only": bool(set(corpora) & RESEARCH_ONLY),
    }
    _write_card(out, record)
    return out
