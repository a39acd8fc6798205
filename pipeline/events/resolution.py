"""Actor and target resolution on top of the clause roles: which code a mention stands for.

A mention (:class:`pipeline.events.actors.Mention`) is a name, a title composed with its state,
a person, a demonym after its noun or an anaphor («وی», «این کشور», «این وزارت», «دو
طرف»); :meth:`RoleResolver.resolve` gives its actor code in the context of the document
read so far (:class:`pipeline.events.drafts.DocState`), and the ``*_target`` methods find
the phrase an act or a statement is aimed at.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable

from pipeline.events.actors import PREPOSITIONS, Mention
from pipeline.events.drafts import DocState
from pipeline.events.grammar import (
    AGENT_MARKERS,
    DEMONSTRATIVES,
    FORCE_ROOTS,
    GOVERNOR_REACH,
    IN,
    JOINERS,
    PHRASE_BREAKS,
    TARGET_PREPOSITIONS,
    TERRITORY_NOUNS,
    coordinated,
    governor,
    in_nested_phrase,
    is_object,
    phrase_start,
    sentence_end,
    sentence_start,
    starting_within,
)
from pipeline.events.matching import TriggerMatch
from pipeline.events.roles import SUBJECT_RELATIONS
from pipeline.lexicons.actors import ActorLexicon

__all__ = ["RoleResolver"]

# Mentions that name a state's place: its name, seat, a title composed with it, a demonym.
PLACE_KINDS = ("seats", "names", "role", "demonym")


class RoleResolver:
    """Resolves mentions to actor codes and finds subjects and targets.

    Args:
        lexicon: the actor dictionary (its ``home`` state stands for a bare title the text
            gives no state).
    """

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.actor_lexicon = lexicon
        # Three-letter codes are states (ISO 3166-1 alpha-3); the others are organizations.
        self._states = {n.code for n in lexicon.names.values() if len(n.code) == 3 and n.code.isalpha()}

    @staticmethod
    def parsed_subject(state: DocState, trig: TriggerMatch, region: list[Mention]) -> Mention | None:
        """The actor mention the parse makes the subject of the trigger's verb, if any."""
        verb = state.parsed.verb_of(trig.start, trig.end)
        if verb is None:
            return None
        return state.parsed.role_of(verb, SUBJECT_RELATIONS, region)

    def is_subject(self, state: DocState, mention: Mention, first: int, trig: TriggerMatch) -> bool:
        """Neither governed by a preposition nor marked by «را» as the object of ``trig``."""
        return governor(state, mention, first) is None and not is_object(
            state.tokens, mention, trig.start, state.starts, first
        )

    def passive_roles(
        self, state: DocState, trig: TriggerMatch, region: list[Mention], first: int
    ) -> tuple[Mention | None, Mention | None]:
        """The agent («توسط …», «از سوی …») and the grammatical subject (the patient) of a
        passive: the subject is the last phrase that can be one before the agent or the verb
        («… ایران، او عصر دیروز توسط مدیرکل … احضار شد»)."""
        agent = next((m for m in region if governor(state, m, first) in AGENT_MARKERS), None)
        limit = agent.start if agent else trig.start
        patient = next((m for m in reversed(region) if m.end <= limit and self.is_subject(state, m, first, trig)), None)
        return agent, patient

    def joint_parties(self, state: DocState, party: Mention, pool: list[Mention]) -> tuple[str | None, str | None]:
        """The actor and target of a joint act: the first party named, toward the party
        coordinated with it («میان افغانستان و پاکستان»)."""
        partners = coordinated(state.tokens, party, pool)
        actor = self.resolve(state, party, as_actor=True)
        return actor, self.resolve(state, partners[0], actor=actor) if partners else None

    def first_other(self, state: DocState, mentions: Iterable[Mention], actor: str | None) -> str | None:
        """The code of the first mention that resolves to an actor other than ``actor``."""
        for m in mentions:
            code = self.resolve(state, m, actor=actor)
            if code and code != actor:
                return code
        return None

    def nominal_target(self, state: DocState, mentions, trig: TriggerMatch, stop: int, actor: str | None) -> str | None:
        """The actor named in the phrase of a verbal noun («ضمن انتقاد از سیاست‌های آمریکا»)."""
        tokens = state.tokens
        end = trig.end
        while end < min(stop, trig.end + GOVERNOR_REACH + 2) and tokens[end].is_word and tokens[end].key not in PHRASE_BREAKS:
            end += 1
        return self.first_other(state, (m for m in mentions if trig.end <= m.start and m.end <= end), actor)

    def act_target(self, state, mentions, content, trig, first, actor, subject) -> str | None:
        # A light verb with a gap holds its object inside («خواستار تشکیل جلسه شورای امنیت شدند»).
        inside = [m for m in mentions if trig.phrase_end <= m.start and m.end <= trig.end]
        floor = subject.start if subject else first
        before = [m for m in mentions if floor <= m.start and m.end <= trig.start and m is not subject and m.start not in content]
        # A phrase after the trigger's own noun completes that noun («به حملات موشکی علیه
        # داعش پرداختند»: the attacks are against ISIS); after a preposition that opens the
        # gap («از حامیان خروج از اتحادیه اروپا خواست») it nests as usual.
        own_noun = trig.phrase_end > trig.start and state.tokens[trig.phrase_end - 1].key not in PREPOSITIONS

        def aimed(m: Mention) -> bool:
            phrase_floor = trig.phrase_end if m in inside and own_noun else first
            preposition = governor(state, m, phrase_floor)
            if preposition == IN and trig.entry.code in FORCE_ROOTS:
                return state.tokens[m.start - 1].key in TERRITORY_NOUNS
            return preposition is None or (
                preposition in TARGET_PREPOSITIONS and not in_nested_phrase(state, m, phrase_floor)
            )

        return self.first_other(state, (m for m in inside + before if aimed(m)), actor)

    def speech_target(self, state, mentions, content, trig, first, stop, actor, subject) -> tuple[str | None, bool]:
        """The target of a statement, and whether it is the subject of the reported content
        itself (what a «باید» there demands of) rather than a possessor or a complement."""
        tokens = state.tokens
        reported = [m for m in mentions if m.start >= trig.end or m.start in content]
        # A subject inside the reported content is what the statement is about.
        for m in reported:
            opening = phrase_start(tokens, m.start, first)
            if governor(state, m, opening) is None:
                code = self.resolve(state, m, actor=actor)
                if code and code != actor:
                    return code, m.start == opening
        return self.first_other(state, (
            m for m in mentions
            if m.end <= trig.start and m is not subject and m.start not in content
            and governor(state, m, first) in TARGET_PREPOSITIONS and not in_nested_phrase(state, m, first)
        ), actor), False

    def content_actor(self, state: DocState, mentions, content, trig, stop, actor) -> str | None:
        """The first other actor a statement's content names, in any phrase: an appeal or a
        criticism is aimed at it («امیدواریم عقلانیت در طرف آمریکایی …»), and a report is
        about it («اعلام کرد که … سفیر به اسرائیل می‌فرستد»)."""
        return self.first_other(state, (m for m in mentions if m.start in content or trig.end <= m.start < stop), actor)

    def resolve(self, state: DocState, mention: Mention, *, as_actor: bool = False, actor: str | None = None) -> str | None:
        """The actor code of a mention; anaphora take the nearest fitting actor.

        A pronoun in subject position continues the last actor; elsewhere it is the nearest
        person named before it in its sentence that is not the actor, else the nearest other
        actor there («… سفر هیئتی از حماس به مسکو و او را تحت فشار قرار داده»), else the
        last person named who is not the actor («آمریکا او را … محکوم کرد»). «این اظهارات»
        stands for whichever side of the last event is not the actor: the statements are
        that side's. A bare office title
        is the state named with the same title before, else the home state (as_actor only).
        """
        if mention.code is not None:
            if mention.kind == "role":
                state.role_codes.setdefault(state.tokens[mention.start].key, mention.code)
            return mention.code
        earlier = [m for m in state.mentions[: bisect_left(state.mention_starts, mention.start)] if m.end <= mention.start and m.code]
        if mention.coref in ("person", "group"):
            if as_actor:
                return state.last_actor or next((m.code for m in reversed(earlier) if m.kind in ("people", "role")), None)
            first = sentence_start(state.tokens, mention.start)
            near = [m for m in earlier if m.start >= first and m.start not in state.attributed]
            return (
                next((m.code for m in reversed(near) if m.kind == "people" and m.code != actor), None)
                or next((m.code for m in reversed(near) if m.code != actor), None)
                or next((m.code for m in reversed(earlier) if m.kind in ("people", "role") and m.code != actor), None)
            )
        if mention.coref == "populace":
            # Protesters, citizens, women of a place are of the state named for the place
            # in their sentence («گروهی از زنان در شهر کابل» → AFG), else of the last state
            # the text named before them, else of the home state.
            first = sentence_start(state.tokens, mention.start)
            stop = sentence_end(state.tokens, mention.end)
            places = [
                m for m in starting_within(state.mentions, state.mention_starts, first, stop)
                if m.kind in PLACE_KINDS and m.code in self._states
            ]
            if places:
                return places[0].code
            before = [m for m in earlier if m.kind in PLACE_KINDS and m.code in self._states]
            return before[-1].code if before else self.actor_lexicon.home
        if mention.coref == "body":
            return next((m.code for m in reversed(earlier) if m.kind in ("names", "role", "seats") and m.code), None)
        if mention.coref == "state":
            return next((m.code for m in reversed(earlier) if m.code in self._states), None)
        if mention.coref == "statement" and not as_actor:
            return next((c for c in (state.last_event_target, state.last_actor) if c and c != actor), None)
        if mention.kind == "role" and as_actor:
            # «خایمه نارانخو، سناتور شیلیایی و رئیس کمیسیون …»: a bare title joined to a named
            # actor by «و» or a comma is that actor's second title.
            joined = next((m for m in reversed(earlier) if m.end == mention.start - 1), None)
            if joined is not None and state.tokens[mention.start - 1].key in JOINERS:
                return joined.code
            if mention.start and state.tokens[mention.start - 1].key in DEMONSTRATIVES and state.last_actor:
                return state.last_actor  # «این سخنگو تأکید کرد»: the one just quoted
            head = state.tokens[mention.start].key
            return state.role_codes.get(head, self.actor_lexicon.home)
        return None
