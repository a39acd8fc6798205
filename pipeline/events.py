"""Events stage: who did what to whom, as CAMEO-coded records with stance, date and provenance.

For each clause (a sentence, cut again after a full stop that closes a quotation, where
news text often leaves no space: «… است.»سفیر …»), in document order:

1. Triggers come from the trigger lexicon (verb phrases with all their inflections;
   light verbs with an optional gap, «خواستار … شدند»; a light verb shared by two
   coordinated phrases, «رد و تأکید کرد»). A trigger inside reported content («…»
   quotes, or what follows «گفت:») is not an event of its own: it is what is reported.
2. The actor is the first actor phrase before the trigger that is neither governed by a
   preposition nor the object of «را» (Persian is SOV and fronts its adverbials); a later
   verb of the clause without a subject of its own keeps it («… انتقاد کرد و روسیه را
   متهم کرد»); a passive takes its actor from «توسط» / «از سوی».
3. The target is the actor the event is aimed at: for an act, an object with «را» or a
   phrase with «به», «علیه», «با», «از», «نسبت به», «در قبال»; for a reporting verb, the
   actor its content speaks of (a subject inside the quote first).
4. A reporting verb is typed by its content (criticism → 11, rejection → 12, a demand of
   someone → 10, an appeal → 02, cooperation → 03, else 01) and yields to another event of
   the same actor in its clause («اعلام کرد که … را تحت فشار قرار داده است» is one event).
5. Stance comes from the trigger's (or the content's) polarity and the CAMEO root,
   flipped by negation (a negative verb form, «نباید», «نمی‌تواند»); a modal of intent
   («قرار است … دیدار کند») makes the event an expressed intent (03). The date is the one
   the dates stage puts in force for the sentence.

Headlines (a short line without final punctuation) repeat the lead and give no events.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from pipeline.actors import PREPOSITIONS, ActorResolver, Mention, Token, person_spans, tokenize
from pipeline.lexicons.actors import fold_normalized, load_actors
from pipeline.lexicons.triggers import TriggerEntry, TriggerLexicon, load_cameo, load_triggers
from pipeline.records import Document, Event, Sentence

__all__ = ["EventExtractor", "TriggerMatch"]

logger = logging.getLogger(__name__)


def _keys(words: str) -> frozenset[str]:
    return frozenset(fold_normalized(w) for w in words.split())


# Prepositions that mark the phrase an act is aimed at (CAMEO's target).
TARGET_PREPOSITIONS = _keys("از به با علیه نسبت قبال")
# Words that introduce the agent of a passive («توسط مدیرکل», «از سوی مسکو»).
AGENT_MARKERS = _keys("توسط سوی طرف جانب")
# Words that close a noun phrase: a mention after them is outside the preposition's reach.
PHRASE_BREAKS = _keys("که را")
# Modal negation before the verb: «نباید … کند», «نمی‌تواند … کند».
NEGATORS = _keys("نباید نمیتواند نمیتوانند هرگز")
CONJUNCTION = fold_normalized("و")
OBJECT_MARKER = fold_normalized("را")
# A preposition reaches this many words into its noun phrase (an Ezafe chain such as
# «در پی حملات مشترک آمریکا»); a noun further on starts a new phrase in practice.
GOVERNOR_REACH = 4
SPEECH_COLON = ":"
QUOTE_PAIRS = {"«": "»", '"': '"', "“": "”"}
CLAUSE_END = ".!?؟"
CLOSING = "»\"”)"
MAX_GAP = 12
HEADLINE_MAX_TOKENS = 20
FINAL_PUNCTUATION = ".!»\""
# Priority of content cues when a statement holds several (criticism wins).
CUE_PRIORITY = {"11": 0, "12": 1, "10": 2, "03": 3, "02": 4}


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger in the text: tokens ``[start, end)``, its lexicon entry, and whether it is negated.

    ``phrase_end`` is where its non-verbal part ends (a gap runs from there to the verb).
    """

    start: int
    end: int
    entry: TriggerEntry
    negated: bool
    phrase_end: int


@dataclass
class _Draft:
    trigger: TriggerMatch
    actor: str
    target: str | None
    code: str
    stance: str
    negated: bool
    subject: Mention | None


