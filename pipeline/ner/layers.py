"""The rule layers around the NER model: guards on its spans, outlets in attributions, one reading per document.

A statistical model trained on one kind of text errs by classes on another (issue 14): it tags
nationality adjectives and generic words as names («صهیونیستی», «مجلس»), keeps titles and head
nouns inside a span («پارلمان عراق» for «عراق»), reads a news agency cited in an attribution as a
place («به گزارش فارس»), and finds a name at one mention and misses it at the next. The layers
below fix those classes with the word lists of :mod:`pipeline.lexicons.gazetteer`; the recognizer
(:class:`pipeline.ner.EntityRecognizer`) runs them in this order: :meth:`EntityLayers.guard` on each
model span, the gazetteer and :meth:`EntityLayers.attributions` to fill gaps, then
:meth:`EntityLayers.spread` over the whole text.
"""

from __future__ import annotations

import re

from pipeline.lexicons.gazetteer import Entries, Gazetteer, HarmonizationRules
from pipeline.text.normalize import fold_normalized
from pipeline.text.tokens import LETTER_WORD_OR_MARK

__all__ = ["EntityLayers"]

_WORD = re.compile(r"\S+")
# What may stand before a dateline outlet («صراط: ...», «تهران- سانا»): the text's start or a break.
_DATELINE_BEFORE = frozenset("\n.!؟?-–—")
# Fillers allowed between an attribution cue and the outlet («به گزارش گروه اخبار داخلی دفاع‌پرس»).
_MAX_FILLERS = 4
# Characters around an attributed outlet that can hold its cue and fillers.
_WINDOW = 80
# A name shorter than this (folded) is not spread to other mentions: too many homographs.
_MIN_SPREAD = 3


def _key(token: str) -> str:
    """Matching key of normalized text: the fast path of :func:`pipeline.text.normalize.fold` (the
    text is normalized already, so the normalizer's cost is not paid again). Keys of several words
    are joined by a space, as :func:`pipeline.text.normalize.fold_phrase` joins them."""
    return fold_normalized(token)


