"""Content coding: the CAMEO root and stance of a statement from what it says.

A reporting verb («گفت», «افزود», «تأکید کرد») is only a carrier (EVENTS_GUIDE, "code the
content"): the statement is typed by cue words of its content (criticism, rejection,
demand, threat, appeal, cooperation), read from the cue rows of the trigger lexicon.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.actors import Token
from pipeline.events.grammar import singular
from pipeline.lexicons.triggers import TriggerEntry, TriggerLexicon

__all__ = ["ContentCoder", "CUE_PRIORITY"]

# Priority of content cues when a statement holds several (criticism wins).
CUE_PRIORITY = {"11": 0, "12": 1, "13": 2, "10": 3, "03": 4, "02": 5}


class ContentCoder:
    """Finds content cues and modals of intent in token ranges."""

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.triggers = lexicon

    def strongest_cue(self, tokens: Sequence[Token], spans: Sequence[range]) -> TriggerEntry | None:
        """The strongest content cue in some token ranges (a plural counts: «همکاری‌های»)."""
        best: TriggerEntry | None = None
        for span in spans:
            for i in span:
                key = ""
                for j in range(i, min(span.stop, i + self.triggers.max_cue_tokens)):
                    if not tokens[j].is_word:
                        break
                    key += tokens[j].key
                    entry = self.triggers.cues.get(key) or self.triggers.cues.get(singular(key))
                    if entry and (best is None or CUE_PRIORITY.get(entry.code, 9) < CUE_PRIORITY.get(best.code, 9)):
                        best = entry
        return best

    def has_intent(self, tokens: Sequence[Token], span: range) -> bool:
        for i in span:
            key = ""
            for j in range(i, min(span.stop, i + 3)):
                key += tokens[j].key
                if key in self.triggers.intents:
                    return True
        return False

    # ------------------------------------------------------------------ the stage