@dataclass
class _DocState:
    """One document's tokens and mentions, and what it has said so far (for anaphora)."""

    doc: Document
    tokens: list[Token]
    mentions: list[Mention]
    triggers: list[TriggerMatch]
    quoted: set[int]
    starts: frozenset[int] = frozenset()
    last_actor: str | None = None
    last_target: str | None = None
    role_codes: dict[str, str] = field(default_factory=dict)


class EventExtractor:
    """Pipeline stage: fills ``doc.events``.

    Args:
        actors: extra actor dictionaries (YAML, format of ``pipeline/data/actors.yaml``).
        triggers: extra trigger lexicons (TSV, format of ``pipeline/data/triggers.tsv``).

    Raises:
        LexiconError: a malformed entry in a dictionary, naming file, line and problem.

    Examples:
        >>> from pipeline.normalize import normalize
        >>> from pipeline.records import Document, Sentence
        >>> text = "روسیه اسرائیل را محکوم کرد."
        >>> doc = Document("d1", text, normalized=normalize(text, repair_zwnj=False))
        >>> doc.sentences = [Sentence(0, 0, len(text), text)]
        >>> [(e.actor, e.target, e.type, e.stance) for e in EventExtractor()(doc).events]
        [('RUS', 'ISR', '11', 'oppose')]
    """

    name = "events"

    def __init__(self, *, actors: Sequence[str | Path] = (), triggers: Sequence[str | Path] = ()) -> None:
        self.actor_lexicon = load_actors(actors)
        self.resolver = ActorResolver(self.actor_lexicon)
        self.triggers: TriggerLexicon = load_triggers(triggers)
        self.cameo = load_cameo()
        self._states = {n.code for n in self.actor_lexicon.names.values() if len(n.code) == 3 and n.code.isalpha()}

    # ------------------------------------------------------------------ triggers
    def find_triggers(self, tokens: Sequence[Token]) -> list[TriggerMatch]:
        """Event triggers (cues excluded), the longest phrase first, without overlaps."""
        lex = self.triggers
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
                for entry, forms in lex.phrases.get(key, ()):
                    found = self._verb_at(tokens, i + n, forms, entry.gap and n > 0)
                    if found is None and n > 0:
                        found = self._shared_verb(tokens, i + n, forms)
                    if found:
                        end, negated = found
                        matches.append(TriggerMatch(i, end, entry, negated, i + n))
        chosen: list[TriggerMatch] = []
        for match in sorted(matches, key=lambda m: (-(m.phrase_end - m.start), -(m.end - m.start), m.start)):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def _verb_at(self, tokens: Sequence[Token], j: int, forms: dict[str, bool], gap: bool) -> tuple[int, bool] | None:
        """The verb form starting at ``j`` (after a gap phrase, up to MAX_GAP words later)."""
        for start in range(j, min(len(tokens), j + (MAX_GAP + 1 if gap else 1))):
            if start > j and not tokens[start - 1].is_word:
                return None  # a gap does not cross punctuation
            key = ""
            best = None
            for end in range(start, min(len(tokens), start + self.triggers.max_verb_tokens)):
                if not tokens[end].is_word:
                    break
                key += tokens[end].key
                if key in forms:
                    best = (end + 1, forms[key])
            if best:
                return best
        return None

    def _shared_verb(self, tokens: Sequence[Token], j: int, forms: dict[str, bool]) -> tuple[int, bool] | None:
        """«رد و تأکید کرد»: a phrase before «و» shares the light verb of the next phrase."""
        if j >= len(tokens) or tokens[j].key != CONJUNCTION:
            return None
        for verb_at in range(j + 2, min(len(tokens), j + 2 + self.triggers.max_phrase_tokens)):
            found = self._verb_at(tokens, verb_at, forms, False)
            if found:
                return j, found[1]
        return None

    def _cue(self, tokens: Sequence[Token], spans: Sequence[range]) -> TriggerEntry | None:
        """The strongest content cue in some token ranges."""
        best: TriggerEntry | None = None
        for span in spans:
            for i in span:
                key = ""
                for j in range(i, min(span.stop, i + self.triggers.max_cue_tokens)):
                    if not tokens[j].is_word:
                        break
                    key += tokens[j].key
                    entry = self.triggers.cues.get(key)
                    if entry and (best is None or CUE_PRIORITY.get(entry.code, 9) < CUE_PRIORITY.get(best.code, 9)):
                        best = entry
        return best

    def _has_intent(self, tokens: Sequence[Token], span: range) -> bool:
        for i in span:
            key = ""
            for j in range(i, min(span.stop, i + 3)):
                key += tokens[j].key
                if key in self.triggers.intents:
                    return True
        return False

    # ------------------------------------------------------------------ the stage
    def __call__(self, doc: Document) -> Document:
        if doc.normalized is None:
            raise ValueError("events stage needs a normalized document; run the normalizer first")
        tokens = tokenize(doc.normalized.text)
        mentions = self.resolver.find(tokens, person_spans(doc, tokens))
        state = _DocState(doc, tokens, mentions, self.find_triggers(tokens), _quoted(tokens))
        state.starts = frozenset(m.start for m in mentions)
        events: list[Event] = []
        for sentence in doc.sentences:
            norm_start, norm_end = doc.normalized.to_norm_span(sentence.start, sentence.end)
            span = [t.index for t in tokens if t.start >= norm_start and t.end <= norm_end]
            if not span or sentence.is_date_line or _is_heading(doc, sentence, len(span)):
                continue
            date = doc.sentence_dates[sentence.index] if sentence.index < len(doc.sentence_dates) else None
            for first, stop in _clauses(tokens, span[0], span[-1] + 1, state.quoted):
                events.extend(self._clause_events(state, sentence.index, first, stop, date))
        doc.events = events
        return doc

    def _clause_events(self, state: _DocState, index: int, first: int, stop: int, date: str | None) -> list[Event]:
        tokens = state.tokens
        content = {i for i in state.quoted if first <= i < stop}
        own = [t for t in state.triggers if first <= t.start and t.end <= stop]
        for t in own:  # what follows «گفت:» is reported content, not narration
            if t.entry.kind == "speech" and t.start not in content and t.end < stop and tokens[t.end].text == SPEECH_COLON:
                content.update(range(t.end, stop))
        own = [t for t in own if t.start not in content and t.entry.kind in ("act", "speech", "passive")]
        mentions = [m for m in state.mentions if first <= m.start and m.end <= stop]
        drafts: list[_Draft] = []
        region_start = first
        previous_actor: str | None = None
        for trig in own:
            region = [m for m in mentions if region_start <= m.start and m.end <= trig.start and m.start not in content]
            subject = next((m for m in region if self._is_subject(state, m, first, trig)), None)
            if trig.entry.kind == "passive":
                agent = next((m for m in region if _governor(tokens, m, first) in AGENT_MARKERS), None)
                actor = self._resolve(state, agent, as_actor=True) if agent else None
                target = self._resolve(state, subject) if subject else None
            else:
                actor = self._resolve(state, subject, as_actor=True) if subject else previous_actor
                target = None
            region_start = trig.end
            if actor is None:
                continue
            previous_actor = actor
            code, polarity = trig.entry.code, trig.entry.polarity
            if trig.entry.kind == "speech":
                target = self._speech_target(state, mentions, content, trig, first, stop, actor, subject)
                cue = self._speech_cue(state, trig, first, stop, subject)
                if cue:
                    code, polarity = cue.code, cue.polarity
                    if code == "10" and target is None:
                        code, polarity = "02", "neutral"  # «باید» with nobody to demand it of is an appeal
                if code != "01" and target is None and state.last_actor == actor:
                    target = state.last_target  # a statement that goes on about the same actor
            elif trig.entry.kind == "act":
                target = self._act_target(state, mentions, content, trig, first, actor, subject)
            if self._has_intent(tokens, range(max(first, trig.start - 20), trig.start)):
                code, polarity = "03", "support"
            negated = trig.negated or any(tokens[k].key in NEGATORS for k in range(max(first, trig.start - 3), trig.start))
            stance = polarity if polarity != "neutral" or code in ("01", "02") else self.cameo[code].stance
            if negated and stance != "neutral":
                stance = "support" if stance == "oppose" else "oppose"
            drafts.append(_Draft(trig, actor, target if target != actor else None, code, stance, negated, subject))
        events = []
        for draft in _merge_speech(drafts):
            state.last_actor = draft.actor
            state.last_target = draft.target or state.last_target
            events.append(self._event(state, index, draft, first, stop, date))
        return events

    # ------------------------------------------------------------------ roles
    def _is_subject(self, state: _DocState, mention: Mention, first: int, trig: TriggerMatch) -> bool:
        return _governor(state.tokens, mention, first) is None and not _is_object(
            state.tokens, mention, trig.start, state.starts
        )

    def _act_target(self, state, mentions, content, trig, first, actor, subject) -> str | None:
        # A light verb with a gap holds its object inside («خواستار تشکیل جلسه شورای امنیت شدند»).
        inside = [m for m in mentions if trig.phrase_end <= m.start and m.end <= trig.end]
        floor = subject.start if subject else first
        before = [m for m in mentions if floor <= m.start and m.end <= trig.start and m is not subject and m.start not in content]
        for m in inside + before:
            governor = _governor(state.tokens, m, first)
            if governor is None or governor in TARGET_PREPOSITIONS:
                code = self._resolve(state, m, actor=actor)
                if code and code != actor:
                    return code
        return None

    def _speech_target(self, state, mentions, content, trig, first, stop, actor, subject) -> str | None:
        tokens = state.tokens
        reported = [m for m in mentions if m.start >= trig.end or m.start in content]
        # A subject inside the reported content is what the statement is about.
        for m in reported:
            if _governor(tokens, m, _phrase_start(tokens, m.start, first)) is None:
                code = self._resolve(state, m, actor=actor)
                if code and code != actor:
                    return code
        for m in mentions:
            if m.end <= trig.start and m is not subject and m.start not in content:
                if _governor(tokens, m, first) in TARGET_PREPOSITIONS:
                    code = self._resolve(state, m, actor=actor)
                    if code and code != actor:
                        return code
        return None

    def _speech_cue(self, state, trig, first, stop, subject) -> TriggerEntry | None:
        """The cue of a statement: in what follows the verb, in a quote before it, or in a
        verb-final complement («بر اراده … برای حفظ روابط … تأکید کرد»)."""
        quoted_before = [range(i, i + 1) for i in range(first, trig.start) if i in state.quoted]
        spans = [range(trig.end, stop), *quoted_before]
        if trig.end >= stop or state.tokens[trig.end].text in CLAUSE_END:
            spans.append(range(subject.end if subject else first, trig.start))
        return self._cue(state.tokens, spans)

    def _resolve(self, state: _DocState, mention: Mention, *, as_actor: bool = False, actor: str | None = None) -> str | None:
        """The actor code of a mention; anaphora take the nearest fitting actor.

        A pronoun in subject position continues the last actor; elsewhere it is the last
        person named who is not the actor («آمریکا او را … محکوم کرد»). A bare office title
        is the state named with the same title before, else the home state (as_actor only).
        """
        if mention.code is not None:
            if mention.kind == "role":
                state.role_codes.setdefault(state.tokens[mention.start].key, mention.code)
            return mention.code
        earlier = [m for m in state.mentions if m.end <= mention.start and m.code]
        if mention.coref in ("person", "group"):
            if as_actor:
                return state.last_actor or next((m.code for m in reversed(earlier) if m.kind in ("people", "role")), None)
            return next((m.code for m in reversed(earlier) if m.kind in ("people", "role") and m.code != actor), None)
        if mention.coref == "state":
            return next((m.code for m in reversed(earlier) if m.code in self._states), None)
        if mention.kind == "role" and as_actor:
            head = state.tokens[mention.start].key
            return state.role_codes.get(head, self.actor_lexicon.home)
        return None

    def _event(self, state: _DocState, index: int, draft: _Draft, first: int, stop: int, date: str | None) -> Event:
        doc, tokens = state.doc, state.tokens
        norm = doc.normalized

        def raw(start: int, end: int) -> tuple[int, int]:
            return norm.to_raw_span(tokens[start].start, tokens[end - 1].end)

        trig = draft.trigger
        t_start, t_end = raw(trig.start, trig.end)
        e_start, e_end = raw(first, stop)
        actor_text = None
        if draft.subject is not None:
            a_start, a_end = raw(draft.subject.start, draft.subject.end)
            actor_text = doc.text[a_start:a_end]
        return Event(
            actor=draft.actor,
            target=draft.target,
            type=draft.code,
            stance=draft.stance,
            date=date,
            trigger=doc.text[t_start:t_end],
            trigger_start=t_start,
            trigger_end=t_end,
            evidence=doc.text[e_start:e_end],
            evidence_start=e_start,
            evidence_end=e_end,
            sentence_index=index,
            doc_id=doc.id,
            quad_class=self.cameo[draft.code].quad_class,
            negated=draft.negated,
            actor_text=actor_text,
            target_text=None,
        )


