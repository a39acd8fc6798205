"""Content coding: the CAMEO root and stance of a statement from what it says.

A reporting verb («گفت», «افزود», «تأکید کرد») is only a carrier (EVENTS_GUIDE, "code the
content"): the statement is typed by cue words of its content (criticism, rejection,
demand, threat, appeal, cooperation), read from the cue rows of the trigger lexicon, or by
an act its content announces for the future (an intent, a meeting, a threat).
"""

from __future__ import annotations

from typing import Collection, Sequence

from pipeline.events.actors import Mention, Token
from pipeline.events.grammar import (
    CLAUSE_END,
    CONSULT,
    COOPERATION_ROOTS,
    FORCE_ROOTS,
    FROM,
    THREATEN,
    singular,
    without_indefinite,
)
from pipeline.events.matching import TriggerMatch
from pipeline.lexicons.triggers import TriggerEntry, TriggerLexicon

__all__ = ["ContentCoder", "CUE_PRIORITY"]

# Priority of content cues when a statement holds several (criticism wins).
CUE_PRIORITY = {"11": 0, "12": 1, "13": 2, "10": 3, "03": 4, "02": 5}


class ContentCoder:
    """Finds content cues and modals of intent in token ranges."""

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.triggers = lexicon
        # The nouns of the act rows («دیدار», «تحویل», «آزاد» and its noun «آزادی»), for
        # statements that announce an act: «از دیدار … با … خبر داد».
        self.act_nouns: dict[str, TriggerEntry] = {}
        for key, entries in lexicon.phrases.items():
            for entry, _forms in entries:
                if entry.kind == "act" and not entry.derived and key and " " not in entry.phrase:
                    self.act_nouns.setdefault(key, entry)
                    self.act_nouns.setdefault(key + "ی", entry)

    def announced_act(self, tokens: Sequence[Token], span: range) -> tuple[int, TriggerEntry] | None:
        """The act a statement announces with «از» + its noun, as its token index and row.

        Examples:
            >>> from pipeline.events.actors import tokenize
            >>> from pipeline.lexicons.triggers import load_triggers
            >>> tokens = tokenize("وزیر از دیدار با همتای چینی خود خبر داد")
            >>> index, entry = ContentCoder(load_triggers()).announced_act(tokens, range(len(tokens)))
            >>> index, entry.code
            (2, '04')
        """
        for i in span:
            if tokens[i].key == FROM and i + 1 < span.stop:
                entry = self.act_nouns.get(tokens[i + 1].key) or self.act_nouns.get(singular(tokens[i + 1].key))
                if entry is not None:
                    return i + 1, entry
        return None

    def strongest_cue(self, tokens: Sequence[Token], spans: Sequence[range]) -> TriggerEntry | None:
        """The strongest content cue in some token ranges (a plural or an indefinite counts:
        «همکاری‌های», «جایگاه ویژه‌ای»)."""
        best: TriggerEntry | None = None
        for span in spans:
            for i in span:
                key = ""
                for j in range(i, min(span.stop, i + self.triggers.max_cue_tokens)):
                    if not tokens[j].is_word:
                        break
                    key += tokens[j].key
                    entry = (
                        self.triggers.cues.get(key)
                        or self.triggers.cues.get(singular(key))
                        or self.triggers.cues.get(without_indefinite(key))
                    )
                    if entry and (best is None or CUE_PRIORITY.get(entry.code, 9) < CUE_PRIORITY.get(best.code, 9)):
                        best = entry
        return best

    def statement_cue(
        self, tokens: Sequence[Token], quoted: Collection[int], trig: TriggerMatch, first: int, stop: int,
        subject: Mention | None,
    ) -> TriggerEntry | None:
        """The cue of a statement in the clause ``[first, stop)``: in what follows the verb,
        in a quote before it, or in a verb-final complement («بر اراده … برای حفظ روابط …
        تأکید کرد»), which may stand before the subject («مراتب اعتراض شدید تهران … به
        شرکلیف ابلاغ گردید»)."""
        quoted_before = [range(i, i + 1) for i in range(first, trig.start) if i in quoted]
        spans = [range(trig.end, stop), *quoted_before]
        if trig.end >= stop or tokens[trig.end].text in CLAUSE_END:
            spans.append(range(first, subject.start) if subject else range(0))
            spans.append(range(subject.end if subject else first, trig.start))
        return self.strongest_cue(tokens, spans)

    @staticmethod
    def intent_type(intended: Sequence[TriggerMatch], span: range) -> tuple[str, str] | None:
        """The root and polarity of a statement whose content (``span``) announces an act
        for the future: a meeting or a visit stays one (04), other cooperation is an intent
        to cooperate (03), coercion or force a threat (13); None without such an act."""
        act = next((t for t in intended if t.start in span), None)
        if act is None:
            return None
        if act.entry.code == CONSULT:
            return CONSULT, "support"
        if act.entry.code in COOPERATION_ROOTS:
            return "03", "support"
        if act.entry.code in FORCE_ROOTS:
            return THREATEN, "oppose"
        return None

    def has_intent(self, tokens: Sequence[Token], span: range) -> bool:
        """True when a modal of intent («قرار است», «قصد دارد») stands in the token range."""
        for i in span:
            key = ""
            for j in range(i, min(span.stop, i + 3)):
                key += tokens[j].key
                if key in self.triggers.intents:
                    return True
        return False
