"""Event triggers in a token sequence, from the CAMEO root lexicon.

A trigger is a verb phrase of :class:`~pipeline.lexicons.triggers.TriggerLexicon` with all
its inflections: a simple verb («پذیرفت»), a light-verb construction («محکوم کرد»), with an
optional gap between its parts («خواستار … شدند»), a light verb shared by two coordinated
phrases («رد و تأکید کرد»), a passive («احضار شد», «مورد حمله قرار گرفت») or a verbal noun
that names the act («با رد این ادعاها»).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from pipeline.events.actors import Token, longest_match
from pipeline.events.grammar import CONJUNCTION
from pipeline.lexicons.triggers import TriggerEntry, TriggerLexicon, VerbForm

__all__ = ["TriggerMatch", "TriggerFinder"]

# Words a light verb may stand away from its phrase («خواستار تحقیقات فوری … شد»).
MAX_GAP = 12
# Plural and possessive endings a light verb's noun may carry («استوارنامه‌هایشان را
# تسلیم کردند», «تحریم‌هایی اعمال کرد»), folded (no ZWNJ), the longest first.
NOUN_SUFFIXES = ("هایشان", "هایمان", "هایش", "هایی", "های", "ها", "یشان", "شان")
MIN_STEM = 3
ARABIC_PLURAL = "ات"
# The indefinite «ی» of a light verb's noun («تظاهراتی برپا کردند», «دیداری داشتند»), «یی»
# after a vowel («گفت‌وگویی کردند»). («حمله‌ای» folds like the plural «حمل‌های» and is
# read as one.)
INDEFINITE = "ی"
INDEFINITE_AFTER_VOWEL = "یی"


@lru_cache(maxsize=65536)
def noun_stem(key: str) -> str:
    """A folded noun without its plural or possessive ending, or ``""`` when it has none.

    The Arabic plural in «ات» of a noun in «ه» gets its «ه» back («حملات» → «حمله»,
    «مذاکرات» → «مذاکره»); an indefinite noun loses its «ی» («تظاهراتی» → «تظاهرات»).

    Examples:
        >>> noun_stem("تحریمهایی"), noun_stem("حملات"), noun_stem("دیدار")
        ('تحریم', 'حمله', '')
        >>> noun_stem("تظاهراتی"), noun_stem("دیداری"), noun_stem("گفتگویی")
        ('تظاهرات', 'دیدار', 'گفتگو')
    """
    for suffix in NOUN_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_STEM:
            return key[: -len(suffix)]
    if key.endswith(ARABIC_PLURAL) and len(key) - len(ARABIC_PLURAL) >= MIN_STEM - 1:
        return key[: -len(ARABIC_PLURAL)] + "ه"
    if key.endswith(INDEFINITE_AFTER_VOWEL) and len(key) - 2 >= MIN_STEM:
        return key[:-2]
    if key.endswith(INDEFINITE) and len(key) - 1 >= MIN_STEM:
        return key[:-1]
    return ""


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger in the text: tokens ``[start, end)``, its lexicon entry, and whether it is negated.

    ``phrase_end`` is where its non-verbal part ends (a gap runs from there to the verb);
    ``tense`` is the verb form's (past, present, future), None for a verbal noun.
    """

    start: int
    end: int
    entry: TriggerEntry
    negated: bool
    phrase_end: int
    tense: str | None = None




class TriggerFinder:
    """Finds the triggers of a lexicon in tokens; built once per lexicon.

    Examples:
        >>> from pipeline.events.actors import tokenize
        >>> from pipeline.lexicons.triggers import load_triggers
        >>> finder = TriggerFinder(load_triggers())
        >>> [(m.entry.code, m.entry.kind) for m in finder.find(tokenize("روسیه اسرائیل را محکوم کرد."))]
        [('11', 'act')]
    """

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.lexicon = lexicon
        # Every prefix of every verb form's key: most words start no verb form, and
        # skipping them early keeps trigger search linear in practice.
        self._verb_prefixes = frozenset(
            key[:k]
            for entries in lexicon.phrases.values()
            for _entry, forms in entries
            for key in forms
            for k in range(1, len(key) + 1)
        )

    def find(self, tokens: Sequence[Token]) -> list[TriggerMatch]:
        """Event triggers (cues excluded), the longest phrase first, without overlaps."""
        lex = self.lexicon
        matches: list[TriggerMatch] = []
        for i in range(len(tokens)):
            if not tokens[i].is_word:
                continue
            key = ""
            for n in range(0, lex.max_phrase_tokens + 1):
                if n:
                    if i + n > len(tokens) or not tokens[i + n - 1].is_word:
                        break
                    key += tokens[i + n - 1].key
                elif tokens[i].key not in self._verb_prefixes:
                    continue  # no simple verb starts here
                entries = lex.phrases.get(key)
                if entries is None and n:
                    stem = noun_stem(key)
                    entries = lex.phrases.get(stem) if stem else None
                for entry, forms in entries or ():
                    if entry.kind == "nominal":
                        if n:
                            matches.append(TriggerMatch(i, i + n, entry, False, i + n))
                        continue
                    found = self._verb_at(tokens, i + n, forms, entry.gap and n > 0)
                    if found is None and n > 0:
                        found = self._shared_verb(tokens, i + n, forms)
                    if found:
                        end, form = found
                        matches.append(TriggerMatch(i, end, entry, form.negated, i + n, form.tense))
        chosen: list[TriggerMatch] = []
        for match in sorted(matches, key=lambda m: (-(m.phrase_end - m.start), -(m.end - m.start), m.start)):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def _verb_at(
        self, tokens: Sequence[Token], j: int, forms: dict[str, VerbForm], gap: bool
    ) -> tuple[int, VerbForm] | None:
        """The verb form starting at ``j`` (after a gap phrase, up to MAX_GAP words later)."""
        for start in range(j, min(len(tokens), j + (MAX_GAP + 1 if gap else 1))):
            if start > j and not tokens[start - 1].is_word:
                return None  # a gap does not cross punctuation
            if tokens[start].key not in self._verb_prefixes:
                continue
            best = longest_match(tokens, start, forms, self.lexicon.max_verb_tokens)
            if best:
                return best
        return None

    def _shared_verb(self, tokens: Sequence[Token], j: int, forms: dict[str, VerbForm]) -> tuple[int, VerbForm] | None:
        """«رد و تأکید کرد»: a phrase before «و» shares the light verb of the next phrase."""
        if j >= len(tokens) or tokens[j].key != CONJUNCTION:
            return None
        for verb_at in range(j + 2, min(len(tokens), j + 2 + self.lexicon.max_phrase_tokens)):
            found = self._verb_at(tokens, verb_at, forms, False)
            if found:
                return j, found[1]
        return None

