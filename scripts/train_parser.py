"""Train ``models/fa_ud_parser``: a spaCy CNN tagger (UPOS) and dependency parser for Persian.

Data (read at run time from ``../shared/data/ud``, never copied into the repo):

- PerDT dev (CoNLL-U): the training set, less 200 random sentences held out for model selection.
  PerDT's train split exists here as plain text only (``fa_perdt-ud-train.txt``); it feeds the
  static word vectors, never the syntax.
- PerDT test: the evaluation only (scores in the model card); its texts are checked absent from
  everything training reads.
- Seraji is left out: it heads light-verb constructions the other way round (``احضار شد``: PerDT
  makes the verb the head with the noun as ``compound:lvc``; Seraji attaches the verb to the noun
  as ``compound``) and numerals too (``هزار`` as ``compound``), so its trees would teach the
  parser the structure the events stage reads as clauses in the opposite direction.

The words are passed through the pipeline's normalizer one by one (Persian digits, no tanwin),
as the pipeline feeds them at run time; ZWNJs stay as the treebank writes them. PerDT splits
pronoun clitics off their host (``شهادتش`` = ``شهادت`` + ``ش``) but the pipeline's tokenizer does
not, so each training sentence with such multiword tokens is added a second time with them merged
into one word (:func:`pipeline.text.parsing.merge_multiword`).

Static vectors: word2vec (gensim, 100 dims) on the PerDT train text and the Fars News sample
(``raw/farsnews/articles.jsonl``, normalized and tokenized as at run time; articles overlapping the
gold documents are skipped; no text is shipped).

Usage (one core; the shipped model's exact command is in its card)::

    OMP_NUM_THREADS=1 python scripts/train_parser.py [--shared ../shared] [--out models/fa_ud_parser]
        [--max-minutes 25] [--max-steps 20000] [--seed 1] [--no-vectors] [--width 96] [--depth 3] [--hidden 64]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.text.parsing import (  # noqa: E402
    DependencyParser,
    TreebankSentence,
    attachment_scores,
    merge_multiword,
    normalized,
    read_conllu,
)

logger = logging.getLogger("train_parser")

HOLDOUT_SENTENCES = 200
HOLDOUT_SEED = 13
WIDTH = 96
DEPTH = 3
PARSER_HIDDEN = 64


class TimeUp(Exception):
    """The training time budget is spent; the best checkpoint so far is the model."""


# --------------------------------------------------------------------------- data


def split_holdout(sentences: list[TreebankSentence]) -> tuple[list[TreebankSentence], list[TreebankSentence]]:
    """Training part and the held-out part for model selection (fixed random sentences)."""
    held = set(random.Random(HOLDOUT_SEED).sample(range(len(sentences)), min(HOLDOUT_SENTENCES, len(sentences) // 5)))
    return [s for i, s in enumerate(sentences) if i not in held], [s for i, s in enumerate(sentences) if i in held]


def to_docbin(vocab, sentences: Sequence[TreebankSentence]):  # noqa: ANN001, ANN201 - spaCy types
    """One Doc per sentence: UPOS as the tag, the tree as heads and relations (root = ``ROOT``)."""
    from spacy.tokens import Doc, DocBin

    docbin = DocBin(attrs=["TAG", "HEAD", "DEP", "SENT_START"], store_user_data=False)
    for sentence in sentences:
        words = sentence.words
        docbin.add(
            Doc(
                vocab,
                words=[w.text for w in words],
                tags=[w.upos for w in words],
                heads=[w.index if w.head < 0 else w.head for w in words],
                deps=["ROOT" if w.head < 0 else w.deprel for w in words],
                sent_starts=[True] + [False] * (len(words) - 1),
            )
        )
    return docbin


def vector_tokens(shared: Path, exclude_texts: set[str]) -> list[list[str]]:
    """Token lists for word2vec: PerDT train text and the Fars News sample, normalized and
    tokenized as at run time; a line that is a PerDT test sentence is skipped."""
    from pipeline.events.actors import tokenize
    from pipeline.ner.corpora import gold_texts, read_texts
    from pipeline.text.normalize import normalize

    def tokens(text: str) -> list[str]:
        return [t.text for t in tokenize(normalize(text).text)]

    lists = []
    for line in (shared / "data/ud/perdt/fa_perdt-ud-train.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and line.strip() not in exclude_texts:
            lists.append(tokens(line))
    for article in read_texts([shared / "data/raw/farsnews/articles.jsonl"], exclude=gold_texts(shared)):
        lists.extend(t for line in article.split("\n") if (t := tokens(line)))
    return lists


# --------------------------------------------------------------------------- training


def config_text(
    seed: int, max_steps: int, vectors: Path | None, *, width: int = WIDTH, depth: int = DEPTH, hidden: int = PARSER_HIDDEN
) -> str:
    """spaCy's efficiency CNN tagger+parser config, sized for ≥ 10k words/s on one core."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="fa", pipeline=["tagger", "parser"], optimize="efficiency", gpu=False)
    config["system"]["seed"] = seed
    training = config["training"]
    training["max_steps"] = max_steps
    training["patience"] = 0
    training["eval_frequency"] = 200
    training["dropout"] = 0.2
    training["score_weights"] = {"dep_las": 0.6, "dep_uas": 0.2, "tag_acc": 0.2}
    encode = config["components"]["tok2vec"]["model"]["encode"]
    encode["width"] = width
    encode["depth"] = depth
    config["components"]["tok2vec"]["model"]["embed"]["rows"] = [10000, 2000, 5000, 500]
    # Rare relations (vocative, fixed, flat:num) would otherwise collapse into ``dep``.
    config["components"]["parser"]["min_action_freq"] = 5
    config["components"]["parser"]["model"]["hidden_width"] = hidden
    config["components"]["parser"]["model"]["maxout_pieces"] = 2
    if vectors is not None:
        config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] = True
        config["paths"]["vectors"] = str(vectors)
    return config.to_str()


