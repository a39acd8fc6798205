"""Loader of the actor dictionary: CLDR country names plus the curated ``actors.yaml``.

Names are stored under a *matching key* (:func:`pipeline.text.normalize.fold`): the normalizer's letter
unification, then ZWNJ, spaces and the ezafe hamza (U+0654) removed, because Persian
news writes the same name «حزب‌الله», «حزبالله» and «حزب الله», and CLDR writes
«امارات متحدهٔ عربی» with the hamza that most news text leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from pipeline.lexicons import DATA_DIR, LexiconError, read_tsv, read_yaml
from pipeline.text.normalize import fold

__all__ = ["ActorLexicon", "ActorName", "demonyms", "derived_org_code", "load_actors", "ACTOR_KINDS", "COREF_KINDS"]

ACTORS_FILE = DATA_DIR / "actors.yaml"
ORG_CODES_FILE = DATA_DIR / "org_codes.tsv"
COUNTRIES_FILE = DATA_DIR / "actors_countries.tsv"

# Kinds of name: the actor's own name, a demonym (counts only after a role noun),
# a seat of government standing for the state, a person.
ACTOR_KINDS = ("names", "demonyms", "seats", "people")
COREF_KINDS = ("person", "group", "state", "statement", "populace", "body")

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
@dataclass(frozen=True)
class ActorName:
    """One dictionary name: the code it stands for, its kind and the file line it came from."""

    code: str
    kind: str
    text: str
    source: str


@dataclass
class ActorLexicon:
    """Folded names → :class:`ActorName`, role nouns and coreference phrases.

    ``max_tokens`` is the longest name in words, which bounds the matcher's look-ahead.
    """

    names: dict[str, ActorName] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)
    coreference: dict[str, str] = field(default_factory=dict)
    stopnames: set[str] = field(default_factory=set)
    max_tokens: int = 1
    home: str | None = None

    @property
    def codes(self) -> set[str]:
        """Every actor code in the dictionary."""
        return {name.code for name in self.names.values()}

    def add(self, text: str, code: str, kind: str, source: str) -> None:
        """Add or override one name (a later file wins: that is how users override)."""
        key = fold(text)
        if not key:
            raise LexiconError(source.rsplit(":", 1)[0], None, f"empty name for {code}")
        if key in self.stopnames and kind == "names" and source.startswith(str(COUNTRIES_FILE)):
            return
        self.names[key] = ActorName(code, kind, text, source)
        self.max_tokens = max(self.max_tokens, len(text.split()))


def _check_code(code: Any, path: Path, line: int | None) -> str:
    if not isinstance(code, str) or not _CODE.match(code):
        raise LexiconError(str(path), line, f"actor code {code!r} is not an upper-case code such as RUS or HAMAS")
    return code


def _string_list(value: Any, what: str, path: Path, line: int | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(str(path), line, f"{what} must be a list of non-empty names")
    return [v.strip() for v in value]


def demonyms(name: str) -> list[str]:
    """The nisba adjectives Persian derives from a one-word country name.

    «ایران» → «ایرانی»; after «ا»/«و» the suffix takes a glide («کانادایی», «پرویی»);
    after «ی» too («شیلیایی»); a final «یه» drops its «ه» («روسی») or takes «‌ای»
    («روسیه‌ای»), another final «ه» takes «‌ای» («کره‌ای»). Curated demonyms in ``actors.yaml`` («روس», «ترک») come on top.

    Examples:
        >>> demonyms("ایران"), demonyms("کانادا"), demonyms("روسیه")  # doctest: +NORMALIZE_WHITESPACE
        (['ایرانی'], ['کانادایی'], ['روسی', 'روسیه‌ای'])
    """
    if " " in name or "‌" in name or len(name) < 3:
        return []
    if name[-1] in "او":
        return [name + "یی"]
    if name[-1] == "ی":
        return [name + "ایی"]
    if name.endswith("یه"):  # «روسیه» → «روسی», «روسیه‌ای»
        return [name[:-1], name + "\u200cای"]
    if name[-1] == "ه":  # «کره» → «کره‌ای»
        return [name + "\u200cای"]
    return [name + "ی"]


def _read_countries(lexicon: ActorLexicon, path: Path) -> None:
    for number, (code, name, *_rest) in read_tsv(path, (2, 3)):
        _check_code(code, path, number)
        lexicon.add(name, code, "names", f"{path}:{number}")
        if fold(name) in lexicon.stopnames:
            continue
        for adjective in demonyms(name):
            if fold(adjective) not in lexicon.names:
                lexicon.add(adjective, code, "demonyms", f"{path}:{number}")


def _key_lines(path: Path) -> dict[str, int]:
    """Line of each ``key:`` in the file (the first one), to name the line of a bad entry."""
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"\s*([^\s#:][^:]*):(\s|$)", line)
        if match:
            lines.setdefault(match.group(1).strip(), number)
    return lines


def _read_actor_yaml(lexicon: ActorLexicon, path: Path) -> None:
    data, _ = read_yaml(path)
    key_line = _key_lines(path)
    if not isinstance(data, dict):
        raise LexiconError(str(path), 1, "expected a mapping with an 'actors' section")
    unknown = sorted(set(data) - {"roles", "coreference", "stopnames", "actors", "home", "home_names"})
    if unknown:
        raise LexiconError(str(path), key_line.get(str(unknown[0])), f"unknown section(s) {unknown}")
    if "home" in data:
        home = data["home"]
        lexicon.home = None if home is None else _check_code(home, path, key_line.get("home"))
    # «کشورمان», «کشور ما»: the first-person "our country" of the outlet is its home state.
    for phrase in _string_list(data.get("home_names"), "home_names", path, key_line.get("home_names")):
        if lexicon.home:
            lexicon.add(phrase, lexicon.home, "names", f"{path}:{key_line.get('home_names')}")
    lexicon.roles.update(fold(r) for r in _string_list(data.get("roles"), "roles", path, key_line.get("roles")))
    stopnames = _string_list(data.get("stopnames"), "stopnames", path, key_line.get("stopnames"))
    lexicon.stopnames.update(fold(s) for s in stopnames)
    coref = data.get("coreference") or {}
    if not isinstance(coref, dict) or set(coref) - set(COREF_KINDS):
        raise LexiconError(str(path), key_line.get("coreference"), f"coreference keys must be among {COREF_KINDS}")
    for kind, phrases in coref.items():
        for phrase in _string_list(phrases, f"coreference.{kind}", path, key_line.get(kind)):
            lexicon.coreference[fold(phrase)] = kind
    actors = data.get("actors") or {}
    if not isinstance(actors, dict):
        raise LexiconError(str(path), key_line.get("actors"), "'actors' must map codes to entries")
    for code, entry in actors.items():
        line = key_line.get(str(code))
        _check_code(code, path, line)
        if not isinstance(entry, dict):
            raise LexiconError(str(path), line, f"entry {code} must be a mapping with {'/'.join(ACTOR_KINDS)}")
        bad = set(entry) - set(ACTOR_KINDS)
        if bad:
            raise LexiconError(str(path), line, f"entry {code}: unknown field(s) {sorted(bad)}, expected {ACTOR_KINDS}")
        for kind in ACTOR_KINDS:
            for name in _string_list(entry.get(kind), f"{code}.{kind}", path, line):
                lexicon.add(name, code, kind, f"{path}:{line}")


def load_actors(extra: Sequence[str | Path] = ()) -> ActorLexicon:
    """The shipped dictionary, extended and overridden by ``extra`` files in the same YAML format.

    Raises:
        LexiconError: a malformed entry, naming the file, the line and the problem.

    Examples:
        >>> lexicon = load_actors()
        >>> lexicon.names[fold("کاخ سفید")].code
        'USA'
    """
    base = _load_shipped()
    if not extra:
        return base
    lexicon = ActorLexicon(
        dict(base.names), set(base.roles), dict(base.coreference), set(base.stopnames), base.max_tokens, base.home
    )
    for path in extra:
        _read_actor_yaml(lexicon, Path(path))
    return lexicon


@lru_cache(maxsize=1)
def _load_shipped() -> ActorLexicon:
    lexicon = ActorLexicon()
    # Stop names are read first so that the generated country list can skip them.
    data, _ = read_yaml(ACTORS_FILE)
    lexicon.stopnames.update(fold(s) for s in _string_list(data.get("stopnames"), "stopnames", ACTORS_FILE, None))
    _read_countries(lexicon, COUNTRIES_FILE)
    _read_actor_yaml(lexicon, ACTORS_FILE)
    return lexicon


@lru_cache(maxsize=1)
def _romanization() -> dict[str, str]:
    table = {}
    for number, fields in read_tsv(ORG_CODES_FILE, (1, 2)):
        letter, latin = fields[0], fields[1] if len(fields) > 1 else ""
        if len(letter) != 1 or not (latin == "" or (latin.isascii() and latin.isupper())):
            raise LexiconError(str(ORG_CODES_FILE), number, "expected one letter and its upper-case Latin romanization")
        table[letter] = latin
    return table


def derived_org_code(name: str) -> str:
    """The derived code of an organization the dictionary does not know (``org_codes.tsv``).

    Examples:
        >>> derived_org_code("کمیسیون مستقل انتخابات")
        'ORG_KMYSYWN_MSTQL_ANTKHABAT'
    """
    table = _romanization()
    words = ["".join(table.get(ch, ch if ch.isascii() and ch.isalnum() else "") for ch in fold(word)) for word in name.split()]
    return "_".join(["ORG", *[w.upper() for w in words if w]])[:40]

