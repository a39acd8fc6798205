"""Build ``pipeline/data/zwnj/`` (``lexicon.tsv``, ``bound_parts.tsv``), the learned part of the ZWNJ repairer.

The lexicon maps a letter skeleton (a word or a pair of words with every ZWNJ and the
space between them removed) to the form clean text writes most often: with ZWNJs
(``میرسد`` → ``می‌رسد``), glued (``میدان``, a word the morphology rules of
:mod:`pipeline.text.zwnj` would wrongly split) or as two words (``به ویژه``, a pair the rules
would wrongly join). Only entries whose form the rules would not produce are kept, so
the file stays small and the rules handle the long tail of unseen words.

``bound_parts.tsv`` lists the word parts PerDT writes joined by a ZWNJ to many different
partners and almost never alone (``می``, ``بی``, ``های``, ``ترین``, ``سازی``): a space next
to one of them in the input is a lost ZWNJ.

Sources (text with correct ZWNJs; NEVER the ZWNJ evaluation set or the UD dev/test files
it was built from):

- PerDT train text (``ud/perdt/fa_perdt-ud-train.txt``): word and word-pair counts, bound parts;
- ParsTwiNER train tokens: only their ZWNJ forms (tweets also lose ZWNJs, so their glued and
  spaced forms are not evidence);
- hazm 0.10's word list: each skeleton's most frequent form there, as a weak vote.

News article collections (``raw/farsnews``) are left out on purpose: the gold documents
come from them, and no data entry may be learned from a scored text.

Usage::

    python scripts/build_zwnj_model.py [--shared ../shared] [--out-dir pipeline/data/zwnj]
    # held-out check: leave out the last N PerDT train sentences, write them as a dev-like
    # jsonl (gold / deleted / spaced) and the data learned without them to another folder
    python scripts/build_zwnj_model.py --holdout 3000 --holdout-out /tmp/zwnj_holdout.jsonl --out-dir /tmp/zwnj_data
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

from pipeline.text.normalize import Normalizer  # noqa: E402
from pipeline.text.zwnj import ZWNJ, Rules, visual_form  # noqa: E402

TOKEN = re.compile(r"(?:[^\W\d_]|\u200c)+")
# Weights of the weaker sources against one PerDT occurrence.
EXTRA_WEIGHT = 0.5
HAZM_WEIGHT = 3.0
# A bound part: written with a ZWNJ at least this often, to this many different partners,
# and alone in at most this share of its uses.
BOUND_MIN_ATTACHED = 20
BOUND_MIN_PARTNERS = 5
BOUND_MAX_ALONE = 0.1


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


def bound_parts(unigrams: Counter) -> list[tuple[str, str, int, int, int]]:
    """(part, side, attached, alone, partners) of the parts clean text hardly ever writes alone."""
    partners = {"left": defaultdict(Counter), "right": defaultdict(Counter)}
    for form, n in unigrams.items():
        parts = form.split(ZWNJ)
        for a, b in zip(parts, parts[1:]):
            partners["left"][a][b] += n
            partners["right"][b][a] += n
    rows = []
    for side, table in partners.items():
        for part, with_partner in table.items():
            attached = sum(with_partner.values())
            alone = unigrams.get(part, 0)
            if (
                attached >= BOUND_MIN_ATTACHED
                and len(with_partner) >= BOUND_MIN_PARTNERS
                and alone <= BOUND_MAX_ALONE * (alone + attached)
            ):
                rows.append((part, side, attached, alone, len(with_partner)))
    return sorted(rows, key=lambda row: (row[1], -row[2], row[0]))


def build(shared: Path, out_dir: Path, holdout: int = 0, holdout_out: Path | None = None, min_count: float = 1.0) -> str:
    """Learn the ZWNJ data from the sources under ``shared`` and write it to ``out_dir``; returns a summary."""
    norm = Normalizer(repair_zwnj=False)
    data = shared / "data"
    perdt = (data / "ud/perdt/fa_perdt-ud-train.txt").read_text(encoding="utf-8").splitlines()
    if holdout:
        held = perdt[-holdout:]
        perdt = perdt[:-holdout]
        if holdout_out:
            with holdout_out.open("w", encoding="utf-8") as out:
                for i, gold in enumerate(held):
                    if re.search(r"\w\u200c\w", gold):
                        row = {
                            "id": f"perdt-holdout-{i}",
                            "gold": gold,
                            "deleted": gold.replace(ZWNJ, ""),
                            "spaced": re.sub(r"\s*\u200c\s*", " ", gold),
                        }
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")

    unigrams: Counter = Counter()
    pairs: Counter = Counter()
    count_text(perdt, norm, unigrams, pairs)

    lines = (data / "ner/parstwiner/train.conll").read_text(encoding="utf-8").splitlines()
    extra = zwnj_forms((line.split("\t")[0] for line in lines if "\t" in line), norm)

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

    out_dir.mkdir(parents=True, exist_ok=True)
    kept = 0
    with (out_dir / "lexicon.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# ZWNJ lexicon: letter skeleton -> the form clean text writes (ZWNJs, glued, or two words).\n"
            "# Built by scripts/build_zwnj_model.py from PerDT train text (word and pair counts), ParsTwiNER train\n"
            f"# ZWNJ forms (weight {EXTRA_WEIGHT:g}) and hazm 0.10's word list (weight {HAZM_WEIGHT:g} for its most\n"
            f"# frequent form, {HAZM_WEIGHT / 4:g} when that form has frequency 0).\n"
            f"# Entries scoring under {min_count:g} are left out (the rules of pipeline.text.zwnj cover unseen words).\n"
            "# Format: form<TAB>score (score = weighted occurrences of the form).\n"
            "# Known problems: PerDT style (plural -ها with ZWNJ, «آنها» glued); tweets lose ZWNJs, so only\n"
            "# their ZWNJ forms count; a ZWNJ after a non-joining letter (invisible) is dropped from every form.\n"
        )
        for key in sorted(scores):
            # on a tie the two-word form wins: joining words is the costlier mistake
            form, score = max(scores[key].items(), key=lambda item: (item[1], " " in item[0]))
            if score < min_count:
                continue
            out.write(f"{form}\t{score:g}\n")
            kept += 1
    bound = bound_parts(unigrams)
    with (out_dir / "bound_parts.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# Bound parts: word parts PerDT train writes joined by a ZWNJ and hardly ever alone; a space\n"
            "# next to one of them in the input is a lost ZWNJ (`می رسد`, `سلاح های`, `تنش زدایی`).\n"
            f"# Built by scripts/build_zwnj_model.py: at least {BOUND_MIN_ATTACHED} uses with a ZWNJ, "
            f"{BOUND_MIN_PARTNERS} different partners,\n"
            f"# alone in at most {BOUND_MAX_ALONE:.0%} of its uses.\n"
            "# Format: part<TAB>side (left: before the ZWNJ, right: after it)<TAB>attached<TAB>alone<TAB>partners\n"
            "# Known problems: `بی` is also a preposition written alone (7% of its PerDT uses).\n"
        )
        for row in bound:
            out.write("\t".join(map(str, row)) + "\n")
    return (
        f"{kept} lexicon entries and {len(bound)} bound parts written to {out_dir} "
        f"({len(unigrams)} PerDT forms, {len(extra)} ParsTwiNER ZWNJ forms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out-dir", type=Path, default=REPO / "pipeline/data/zwnj")
    parser.add_argument("--holdout", type=int, default=0, help="leave out the last N PerDT train sentences")
    parser.add_argument("--holdout-out", type=Path, help="write the held-out sentences with a ZWNJ here (jsonl)")
    parser.add_argument("--min-count", type=float, default=1.0, help="least score an entry needs")
    args = parser.parse_args()
    print(build(args.shared, args.out_dir, args.holdout, args.holdout_out, args.min_count))


if __name__ == "__main__":
    main()
