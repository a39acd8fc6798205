"""The NER gazetteer: entity names, titles, generic heads and guard words.

Two users: the training harmonizer (:func:`harmonization_rules`) rewrites corpus spans to the
gold conventions, and the run-time layers after the model (:class:`Gazetteer`,
:mod:`pipeline.ner_layers`) fill the gaps the model leaves and guard its spans. The files:
``gazetteer.tsv`` (press spellings, organizations, titles, heads, guard words, attribution cues),
``places_cldr.tsv`` (CLDR's Persian and Dari place names, written by ``scripts/build_places.py``),
``places.tsv`` (provinces and cities of the region) and ``outlets.tsv`` (news agencies and outlets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv

__all__ = [
    "GAZETTEER_PATH",
    "Gazetteer",
    "HarmonizationRules",
    "actor_names",
    "harmonization_rules",
    "fold",
    "load_gazetteer",
]

GAZETTEER_PATH = DATA_DIR / "gazetteer.tsv"
PLACES_CLDR_PATH = DATA_DIR / "places_cldr.tsv"
PLACES_PATH = DATA_DIR / "places.tsv"
OUTLETS_PATH = DATA_DIR / "outlets.tsv"
ZWNJ = "\u200c"
LABELS = ("PER", "ORG", "LOC")
KINDS = ("entity", "title", "head", "org-head", "common", "deictic", "adjective", "cue", "cue-after", "filler")
PLACE_KINDS = ("province", "city", "region", "spelling")
OUTLET_KINDS = ("always", "attributed")
# CLDR territory codes that are organizations or pseudo-regions, not places.
_NOT_PLACES = ("EU", "EZ", "UN", "QO", "ZZ", "001")
_DIGITS = re.compile(r"\d")
# Words (letters joined by ZWNJ) and single other characters, the units a name must align with.
_TOKEN = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*|\S")


def fold(text: str) -> str:
    """Matching key: Persian letters, no ZWNJ (news text drops or keeps it at random).

    Examples:
        >>> fold("بی‌بی‌سي")
        'بیبیسی'
    """
    from pipeline.normalize import normalize

    return normalize(text, repair_zwnj=False).text.replace(ZWNJ, "")


@dataclass(frozen=True)
class Entries:
    """The gazetteer's rows by kind (keys folded).

    Attributes:
        names: name -> label, matched anywhere.
        titles: title phrases that leave a following place out of their span («وزیر خارجه ایران»).
        heads: generic head word -> the label of the spans it is cut from («ولسوالی شینواری»).
        common: words that are no name on their own («مجلس», «ولسوالی», «کاردار»).
        countries: country and territory names, the stems of nationality adjectives («ایرانی»).
        deictic: words that point back to a name and are cut from a span's end («کشورمان»).
        adjectives: adjectives of nationality, ideology or religion, no entity on their own («صهیونیستی»).
        attributed: outlets whose name is also a common word («مهر», «فارس»), ORG only in an attribution.
        cues: phrases before an outlet in an attribution («به گزارش», «به نقل از»).
        cues_after: phrases after an outlet in an attribution («گزارش داد», «نوشت»).
        fillers: words between a cue and the outlet («خبرنگار», «گروه», «سیاسی»).
        org_heads: words that make one ORG with the country after them («ارتش امریکا»).
    """

    names: dict[str, str]
    titles: frozenset[str]
    heads: dict[str, str]
    common: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    deictic: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    attributed: frozenset[str] = frozenset()
    cues: frozenset[str] = frozenset()
    cues_after: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()


def cldr_places_text() -> str:
    """The text of ``places_cldr.tsv`` from the installed Babel's CLDR data (see ``scripts/build_places.py``).

    Territory names of the ``fa`` and ``fa_AF`` locales (Iranian and Dari spellings: «ازبکستان»,
    «جاپان») and the exemplar cities of their time zones, each name once, with the CLDR item it comes from.
    """
    from babel import Locale
    from babel.core import get_cldr_version

    rows: dict[str, str] = {}
    for locale in ("fa", "fa_AF"):
        data = Locale.parse(locale)
        for code, name in sorted(data.territories.items()):
            if code not in _NOT_PLACES:
                rows.setdefault(name, f"territory {code} ({locale})")
        for zone, names in sorted(data.time_zones.items()):
            if names.get("city"):
                rows.setdefault(names["city"], f"zone {zone} ({locale})")
    header = (
        "# Place names in Persian (fa) and Dari (fa_AF): countries, territories and world regions, and the\n"
        "#   exemplar cities of the time zones (capitals and large cities). All LOC.\n"
        f"# Source: Unicode CLDR {get_cldr_version()} through Babel, locales fa and fa_AF (territories, time_zones/city).\n"
        "# Licence: Unicode License v3 (https://www.unicode.org/license.txt); CLDR data may be copied and redistributed.\n"
        "# Generated by scripts/build_places.py; do not edit: a name that is also a common word (CLDR's «دوشنبه»,\n"
        "#   Dushanbe, is also Monday) is left out at load time by a `common` row of gazetteer.tsv.\n"
        "# Format: name <TAB> CLDR item (territory code or time zone, and locale)\n"
    )
    return header + "".join(f"{name}\t{source}\n" for name, source in rows.items())


@lru_cache(maxsize=4)
def load_gazetteer(path: str | Path = GAZETTEER_PATH, *, cldr: bool = True) -> Entries:
    """Read and validate the gazetteer files (the TSV at ``path``, the place and outlet lists).

    Args:
        path: the gazetteer TSV.
        cldr: add the place names of ``places_cldr.tsv``, ``places.tsv`` and the outlets of ``outlets.tsv``.

    Raises:
        LexiconError: an unknown kind or label, or an entity row without a label.

    Examples:
        >>> entries = load_gazetteer()
        >>> entries.names[fold("آمریکا")], fold("وزیر خارجه") in entries.titles
        ('LOC', True)
        >>> entries.names[fold("اسلو")], entries.names[fold("ننگرهار")], entries.names[fold("ایسنا")]
        ('LOC', 'LOC', 'ORG')
    """
    names: dict[str, str] = {}
    titles: set[str] = set()
    heads: dict[str, str] = {}
    words: dict[str, set[str]] = {kind: set() for kind in KINDS}
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
            words[kind].add(key)
    common = words["common"]
    countries = {key for key, label in names.items() if label == "LOC"}
    attributed: set[str] = set()
    if cldr:
        for line, fields in read_tsv(PLACES_CLDR_PATH, 2):
            key = fold(fields[0])
            if key not in common:
                names.setdefault(key, "LOC")
                if fields[1].startswith("territory"):
                    countries.add(key)
        for line, fields in read_tsv(PLACES_PATH, 3):
            if fields[1] not in PLACE_KINDS:
                raise LexiconError(str(PLACES_PATH), line, f"kind {fields[1]!r} is not one of {', '.join(PLACE_KINDS)}")
            names.setdefault(fold(fields[0]), "LOC")
        for line, fields in read_tsv(OUTLETS_PATH, 2):
            if fields[1] not in OUTLET_KINDS:
                raise LexiconError(str(OUTLETS_PATH), line, f"kind {fields[1]!r} is not one of {', '.join(OUTLET_KINDS)}")
            if fields[1] == "always":
                names[fold(fields[0])] = "ORG"
            else:
                attributed.add(fold(fields[0]))
    return Entries(
        names,
        frozenset(titles),
        heads,
        frozenset(common),
        countries=frozenset(countries),
        deictic=frozenset(words["deictic"]),
        adjectives=frozenset(words["adjective"]),
        attributed=frozenset(attributed),
        cues=frozenset(words["cue"]),
        cues_after=frozenset(words["cue-after"]),
        fillers=frozenset(words["filler"]),
        org_heads=frozenset(words["org-head"]),
    )


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
        from pipeline.lexicons.actors import COUNTRIES_FILE, load_actors

        lexicon = load_actors()
    except (ImportError, LexiconError):
        return {}
    rules = harmonization_rules()
    entries, places = rules.entries, rules.places
    states = {
        n.code
        for n in lexicon.names.values()
        if n.kind == "names" and (fold(n.text) in entries.countries or n.source.startswith(str(COUNTRIES_FILE)))
    }
    names: dict[str, str] = {}
    for entry in lexicon.names.values():
        key = fold(entry.text)
        if key in entries.common or key in entries.deictic or key in entries.adjectives:
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
        """A nationality adjective or plural (``ایرانی``, ``روس‌ها``, ``اروپایی``): country + ی/یی/ها/یان.

        Only countries and regions: a city + ی is as often a surname («تهرانی», «خراسانی»).

        Examples:
            >>> harmonization_rules().is_demonym("ایرانیان"), harmonization_rules().is_demonym("روسی")
            (True, True)
        """
        return self.is_demonym_key(fold(token))

    def is_demonym_key(self, key: str) -> bool:
        """:meth:`is_demonym` of a word already folded (:func:`fold`)."""
        if not key.endswith(("ی", "ها", "ان")):  # every suffix below ends so
            return False
        for suffix in ("ییها", "ییان", "یها", "یان", "ها", "یی", "ی"):
            stem = key[: -len(suffix)]
            # After a final vowel a lone ی is the Ezafe («اسپانیای جنوبی»), the demonym takes یی.
            if suffix in ("ی", "یها", "یان") and stem.endswith(("ا", "و")):
                continue
            if key.endswith(suffix) and stem in self.entries.countries:
                return True
            # A country in ـیه drops its ه: «روسیه» → «روسی», «سوریه» → «سوری», «ترکیه» → «ترکی».
            if key.endswith(suffix) and suffix.startswith("ی") and stem + "یه" in self.entries.countries:
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
            if " ".join(keys[:split]) in self.entries.titles and " ".join(keys[split:]) in self.places:
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

    @staticmethod
    def tokenize(text: str) -> list[tuple[int, int, str]]:
        """The tokens a name must align with, ``(start, end, key)``; ``text`` is normalized already,
        so folding a token only drops its ZWNJs. Shared by the matchers of one text."""
        return [(m.start(), m.end(), m.group().replace(ZWNJ, "")) for m in _TOKEN.finditer(text)]

    def find(self, text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int, str]]:
        """Longest whole-token matches ``(start, end, label)`` in ``text``, left to right.

        Args:
            text: normalized text.
            tokens: ``tokenize(text)``, when another matcher has made them already.
        """
        if tokens is None:
            tokens = self.tokenize(text)
        found: list[tuple[int, int, str]] = []
        i = 0
        prefixes = self.prefixes
        while i < len(tokens):
            if tokens[i][2] not in prefixes:  # most tokens open no name: skip the inner loop
                i += 1
                continue
            key, longest = "", None
            for j in range(i, len(tokens)):
                key += tokens[j][2]
                if key not in self.prefixes:
                    break
                # A lone «و» (and) ends no name: «فرد و» is not «فردو» (Fordow).
                if key in self.names and tokens[j][2] != "و":
                    longest = (j, self.names[key])
            if longest is None:
                i += 1
                continue
            found.append((tokens[i][0], tokens[longest[0]][1], longest[1]))
            i = longest[0] + 1
        return found
