"""Loader of the trigger lexicon (``triggers.tsv``) and the CAMEO root table (``cameo.tsv``).

A trigger row gives a verb by its two stems; this module generates every inflected form
a news text writes (past, progressive, perfect, present, subjunctive, future, each with
its person endings and its negative), as matching keys without ZWNJ or spaces, since
«نمی‌کند», «نمیکند» and «نمی کند» are the same verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv
from pipeline.text.normalize import fold, fold_normalized

__all__ = [
    "CameoRoot",
    "TriggerEntry",
    "TriggerLexicon",
    "load_cameo",
    "load_triggers",
    "verb_forms",
    "VerbForm",
    "TRIGGER_KINDS",
]

TRIGGERS_FILE = DATA_DIR / "triggers.tsv"
CAMEO_FILE = DATA_DIR / "cameo.tsv"

TRIGGER_KINDS = ("act", "speech", "passive", "nominal", "cue", "intent")
POLARITIES = ("support", "oppose", "neutral")
GAP = "…"

# The 2nd person plural is left out: news speaks in the 1st and 3rd person, and «شدید»
# (you became) is the adjective "severe" far more often («اعتراض شدید ایران»).
_PAST_ENDINGS = ("", "م", "ی", "یم", "ند")
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ند")
_PERFECT_AUX = ("", "ام", "ای", "است", "ایم", "اید", "اند")
# The future auxiliary is the present of «خواستن»: «خواهد کرد» must not read as «wants».
_FUTURE_AUX = "خواه"


@dataclass(frozen=True)
class CameoRoot:
    """A CAMEO root code with its QuadClass and default stance."""

    code: str
    name: str
    quad_class: int
    stance: str


@dataclass(frozen=True)
class TriggerEntry:
    """One row of the trigger lexicon."""

    phrase: str
    verb: str
    code: str
    polarity: str
    kind: str
    gap: bool
    source: str
    derived: bool = False


@dataclass
class TriggerLexicon:
    """Matching tables built from the rows.

    ``phrases`` maps a folded non-verbal part ("" for a simple verb) to its entries and,
    for each, the folded verb forms (:class:`VerbForm`: negative or not, tense).
    ``cues`` and ``intents`` map folded words to their entries.
    """

    phrases: dict[str, list[tuple[TriggerEntry, dict[str, VerbForm]]]] = field(default_factory=dict)
    cues: dict[str, TriggerEntry] = field(default_factory=dict)
    intents: dict[str, TriggerEntry] = field(default_factory=dict)
    max_phrase_tokens: int = 1
    max_verb_tokens: int = 1
    max_cue_tokens: int = 1


class VerbForm(NamedTuple):
    """What an inflected form says beyond its verb: negative or not, and its tense.

    ``tense`` is ``past`` (past, progressive past, pluperfect, perfect), ``present``
    (present and subjunctive) or ``future``: a past-tense event cannot happen after the
    article was written, a future or subjunctive one can («فردا … دیدار خواهد کرد»).
    """

    negated: bool
    tense: str


def verb_forms(past: str, present: str, *, bare_present: bool = True) -> dict[str, VerbForm]:
    """Every inflected form of a verb, folded, mapped to its :class:`VerbForm`.

    A stem may carry a preverb («قرار داد»): the prefixes go on its last word.
    A bare past participle («گفته») is left out: alone it is a noun in news text
    («به گفته وی»); it counts with an auxiliary or as the verb of a light-verb phrase.
    ``bare_present=False`` (a simple verb) leaves out present forms without a prefix,
    which are often other words («گویی» "as if"; «بگوید» stays), and the 2nd person
    singular («کشتی» is a ship, «گفتی» rare in news).

    Examples:
        >>> forms = verb_forms("کرد", "کن")
        >>> forms["نمیکند"], forms["کردهاند"].tense, forms["خواهدکرد"].tense
        (VerbForm(negated=True, tense='present'), 'past', 'future')
    """
    head_past, _, last_past = past.rpartition(" ")
    head_present, _, last_present = present.rpartition(" ")
    forms: dict[str, VerbForm] = {}

    def add(prefix: str, word: str, negated: bool, tense: str) -> None:
        # A past form wins over a present one spelled the same («گردید»: it became / you turn).
        forms.setdefault(fold_normalized(prefix + word), VerbForm(negated, tense))

    # The 2nd person singular of a simple verb is mostly another word in news text
    # («کشتی» ship, «گفتی»); news speaks in the third person.
    past_endings = _PAST_ENDINGS if bare_present else tuple(e for e in _PAST_ENDINGS if e != "ی")
    present_endings = _PRESENT_ENDINGS if bare_present else tuple(e for e in _PRESENT_ENDINGS if e != "ی")
    for neg in ("", "ن"):
        negated = bool(neg)
        for ending in past_endings:
            add(head_past, neg + last_past + ending, negated, "past")
            add(head_past, neg + "می" + last_past + ending, negated, "past")
            add(head_past, neg + last_past + "هبود" + ending, negated, "past")
        for aux in _PERFECT_AUX[1:]:
            add(head_past, neg + last_past + "ه" + aux, negated, "past")
        for ending in present_endings:
            add(head_present, neg + "می" + last_present + ending, negated, "present")
            if bare_present and last_present != _FUTURE_AUX:
                add(head_present, neg + last_present + ending, negated, "present")
            if not neg:
                add(head_present, "ب" + last_present + ending, negated, "present")
            add(head_past, f"{neg}{_FUTURE_AUX}{ending}{last_past}", negated, "future")
    if last_past == "بود":  # the copula: «خواستار … است/هستند»
        for form in ("است", "هست", "هستند", "هستیم", "هستم"):
            forms[form] = VerbForm(False, "present")
        forms["نیست"] = forms["نیستند"] = VerbForm(True, "present")
    return forms


def _participle(past: str) -> str:
    return fold_normalized(past + "ه")


def _add_row(lexicon: TriggerLexicon, entry: TriggerEntry, path: Path, number: int) -> None:
    key = fold(entry.phrase.replace(GAP, "")) if entry.phrase != "-" else ""
    if entry.kind in ("cue", "intent", "nominal") and (entry.verb != "-" or not key):
        raise LexiconError(str(path), number, f"a {entry.kind} row has a phrase and «-» as its verb")
    if entry.kind == "nominal":  # an event named by a verbal noun: «با رد این ادعاها»
        existing = lexicon.phrases.get(key, [])
        if entry.derived and any(e.kind == "nominal" and not e.derived for e, _ in existing):
            return
        entries = [(e, f) for e, f in existing if e.kind != "nominal"]
        lexicon.phrases[key] = [*entries, (entry, {})]
        lexicon.max_phrase_tokens = max(lexicon.max_phrase_tokens, len(entry.phrase.split()))
        return
    if entry.kind in ("cue", "intent"):
        table = lexicon.cues if entry.kind == "cue" else lexicon.intents
        table[key] = entry
        lexicon.max_cue_tokens = max(lexicon.max_cue_tokens, len(entry.phrase.split()))
        return
    if entry.verb == "-":
        raise LexiconError(str(path), number, f"a {entry.kind} row needs a verb as past#present stems")
    forms: dict[str, VerbForm] = {}
    for alternative in entry.verb.split("|"):
        past, sep, present = alternative.partition("#")
        if not sep or not past.strip() or not present.strip():
            raise LexiconError(str(path), number, f"verb {alternative!r} is not past#present (e.g. کرد#کن)")
        forms.update(verb_forms(past.strip(), present.strip(), bare_present=bool(key)))
        if key:  # in a light-verb phrase the participle is a verb («شعله‌ور کرده و …»)
            forms[_participle(past.strip())] = VerbForm(False, "past")
        lexicon.max_verb_tokens = max(lexicon.max_verb_tokens, len(past.split()) + 2)
    # Replacing the entry for the same phrase and verb is how a user file overrides a row;
    # a written row also wins over a derived one that shares a form, and the other way round
    # a derived row never displaces a written one.
    existing = lexicon.phrases.get(key, [])
    if entry.derived and any(not e.derived and f.keys() & forms.keys() for e, f in existing):
        return
    entries = [
        (e, f) for e, f in existing if e.verb != entry.verb and not (e.derived and f.keys() & forms.keys())
    ]
    lexicon.phrases[key] = [*entries, (entry, forms)]
    lexicon.max_phrase_tokens = max(lexicon.max_phrase_tokens, len(entry.phrase.split()))


# Light verbs of an act row that make its regular derived constructions.
_DERIVING_VERBS = frozenset({"کرد#کن", "نمود#نما"})
# Persian makes a light-verb act passive by swapping «کردن» for «شدن»/«گردیدن»
# («آزاد کرد» → «آزاد شدند»), and news writes the same act with the noun under a
# support verb («مورد حمله قرار داد/گرفت», «حملات هوایی انجام داد», «اقدام به بازداشت
# کرد», «شروع به شلیک کرد», «دست به اعتصاب زد», «به مقابله پرداختند»), with the noun
# as the subject of an intransitive support verb («مذاکرات … آغاز شد», «تجمعی … برگزار
# شد», with its parties after «میان»/«بین») or as a verbal noun after «ضمن».
_DERIVED = (
    ("{}", "شد#شو|گردید#گرد", "passive"),
    ("مورد {}", "قرار داد#قرار ده", "act"),
    ("مورد {}", "قرار گرفت#قرار گیر", "passive"),
    ("{} …", "انجام داد#انجام ده", "act"),
    ("اقدام به {} …", "کرد#کن|نمود#نما", "act"),
    ("شروع به {} …", "کرد#کن|نمود#نما", "act"),
    ("دست به {} …", "زد#زن", "act"),
    ("به {} …", "پرداخت#پرداز", "act"),
    ("{} …", "صورت گرفت#صورت گیر|برگزار شد#برگزار شو|آغاز شد#آغاز شو|انجام شد#انجام شو", "passive"),
    ("ضمن {}", "-", "nominal"),
)


def _derived_rows(entry: TriggerEntry) -> list[TriggerEntry]:
    """The regular constructions of an act row «P کرد» (see ``_DERIVED``), and the
    passives of other act rows: a simple verb's participle with «شد» («فراخوانده شد»,
    «کشته شدند») and «P داده شد» for a row «P داد» («ارتقا داده شد»)."""
    if entry.kind != "act" or entry.gap:
        return []
    verbs = entry.verb.split("|")
    if entry.phrase == "-":
        past = verbs[0].partition("#")[0]
        return [_derived(entry, past + "ه", "شد#شو|گردید#گرد", "passive", "participle")]
    if "داد#ده" in verbs:
        return [_derived(entry, entry.phrase, "داده شد#داده شو|داده گردید#داده گرد", "passive", "P داده شد")]
    if not _DERIVING_VERBS & set(verbs):
        return []
    return [
        _derived(entry, template.format(entry.phrase).replace(GAP, "").strip(), verb, kind,
                 f"{template.format('P')} {verb}", gap=template.endswith(GAP))
        for template, verb, kind in _DERIVED
    ]


def _derived(entry: TriggerEntry, phrase: str, verb: str, kind: str, how: str, *, gap: bool = False) -> TriggerEntry:
    return TriggerEntry(phrase, verb, entry.code, entry.polarity, kind, gap, f"{entry.source} ({how})", derived=True)


def _read_triggers(lexicon: TriggerLexicon, path: Path, codes: set[str]) -> None:
    for number, fields in read_tsv(path, 5):
        phrase, verb, code, polarity, kind = fields
        if code not in codes:
            raise LexiconError(str(path), number, f"code {code!r} is not a CAMEO root (01-20)")
        if polarity not in POLARITIES:
            raise LexiconError(str(path), number, f"polarity {polarity!r} is not one of {POLARITIES}")
        if kind not in TRIGGER_KINDS:
            raise LexiconError(str(path), number, f"kind {kind!r} is not one of {TRIGGER_KINDS}")
        gap = phrase.endswith(GAP)
        entry = TriggerEntry(phrase.replace(GAP, "").strip() or "-", verb, code, polarity, kind, gap, f"{path}:{number}")
        _add_row(lexicon, entry, path, number)
        for derived in _derived_rows(entry):
            _add_row(lexicon, derived, path, number)


@lru_cache(maxsize=1)
def load_cameo() -> dict[str, CameoRoot]:
    """The CAMEO roots by two-digit code.

    Examples:
        >>> load_cameo()["11"].quad_class
        3
    """
    roots = {}
    for number, (code, name, quad, stance) in read_tsv(CAMEO_FILE, 4):
        if len(code) != 2 or not code.isdigit() or quad not in "1234" or stance not in POLARITIES:
            raise LexiconError(str(CAMEO_FILE), number, "expected code (2 digits), name, quad class 1-4, stance")
        roots[code] = CameoRoot(code, name, int(quad), stance)
    return roots


def load_triggers(extra: Sequence[str | Path] = ()) -> TriggerLexicon:
    """The shipped trigger lexicon, extended and overridden by ``extra`` TSV files.

    Raises:
        LexiconError: a malformed row, naming the file, the line and the problem.

    Examples:
        >>> lexicon = load_triggers()
        >>> [e.code for e, forms in lexicon.phrases["محکوم"] if "کرد" in forms]
        ['11']
    """
    if not extra:
        return _load_shipped()
    lexicon = TriggerLexicon()
    codes = set(load_cameo())
    for path in (TRIGGERS_FILE, *extra):
        _read_triggers(lexicon, Path(path), codes)
    return lexicon


@lru_cache(maxsize=1)
def _load_shipped() -> TriggerLexicon:
    lexicon = TriggerLexicon()
    _read_triggers(lexicon, TRIGGERS_FILE, set(load_cameo()))
    return lexicon