class EntityLayers:
    """The guards, attribution and consistency layers, built from the gazetteer's entries.

    Args:
        rules: the harmonization rules (titles, heads, demonyms) and, through them, the gazetteer entries.

    Examples:
        >>> from pipeline.lexicons.gazetteer import harmonization_rules
        >>> layers = EntityLayers(harmonization_rules())
        >>> text = "پارلمان عراق اعلام کرد."
        >>> layers.guard(text, 0, 12, "ORG")
        [(8, 12, 'LOC')]
    """

    def __init__(self, rules: HarmonizationRules) -> None:
        self.rules = rules
        entries: Entries = rules.entries
        self.entries = entries
        self.not_names = entries.common | entries.deictic | entries.adjectives
        self._cue_length = max((len(cue.split()) for cue in entries.cues | entries.cues_after), default=0)
        # The longest word of each cue: one of them stands near every attribution («گزارش», «نقل»).
        self._cue_anchors = {max(cue.split(), key=len) for cue in entries.cues | entries.cues_after}
        self._title_starts = {title.split()[0] for title in entries.titles}
        # Candidates for attributed outlets: the names as whole words (letters or ZWNJ on neither side).
        names = "|".join(sorted((re.escape(name) for name in entries.attributed), key=len, reverse=True))
        self._attributed = re.compile(rf"(?<![^\W\d_])(?<!\u200c)(?:{names or '(?!)'})(?![^\W\d_])(?!\u200c)")
        self._title_length = max((len(title.split()) for title in entries.titles), default=0)
        self._org_head_length = max((len(head.split()) for head in entries.org_heads), default=0)
        # Words that open no name worth spreading: titles, heads, generic words («وزیر امور» of «وزیرامور»).
        self._no_spread_start = self.not_names | entries.titles | set(entries.heads)

    def guard(self, text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
        """A model span rewritten to the gold conventions: no span when it is no entity, two when it holds two places.

        A pointing word is cut from its end («وزارت امور خارجه کشورمان»); a lone generic word,
        adjective or nationality adjective is dropped («مجلس», «صهیونیستی», «سعودی», «ایرانی»); a title
        or generic head before a place leaves the span («رئیس جمهوری ایران» → «ایران», «ولسوالی شینواری»
        → «شینواری», «کنفرانس ژنو» → «ژنو» LOC), also when the model cut the title in two («رئیس
        [جمهوری آمریکا]»); a place followed by its country is two places («ادلب سوریه»); a country
        after an org-head is one ORG with it («ارتش امریکا»). A lone PER is kept even when it looks like
        a nationality: a city or country + ی is as often a surname («خراسانی»).

        Examples:
            >>> from pipeline.lexicons.gazetteer import harmonization_rules
            >>> layers = EntityLayers(harmonization_rules())
            >>> text = "سخنگوی وزارت امور خارجه کشورمان و مجلس"
            >>> layers.guard(text, 7, 31, "ORG"), layers.guard(text, 34, 38, "ORG")
            ([(7, 23, 'ORG')], [])
            >>> text = "در استان ادلب سوریه"
            >>> [text[s:e] for s, e, _ in layers.guard(text, 9, 19, "LOC")]
            ['ادلب', 'سوریه']
        """
        words = [m.span() for m in _WORD.finditer(text, start, end)]
        keys = [_key(text[s:e]) for s, e in words]
        while len(keys) > 1 and keys[-1] in self.entries.deictic:
            keys.pop()
            words.pop()
        if not words:
            return []
        if len(keys) == 1:
            if keys[0] in self.not_names or (label != "PER" and self.rules.is_demonym_key(keys[0])):
                return []
            if label == "LOC" and keys[0] in self.entries.countries:
                return [self._with_org_head(text, words[0][0], words[0][1])]
            return [(words[0][0], words[0][1], label)]
        if label == "LOC" and keys[-1] in self.entries.countries and self.entries.names.get(" ".join(keys[:-1])) == "LOC":
            return [(words[0][0], words[-2][1], "LOC"), (words[-1][0], words[-1][1], "LOC")]
        rewritten = (0, len(words), label)
        # The harmonizer's title and head rules, only where a title or head opens the span (they fold every word).
        if keys[0] in self.entries.heads or self._opens_with_title(keys):
            rewritten = self.rules.rewrite([text[s:e] for s, e in words], label)
        else:
            # The model may have cut a title in two: «رئیس [جمهوری آمریکا]»; not a whole title before
            # a whole name: «سخنگوی [وزارت خارجه روسیه]» keeps its ORG.
            previous = [m.span() for m in _WORD.finditer(text, max(0, start - 20), start)][-1:]
            before = [_key(text[s:e]) for s, e in previous]
            if before and before[0] in self._title_starts and before[0] not in self.entries.titles and self._opens_with_title(before + keys):
                joined = self.rules.rewrite([text[s:e] for s, e in previous + words], label)
                if joined is not None and joined[0] > 1 and joined[2] == "LOC":
                    rewritten = (joined[0] - 1, joined[1], "LOC")
        if rewritten is None:
            return []
        offset, length, label = rewritten
        return [(words[offset][0], words[offset + length - 1][1], label)]

    def _opens_with_title(self, keys: list[str]) -> bool:
        """Whether the first words are a title phrase («رئیس جمهوری», «وزیر خارجه»)."""
        return any(" ".join(keys[:n]) in self.entries.titles for n in range(1, min(len(keys), self._title_length) + 1))

    def _with_org_head(self, text: str, start: int, end: int) -> tuple[int, int, str]:
        """A country span, grown to one ORG when an org-head stands before it («ارتش امریکا»)."""
        before = [m.span() for m in _WORD.finditer(text, max(0, start - 40), start)][-self._org_head_length :]
        for n in range(len(before), 0, -1):
            if " ".join(_key(text[s:e]) for s, e in before[-n:]) in self.entries.org_heads:
                return before[-n][0], end, "ORG"
        return start, end, "LOC"

    def attributions(self, text: str) -> list[tuple[int, int, str]]:
        """Outlets whose name is also a common word, found where an attribution makes them ORG.

        Examples:
            >>> from pipeline.lexicons.gazetteer import harmonization_rules
            >>> layers = EntityLayers(harmonization_rules())
            >>> text = "به گزارش خبرنگار مهر، وزیر در مهر ماه به فارس رفت."
            >>> [text[s:e] for s, e, _ in layers.attributions(text)]
            ['مهر']
        """
        found = []
        for match in self._attributed.finditer(text):
            start, end = match.span()
            # Most candidates are common words far from any cue: a substring test rules them out.
            near = text[max(0, start - _WINDOW) : end + _WINDOW]
            if not any(anchor in near for anchor in self._cue_anchors) and ":" not in text[end : end + 3]:
                continue
            # The tokens around the candidate only: a window wide enough for cue + fillers.
            window = LETTER_WORD_OR_MARK.finditer(text, max(0, start - _WINDOW), end + _WINDOW)
            tokens = [(m.start(), m.end(), _key(m.group())) for m in window]
            i = next((k for k, t in enumerate(tokens) if t[:2] == match.span()), None)
            if i is None:  # not a whole token (a diacritic or kashida joins it to its neighbour)
                continue
            if self._cue_before(tokens, i) or self._cue_after(tokens, i) or self._dateline(text, tokens, i):
                found.append((match.start(), match.end(), "ORG"))
        return found

    def _cue_before(self, tokens: list[tuple[int, int, str]], i: int) -> bool:
        """A cue, then at most a few fillers, before token ``i`` («به گزارش خبرنگار مهر»)."""
        j = i
        while j > 0 and i - j < _MAX_FILLERS and tokens[j - 1][2] in self.entries.fillers:
            j -= 1
        return any(
            " ".join(t[2] for t in tokens[j - n : j]) in self.entries.cues for n in range(1, min(self._cue_length, j) + 1)
        )

    def _cue_after(self, tokens: list[tuple[int, int, str]], i: int) -> bool:
        """A cue-after right after token ``i`` («فارس گزارش داد»)."""
        return any(
            " ".join(t[2] for t in tokens[i + 1 : i + 1 + n]) in self.entries.cues_after
            for n in range(1, min(self._cue_length, len(tokens) - i - 1) + 1)
        )

    @staticmethod
    def _dateline(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
        """Token ``i`` opens a paragraph or sentence and a colon follows («صراط: سخنگوی ...»)."""
        if i + 1 >= len(tokens) or tokens[i + 1][2] != ":":
            return False
        before = text[: tokens[i][0]].rstrip(" ")
        return not before or before[-1] in _DATELINE_BEFORE

    def spread(
        self, text: str, found: list[tuple[int, int, str, str]], tokens: list[tuple[int, int, str]] | None = None
    ) -> list[tuple[int, int, str, str]]:
        """Label the other mentions of the names found in the same text: one article, one reading.

        Each name the model or the gazetteer labeled (and a multi-word person's surname) is matched
        at its other whole-token mentions that overlap no entity; a name found with two labels, a
        generic word, an adjective or a name of fewer than three letters is not spread.

        Examples:
            >>> from pipeline.lexicons.gazetteer import harmonization_rules
            >>> layers = EntityLayers(harmonization_rules())
            >>> text = "افخم گفت: ... سپس افخم افزود."
            >>> layers.spread(text, [(0, 4, "PER", "model")])
            [(0, 4, 'PER', 'model'), (18, 22, 'PER', 'document')]
        """
        readings: dict[str, str | None] = {}

        def note(name: str, label: str) -> None:
            key = _key(name)
            if len(key.replace(" ", "")) < _MIN_SPREAD or key.split()[0] in self._no_spread_start:
                return
            if self.rules.is_demonym_key(key):
                return
            readings[key] = label if readings.get(key, label) == label else None

        for start, end, label, _ in found:
            name = text[start:end]
            note(name, label)
            words = name.split()
            # A person's surname, when the span opens with a name and not a generic word («روزنامه روسی»).
            surname = len(words) > 1 and _key(words[0]) not in self._no_spread_start
            if label == "PER" and surname and self.entries.names.get(_key(words[-1]), "PER") == "PER":
                note(words[-1], label)
        names = {key: label for key, label in readings.items() if label is not None}
        if not names:
            return found
        matcher = Gazetteer(Entries(names, frozenset(), {}))
        result = list(found)
        for start, end, label in matcher.find(text, tokens):
            if not any(s < end and start < e for s, e, _, _ in found):
                result.append((start, end, label, "document"))
        return sorted(result)
