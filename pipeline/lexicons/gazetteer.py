"""The NER gazetteer: entity names, titles and generic heads (``pipeline/data/gazetteer.tsv``).

Two users: the training harmonizer (:func:`harmonization_rules`) rewrites corpus spans to the
gold conventions, and the run-time gazetteer layer (:class:`Gazetteer`) fills gaps the model
leaves. Country and territory names come from CLDR through Babel (``babel.Locale('fa')``),
plus the press spellings listed in the TSV.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv
from pipeline.lexicons.actors import COUNTRIES_FILE, load_actors
from pipeline.text.normalize import fold, fold_normalized
from pipeline.text.tokens import LETTER_WORD_OR_MARK

__all__ = [
    "GAZETTEER_PATH",
    "Gazetteer",
    "HarmonizationRules",
    "actor_names",
    "harmonization_rules",
    "load_gazetteer",
]

GAZETTEER_PATH = DATA_DIR / "gazetteer.tsv"
LABELS = ("PER", "ORG", "LOC")
KINDS = ("entity", "title", "head", "common")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Entries:
    """The gazetteer's rows by kind: names with labels, title phrases, head words with labels, common words."""

    names: dict[str, str]
    titles: frozenset[str]
    heads: dict[str, str]
    common: frozenset[str] = frozenset()


def _cldr_territories() -> dict[str, str]:
    """CLDR's Persian names of countries, territories and world regions, all LOC."""
    from babel import Locale

    names = {}
    for code, name in Locale("fa").territories.items():
        # Codes such as "EZ"/"UN"/"QO" are organizations or pseudo-regions, not places.
        if code in ("EU", "EZ", "UN", "QO", "ZZ", "001"):
            continue
        names[fold(name)] = "LOC"
    return names