def _merge_speech(drafts: list[_Draft]) -> list[_Draft]:
    """A reporting verb yields to another event of its actor in the same clause.

    «… انتقاد کرد و گفت: …» is one event (the criticism); «اعلام کرد که … را تحت فشار
    قرار داده است» is the pressure; two statements by two named speakers stay two.
    """
    kept: list[_Draft] = []
    for i, d in enumerate(drafts):
        if d.trigger.entry.kind == "speech":
            others = [o for j, o in enumerate(drafts) if j != i and o.actor == d.actor]
            if any(o.trigger.entry.kind != "speech" for o in others):
                continue
            if d.subject is None and any(o in kept for o in others):
                continue
        kept.append(d)
    return kept


def _governor(tokens: Sequence[Token], mention: Mention, floor: int) -> str | None:
    """The preposition that governs the noun phrase a mention stands in, if any."""
    for k in range(mention.start - 1, max(floor, mention.start - 1 - GOVERNOR_REACH) - 1, -1):
        token = tokens[k]
        if not token.is_word or token.key in PHRASE_BREAKS:
            return None
        if token.key in PREPOSITIONS:
            return token.key
    return None


def _is_object(tokens: Sequence[Token], mention: Mention, limit: int, starts: frozenset[int]) -> bool:
    """True when «را» closes the phrase of the mention («روسیه را متهم کرد»).

    Another mention before «را» is the object instead («روسیه اسرائیل را …»).
    """
    for k in range(mention.end, min(limit, mention.end + 8)):
        if tokens[k].key == OBJECT_MARKER:
            return True
        if tokens[k].key in PHRASE_BREAKS or tokens[k].text in ".:؛" or k in starts:
            return False
    return False


