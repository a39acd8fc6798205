"""Events stage: who did what to whom, as CAMEO-coded records with stance, date and provenance.

The rules follow ``EVENTS_GUIDE.md`` (the gold files' coding rules). For each clause (a
sentence, cut again after a full stop that closes a quotation, where news text often
leaves no space: «… است.»سفیر …»), in document order:

1. Triggers come from the CAMEO root lexicon (:mod:`pipeline.events.matching`): verbs and
   light-verb constructions of all 20 roots with their inflections, passives («احضار شد»,
   «مورد حمله قرار گرفت»), support verbs («اقدام به بازداشت کرد», «حملات … انجام داد»),
   verbal nouns («ضمن انتقاد از», «درگیری میان X و Y»). An act that a statement reports as
   done («… اعلام کرد: … را سرنگون کردیم») is an event of its own (nested reports); a wish,
   a demand or a forecast in reported content is not. Nor is an act in a subordinate clause
   that the clause's own verb follows («این مطلب که روسیه … حمایت می‌کند را رد کرد»).
2. The actor is the subject of the trigger's verb: the dependency parse of the sentence
   (:mod:`pipeline.events.roles`) names it unless «را» marks it as the object; without a
   parse, the first actor phrase before the trigger that is neither governed by a
   preposition nor the object of «را» (Persian is SOV and fronts its adverbials). Actors
   coordinated with it get one event each, except in a joint act (talks, a call, a
   signing, or cooperation turned on themselves by «خود»/«یکدیگر»: one event, first-named
   toward second). A bare title after a speaker is the speaker's side; «دو طرف» are both
   sides of the occasion; a passive takes its actor from «توسط»/«از سوی»/«به دست», else
   from the context (not for violence). Source attributions («به گزارش …،») and datelines
   («خبرگزاری فارس: …») name outlets, never actors or targets, and an outlet that says
   something («روزنامه … نوشت») only reports. A name never runs over a verb or a line
   break, whatever span the entity tagger gave it.
3. The target is whom the act is aimed at: an object with «را» or a phrase with «به»,
   «علیه», «با», «از», «درباره», «در خصوص» … (not one nested in another phrase); for a
   statement, the actor its content speaks of; force «در خاک/قلمرو X» is aimed at X; on a
   two-party occasion (a meeting, a call, a summons), the other side when the text names
   no one; for fighting, the side the actor was last seen fighting in the report.
4. A statement is typed by its content (:mod:`pipeline.events.content`: criticism 11,
   rejection 12, threat 13, demand 10, appeal 02, cooperation 03; an act announced for the
   future: intent 03, a meeting 04, force a threat 13; else 01) and yields to an act
   (a refusal too) of the same actor that its content reports; «وی افزود: …» is an event when its
   content is typed, a bare continuation otherwise. «X از Y خبر داد» announces the act Y.
5. Stance comes from the trigger's (or the content's) polarity and the CAMEO root; a
   negated act or statement is no event, except a refusal («نپذیرفت»: 12); a modal of
   intent («قرار است … کند») makes an act an intent (03), but a meeting stays 04.
6. The date (:mod:`pipeline.events.dating`) is the nearest date of the act's own clause,
   else the one the dates stage puts in force for the sentence, but not a date after the
   article for a past-tense event; a statement without one takes the date of the occasion
   the report last dated, and so do the acts of the two sides of a dated occasion. An
   event is dated by the day, without the time of day.

Headlines (a short line without final punctuation) repeat the lead and give no events;
the lead's restatement of an event that the body reports again is dropped, and so is a
second mention of one act inside a clause.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from pathlib import Path
from typing import Any, Generator, Sequence

from pipeline.dates.timex import day_of
from pipeline.events.actors import ActorResolver, Mention, entity_spans, tokenize
from pipeline.events.content import CUE_PRIORITY, ContentCoder
from pipeline.events.dating import after, clause_date, dated_token_spans
from pipeline.events.drafts import (
    DocState,
    Draft,
    bare_title,
    event_record,
    merge_speech,
    names_both_sides,
    one_per_shared_verb,
    without_lead_repeats,
)
from pipeline.events.grammar import (
    ANNOUNCE,
    BETWEEN,
    COMPLEMENTIZERS,
    CONSULT,
    CONTRASTIVES,
    COOPERATION_ROOTS,
    GOVERNOR_REACH,
    JOINT_ACTS,
    MODAL_DEMANDS,
    NEGATORS,
    OCCASION_ROOTS,
    OUTLETS,
    RECIPROCALS,
    REJECT,
    SPEAKER_ACTS,
    SPEECH_COLON,
    SUMMONS,
    THREATEN,
    VIOLENT_ROOTS,
    attributed,
    clauses,
    coordinated,
    datelines,
    governor,
    is_heading,
    is_object,
    quoted,
    starting_within,
    subordinate_span,
    within_clause,
)
from pipeline.events.matching import TriggerFinder, TriggerMatch
from pipeline.events.resolution import RoleResolver
from pipeline.events.roles import Extraction, parse_together
from pipeline.lexicons.actors import load_actors
from pipeline.lexicons.triggers import (
    TriggerEntry,
    TriggerLexicon,
    load_cameo,
    load_triggers,
)
from pipeline.records import Document, Event, ParsedWord
from pipeline.text.normalize import fold_normalized
from pipeline.text.parsing import shipped_parser_or_none

__all__ = ["EventExtractor", "TriggerMatch"]

logger = logging.getLogger(__name__)

# ``EventExtractor(parser=...)``: the shipped dependency parser unless told otherwise.
DEFAULT_PARSER = object()


class EventExtractor:
    """Pipeline stage: fills ``doc.events``.

    Args:
        actors: extra actor dictionaries (YAML, format of ``pipeline/data/actors.yaml``).
        triggers: extra trigger lexicons (TSV, format of ``pipeline/data/triggers.tsv``).

    Raises:
        LexiconError: a malformed entry in a dictionary, naming file, line and problem.

    Examples:
        >>> from pipeline.text.normalize import normalize
        >>> from pipeline.records import Document, Sentence
        >>> text = "روسیه اسرائیل را محکوم کرد."
        >>> doc = Document("d1", text, normalized=normalize(text, repair_zwnj=False))
        >>> doc.sentences = [Sentence(0, 0, len(text), text)]
        >>> [(e.actor, e.target, e.type, e.stance) for e in EventExtractor()(doc).events]
        [('RUS', 'ISR', '11', 'oppose')]
    """

    name = "events"
    requires = ("normalized", "sentences", "entities", "sentence_dates")
    provides = ("events",)

    def __init__(
        self, *, actors: Sequence[str | Path] = (), triggers: Sequence[str | Path] = (), parser: Any = DEFAULT_PARSER
    ) -> None:
        # The shipped parser is loaded on first need: many texts have no sentence to parse.
        self._parser = parser
        self.actor_lexicon = load_actors(actors)
        self.resolver = ActorResolver(self.actor_lexicon)
        self.triggers: TriggerLexicon = load_triggers(triggers)
        self.cameo = load_cameo()
        self.roles = RoleResolver(self.actor_lexicon)
        self.finder = TriggerFinder(self.triggers)
        self.content = ContentCoder(self.triggers)

    @property
    def parser(self) -> Any:
        """The dependency parser of clause roles (None: without parses)."""
        if self._parser is DEFAULT_PARSER:
            self._parser = shipped_parser_or_none()
        return self._parser

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Fill the events of each document; the clauses they need parsed go through the
        parser together (:func:`pipeline.events.roles.parse_together`)."""
        parse_together([self._extract(doc) for doc in docs], lambda sentences: self.parser.parse(sentences))
        return docs

    def _extract(self, doc: Document) -> Extraction:
        """Fill ``doc.events``; yield the words of each clause to parse, and take back its tree."""
        if doc.normalized is None:
            raise ValueError("events stage needs a normalized document; run the normalizer first")
        tokens = tokenize(doc.normalized.text)
        found = self.resolver.find(tokens, entity_spans(doc, tokens, "PER"), entity_spans(doc, tokens, "ORG"))
        triggers = self.finder.find(tokens)
        found = within_clause(doc.normalized.text, tokens, found, {t.start for t in triggers})
        # Organizations the dictionary does not know stand in only for a missing actor:
        # they take part in no anaphora and no target search.
        mentions = [m for m in found if m.kind != "org"]
        token_starts = [t.start for t in tokens]
        state = DocState(
            doc, tokens, mentions, triggers, quoted(tokens, mentions),
            attributed(tokens, triggers, mentions) | datelines(doc.normalized.text, tokens, triggers),
            bodies=[m for m in found if m.kind == "org"], dated_spans=dated_token_spans(doc, token_starts),
        )
        events: list[tuple[Event, TriggerEntry]] = []
        for sentence in doc.sentences:
            norm_start, norm_end = doc.normalized.to_norm_span(sentence.start, sentence.end)
            first = bisect_left(token_starts, norm_start)
            stop = first
            while stop < len(tokens) and tokens[stop].end <= norm_end:
                stop += 1
            if stop == first or sentence.is_date_line or is_heading(doc, sentence, stop - first):
                continue
            date = doc.sentence_dates[sentence.index] if sentence.index < len(doc.sentence_dates) else None
            state.date_in_sentence = any(sentence.start <= d.start and d.end <= sentence.end for d in doc.dates)
            for first, stop in clauses(tokens, first, stop, state.quoted):
                events.extend((yield from self._clause_events(state, sentence.index, first, stop, date)))
        doc.events = without_lead_repeats(doc, events)

    def _clause_events(
        self, state: DocState, index: int, first: int, stop: int, date: str | None
    ) -> Generator[list[str], list[ParsedWord], list[tuple[Event, TriggerEntry]]]:
        """The events of one clause, each with the lexicon entry of its trigger (yields as :meth:`_extract`)."""
        tokens = state.tokens
        content = {i for i in range(first, stop) if i in state.quoted}
        own = [t for t in starting_within(state.triggers, state.trigger_starts, first, stop) if t.end <= stop]
        for t in own:  # what follows «گفت:» or «تهدید کرد که» is reported content, not narration
            if t.start in content or t.end >= stop:
                continue
            if (t.entry.kind == "speech" and tokens[t.end].text == SPEECH_COLON) or (
                t.entry.code == THREATEN and tokens[t.end].key in COMPLEMENTIZERS
            ):
                content.update(range(t.end, stop))
        # An act that a statement reports as done («… اعلام کرد: ۱۹۳ پهپاد را سرنگون
        # کردیم») is an event of its own (EVENTS_GUIDE, nested reports); a wish, a
        # demand or a forecast in the content (subjunctive, future, negated) is not.
        reported_acts = [
            t for t in own
            if t.start in content
            and (
                (t.entry.kind in ("act", "passive") and t.tense == "past" and not t.negated)
                or (t.entry.kind in ("act", "speech") and t.negated and t.entry.polarity == "support")
            )
        ]
        # An act the content announces for the future («… به اسرائیل ارسال خواهد کرد») is
        # the speaker's intent (EVENTS_GUIDE rule 4): it types the statement (ContentCoder.intent_type).
        intended = [t for t in own if t.start in content and t.entry.kind == "act" and t.tense == "future" and not t.negated]
        own = [t for t in own if t.start not in content and t.entry.kind in ("act", "speech", "passive", "nominal")]
        subordinate = [s for k, t in enumerate(own) if (s := subordinate_span(tokens, own, k, first))]
        own = [t for t in own if not any(t.start in span for span in subordinate)]
        own = sorted(own + reported_acts, key=lambda t: t.start)
        mentions = [
            m
            for m in starting_within(state.mentions, state.mention_starts, first, stop)
            if m.end <= stop and m.start not in state.attributed
            and not any(m.start in span for span in subordinate)
        ]
        unknown_bodies = [m for m in state.bodies if first <= m.start and m.end <= stop and m.start not in state.attributed]
        drafts: list[Draft] = []
        region_start = first
        previous_actor: str | None = None
        for trig in own:
            in_content = trig.start in content
            if in_content:
                # The subject of a reported act is inside the content; a content without
                # one («… اعلام کرد که پهپادها را سرنگون کرده») is the speaker's own act.
                opening = next(k for k in range(trig.start, first - 1, -1) if k == first or k - 1 not in content)
                region = [m for m in mentions if opening <= m.start and m.end <= trig.start]
                subject = next((m for m in region if self.roles.is_subject(state, m, opening, trig)), None)
                draft = self._reported_act(state, trig, subject, region, [m for m in mentions if opening <= m.start], opening, previous_actor)
                if draft is not None:
                    drafts.append(draft)
                continue
            contrast = next((k for k in range(trig.start - 1, region_start - 1, -1) if tokens[k].key in CONTRASTIVES), None)
            if contrast is not None:  # «با وجود اینکه ایران … اما غرب ایران را متهم می‌کند»
                region_start, previous_actor = contrast + 1, None
            region = [m for m in mentions if region_start <= m.start and m.end <= trig.start and m.start not in content]
            # The parse names the subject, unless it is marked as the object by «را» (the
            # parser's commonest slip); without a parse, the first phrase that can be one.
            bodies = [m for m in unknown_bodies if region_start <= m.start and m.end <= trig.start and m.start not in content]
            choices = sorted(region + bodies, key=lambda m: m.start) if trig.entry.kind != "passive" else region
            unmarked = [m for m in choices if not is_object(tokens, m, trig.start, state.starts, first)]
            if len(unmarked) > 1:
                yield from self._parse_clause(state, first, stop)  # only where the parse has a choice to make
            subject = self.roles.parsed_subject(state, trig, unmarked) or next(
                (m for m in choices if self.roles.is_subject(state, m, first, trig)), None
            )
            partners = coordinated(tokens, subject, region) if trig.entry.kind != "passive" else []
            others = [m for m in mentions if m not in partners]
            if trig.entry.kind == "passive":
                # The subject of a passive is the last one before the verb and its agent
                # («… ایران، او عصر دیروز توسط مدیرکل … احضار شد»).
                agent, subject = self.roles.passive_roles(state, trig, region, first)
                # An agent left unsaid is understood from the context (EVENTS_GUIDE, passive
                # voice): the actor this clause or the report last spoke of; a passive in
                # the present tense states what is generally done, by nobody in particular,
                # and violence («کشته شدند») is nobody's act unless the text says whose.
                understood = (
                    previous_actor or state.last_actor
                    if trig.tense == "past" and trig.entry.code not in VIOLENT_ROOTS
                    else None
                )
                actor = self.roles.resolve(state, agent, as_actor=True) if agent else understood
                target = self.roles.resolve(state, subject, actor=actor) if subject else None
                gap = [m for m in mentions if trig.phrase_end <= m.start and m.end <= trig.end]
                parties = [m for m in region + gap if governor(state, m, first) in BETWEEN]
                if agent is None and parties:
                    # «مذاکرات میان افغانستان و پاکستان آغاز شد»: a joint act of the parties
                    # named after «میان»/«بین», the first toward the second.
                    actor, target = self.roles.joint_parties(state, parties[0], region + gap)
            else:
                actor = self.roles.resolve(state, subject, as_actor=True) if subject else previous_actor
                if subject is not None and previous_actor and (subject.coref in ("person", "group") or bare_title(subject)):
                    # «… دیدار کرد و دو طرف بر … تأکید کردند»; «مقام‌های پاکستان اعلام کردند
                    # نیروهای امنیتی … را کشتند»: a bare title after a speaker is the speaker's side.
                    actor = previous_actor
                unnamed = subject is None and trig.start - first <= 2  # «افخم افزود:» untagged
                if actor is None and (unnamed or (subject is not None and subject.kind == "people")) and trig.entry.kind == "speech":
                    # A speaker named only by a name the text never tied to a state («افخم
                    # افزود: …»), or by a bare name the tagger missed, is the one the report
                    # has been quoting.
                    actor = state.last_speaker
                target = None
            if trig.entry.kind == "nominal" and tokens[trig.phrase_end - 1].key in BETWEEN:
                # «درگیری میان طالبان و نیروهای دولتی»: the noun of a joint act names its
                # parties after «میان»/«بین», the first toward the second.
                parties = [m for m in mentions if trig.end <= m.start < trig.end + GOVERNOR_REACH]
                subject = parties[0] if parties else None
                actor, target = self.roles.joint_parties(state, subject, mentions) if parties else (None, None)
                partners = []
            elif trig.entry.kind == "nominal":
                target = self.roles.nominal_target(state, others, trig, stop, actor)
            region_start = trig.end
            if actor is None:
                logger.debug("no actor for «%s» (subject %s)", trig.entry.phrase, subject.text if subject else None)
                continue
            previous_actor = actor
            code, polarity = trig.entry.code, trig.entry.polarity
            announced = (
                self.content.announced_act(tokens, range(subject.end if subject else first, trig.start))
                if trig.entry.kind == "speech" and fold_normalized(trig.entry.phrase) == ANNOUNCE
                else None
            )
            if announced is not None:
                # «قشقاوی از دیدار معاون اول با نخست‌وزیران چین و روسیه خبر داد»: the act
                # announced, aimed at each party named after its noun.
                noun, entry = announced
                named = [m for m in others if noun < m.start and m.end <= trig.start and self.roles.resolve(state, m, actor=actor) not in (None, actor)]
                aimed = [named[0], *coordinated(tokens, named[0], named)] if named else []
                stance = self._stance(entry.code, entry.polarity)
                codes = [self.roles.resolve(state, m, actor=actor) for m in aimed] or [None]
                for code_of_target in dict.fromkeys(codes):
                    drafts.append(Draft(trig, actor, code_of_target, entry.code, stance, False, subject))
                continue
            if trig.entry.kind == "speech" and subject is not None and tokens[subject.start].key in OUTLETS:
                continue  # an outlet reporting
            if trig.entry.kind == "speech":
                target, addressed = self.roles.speech_target(state, others, content, trig, first, stop, actor, subject)
                cue = self.content.statement_cue(tokens, state.quoted, trig, first, stop, subject)
                # A carrier takes the type of its content; a warning («هشدار داد») stays a
                # threat unless its content criticizes or rejects.
                if cue and (trig.entry.code == "01" or CUE_PRIORITY[cue.code] < CUE_PRIORITY[trig.entry.code]):
                    code, polarity = cue.code, cue.polarity
                    if code == "10" and not addressed:
                        # «باید» demands of the actor that is its subject («روسیه باید …»);
                        # said of a thing («مسئله هسته‌ای ایران باید … حل شود») it is an appeal,
                        # but a noun of necessity («بر لزوم … تأکید کرد») stays a demand, made
                        # of nobody in particular (neutral, EVENTS_GUIDE).
                        code, polarity = ("02", "neutral") if fold_normalized(cue.phrase) in MODAL_DEMANDS else ("10", "unaimed")
                if code in ("01", "02"):
                    code, polarity = self.content.intent_type(intended, range(trig.end, stop)) or (code, polarity)
                if target is None:
                    target = self.roles.content_actor(state, others, content, trig, stop, actor)
                if code != "01" and target is None and state.last_actor == actor:
                    target = state.last_event_target  # a statement that goes on about the same actor
            elif trig.entry.kind == "act":
                target = self.roles.act_target(state, others, content, trig, first, actor, subject)
                if target is None and code == THREATEN:  # «تهدید کرد که به لبنان حمله خواهد کرد»
                    target = self.roles.content_actor(state, others, content, trig, stop, actor)
            if code != CONSULT and self.content.has_intent(tokens, range(max(first, trig.start - 20), trig.start)):
                code, polarity = "03", "support"  # a scheduled meeting stays a meeting (04)
            if code == THREATEN and target is None and trig.entry.kind == "speech":
                code, polarity = "01", "neutral"  # a warning aimed at nobody is a statement
            negated = trig.negated or any(tokens[k].key in NEGATORS for k in range(max(first, trig.start - 3), trig.start))
            if negated and trig.negated and trig.entry.polarity == "support":
                code, polarity = REJECT, "oppose"  # a refusal: «نپذیرفت», «تأیید نمی‌کنم»
            elif negated and (trig.entry.kind != "speech" or trig.negated):
                continue  # an act that did not happen («حمله نکرد»), a statement not made
            if code == CONSULT and target is None and not partners:
                continue  # a meeting, call or visit with nobody named is no consultation
            if target is None and state.occasion and actor in state.occasion:
                # On a two-party occasion (a meeting, a call, a summons) what one side says
                # or does without naming anyone is aimed at the other side.
                target = state.occasion[1] if actor == state.occasion[0] else state.occasion[0]
            stance = self._stance(code, polarity)
            if subject is not None and subject.coref == "group" and state.occasion and names_both_sides(tokens, subject):
                # «دو طرف بر … تأکید کردند»: one event for each side, aimed at the other.
                one, other = state.occasion
                drafts.append(Draft(trig, one, other, code, stance, negated, subject))
                drafts.append(Draft(trig, other, one, code, stance, negated, subject))
                continue
            target = target if target != actor else None
            joint = fold_normalized(trig.entry.phrase) in JOINT_ACTS or (
                code in COOPERATION_ROOTS
                and any(tokens[k].key in RECIPROCALS for k in range(subject.end if subject else first, trig.start))
            )
            if joint and partners and target is None:
                # A joint act (talks, a call, a signing by both sides) is one event: the
                # first-named party toward the second (EVENTS_GUIDE rule 5).
                partner_actor = self.roles.resolve(state, partners[0], as_actor=True)
                if partner_actor and partner_actor != actor:
                    target = partner_actor
                drafts.append(Draft(trig, actor, target, code, stance, negated, subject))
                continue
            drafts.append(Draft(trig, actor, target, code, stance, negated, subject))
            for partner in partners:  # «فرانسه و آلمان … استقبال کردند»: one event per actor
                partner_actor = self.roles.resolve(state, partner, as_actor=True)
                if partner_actor and partner_actor != actor:
                    drafts.append(Draft(trig, partner_actor, target if target != partner_actor else None, code, stance, negated, partner))
        events = []
        for draft in merge_speech(one_per_shared_verb(tokens, drafts)):
            if self._continues_statement(state, draft):
                continue
            if draft.code in VIOLENT_ROOTS:
                state.fight(draft)
            event_date = day_of(self._event_date(state, draft, clause_date(state.dated_spans, first, stop, draft.trigger.start, date)))
            state.last_actor = draft.actor
            state.last_event_target = draft.target
            if draft.trigger.entry.kind == "speech":
                state.last_speaker = draft.actor
            opens_occasion = draft.code in OCCASION_ROOTS or fold_normalized(draft.trigger.entry.phrase) == SUMMONS
            if draft.target and opens_occasion and draft.trigger.entry.kind != "speech":
                state.occasion, state.occasion_date = (draft.actor, draft.target), event_date
            events.append((event_record(state, index, draft, first, stop, event_date, self.cameo[draft.code].quad_class), draft.trigger.entry))
        return events

    def _parse_clause(self, state: DocState, first: int, stop: int) -> Generator[list[str], list[ParsedWord], None]:
        """Parse the clause ``[first, stop)`` once, if a parser is at hand: yield its words, take its
        tree (a generator: ``yield from`` it, or nothing is parsed)."""
        if self.parser is not None and (words := state.parsed.request(state.tokens, first, stop)) is not None:
            state.parsed.record(first, (yield words))

    def _reported_act(
        self, state: DocState, trig: TriggerMatch, subject: Mention | None, region: list[Mention],
        mentions: list[Mention], opening: int, speaker: str | None,
    ) -> Draft | None:
        """A past act inside reported content, with its own subject or the speaker's."""
        if trig.entry.kind == "passive":
            agent, patient = self.roles.passive_roles(state, trig, region, opening)
            # Unlike a narrated passive, a reported one has no understood agent: «… کشته
            # شده‌اند» in a spokesman's words is not the spokesman's act.
            # Diplomatic protest acts (a summons, an expulsion) told by a government's
            # spokesman are that government's («سخنگو گفت: سفیر انگلیس احضار شد»).
            understood = speaker if trig.entry.code in SPEAKER_ACTS else None
            actor = self.roles.resolve(state, agent, as_actor=True) if agent else understood
            target = self.roles.resolve(state, patient, actor=actor) if patient else None
        else:
            actor = self.roles.resolve(state, subject, as_actor=True) if subject and not (speaker and bare_title(subject)) else speaker
            others = [m for m in mentions if m is not subject]
            target = self.roles.act_target(state, others, set(), trig, opening, actor, subject) if actor else None
        if actor is None or (trig.entry.code == CONSULT and target is None):
            return None
        code = REJECT if trig.negated else trig.entry.code  # «… این اقدام را نمی‌پذیرد»
        stance = self._stance(code, "oppose" if trig.negated else trig.entry.polarity)
        return Draft(trig, actor, target if target != actor else None, code, stance, trig.negated, subject, in_content=True)

    def _stance(self, code: str, polarity: str) -> str:
        """The stance of an event: its row's or cue's polarity, else its CAMEO root's."""
        if polarity == "unaimed":  # a demand made of nobody in particular
            return "neutral"
        return polarity if polarity != "neutral" else self.cameo[code].stance

    @staticmethod
    def _continues_statement(state: DocState, draft: Draft) -> bool:
        """«وی افزود: …»: a statement whose speaker is a pronoun goes on with the last
        statement of the same actor (one event) when it says nothing CAMEO codes and is
        aimed at no other target (EVENTS_GUIDE, successive speech verbs)."""
        subject = draft.subject
        return (
            draft.trigger.entry.kind == "speech"
            and draft.code == "01"
            and subject is not None
            and subject.coref == "person"
            and draft.actor == state.last_actor
            and draft.target in (None, state.last_event_target)
        )

    @staticmethod
    def _event_date(state: DocState, draft: Draft, date: str | None) -> str | None:
        """The date of an event: the sentence's, else, for a statement, that of the occasion.

        A date in the sentence later than the article (``reference_date``) cannot be that of
        a past-tense event: it dates something the event speaks of («به احتمال نامزدی در
        انتخابات سال 2012 اشاره کرد»); a timeline's date is the event's whatever it is. A statement without a date of its own was made on the occasion
        the report last dated («در کنفرانس مطبوعاتی این هفته …», then «زاخارووا گفت: …»);
        an act without one keeps none.
        """
        if (
            date is not None
            and state.date_in_sentence
            and draft.trigger.tense == "past"
            and after(date, state.doc.reference_date)
        ):
            date = None
        if date is not None:
            state.episode_date = date
            return date
        if state.occasion and draft.actor in state.occasion and draft.target in state.occasion:
            return state.occasion_date  # what the two sides do there, on the occasion's day
        return state.episode_date if draft.reported else None