@lru_cache(maxsize=4)
def load_gazetteer(path: str | Path = GAZETTEER_PATH, *, cldr: bool = True) -> Entries:
    """Read and validate the gazetteer TSV (plus CLDR's territory names).

    Raises:
        LexiconError: an unknown kind or label, or an entity row without a label.

    Examples:
        >>> entries = load_gazetteer()
        >>> entries.names[fold("آمریکا")], fold("وزیر خارجه") in entries.titles
        ('LOC', True)
    """
    names: dict[str, str] = _cldr_territories() if cldr else {}
    titles: set[str] = set()
    heads: dict[str, str] = {}
    common: set[str] = set()
    for line, fields in read_tsv(path, (2, 3)):
        name, kind = fields[0], fields[1]
        label = fields[2] if len(fields) == 3 else None
        if kind not in KINDS:
            raise LexiconError(str(path), line, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        if kind in ("entity", "head") and label not in LABELS:
            raise LexiconError(str(path), line, f"{kind} row needs a label from {', '.join(LABELS)}, got {label!r}")
        key = fold(name)
        if kind == "entity":
            names[key] = label
        elif kind == "title":
            titles.add(key)
        elif kind == "head":
            heads[key] = label
        else:
            common.add(key)
    return Entries(names, frozenset(titles), heads, frozenset(common))


def actor_names() -> dict[str, str]:
    """Entity names from the actor dictionary (:mod:`pipeline.lexicons.actors`), when it is shipped.

    People become PER; a state's own names LOC («رژیم صهیونیستی» stands for the state); the names of
    non-state actors ORG. A state is an actor with a CLDR country or territory name (so «هنگ‌کنگ»
    and «میانمار» are places even where the actor dictionary spells them otherwise). Demonyms are no
    entities and seats mix places and institutions («مسکو», «کرملین»), so both are left to the model;
    short aliases that are common nouns («آژانس» for the IAEA; gazetteer rows of kind ``common``) too.

    Returns:
        name -> label; empty when the actor dictionary is absent or unreadable.
    """
    try:
        lexicon = load_actors()
    except (ImportError, LexiconError):
        return {}
    rules = harmonization_rules()
    entries, places = rules.entries, rules.places
    states = {
        n.code
        for n in lexicon.names.values()
        if n.kind == "names" and (fold(n.text) in places or n.source.startswith(str(COUNTRIES_FILE)))
    }
    names: dict[str, str] = {}
    for entry in lexicon.names.values():
        if fold(entry.text) in entries.common:
            continue
        if entry.kind == "people":
            names[entry.text] = "PER"
        elif entry.kind == "names":
            names[entry.text] = "LOC" if entry.code in states or fold(entry.text) in places else "ORG"
    return names


class HarmonizationRules:
    """Rewrites of a corpus span (a list of tokens with a label) to the gold conventions."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self.places = {name for name, label in entries.names.items() if label == "LOC"}

    def is_demonym(self, token: str) -> bool:
        """A nationality adjective or plural (``ایرانی``, ``روس‌ها``, ``اروپایی``): place + ی/یی/ها/یان.

        Examples:
            >>> harmonization_rules().is_demonym("ایرانیان")
            True
        """
        key = fold(token)
        for suffix in ("ییها", "ییان", "یها", "یان", "ها", "یی", "ی"):
            stem = key[: -len(suffix)]
            # After a final vowel a lone ی is the Ezafe («اسپانیای جنوبی»), the demonym takes یی.
            if suffix in ("ی", "یها", "یان") and stem.endswith(("ا", "و")):
                continue
            if key.endswith(suffix) and stem in self.places:
                return True
        return False

    def rewrite(self, words: Sequence[str], label: str) -> tuple[int, int, str] | None:
        """The new span ``(offset, length, label)`` inside ``words``; None drops the entity.

        Examples:
            >>> rules = harmonization_rules()
            >>> rules.rewrite(["نخست‌وزیر", "روسیه"], "ORG")
            (1, 1, 'LOC')
            >>> rules.rewrite(["استان", "ادلب"], "LOC")
            (1, 1, 'LOC')
            >>> rules.rewrite(["ایرانی"], "ORG") is None
            True
            >>> rules.rewrite(["وزارت", "خارجه", "روسیه"], "ORG")
            (0, 3, 'ORG')
        """
        words = list(words)
        first, last = 0, len(words)
        # Quote marks belong to the sentence, not to the name («اسپوتنیک»).
        while first < last and words[first] in "«»\"'“”":
            first += 1
        while last > first and words[last - 1] in "«»\"'“”":
            last -= 1
        if first == last:
            return None
        keys = [fold(w) for w in words[first:last]]
        if len(keys) == 1 and self.is_demonym(words[first]):
            return None
        # Title/government phrase + country: only the country is an entity, as LOC.
        for split in range(1, len(keys)):
            if "".join(keys[:split]) in self.entries.titles and "".join(keys[split:]) in self.places:
                return first + split, last - first - split, "LOC"
        # A generic head of a place («استان ادلب», «شهر قم»): the rest is the name.
        if len(keys) > 1 and self.entries.heads.get(keys[0]) == label:
            rest = 1
            while rest < len(keys) and words[first + rest] in "«»\"'“”":
                rest += 1
            if rest < len(keys):
                return first + rest, last - first - rest, label
        return first, last - first, label


@lru_cache(maxsize=1)
def harmonization_rules() -> HarmonizationRules:
    """The rules built from the shipped gazetteer (cached)."""
    return HarmonizationRules(load_gazetteer())


class Gazetteer:
    """Whole-token name matcher over normalized text, blind to ZWNJ and to spaces inside a name.

    Persian writes the parts of a compound name joined by ZWNJ, by a space or by nothing
    («حزب‌الله», «حزب الله», «حزبالله»; «اخوان‌المسلمین», «اخوان المسلمین»), so a name matches
    whichever way its parts are written, as long as it covers whole tokens.

    Args:
        entries: the gazetteer (default: the shipped one with CLDR names).
        extra: more ``name -> label`` entries (e.g. from the actor dictionary).

    Examples:
        >>> Gazetteer().find("سفیر آمریکا در روسیه و ایرانیان")
        [(5, 11, 'LOC'), (15, 20, 'LOC')]
        >>> Gazetteer(extra={"حزب‌الله": "ORG"}).find("حزب الله لبنان")
        [(0, 8, 'ORG'), (9, 14, 'LOC')]
    """

    def __init__(self, entries: Entries | None = None, extra: dict[str, str] | None = None) -> None:
        names = dict((entries or load_gazetteer()).names)
        for name, label in (extra or {}).items():
            names.setdefault(fold(name), label)
        names = {k: v for k, v in names.items() if k and not _DIGITS.search(k)}
        self.names = {k.replace(" ", ""): v for k, v in names.items()}
        # Every prefix of a name: a match grows token by token while it can still become a name.
        self.prefixes = {key[:i] for key in self.names for i in range(1, len(key) + 1)}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Longest whole-token matches ``(start, end, label)`` in ``text``, left to right."""
        # ``text`` is already normalized: the fast path of the fold.
        tokens = [(m.start(), m.end(), fold_normalized(m.group())) for m in LETTER_WORD_OR_MARK.finditer(text)]
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            key, longest = "", None
            for j in range(i, len(tokens)):
                key += tokens[j][2]
                if key not in self.prefixes:
                    break
                if key in self.names:
                    longest = (j, self.names[key])
            if longest is None:
                i += 1
                continue
            found.append((tokens[i][0], tokens[longest[0]][1], longest[1]))
            i = longest[0] + 1
        return found
