"""Build ``pipeline/data/zwnj/lexicon.tsv``, the learned part of the ZWNJ repairer.

The lexicon maps a letter skeleton (a word or a pair of words with every ZWNJ and the
space between them removed) to the form clean text writes most often: with ZWNJs
(``میرسد`` → ``می‌رسد``), glued (``میدان``, a word the morphology rules of
:mod:`pipeline.zwnj` would wrongly split) or as two words (``به ویژه``, a pair the rules
would wrongly join). Only entries whose form the rules would not produce are kept, so
the file stays small and the rules handle the long tail of unseen words.

Sources (text with correct ZWNJs; NEVER the ZWNJ evaluation set or the UD dev/test files
it was built from):

- PerDT train text (``ud/perdt/fa_perdt-ud-train.txt``): word and word-pair counts;
- ParsTwiNER tokens and Fars News articles: only their ZWNJ forms (both also lose ZWNJs,
  so their glued and spaced forms are not evidence);
- hazm 0.10's word list: each skeleton's most frequent form there, as a weak vote.

Usage::

    python scripts/build_zwnj_model.py [--shared ../shared] [--out pipeline/data/zwnj/lexicon.tsv]
    # tuning without the dev set: hold out the last N PerDT train sentences and write them
    # as a dev-like jsonl (gold / deleted / spaced)
    python scripts/build_zwnj_model.py --holdout 3000 --holdout-out /tmp/zwnj_tune.jsonl --out /tmp/lex.tsv
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.normalize import Normalizer  # noqa: E402
from pipeline.zwnj import ZWNJ, Rules, visual_form  # noqa: E402

TOKEN = re.compile(r"(?:[^\W\d_]|\u200c)+")
# Weights of the weaker sources against one PerDT occurrence.
EXTRA_WEIGHT = 0.5
HAZM_WEIGHT = 3.0


def count_text(lines, norm: Normalizer, unigrams: Counter, pairs: Counter) -> None:
    """Count word forms and pairs of words separated by one space."""
    for line in lines:
        text = norm.normalize(line).text
        prev = None
        for match in TOKEN.finditer(text):
            form = visual_form(match.group(0).strip(ZWNJ))
            if not form:
                prev = None
                continue
            unigrams[form] += 1
            if prev is not None and text[prev.end() : match.start()] == " ":
                pairs[(visual_form(prev.group(0).strip(ZWNJ)), form)] += 1
            prev = match


def zwnj_forms(tokens, norm: Normalizer) -> Counter:
    """Counts of the forms holding a visible ZWNJ."""
    counts: Counter = Counter()
    for token in tokens:
        for match in TOKEN.finditer(norm.normalize(token).text):
            form = visual_form(match.group(0).strip(ZWNJ))
            if ZWNJ in form:
                counts[form] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "pipeline/data/zwnj/lexicon.tsv")
    parser.add_argument("--holdout", type=int, default=0, help="leave out the last N PerDT train sentences")
    parser.add_argument("--holdout-out", type=Path, help="write the held-out sentences with a ZWNJ here (jsonl)")
    parser.add_argument("--min-count", type=float, default=1.0, help="least score an entry needs")
    args = parser.parse_args()

    norm = Normalizer(repair_zwnj=False)
    data = args.shared / "data"
    perdt = (data / "ud/perdt/fa_perdt-ud-train.txt").read_text(encoding="utf-8").splitlines()
    if args.holdout:
        held = perdt[-args.holdout :]
        perdt = perdt[: -args.holdout]
        if args.holdout_out:
            with args.holdout_out.open("w", encoding="utf-8") as out:
                for i, gold in enumerate(held):
                    if re.search(r"\w\u200c\w", gold):
                        out.write(json.dumps({
                            "id": f"perdt-holdout-{i}",
                            "gold": gold,
                            "deleted": gold.replace(ZWNJ, ""),
                            "spaced": re.sub(r"\s*\u200c\s*", " ", gold),
                        }, ensure_ascii=False) + "\n")

    unigrams: Counter = Counter()
    pairs: Counter = Counter()
    count_text(perdt, norm, unigrams, pairs)

    extra: Counter = Counter()
    for path in sorted((data / "ner/parstwiner").glob("*.conll")):
        tokens = (line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
        extra.update(zwnj_forms(tokens, norm))
    with (data / "raw/farsnews/articles.jsonl").open(encoding="utf-8") as f:
        extra.update(zwnj_forms((json.loads(line)["text"] for line in f), norm))

    from hazm.utils import words_list

    # hazm's list holds many glued or unattested forms with frequency 0: those vote weakly.
    hazm_best: dict[str, tuple[int, str]] = {}
    for word, freq, _tags in words_list():
        for match in TOKEN.finditer(norm.normalize(word).text):
            form = visual_form(match.group(0).strip(ZWNJ))
            if form and form == match.group(0):
                key = form.replace(ZWNJ, "")
                if key not in hazm_best or freq > hazm_best[key][0]:
                    hazm_best[key] = (freq, form)

    # Candidate written forms per skeleton, with scores.
    scores: dict[str, Counter] = defaultdict(Counter)
    for form, n in unigrams.items():
        scores[form.replace(ZWNJ, "")][form] += n
    for form, n in extra.items():
        scores[form.replace(ZWNJ, "")][form] += EXTRA_WEIGHT * n
    for key, (freq, form) in hazm_best.items():
        scores[key][form] += HAZM_WEIGHT if freq > 0 else HAZM_WEIGHT / 4
    rules = Rules.default()
    # A pair competes with the one-word forms of its skeleton when that skeleton is a word
    # somewhere, or when the rules would join the pair.
    for (left, right), n in pairs.items():
        key = (left + right).replace(ZWNJ, "")
        if key in scores or len(left) in rules.marks(key):
            scores[key][f"{left} {right}"] += n

    kept = 0
    with args.out.open("w", encoding="utf-8") as out:
        out.write(
            "# ZWNJ lexicon: letter skeleton -> the form clean text writes (ZWNJs, glued, or two words).\n"
            "# Built by scripts/build_zwnj_model.py from PerDT train text (word and pair counts), ParsTwiNER and\n"
            "# Fars News ZWNJ forms (weight 0.5) and hazm 0.10's word list (weight 0.5 for its most frequent form).\n"
            "# Entries scoring under --min-count are left out (the rules of pipeline.zwnj cover unseen words).\n"
            "# Format: form<TAB>score (score = weighted occurrences of the form).\n"
            "# Known problems: PerDT style (plural -ها with ZWNJ, «آنها» glued); tweets and news lose ZWNJs, so only\n"
            "# their ZWNJ forms count; a ZWNJ after a non-joining letter (invisible) is dropped from every form.\n"
        )
        for key in sorted(scores):
            # on a tie the two-word form wins: joining words is the costlier mistake
            form, score = max(scores[key].items(), key=lambda item: (item[1], " " in item[0]))
            if score < args.min_count:
                continue
            out.write(f"{form}\t{score:g}\n")
            kept += 1
    print(f"{kept} entries written to {args.out} ({len(unigrams)} PerDT forms, {len(extra)} extra ZWNJ forms)")


if __name__ == "__main__":
    main()
