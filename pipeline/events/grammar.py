"""Clause structure read from the tokens of a Persian news sentence.

Persian is verb-final (SOV) with prepositions and an object marker «را»; news text reports
speech with a colon or «که» and quotes in «…». These helpers find, on the tokens of
:func:`pipeline.events.actors.tokenize`, what a clause is made of: quoted spans, clause cuts,
source attributions («به گزارش …،»), the preposition that governs a noun phrase, the
object marked by «را», coordinated actors and subordinate clauses.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, Sequence

from pipeline.events.actors import PREPOSITIONS, Mention, Token
from pipeline.records import Document, Sentence
from pipeline.text.normalize import fold_normalized
from pipeline.text.sentences import is_whole_line

if TYPE_CHECKING:  # matching imports this module
    from pipeline.events.matching import TriggerMatch


class ClauseState(Protocol):
    """What the grammar helpers read of a document being coded."""

    tokens: list[Token]
    attributed: set[int]
    ends: frozenset[int]


def keys(words: str) -> frozenset[str]:
    return frozenset(fold_normalized(w) for w in words.split())


# Prepositions that mark the phrase an act is aimed at (CAMEO's target).
TARGET_PREPOSITIONS = keys("از به با علیه نسبت قبال ضد درباره")
# «در» with these nouns is a compound preposition of topic, like «درباره»: a statement
# «در خصوص بیانیه اتحادیه عرب» is aimed at the Arab League.
IN = fold_normalized("در")
FROM = fold_normalized("از")
# «X از Y خبر داد»: a statement that announces the act its «از» object names.
ANNOUNCE = fold_normalized("خبر")
ABOUT = fold_normalized("درباره")
TOPIC_NOUNS = keys("خصوص مورد رابطه ارتباط واکنش قبال باره زمینه")
# «میان X و Y», «بین X و Y»: the parties of a joint act named as its circumstance.
BETWEEN = keys("میان بین")
# Words that introduce the agent of a passive («توسط مدیرکل», «از سوی مسکو», «به دست
# نیروهای آمریکایی»).
AGENT_MARKERS = keys("توسط سوی طرف جانب دست")
# Words that close a noun phrase: a mention after them is outside the preposition's reach.
PHRASE_BREAKS = keys("که را")
# Head nouns of news outlets: an outlet that reports («خبرگزاری روسی اسپوتنیک … خبر داد»,
# «روزنامه سازندگی … نوشت») makes no statement of its own (EVENTS_GUIDE).
OUTLETS = keys("خبرگزاری روزنامه هفته‌نامه شبکه تلویزیون رادیو سایت پایگاه رسانه رسانه‌های خبرگزاری‌های")
# Demonstratives: «در این دیدار», «در همین زمینه» close an adverbial before the subject.
DEMONSTRATIVES = keys("این همین آن همان")
# The modal «باید» demands only of the subject it governs; said of a thing («مسئله … باید
# حل شود») it is an appeal. A noun of necessity («بر لزوم … تأکید کرد») is a demand whatever
# it is said of.
MODAL_DEMANDS = keys("باید نباید")
# Modal negation before the verb: «نباید … کند», «نمی‌تواند … کند».
NEGATORS = keys("نباید نمیتواند نمیتوانند هرگز")
CONJUNCTION = fold_normalized("و")
# What joins a name to a second title of the same person: «و» and the comma.
JOINERS = frozenset({CONJUNCTION, "،", ","})
# Mentions that name their actor (a name or an office with its state, not a pronoun).
NAME_KINDS = ("names", "seats", "people", "role", "org")
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
# Source attributions («به گزارش خبرگزاری فارس به نقل از رادیو اسرائیل،»): the outlets
# they name up to their comma are sources, never actors or targets of the event.
ATTRIBUTIONS = tuple(tuple(fold_normalized(w) for w in p.split()) for p in (
    "به گزارش", "بنا بر گزارش", "بنابر گزارش", "به نقل از", "به نوشته", "به گفته"))
_ATTRIBUTION_FIRST_WORDS = frozenset(phrase[0] for phrase in ATTRIBUTIONS)
ATTRIBUTION_END = "،,:؛"
ATTRIBUTION_REACH = 20
# A threat reports what it threatens with, as a statement reports its content.
THREATEN = "13"
# Violence (assault, fight, mass violence): a passive of it has no understood agent.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# A negated act of acceptance is a refusal (EVENTS_GUIDE: «نپذیرفت» is 12).
REJECT = "12"
# A consultation needs someone consulted.
CONSULT = "04"
# Acts that open a two-party occasion (a meeting or call, root 04; a summons, «احضار»):
# what the sides say there afterwards is aimed at each other, on the occasion's day.
OCCASION_ROOTS = frozenset({"04"})
SUMMONS = fold_normalized("احضار")
# Acts two parties do together (talks, a call, a signing, a deal), by the folded noun of
# their light verb: coordinated subjects give one event, first-named toward second
# (EVENTS_GUIDE rule 5); «فرانسه و آلمان استقبال کردند» stays one event each.
JOINT_ACTS = keys(
    "دیدار ملاقات گفت‌وگو گفتگو دیدار‌وگفت‌وگو دیدار‌وگفتگو تلفنی‌گفت‌وگو تلفنی‌گفتگو مذاکره رایزنی "
    "تماس‌تلفنی تبادل‌نظر امضا امضاء به‌امضا توافق به‌توافق موافقت مبادله همکاری آتش‌بس"
)
# Cooperation (roots 03-08) of coordinated actors that a reflexive or reciprocal word
# turns on themselves («ایران و چین … سطح روابط خود را … ارتقا دادند», «… با یکدیگر
# همکاری می‌کنند») is cooperation with each other, a joint act; without one («فرانسه و
# آلمان از توافق استقبال کردند») each actor acts on its own.
COOPERATION_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
RECIPROCALS = keys("خود خویش یکدیگر همدیگر دوجانبه")
# Coercion and force (roots 15-20): announced for the future, they are a threat (13).
FORCE_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
# Force used «در خاک X», «در داخل قلمرو X», «در حریم هوایی X» is aimed at X.
TERRITORY_NOUNS = keys("خاک قلمرو حریم آبهای")
# Diplomatic protest acts whose unstated agent, in a spokesman's words, is his government.
SPEAKER_ACTS = frozenset({"11", "16"})
# Phrases that name both parties of the occasion.
BOTH_SIDES = keys("دوطرف طرفین هردوطرف هردوجانب دوجانب")
# Plural suffixes (folded, so without ZWNJ), the longest first.
PLURAL_SUFFIXES = ("های", "ها")
# The indefinite (and adjectival) «ی»: «‌ای» after a final «ه» («ویژه‌ای», folded «ویژهای»),
# «ی» after a consonant («تحریک‌آمیزی», «نگرانی‌هایی»).
SILENT_HE = "ه"
# Contrastive conjunctions open a new main clause with its own subject.
CONTRASTIVES = keys("اما ولی لیکن")
# Complementizers: a verb after them, before the clause's own verb, is inside a
# subordinate clause («این مطلب که روسیه … حمایت می‌کند را رد کرد»).
COMPLEMENTIZERS = keys("که اینکه")
# Priority of content cues when a statement holds several (criticism wins).
CUE_PRIORITY = {"11": 0, "12": 1, "10": 2, "03": 3, "02": 4}




def subordinate_span(tokens: Sequence[Token], triggers: Sequence[TriggerMatch], k: int, first: int) -> range | None:
    """The subordinate clause (from «که»/«اینکه» to its verb) of an act that the clause's
    own verb follows, or None.

    «مسکو، واشنگتن را برای اینکه بوتینا را تحت فشار قرار داده، متهم کرد»: the pressure
    is what Moscow accuses Washington of, not an event of Moscow, and «بوتینا» is no
    target of the accusation. What follows a reporting verb and «که» is its content
    instead («اعلام کرد که … را تحت فشار قرار داده است»).
    """
    trig = triggers[k]
    if trig.entry.kind != "act" or k + 1 >= len(triggers):
        return None
    previous = triggers[k - 1] if k else None
    if previous is not None and previous.entry.kind == "speech":
        return None
    start = previous.end if previous is not None else first
    opening = next((i for i in range(start, trig.start) if tokens[i].key in COMPLEMENTIZERS), None)
    return None if opening is None else range(opening, trig.end)


def attributed(tokens: Sequence[Token], triggers: Sequence[TriggerMatch], mentions: Sequence[Mention]) -> set[int]:
    """Indices of the tokens of source attributions, up to the comma that closes them.

    Without a comma before the verb («به نوشته بی‌بی‌سی «فیلیپ هاموند» وزیر خارجه … گفت»)
    it is only the source's name: an actor named there («به نقل از دیپلمات‌های روسی»),
    else the words up to the next quotation mark or actor.
    """
    mention_end = {m.start: m.end for m in mentions}
    verbs = {t.start for t in triggers}
    inside: set[int] = set()
    for i in range(len(tokens)):
        if tokens[i].key not in _ATTRIBUTION_FIRST_WORDS:
            continue
        for phrase in ATTRIBUTIONS:
            if tuple(t.key for t in tokens[i : i + len(phrase)]) == phrase:
                end = attribution_end(tokens, i + len(phrase), verbs, mention_end)
                inside.update(range(i, end if end is not None else i))
    return inside


# The most words a dateline («خبرگزاری فارس:», «چاریکار (پژواک، ۲۹ جوزا ۱۴۰۰):») takes.
DATELINE_REACH = 12


def datelines(text: str, tokens: Sequence[Token], triggers: Sequence[TriggerMatch]) -> set[int]:
    """Indices of the tokens of datelines: a line that opens with an outlet's name (and a
    place or date) closed by a colon, with no verb before it («خبرگزاری فارس: سرکنسول …
    خبر داد»). The name is the source of the report, not its subject."""
    verbs = {t.start for t in triggers}
    inside: set[int] = set()
    for i, token in enumerate(tokens):
        if i and "\n" not in text[tokens[i - 1].end : token.start]:
            continue
        for end in range(i, min(len(tokens), i + DATELINE_REACH)):
            if end in verbs or tokens[end].text in CLAUSE_END:
                break
            if tokens[end].text == SPEECH_COLON:
                if end > i:
                    inside.update(range(i, end + 1))
                break
    return inside


def within_clause(text: str, tokens: Sequence[Token], mentions: Sequence[Mention], verbs: set[int]) -> list[Mention]:
    """Mentions cut back to one clause: a name never runs over a line break or a full stop
    (a headline's last words and the body's first subject, «… نیروهای بیگانه است\n\nپارلمان
    عراق اعلام کرد») nor over a verb («سخنگوی وزارت خارجه گفت ایران …»), whatever span the
    entity tagger gave it; the words after a break, or before a verb, are the name."""
    kept = []
    for m in mentions:
        start, end = m.start, m.end
        for k in range(m.start + 1, m.end):
            if k in verbs:
                end = k
                break
            if "\n" in text[tokens[k - 1].end : tokens[k].start] or tokens[k - 1].text in CLAUSE_END:
                start = k
        if (start, end) != (m.start, m.end):
            m = replace(m, start=start, end=end, text=text[tokens[start].start : tokens[end - 1].end]) if start < end else None
        if m is not None:
            kept.append(m)
    return kept


def attribution_end(tokens: Sequence[Token], source: int, verbs: set[int], mention_end: dict[int, int]) -> int | None:
    for end in range(source, min(len(tokens), source + ATTRIBUTION_REACH)):
        if tokens[end].text in ATTRIBUTION_END:
            return end
        if tokens[end].text in CLAUSE_END:
            return None
        if end in verbs:
            if source in mention_end:
                return min(mention_end[source], end)
            return next((k for k in range(source + 1, end) if k in mention_end or not tokens[k].is_word), end)
    return None


def in_nested_phrase(state: ClauseState, mention: Mention, floor: int) -> bool:
    """True when the preposition of a mention depends on a noun inside another phrase.

    «از حامیان خروج از اتحادیه اروپا خواست»: «از اتحادیه اروپا» completes «خروج», so the
    appeal is addressed to the supporters, not to the EU. Only a phrase aimed at someone
    (a target preposition) encloses its target so; an adverbial («در ادامه به اورانیوم
    ایران اشاره کرد», «برای حفظ روابط با ایران») does not. A compound preposition («نسبت
    به», «در قبال») and a mention before the preposition («هاموند از …») are no nesting.
    """
    tokens = state.tokens
    prep = next(
        k for k in range(mention.start - 1, floor - 1, -1) if tokens[k].key in PREPOSITIONS
    )
    before = prep - 1
    if before < floor or not tokens[before].is_word or tokens[before].key in PREPOSITIONS:
        return False
    for k in range(before, max(floor, before - GOVERNOR_REACH) - 1, -1):
        token = tokens[k]
        if not token.is_word or token.key in PHRASE_BREAKS or token.key == CONJUNCTION or k + 1 in state.ends:
            return False
        if token.key in PREPOSITIONS:
            return token.key in TARGET_PREPOSITIONS
    return False


def governor(state: ClauseState, mention: Mention, floor: int) -> str | None:
    """The preposition that governs the noun phrase a mention stands in, if any.

    «و» after another actor coordinates them under one preposition («در پی حملات آمریکا
    و انگلیس»); after any other word it starts a new clause («… به آمریکا رفت و آمریکا …»).
    A source attribution before it is no governor («به گفته وی آمریکا …»).
    """
    tokens = state.tokens
    for k in range(mention.start - 1, max(floor, mention.start - 1 - GOVERNOR_REACH) - 1, -1):
        token = tokens[k]
        if (
            not token.is_word
            or token.key in PHRASE_BREAKS
            or k in state.attributed
            or (token.key == CONJUNCTION and k not in state.ends)
        ):
            return None
        if token.key in PREPOSITIONS:
            if token.key == IN and k + 3 == mention.start and tokens[k + 1].key in DEMONSTRATIVES:
                return None  # «در همین زمینه سخنگو گفت»: «در» + «این/همین» + a noun is an adverbial
            if token.key == IN and k + 1 < mention.start and tokens[k + 1].key in TOPIC_NOUNS:
                return ABOUT  # «در خصوص …», «در مورد …», «در واکنش به …»: what it is about
            return token.key
    return None


def is_object(tokens: Sequence[Token], mention: Mention, limit: int, starts: frozenset[int], first: int) -> bool:
    """True when «را» closes the phrase of the mention («روسیه را متهم کرد»).

    Another mention before «را» is the object instead («روسیه اسرائیل را …»). A named
    actor that opens its clause and is not followed by «را» itself is the subject: news
    does not open a clause with a longer object («حماس پیشنهاد آتش‌بس را رد کرد»).
    """
    opens_clause = mention.start == first or not tokens[mention.start - 1].is_word
    if opens_clause and mention.kind in NAME_KINDS and mention.end < limit and tokens[mention.end].key != OBJECT_MARKER:
        return False
    for k in range(mention.end, min(limit, mention.end + 8)):
        if tokens[k].key == OBJECT_MARKER:
            return True
        if tokens[k].key in PHRASE_BREAKS or tokens[k].text in ".:؛":
            return False
        if k in starts and tokens[k - 1].key not in PREPOSITIONS:
            return False  # another noun phrase before «را»; one in a phrase («در لبنان») is not
    return False


def singular(key: str) -> str:
    """A folded word without its plural suffix («همکاریهای» → «همکاری», «نگرانیها» → «نگرانی»)."""
    for suffix in PLURAL_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def without_indefinite(key: str) -> str:
    """A folded word without its indefinite «ی» and plural suffix, for looking it up in a
    word list («ویژه‌ای» → «ویژه», «تحریک‌آمیزی» → «تحریک‌آمیز», «نگرانی‌هایی» → «نگرانی»).

    Examples:
        >>> [without_indefinite(w) for w in ("ویژهای", "تحریکآمیزی", "نگرانیهایی")]
        ['ویژه', 'تحریکآمیز', 'نگرانی']
    """
    if key.endswith("ای") and key[:-2].endswith(SILENT_HE) and len(key) > 4:
        return key[:-2]
    if key.endswith("ی") and len(key) > 3:
        return singular(key[:-1])
    return key


def starting_within(items: Sequence, starts: Sequence[int], first: int, stop: int) -> list:
    """The items (sorted by start, ``starts`` theirs) that start in the token range ``[first, stop)``."""
    return list(items[bisect_left(starts, first) : bisect_left(starts, stop)])


def coordinated(tokens: Sequence[Token], subject: Mention | None, region: Sequence[Mention]) -> list[Mention]:
    """The actors joined to a subject by «و» or a comma («فرانسه و آلمان», «آمریکا، کانادا و استرالیا»)."""
    partners: list[Mention] = []
    last = subject
    while last is not None and last.end < len(tokens) and (tokens[last.end].key == CONJUNCTION or tokens[last.end].text in "،,"):
        last = next((m for m in region if m.start == last.end + 1), None)
        if last is not None:
            partners.append(last)
    # A list ends with «و»: «مسکو، واشنگتن را …» is a subject and an object, no list.
    while partners and tokens[partners[-1].start - 1].key != CONJUNCTION:
        partners.pop()
    return partners


def sentence_start(tokens: Sequence[Token], position: int) -> int:
    """The first token after the last full stop before a position."""
    return next((k + 1 for k in range(position - 1, -1, -1) if tokens[k].text in CLAUSE_END), 0)


def sentence_end(tokens: Sequence[Token], position: int) -> int:
    """The token after the first full stop from a position on (or the end)."""
    return next((k + 1 for k in range(position, len(tokens)) if tokens[k].text in CLAUSE_END), len(tokens))


def phrase_start(tokens: Sequence[Token], position: int, floor: int) -> int:
    for k in range(position - 1, floor - 1, -1):
        if not tokens[k].is_word or tokens[k].key in PHRASE_BREAKS:
            return k + 1
    return floor


def quoted(tokens: Sequence[Token], mentions: Sequence[Mention]) -> set[int]:
    """Indices of the tokens inside quotation marks, except a quoted name («ماریا زاخارووا»
    is who speaks, not what is said)."""
    names = {(m.start, m.end) for m in mentions}
    inside: set[int] = set()
    closing: str | None = None
    opened = 0
    for token in tokens:
        if closing is not None and token.text == closing:
            if (opened, token.index) not in names:
                inside.update(range(opened, token.index))
            closing = None
        elif closing is None and token.text in QUOTE_PAIRS:
            closing, opened = QUOTE_PAIRS[token.text], token.index + 1
    return inside


def clauses(tokens: Sequence[Token], first: int, stop: int, quoted: set[int]) -> list[tuple[int, int]]:
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


def is_heading(doc: Document, sentence: Sentence, n_tokens: int) -> bool:
    """A short whole line without final punctuation: a headline or subheading."""
    text = sentence.text.rstrip()
    return (
        is_whole_line(doc.text, sentence.start, sentence.end, blanks=" \t")
        and text[-1:] not in FINAL_PUNCTUATION
        and n_tokens <= HEADLINE_MAX_TOKENS
    )