def _phrase_start(tokens: Sequence[Token], position: int, floor: int) -> int:
    for k in range(position - 1, floor - 1, -1):
        if not tokens[k].is_word or tokens[k].key in PHRASE_BREAKS:
            return k + 1
    return floor


def _quoted(tokens: Sequence[Token]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    inside: set[int] = set()
    closing: str | None = None
    opened = 0
    for token in tokens:
        if closing is not None and token.text == closing:
            inside.update(range(opened, token.index))
            closing = None
        elif closing is None and token.text in QUOTE_PAIRS:
            closing, opened = QUOTE_PAIRS[token.text], token.index + 1
    return inside


def _clauses(tokens: Sequence[Token], first: int, stop: int, quoted: set[int]) -> list[tuple[int, int]]:
    """Cut a sentence after each full stop outside quotes, or one that a closing quote follows."""
    cuts: list[tuple[int, int]] = []
    start = first
    k = first
    while k < stop:
        if tokens[k].text in CLAUSE_END:
            end = k + 1
            while end < stop and tokens[end].text in CLOSING:
                end += 1
            if end < stop and (k not in quoted or end > k + 1):
                cuts.append((start, end))
                start = end
            k = end
            continue
        k += 1
    if start < stop:
        cuts.append((start, stop))
    return cuts


def _is_heading(doc: Document, sentence: Sentence, n_tokens: int) -> bool:
    """A short whole line without final punctuation: a headline or subheading."""
    text = sentence.text.rstrip()
    before = doc.text[: sentence.start].rstrip(" \t")
    after = doc.text[sentence.end :].lstrip(" \t")
    whole_line = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    return whole_line and text[-1:] not in FINAL_PUNCTUATION and n_tokens <= HEADLINE_MAX_TOKENS
