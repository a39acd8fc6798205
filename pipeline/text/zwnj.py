"""Repair of lost zero-width non-joiners (ZWNJ, U+200C) and of spaces typed for them.

News text often loses its ZWNJs: deleted (`میرسد`, `سلاحهای`, `هستهای`) or typed as
spaces (`می رسد`, `سلاح های`). Every candidate boundary gets one decision: inside a
glued word, nothing or a ZWNJ; at a space between two words, a space or a ZWNJ (the
two words are one). The decisions come back as character edits on the text, so the
offset map of :mod:`pipeline.text.normalize` stays exact.

How a word (or a run of words joined so far) is decided, from its letter skeleton
(its letters, ZWNJs removed):

1. The lexicon ``pipeline/data/zwnj/lexicon.tsv``, learned from clean text by
   ``scripts/build_zwnj_model.py``, gives the form clean text writes most often:
   with ZWNJs (`می‌رسد`, `بین‌المللی`), glued (`میدان`, `آنها`) or as two words (`به ویژه`).
2. Unseen skeletons fall back on morphology (:class:`Rules`): the verb prefix `می`/`نمی`
   before a verb stem (hazm's verb list), and a suffix (`ها`/`های`, `تر`/`ترین`, and after
   a final `ه`: `ای`, `ام`, `اش`, `اند`...) after a known word or a long unknown one.

A space between two words becomes a ZWNJ when the lexicon writes the pair as one word
(two or three words: `بین المللی`, `سی تی اسکن`), when one of them is a bound part that
clean text never writes alone (``pipeline/data/zwnj/bound_parts.tsv``: `می`, `بی`, `های`,
`ترین`, `زدایی`), or when the rules see a verb prefix or a suffix at that space.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipeline.lexicons.normalization import hazm_verbs
from pipeline.lexicons.zwnj import (
    ZWNJ_DIR,
    BoundParts,
    load_bound_parts,
    load_zwnj_lexicon,
)
from pipeline.text.tokens import LETTER_WORD, ZWNJ

__all__ = ["ZwnjRepairer", "Rules", "visual_form", "NON_JOINING", "ZWNJ"]

# Letters that do not join to the left: a ZWNJ after them is invisible, so never written.
NON_JOINING = frozenset("ادذرزژوآأإٱؤۀةء")
# Suffixes written apart with a ZWNJ after any joining letter: plurals and comparatives.
_PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان")
_COMPARATIVE = ("تر", "ترین", "تری")
# After a final ه (silent h) the indefinite ی, personal endings and the copula are written
# apart too: `هسته‌ای`, `خانه‌ام`, `رفته‌اند`.
_AFTER_HEH = ("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ایی")
# After a final ی the indefinite ی and the pronoun clitics: `طبیعی‌ای`, `زندگی‌اش`.
_AFTER_YEH = ("ای", "ام", "ات", "اش", "مان", "تان", "شان")
_SUFFIXES = tuple(sorted({*_PLURAL, *_COMPARATIVE, *_AFTER_HEH, *_AFTER_YEH}, key=len, reverse=True))
_SUFFIX_SET = frozenset(_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _SUFFIXES}, reverse=True)
_VERB_PREFIXES = ("نمی", "می")
_COPULA = ("اند", "ایم", "اید")
# A compound joins two spaced words when its count is at least this share of its rarer member's.
_ASSOCIATION = 0.02
# A productive compound member joins a spaced word when its compounds outweigh its own uses this many times.
_ASSOCIATION_RIGHT = 5.0
# Preverbs written glued before the `می` of a compound verb: `برمی‌گردد`, `درنمی‌آید`.
_PREVERBS = ("", "بر", "باز", "در", "فرو", "فرا", "وا", "ور")
_LONGEST_PREFIX = max(len(preverb) for preverb in _PREVERBS) + max(len(prefix) for prefix in _VERB_PREFIXES)
_PRESENT_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# Decisions kept per repairer (skeletons and pairs across a space).
_CACHE_SIZE = 200_000
# Letters, digits excluded, with the ZWNJs between them: one written word.
_TOKEN = re.compile(LETTER_WORD)
_INVISIBLE_ZWNJ = re.compile(f"(?<=[{''.join(sorted(NON_JOINING))}])\u200c")


def visual_form(word: str) -> str:
    """``word`` without the ZWNJs that change nothing (after a non-joining letter).

    Examples:
        >>> visual_form("دارو\u200cها") == "داروها"
        True
    """
    return _INVISIBLE_ZWNJ.sub("", word)


class Rules:
    """Morphological backoff for skeletons the lexicon does not hold.

    Args:
        verb_forms: verb stems with their person endings (`رسد`, `کنند`, `رفتم`).
        lexicon: skeleton → written form; a suffix is split from a base the lexicon knows.
        right_parts: productive second members of compounds (`گری`, `کننده`, `آوری`), written
            apart after a known word, with the weighted count of their compounds.
    """

    def __init__(
        self,
        verb_forms: frozenset[str],
        lexicon: dict[str, str] | None = None,
        right_parts: dict[str, float] | None = None,
    ) -> None:
        self.verb_forms = verb_forms
        self.lexicon = lexicon if lexicon is not None else {}
        self.right_parts = right_parts or {}

    @classmethod
    def default(cls, lexicon: dict[str, str] | None = None, scores: dict[str, float] | None = None) -> Rules:
        """Rules on hazm 0.10's verb list (past#present stems) and what the lexicon shows.

        The lexicon adds the verb forms it writes after `می‌` and the productive
        second members of its compounds (see :func:`productive_right_parts`).
        """
        verbs = set(_verb_forms())
        lexicon = lexicon or {}
        for form in lexicon.values():
            for prefix in _VERB_PREFIXES:
                if form.startswith(prefix + ZWNJ) and ZWNJ not in form[len(prefix) + 1 :]:
                    verbs.add(form[len(prefix) + 1 :])
        right = productive_right_parts(lexicon, scores or {})
        return cls(frozenset(verbs), lexicon, right)

    def _known(self, skeleton: str) -> bool:
        form = self.lexicon.get(skeleton)
        return form is not None and " " not in form

    def verb_prefix_length(self, skeleton: str) -> int:
        """Length of a `می`/`نمی` prefix (after an optional preverb, `برمی`) before a verb form, or 0."""
        if "می" not in skeleton[:_LONGEST_PREFIX]:
            return 0
        for preverb in _PREVERBS:
            if not skeleton.startswith(preverb):
                continue
            for prefix in _VERB_PREFIXES:
                cut = len(preverb) + len(prefix)
                if skeleton.startswith(prefix, len(preverb)) and skeleton[cut:] in self.verb_forms:
                    return cut
        return 0

    def marks(self, skeleton: str) -> list[int]:
        """Morpheme boundaries (skeleton offsets) where the rules write the word apart.

        Examples:
            >>> Rules.default().marks("میرسد")
            [2]
        """
        cut = self.verb_prefix_length(skeleton)
        if cut:
            return [cut]
        best = None
        for length in _SUFFIX_LENGTHS:
            suffix = skeleton[-length:]
            if suffix not in _SUFFIX_SET:
                continue
            base = skeleton[: -len(suffix)]
            if not self._suffix_fits(base, suffix):
                continue
            known = self._known(base)
            # `نمودهای` is نمود + های but `خندهای` is خنده + ای: a base the lexicon knows
            # wins, else the reading after a final ه, unless that base ends in هه
            # (`رنگوارههای` is رنگواره + های: hardly any word ends in two ه).
            after_heh = suffix in _AFTER_HEH and base.endswith("ه") and not base.endswith("هه")
            rank = (known, after_heh, len(suffix))
            if best is None or rank > best[0]:
                best = (rank, base)
        if best is None:
            best = self._compound(skeleton)
            if best is None:
                return []
        base = best[1]
        inner = self.lexicon.get(base)
        inner_marks = _zwnj_offsets(inner) if inner is not None and " " not in inner else []
        return [*inner_marks, len(base)]

    def _compound(self, skeleton: str) -> tuple[tuple, str] | None:
        """A known word followed by a productive second member (`مداخله` + `گری`)."""
        for cut in range(len(skeleton) - 2, 1, -1):
            if skeleton[cut:] in self.right_parts and skeleton[cut - 1] not in NON_JOINING and self._known(skeleton[:cut]):
                return ((True,), skeleton[:cut])
        return None

    def _suffix_fits(self, base: str, suffix: str) -> bool:
        if base.endswith("ی") and suffix in _AFTER_YEH:
            # `طبیعی‌ای`, `زندگی‌اش`: only after a word the lexicon knows.
            return self._known(base)
        if suffix in _AFTER_HEH and suffix not in _PLURAL:
            return base.endswith("ه") and len(base) >= 3 and (self._known(base) or len(base) >= 4)
        if suffix in _COMPARATIVE:
            # `دفتر`, `کامپیوتر` end in تر too: only a known base takes the comparative.
            return self._known(base)
        if suffix in _AFTER_YEH:
            return False
        return len(base) >= 2 and (self._known(base) or len(base) >= 3)


def productive_right_parts(lexicon: dict[str, str], scores: dict[str, float], min_partners: int = 6) -> dict[str, float]:
    """Second members of ZWNJ compounds that are written apart after many words, and seldom alone.

    Args:
        lexicon: skeleton → written form.
        scores: skeleton → weighted count of its written form.
        min_partners: least number of different first members.
    """
    partners: dict[str, int] = {}
    weight: dict[str, float] = {}
    for key, form in lexicon.items():
        if ZWNJ not in form or " " in form or form.startswith(_VERB_PREFIXES):
            continue  # `می‌آید` makes no compound member of `آید`
        last = form.rsplit(ZWNJ, 1)[1]
        if len(last) < 3 or last in _SUFFIXES:
            continue
        partners[last] = partners.get(last, 0) + 1
        weight[last] = weight.get(last, 0.0) + scores.get(key, 1.0)
    return {
        part: weight[part]
        for part, n in partners.items()
        if n >= min_partners and weight[part] >= 2 * scores.get(part, 0.0)
    }


def _zwnj_positions(form: str) -> list[bool]:
    """For each letter of ``form``: does a ZWNJ follow it?"""
    flags: list[bool] = []
    for ch in form:
        if ch == ZWNJ:
            if flags:
                flags[-1] = True
        else:
            flags.append(False)
    return flags


def _zwnj_offsets(form: str) -> list[int]:
    """Skeleton offsets of the ZWNJs of ``form`` (the offset of the letter after each)."""
    return [i + 1 for i, flag in enumerate(_zwnj_positions(form)) if flag]


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    forms: set[str] = set()
    for entry in hazm_verbs():
        past, _, present = entry.partition("#")
        if len(present) >= 1:
            forms.update(present + e for e in _PRESENT_ENDINGS if len(present + e) >= 2)
        if len(past) >= 2:
            forms.update(past + e for e in _PAST_ENDINGS)
        if len(present) >= 2 and present[-1] not in "اوی":
            # the causative, missing from the list: `تاب` → `تابان`/`تاباند` (`می‌تاباندند`)
            forms.update(present + "ان" + e for e in _PRESENT_ENDINGS)
            forms.update(present + "اند" + e for e in _PAST_ENDINGS)
    return frozenset(forms)


class ZwnjRepairer:
    """Finds the ZWNJ insertions and space→ZWNJ replacements a text needs.

    Args:
        lexicon: skeleton → written form (see :func:`pipeline.lexicons.zwnj.load_zwnj_lexicon`).
        rules: the morphological backoff.
        scores: skeleton → weighted count of its written form.
        bound: parts that clean text never writes alone (`می`, `های`, `سازی`).

    Examples:
        >>> repairer = ZwnjRepairer.default()
        >>> text = "سلاحهای هستهای"
        >>> [(s, e) for s, e, _ in repairer.edits(text)]
        [(4, 4), (12, 12)]
    """

    def __init__(
        self,
        lexicon: dict[str, str],
        rules: Rules,
        scores: dict[str, float] | None = None,
        bound: BoundParts | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.rules = rules
        self.scores = scores or {}
        self.bound = bound or BoundParts(frozenset(), frozenset())
        # News repeats its words: each skeleton and each pair across a space is decided once
        # (bounded, so that a corpus of millions of articles does not grow the caches forever).
        self.analyse = lru_cache(maxsize=_CACHE_SIZE)(self._analyse)
        self._joins = lru_cache(maxsize=_CACHE_SIZE)(self._decide_join)
        # first words of the lexicon's compounds of three or more parts (`سی` of `سی‌تی‌اسکن`)
        self._compound_firsts = frozenset(
            key[:offset]
            for key, form in lexicon.items()
            if form.count(ZWNJ) >= 2 and " " not in form
            for offset in _zwnj_offsets(form)[:-1]
        )

    @classmethod
    def from_dir(cls, directory: str | Path = ZWNJ_DIR) -> ZwnjRepairer:
        """The repairer on the data files of ``directory`` (``lexicon.tsv``, ``bound_parts.tsv``)."""
        directory = Path(directory)
        lexicon = load_zwnj_lexicon(directory / "lexicon.tsv")
        bound = load_bound_parts(directory / "bound_parts.tsv")
        return cls(lexicon.forms, Rules.default(lexicon.forms, lexicon.scores), lexicon.scores, bound)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> ZwnjRepairer:
        """The repairer on the shipped data and hazm's verb list."""
        return cls.from_dir(ZWNJ_DIR)

    def _analyse(self, skeleton: str) -> tuple[bool, tuple[int, ...]]:
        """Decide a skeleton: (is it one word?, skeleton offsets of its ZWNJs / morpheme boundaries).

        Called (cached) as ``analyse``.

        Examples:
            >>> ZwnjRepairer.default().analyse("بینالمللی")
            (True, (3,))
        """
        form = self.lexicon.get(skeleton)
        if form is None:
            return True, tuple(self.rules.marks(skeleton))
        if " " in form:
            return False, (form.index(" "),)
        return True, tuple(_zwnj_offsets(form))

    def _bound_join(self, left: str, right: str) -> bool:
        """Is ``left`` or ``right`` a part clean text never writes alone (`می رسد`, `سلاح های`)?"""
        if right in self.bound.right:
            # A clitic or copula that starts with a vowel (`ای`, `ام`, `اند`) is written apart
            # only after a silent ه or a ی (`هسته‌ای`, `زندگی‌اش`); after other letters it is glued.
            return len(left) >= 2 and (not right.startswith("ا") or left[-1] in "هی")
        return left in self.bound.left and len(right) >= 2

    def _decide_join(self, left: str, right: str) -> bool:
        """Is a space between ``left`` and ``right`` (skeletons) a lost ZWNJ? Called (cached) as ``_joins``.

        Two words whose concatenation is a glued word (`تا کنون`/`تاکنون`, `امام می`/`امامی`)
        stay apart: only a ZWNJ form of the lexicon, a bound part or a rule joins them.
        """
        if right in _COPULA:
            # the copula `اند`/`ایم`/`اید` is never a word of its own: `شیطان‌اند`, `رفته‌اند`
            return True
        skeleton = left + right
        form = self.lexicon.get(skeleton)
        if form is not None and " " in form:
            return False
        if self._bound_join(left, right):
            return True
        if form is not None:
            if len(left) in _zwnj_offsets(form):
                return self._associated(left, right)
            # Two words can spell a glued third by chance (`با یاد`/`بایاد`): a glued form
            # joins only where the rules see a suffix or a verb prefix.
        elif len(left) not in self.analyse(skeleton)[1]:
            return False
        if left in _VERB_PREFIXES or right in _SUFFIXES or self.rules.verb_prefix_length(skeleton) == len(left):
            return len(left) in self.rules.marks(skeleton)
        # A compound member that is also a common word (`نامه`) joins only through the lexicon.
        return form is None and self.rules.right_parts.get(right, 0.0) >= _ASSOCIATION_RIGHT * self.scores.get(right, 0.0)

    def _joins_three(self, first: str, second: str, third: str) -> bool:
        """Are three spaced words one ZWNJ compound of the lexicon (`سی تی اسکن`, `میان دوره ای`)?"""
        form = self.lexicon.get(first + second + third)
        if form is None or " " in form:
            return False
        offsets = _zwnj_offsets(form)
        if len(first) not in offsets or len(first) + len(second) not in offsets:
            return False
        return self._associated(first, second, third)

    def _associated(self, *parts: str) -> bool:
        """Is the ZWNJ compound of ``parts`` common enough next to its rarest part?

        Word lists hold compounds (`خریداری‌شده`) that clean text mostly writes as two
        words: join only a compound that is not rare next to its rarer member.
        """
        rarest = min(self.scores.get(part, 0.0) for part in parts)
        return self.scores.get("".join(parts), 0.0) >= _ASSOCIATION * rarest

    def edits(self, text: str) -> list[tuple[int, int, str]]:
        """Edits (start, end, replacement) that restore ZWNJs in ``text``.

        Examples:
            >>> [(s, e) for s, e, _ in ZwnjRepairer.default().edits("می رسد")]
            [(2, 3)]
        """
        edits: list[tuple[int, int, str]] = []
        matches = list(_TOKEN.finditer(text))
        skeletons = [m.group(0).replace(ZWNJ, "") for m in matches]
        # spaced[i]: token i follows token i - 1 after exactly one space
        spaced = [False] + [
            matches[i].start() == matches[i - 1].end() + 1 and text[matches[i - 1].end()] == " "
            for i in range(1, len(matches))
        ]
        i = 0
        while i < len(matches):
            stop = i + 1
            if (
                stop + 1 < len(matches)
                and skeletons[i] in self._compound_firsts
                and spaced[stop]
                and spaced[stop + 1]
                and self._joins_three(skeletons[i], skeletons[stop], skeletons[stop + 1])
            ):
                stop += 2
            while stop < len(matches) and spaced[stop] and self._joins(skeletons[stop - 1], skeletons[stop]):
                stop += 1
            skeleton = "".join(skeletons[i:stop])
            if stop - i > 1 or self.analyse(skeleton)[1]:
                self._group_edits(text, matches[i:stop], skeleton, edits)
            i = stop
        return edits

    def _group_edits(self, text: str, group: list[re.Match[str]], skeleton: str, edits: list) -> None:
        """Edits for one written word: a run of tokens joined at their spaces."""
        one_word, marks = self.analyse(skeleton)
        cuts = []  # skeleton offsets of the spaces inside the group
        offset = 0
        for match in group[:-1]:
            offset += len(match.group(0).replace(ZWNJ, ""))
            cuts.append(offset)
        if one_word and set(cuts) <= set(marks):
            wanted = set(marks)
        else:
            # The whole does not read as one word cut at these spaces (`حوثی های` is not
            # `حوثیه‌ای`): each token keeps its own analysis.
            wanted = set()
            offset = 0
            for match in group:
                token_skeleton = match.group(0).replace(ZWNJ, "")
                token_one_word, token_marks = self.analyse(token_skeleton)
                if token_one_word:
                    wanted.update(offset + mark for mark in token_marks)
                offset += len(token_skeleton)
        offset = 0  # skeleton offset of the current token's first letter
        for i, match in enumerate(group):
            if i:
                # the space before this token is a lost ZWNJ (invisible after a non-joining letter)
                before = text[match.start() - 2]
                edits.append((match.start() - 1, match.start(), "" if before in NON_JOINING else ZWNJ))
            pos = match.start()
            token = match.group(0)
            k = offset
            for j, ch in enumerate(token):
                if ch == ZWNJ:
                    continue
                if k in wanted and k != offset and token[j - 1] != ZWNJ and token[j - 1] not in NON_JOINING:
                    edits.append((pos + j, pos + j, ZWNJ))
                k += 1
            offset = k