def train(
    out: Path,
    train_sentences: Sequence[TreebankSentence],
    dev_sentences: Sequence[TreebankSentence],
    *,
    seed: int = 1,
    max_steps: int = 20000,
    max_minutes: float | None = None,
    vectors: Path | None = None,
    width: int = WIDTH,
    depth: int = DEPTH,
    hidden: int = PARSER_HIDDEN,
) -> dict:
    """Train a tagger+parser and save the best checkpoint (held-out score) to ``out``.

    Returns what happened: steps, seconds, the held-out scores of the saved model.
    """
    import spacy
    from spacy.cli.train import train as spacy_train
    from spacy.util import load_config, registry

    started = time.monotonic()
    progress = {"steps": 0}

    @registry.callbacks("fa_ud_parser.time_budget.v1")
    def time_budget():  # noqa: ANN202 - spaCy callback factory
        def before_update(nlp, args):  # noqa: ANN001, ANN202
            progress["steps"] = args["step"]
            if max_minutes is not None and time.monotonic() - started > 60 * max_minutes:
                raise TimeUp(f"stopped at step {args['step']} after {max_minutes} minutes")

        return before_update

    # The work folder holds the treebank as DocBins: a temporary folder, never beside the model.
    with tempfile.TemporaryDirectory(prefix="fa_ud_parser.") as tmp:
        work = Path(tmp)
        vocab = spacy.blank("fa").vocab
        to_docbin(vocab, train_sentences).to_disk(work / "train.spacy")
        to_docbin(vocab, dev_sentences).to_disk(work / "dev.spacy")
        (work / "config.cfg").write_text(config_text(seed, max_steps, vectors, width=width, depth=depth, hidden=hidden), encoding="utf-8")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "training.before_update": {"@callbacks": "fa_ud_parser.time_budget.v1"},
        }
        stopped = "max_steps"
        try:
            spacy_train(work / "config.cfg", work / "output", overrides=overrides)
        except TimeUp as reason:
            stopped = str(reason)
        seconds = time.monotonic() - started
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(work / "output" / "model-best"), str(out))
    # The saved config names the deleted work folder and this script's callback; forget both.
    config = load_config(out / "config.cfg", interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["paths"]["vectors"] = None
    config["training"]["before_update"] = None
    config.to_disk(out / "config.cfg")
    held_out = attachment_scores(
        [s.words for s in dev_sentences], DependencyParser(out).parse([[w.text for w in s.words] for s in dev_sentences])
    )
    return {"steps": progress["steps"], "train_seconds": round(seconds), "stopped": stopped, "held_out": held_out}


# --------------------------------------------------------------------------- card


def model_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def write_card(out: Path, record: dict) -> None:
    """``training.json`` (what was trained, how) and the model card ``README.md`` from it."""
    (out / "training.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    test, held = record["perdt_test"], record["held_out"]
    card = f"""# Dependency parser `fa_ud_parser` (spaCy {record["spacy"]})

UPOS tagger and dependency parser (UD v2 labels, PerDT conventions) for Persian, used by
`pipeline.text.parsing.DependencyParser` on pretokenized, normalized sentences.
spaCy CNN: shared tok2vec (MultiHashEmbed + MaxoutWindowEncoder, width {record["width"]}, depth {record["depth"]}{", static word2vec vectors" if record["word_vectors"] else ""}),
`tagger` (UPOS in `Token.tag_`) and transition-based `parser` (hidden {record["parser_hidden"]}; non-projective trees through
pseudo-projective labels). No tokenizer is used: callers build `Doc(nlp.vocab, words=...)`.

## Data and licence
| treebank | licence | used for |
|---|---|---|
| UD_Persian-PerDT dev (commit d728a98) | CC BY-SA 4.0 | training: {record["train_sentences"]} sentences ({record["train_words"]} words) + {record["merged_copies"]} copies with clitic multiword tokens merged; model selection: {record["held_out_sentences"]} held-out sentences (random.seed({HOLDOUT_SEED})) |
| UD_Persian-PerDT test | CC BY-SA 4.0 | evaluation only (no test sentence occurs in anything training reads) |
| UD_Persian-PerDT train text (`fa_perdt-ud-train.txt`) | CC BY-SA 4.0 | word vectors only |
| Fars News sample (`raw/farsnews/articles.jsonl`) | internal use | word vectors only (text not shipped; articles overlapping the gold documents skipped) |

Attribution (CC BY-SA 4.0): M. S. Rasooli, P. Safari, A. Moloodi, A. Nourian, "The Persian Dependency
Treebank Made Universal", 2020; M. S. Rasooli, M. Kouhestani, A. Moloodi, NAACL-HLT 2013. The original
PerDT (Dadegan) licence was non-commercial; the UD release is CC BY-SA 4.0 (see `../shared/data/ud/perdt/SOURCE.md`).
UD_Persian-Seraji is not used: it heads light-verb constructions the other way round (the verb attaches to
the noun as `compound`; PerDT makes the verb the head and the noun `compound:lvc`).

Words were normalized one by one by the project's normalizer (Persian digits, no tanwin), as the pipeline
feeds them; ZWNJs as the treebank writes them (the pipeline repairs lost ZWNJs before parsing).

## Training
`OMP_NUM_THREADS=1 python scripts/train_parser.py --max-minutes {record["max_minutes"]:g} --seed {record["seed"]} --width {record["width"]} --depth {record["depth"]} --hidden {record["parser_hidden"]}` (from the repository
root, reads `../shared/data/ud`): {record["steps"]} steps in {record["train_seconds"] / 60:.1f} min on one core of the shared
2-core machine ({record["stopped"]}); best checkpoint by the held-out score
(spaCy's: 0.6 LAS + 0.2 UAS + 0.2 UPOS accuracy, punctuation excluded), evaluated every 200 steps.

## Scores (gold tokenization, all words including punctuation, CoNLL 2018 style)
| set | words | UPOS | UAS | LAS | LAS (full labels) |
|---|---|---|---|---|---|
| PerDT test | {test["words"]} | {test["upos"]:.1f} | {test["uas"]:.1f} | {test["las"]:.1f} | {test["las_full"]:.1f} |
| held-out PerDT dev | {held["words"]} | {held["upos"]:.1f} | {held["uas"]:.1f} | {held["las"]:.1f} | {held["las_full"]:.1f} |

LAS compares the universal relation (`obl:arg` = `obl`), as the CoNLL 2018 scorer does; the last column
compares whole labels. Size: {record["size_mb"]:.1f} MB. Speed (words/s, one core): `python bench/bench_parser.py`.
"""
    (out / "README.md").write_text(card, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "models" / "fa_ud_parser")
    parser.add_argument("--max-minutes", type=float, default=25.0, help="training time cap; 0 = none")
    parser.add_argument("--max-steps", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-vectors", action="store_true")
    parser.add_argument("--width", type=int, default=WIDTH, help="tok2vec width")
    parser.add_argument("--depth", type=int, default=DEPTH, help="tok2vec CNN layers")
    parser.add_argument("--hidden", type=int, default=PARSER_HIDDEN, help="parser hidden width")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import spacy

    ud = args.shared / "data" / "ud" / "perdt"
    test = read_conllu(ud / "fa_perdt-ud-test.conllu")
    train_part, held_out = split_holdout(read_conllu(ud / "fa_perdt-ud-dev.conllu"))
    test_texts = {s.text for s in test}
    leaked = [s.sent_id for s in train_part + held_out if s.text in test_texts]
    if leaked:
        raise SystemExit(f"PerDT test sentences in the training data: {leaked[:5]}")
    train_part = [normalized(s) for s in train_part]
    held_out = [normalized(s) for s in held_out]
    merged = [merge_multiword(s) for s in train_part if s.multiword]
    logger.info("train %d sentences + %d merged copies, held out %d", len(train_part), len(merged), len(held_out))

    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="fa_ud_parser.vectors.") as tmp:
        vectors = None
        if not args.no_vectors:
            from pipeline.ner.backends.spacy_training import build_word_vectors

            tokens = vector_tokens(args.shared, test_texts)
            logger.info("word vectors from %d token lists", len(tokens))
            vectors = build_word_vectors(tokens, Path(tmp) / "vectors", seed=args.seed)
        result = train(
            out, train_part + merged, held_out, seed=args.seed, max_steps=args.max_steps,
            max_minutes=args.max_minutes or None, vectors=vectors, width=args.width, depth=args.depth, hidden=args.hidden,
        )
    test = [normalized(s) for s in test]
    scores = attachment_scores([s.words for s in test], DependencyParser(out).parse([[w.text for w in s.words] for s in test]))
    record = {
        "spacy": spacy.__version__,
        "seed": args.seed,
        "max_minutes": args.max_minutes,
        "train_sentences": len(train_part),
        "train_words": sum(len(s.words) for s in train_part),
        "merged_copies": len(merged),
        "held_out_sentences": len(held_out),
        "word_vectors": not args.no_vectors,
        "width": args.width,
        "depth": args.depth,
        "parser_hidden": args.hidden,
        **result,
        "perdt_test": scores,
        "size_mb": round(model_size_mb(out), 1),
    }
    write_card(out, record)
    logger.info("PerDT test: %s", scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
