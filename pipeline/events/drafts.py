"""What the events stage keeps while it reads a document: its state and the drafts of events.

:class:`DocState` holds one document's tokens, actor mentions and triggers, and what it
has said so far (the last actor and target, the occasion and its date) for anaphora and
dates; :class:`Draft` is an event before its date and provenance are known. The functions
below filter a clause's drafts: once per happening, statements that yield to the act
they report, and the lead's restatement of a body event.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from pipeline.events.actors import Mention, Token
from pipeline.events.grammar import BOTH_SIDES, CONJUNCTION, starting_within
from pipeline.events.matching import TriggerMatch
from pipeline.events.roles import ParsedClauses
from pipeline.lexicons.triggers import TriggerEntry
from pipeline.records import Document, Event

__all__ = ["Draft", "DocState", "event_record", "merge_speech", "one_per_shared_verb", "without_lead_repeats", "bare_title", "names_both_sides"]


@dataclass
class Draft:
    """An event before its date and provenance are known; ``reported`` marks a statement or
    an act a statement reports, ``in_content`` an act told inside a statement's content."""

    trigger: TriggerMatch
    actor: str
    target: str | None
    code: str
    stance: str
    negated: bool
    subject: Mention | None
    reported: bool = False
    in_content: bool = False


@dataclass
class DocState:
    """One document's tokens and mentions, and what it has said so far (for anaphora)."""

    doc: Document
    tokens: list[Token]
    mentions: list[Mention]
    triggers: list[TriggerMatch]
    quoted: set[int]
    attributed: set[int] = field(default_factory=set)
    bodies: list[Mention] = field(default_factory=list)
    dated_spans: list[tuple[int, int, str]] = field(default_factory=list)
    last_speaker: str | None = None
    last_actor: str | None = None
    last_event_target: str | None = None
    episode_date: str | None = None
    date_in_sentence: bool = False
    occasion: tuple[str, str] | None = None
    occasion_date: str | None = None
    # The other side of each actor's last violent act (attacker and attacked alike).
    adversaries: dict[str, str] = field(default_factory=dict)
    parsed: ParsedClauses = field(default_factory=ParsedClauses)
    role_codes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Indexes of the mentions and triggers, for bisecting by token position.
        self.trigger_starts = [t.start for t in self.triggers]
        self.mention_starts = [m.start for m in self.mentions]
        self.starts = frozenset(self.mention_starts)
        self.ends = frozenset(m.end for m in self.mentions)

    def fight(self, draft: Draft) -> None:
        """Fighting told without a patient («در حملات متقابل این گروه … کشته شدند») is aimed
        at the side the actor has been fighting in this report; fighting with a patient
        makes each side the other's adversary."""
        if draft.target is None:
            draft.target = self.adversaries.get(draft.actor)
        elif draft.target != draft.actor:
            self.adversaries[draft.actor], self.adversaries[draft.target] = draft.target, draft.actor


def one_per_shared_verb(tokens: list[Token], drafts: list[Draft]) -> list[Draft]:
    """Once per happening in a clause: «زنان را محاصره و سپس متفرق کردند» (two nouns sharing
    one light verb) and a passive that repeats an act just named give one event when they
    have the same actor, target and root."""
    kept = []
    for i, d in enumerate(drafts):
        trig = d.trigger
        if trig.entry.kind == "passive" and any(
            (o.actor, o.target, o.code) == (d.actor, d.target, d.code) for o in drafts[:i]
        ):
            continue  # «در درگیری میان … ده‌ها نفر کشته شدند»: the passive tells the same act again
        shared = (
            trig.entry.kind != "nominal" and trig.end == trig.phrase_end
            and trig.end < len(tokens) and tokens[trig.end].key == CONJUNCTION
        )
        if shared and any(
            (o.actor, o.target, o.code) == (d.actor, d.target, d.code) and o.trigger.start > trig.start
            for o in drafts[i + 1 :]
        ):
            continue
        kept.append(d)
    return kept


def bare_title(mention: Mention) -> bool:
    """A role noun that names no state or group of its own («نیروهای امنیتی», «سخنگو»)."""
    return mention.kind == "role" and mention.code is None and mention.coref is None


def names_both_sides(tokens: list[Token], mention: Mention) -> bool:
    """True for «دو طرف», «طرفین», «هر دو جانب»: both parties, not a plain «آنها»."""
    return "".join(t.key for t in tokens[mention.start : mention.end]) in BOTH_SIDES


def merge_speech(drafts: list[Draft]) -> list[Draft]:
    """A reporting verb yields to another event of its actor in the same clause.

    «… انتقاد کرد و گفت: …» is one event (the criticism); «اعلام کرد که … را تحت فشار
    قرار داده است» is the pressure, and so is «اعلام کرد: … را تحت فشار قرار دادیم»; two
    statements by two named speakers stay two, and so does a statement typed by its own
    content beside a verbal noun of its speaker («ضمن رد … گفت: … ناروا است»).
    An event that a reporting verb reports, or that is one, is marked ``reported``.
    """
    kept: list[Draft] = []
    for i, d in enumerate(drafts):
        others = [o for j, o in enumerate(drafts) if j != i and o.actor == d.actor]
        if d.trigger.entry.kind == "speech":
            # It reports its own act, or it is a bare carrier beside another act of its
            # actor; a statement typed by its own content stays («ضمن رد … گفت: … ناروا»).
            # A refusal in its content («گفت: این خبر را تأیید نمی‌کنم») is such an act.
            acts = [o for o in others if o.trigger.entry.kind != "speech" or o.in_content]
            if any(o.in_content or o.trigger.start > d.trigger.start for o in acts) or (d.code == "01" and acts):
                continue
            if d.subject is None and any(o in kept for o in others):
                continue
        d.reported = d.trigger.entry.kind in ("speech", "nominal") or any(
            o.trigger.entry.kind == "speech" for o in others
        )
        kept.append(d)
    return kept


def without_lead_repeats(doc: Document, events: list[tuple[Event, TriggerEntry]]) -> list[Event]:
    """Drop the lead's restatement of an event the body reports again.

    A news lead (the first paragraph under the headline) summarizes the body: an undated
    event of it whose actor, type and trigger (lexicon entry) come again in a later
    paragraph is that same event, which the body reports with its date and context.
    """
    if not events:
        return []
    newlines = [i for i, char in enumerate(doc.text) if char == "\n"]
    line_of = [bisect_left(newlines, e.evidence_start) for e, _ in events]
    body = {(e.actor, e.type, entry) for (e, entry), line in zip(events, line_of) if line != line_of[0]}
    return [
        e
        for (e, entry), line in zip(events, line_of)
        if not (line == line_of[0] and e.date is None and (e.actor, e.type, entry) in body)
    ]


def event_record(state: DocState, index: int, draft: Draft, first: int, stop: int, date: str | None, quad_class: int) -> Event:
    """The record of a draft: its date, and its trigger, evidence, actor and target texts as raw spans."""
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
    target_text = None
    named = [
        m
        for m in starting_within(state.mentions, state.mention_starts, first, stop)
        if m.end <= stop and m.code == draft.target
    ]
    if draft.target is not None and named:
        # The target was resolved to a code; its text is the closest mention naming it.
        closest = min(named, key=lambda m: abs(m.start - trig.start))
        target_text = doc.text[slice(*raw(closest.start, closest.end))]
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
        quad_class=quad_class,
        negated=draft.negated,
        actor_text=actor_text,
        target_text=target_text,
    )
