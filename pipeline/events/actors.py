"""Actor resolution: which spans of a Persian news text name which actor (state, IGO, group).

Works on the normalized text, as tokens whose matching key ignores ZWNJ, spaces inside
names and letter variants (see :func:`pipeline.lexicons.actors.fold`), so «حزب‌الله»,
«حزبالله» and «حزب الله» are one name. It finds:

- dictionary names, seats of government and known people (longest match first);
- roles composed with a state: a role noun followed within a few words by a state name
  or demonym («سخنگوی وزارت خارجه روسیه», «مقامات روسی», «سفیر جدید اسرائیل در روسیه»
  → the sending state, since the search stops at a preposition);
- people found by the NER stage: a name with one wrong dot («یوتین» for «پوتین») is
  matched on its dotless skeleton, an unknown name takes the state of its apposition
  («سیمونا هالپرین، سفیر اسرائیل»), and a later surname-only mention inherits it;
- anaphora («وی», «این کشور», «کشورش»), left for the events stage to resolve in order.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Sequence

from pipeline.lexicons.actors import ActorLexicon, derived_org_code
from pipeline.records import Document
from pipeline.text.normalize import fold_normalized
from pipeline.text.tokens import EVENT_WORD_OR_MARK

__all__ = ["Token", "Mention", "ActorResolver", "tokenize", "longest_match", "PREPOSITIONS"]

# Words and single punctuation marks; a ZWNJ or the ezafe hamza stays inside its word.

# Prepositions that put a following noun phrase out of subject position («تا» is left out:
# in news it mostly joins clauses, «باعث شد تا مسکو …», and seldom governs an actor), with
# the nouns of compound prepositions that name the governed phrase («از سوی», «به دست»).
PREPOSITIONS = frozenset(
    fold_normalized(p)
    for p in (
        "از به با در بر برای درباره علیه نسبت قبال توسط سوی جانب میان بین پیش پس جز "
        "روی زیر مورد مقابل پی درپی طی ضد همراه دست"
    ).split()
)

# How many words may stand between a role noun and its state («سفیر جدید اسرائیل»,
# «سخنگوی وزارت امور خارجه روسیه»).
ROLE_WINDOW = 4

# A quoted name before its office: up to this many words between the quotation marks.
MAX_QUOTED_NAME = 3
QUOTE_OPENERS = "«\"“"
QUOTE_CLOSERS = "»\"”"

# A single word is matched on its skeleton only from this length on (see _misspelled_person).
MIN_RASM_LETTERS = 5

# Dotless skeleton (rasm) of Persian letters: a misplaced dot («یوتین» for «پوتین»)
# keeps the skeleton.
_RASM = str.maketrans(
    {**dict.fromkeys("بپتثنیئ", "ٮ"), **dict.fromkeys("جچحخ", "ح"), **dict.fromkeys("دذ", "د"),
     **dict.fromkeys("رزژ", "ر"), **dict.fromkeys("سش", "س"), **dict.fromkeys("صض", "ص"),
     **dict.fromkeys("طظ", "ط"), **dict.fromkeys("عغ", "ع"), **dict.fromkeys("فق", "ف"),
     **dict.fromkeys("کگ", "ک")}
)


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark of the normalized text, with its matching key."""

    index: int
    start: int
    end: int
    text: str
    key: str
    is_word: bool  # a word, not a punctuation mark (read for every token by every matcher)


@dataclass(frozen=True)
class Mention:
    """A span of tokens ``[start, end)`` that names an actor.

    ``code`` is None for an anaphor (``coref`` is then its kind: person, group, state),
    for a role noun without a state, and for a person the dictionary does not know.
    """

    start: int
    end: int
    code: str | None
    kind: str
    text: str
    coref: str | None = None


def tokenize(text: str) -> list[Token]:
    """Tokens of a normalized text with their folded keys.

    Examples:
        >>> [t.key for t in tokenize("حزب‌الله، لبنان")]
        ['حزبالله', '،', 'لبنان']
    """
    return [
        Token(i, m.start(), m.end(), word, fold_normalized(word), word[0].isalnum() or word[0] == "_")
        for i, m in enumerate(EVENT_WORD_OR_MARK.finditer(text))
        for word in (m.group(),)
    ]


def longest_match(tokens: Sequence[Token], i: int, table: dict, max_tokens: int) -> tuple[int, Any] | None:
    """(end, value) of the longest run of word tokens from ``i`` whose joined key is in ``table``.

    Keys are joined without a separator, so a phrase matches whether its words were written
    apart, with a ZWNJ or glued («حزب الله», «حزب‌الله», «حزبالله»).
    """
    key = ""
    best = None
    for j in range(i, min(len(tokens), i + max_tokens)):
        if not tokens[j].is_word:
            break
        key += tokens[j].key
        if key in table:
            best = (j + 1, table[key])
    return best


def _rasm(key: str) -> str:
    return key.translate(_RASM)


class ActorResolver:
    """Finds actor mentions in a tokenized document.

    Args:
        lexicon: the actor dictionary (:func:`pipeline.lexicons.actors.load_actors`).

    Examples:
        >>> from pipeline.lexicons.actors import load_actors
        >>> from pipeline.text.normalize import normalize
        >>> resolver = ActorResolver(load_actors())
        >>> text = normalize("مقامات روسی از کاخ سفید انتقاد کردند", repair_zwnj=False).text
        >>> [(m.text, m.code) for m in resolver.find(tokenize(text))]
        [('مقامات روسی', 'RUS'), ('کاخ سفید', 'USA')]
    """

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        self._people_by_rasm: dict[str, str] = {}
        for key, name in lexicon.names.items():
            if name.kind == "people":
                self._people_by_rasm.setdefault(_rasm(key), name.code)
        self._roles = dict.fromkeys(lexicon.roles, True)

    def _role_end(self, tokens: Sequence[Token], i: int) -> int | None:
        found = longest_match(tokens, i, self._roles, 3)
        return found[0] if found else None

    def find(
        self, tokens: Sequence[Token], people: Sequence[tuple[int, int]] = (), organizations: Sequence[tuple[int, int]] = ()
    ) -> list[Mention]:
        """All mentions, sorted by position.

        Args:
            tokens: the document's tokens (:func:`tokenize`).
            people: token spans ``[start, end)`` the NER stage labels PER.
            organizations: token spans the NER stage labels ORG; one the dictionary does not
                know, and that names no state or known body, is an actor with a derived code
                (:func:`pipeline.lexicons.actors.derived_org_code`), never a state's.
        """
        names = self.lexicon.names
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            hit = longest_match(tokens, i, names, self.lexicon.max_tokens)
            coref = longest_match(tokens, i, self.lexicon.coreference, 3)
            if coref and (not hit or coref[0] >= hit[0]):
                end, kind = coref
                found.append(Mention(i, end, None, "coref", self._text(tokens, i, end), coref=str(kind)))
                i = end
                continue
            if hit:
                end, name = hit
                if name.kind != "demonyms":
                    found.append(Mention(i, end, name.code, name.kind, self._text(tokens, i, end)))
                elif (
                    i > 0 and tokens[i - 1].is_word and tokens[i - 1].key not in PREPOSITIONS
                    and tokens[i - 1].key != "و"
                    and not (found and found[-1].end > i - 1)
                ):
                    # A demonym after its noun names the state the thing belongs to: «دیپلمات‌های
                    # ایرانی», «یک پهپاد اوکراینی» (state media too: «تلویزیون روسی» is RUS).
                    found.append(Mention(i - 1, end, name.code, "demonym", self._text(tokens, i - 1, end)))
                i = end
                continue
            misspelled = self._misspelled_person(tokens[i])
            if misspelled:
                found.append(Mention(i, i + 1, misspelled, "people", tokens[i].text))
                i += 1
                continue
            role_end = self._role_end(tokens, i)
            if role_end:
                mention = self._compose_role(tokens, i, role_end)
                found.append(mention)
                i = mention.end
                continue
            i += 1
        found = self._add_people(tokens, found, [*people, *self._quoted_names(tokens, found, people)])
        taken = {t for m in found for t in range(m.start, m.end)}
        for start, end in organizations:
            if end > start and not any(t in taken for t in range(start, end)):
                text = self._text(tokens, start, end)
                found.append(Mention(start, end, derived_org_code(text), "org", text))
        return sorted(found, key=lambda m: m.start)

    def _quoted_names(
        self, tokens: Sequence[Token], found: list[Mention], people: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Names in quotation marks right before their office, as news agencies write a
        foreign name: «سایمون شرکلیف» سفیر انگلیس. Found whether or not NER labels them."""
        role_starts = {m.start for m in found if m.kind == "role" and m.code}
        taken = {t for m in found for t in range(m.start, m.end)} | {t for a, b in people for t in range(a, b)}
        spans = []
        for i, token in enumerate(tokens):
            if token.text not in QUOTE_OPENERS:
                continue
            close = next((j for j in range(i + 1, min(len(tokens), i + 2 + MAX_QUOTED_NAME)) if not tokens[j].is_word), None)
            if (
                close is not None
                and close > i + 1
                and tokens[close].text in QUOTE_CLOSERS
                and close + 1 in role_starts
                and not any(t in taken for t in range(i + 1, close))
            ):
                spans.append((i + 1, close))
        return spans

    def _misspelled_person(self, token: Token) -> str | None:
        """The code of a known person written with one dot wrong («یوتین» for «پوتین»).

        Only names of MIN_RASM_LETTERS letters or more: the skeleton of a short name is
        often that of a common word.
        """
        if not token.is_word or len(token.key) < MIN_RASM_LETTERS:
            return None
        return self._people_by_rasm.get(_rasm(token.key))

    def _compose_role(self, tokens: Sequence[Token], start: int, role_end: int) -> Mention:
        """A role noun and the state or organization that follows it in its noun phrase."""
        j = role_end
        limit = min(len(tokens), role_end + ROLE_WINDOW)
        while j < limit and tokens[j].is_word and tokens[j].key not in PREPOSITIONS and tokens[j].key != "را":
            hit = longest_match(tokens, j, self.lexicon.names, self.lexicon.max_tokens)
            if hit:
                end, name = hit
                return Mention(start, end, name.code, "role", self._text(tokens, start, end))
            anaphor = longest_match(tokens, j, self.lexicon.coreference, 3)
            if anaphor and anaphor[1] in ("state", "body"):
                # «مقام‌های این کشور», «نیروهای هوایی این وزارت»: the role of what the anaphor names.
                end = anaphor[0]
                return Mention(start, end, None, "role", self._text(tokens, start, end), coref=str(anaphor[1]))
            nested = self._role_end(tokens, j)
            if nested:  # «سخنگوی وزارت خارجه …»: a role inside a role extends the window
                limit = min(len(tokens), nested + ROLE_WINDOW)
                j = nested
                continue
            j += 1
        return Mention(start, role_end, None, "role", self._text(tokens, start, role_end))

    def _add_people(
        self, tokens: Sequence[Token], found: list[Mention], people: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        """Resolve NER persons the dictionary missed, then their later surname-only mentions."""
        taken = {t for m in found for t in range(m.start, m.end)}
        surnames: dict[str, tuple[int, str]] = {}
        for m in found:  # a known full name also teaches its surname («ولادیمیر پوتین» → «پوتین»)
            if m.kind == "people" and m.code and m.end - m.start > 1:
                surnames.setdefault(tokens[m.end - 1].key, (m.end, m.code))
        added: list[Mention] = []
        for start, end in sorted(people):
            if any(t in taken for t in range(start, end)) or end <= start:
                continue
            key = "".join(t.key for t in tokens[start:end])
            code = self._people_by_rasm.get(_rasm(key))
            mention_end = end
            if code is None:
                code, mention_end = self._apposition(tokens, found, start, end)
            if code is None and tokens[end - 1].key in surnames and surnames[tokens[end - 1].key][0] <= start:
                code = surnames[tokens[end - 1].key][1]
            if code is not None and end - start > 1:
                surnames.setdefault(tokens[end - 1].key, (end, code))
            added.append(Mention(start, mention_end, code, "people", self._text(tokens, start, end)))
            taken.update(range(start, mention_end))
        # Surname-only mentions the NER stage did not label.
        for i, token in enumerate(tokens):
            if i in taken or token.key not in surnames or surnames[token.key][0] > i:
                continue
            added.append(Mention(i, i + 1, surnames[token.key][1], "people", token.text))
        # A role composed inside an apposition now belongs to the person.
        absorbed = {(m.start, m.end) for a in added for m in found if a.start < m.start and m.end <= a.end}
        return [m for m in found if (m.start, m.end) not in absorbed] + added

    def _apposition(self, tokens: Sequence[Token], found: list[Mention], start: int, end: int) -> tuple[str | None, int]:
        """The state of «NAME، سفیر اسرائیل …» (a role right after the name) or of
        «سخنگوی وزارت خارجه روسیه NAME» (a role right before it)."""
        j = end
        while j < len(tokens) and tokens[j].text in "«»\"'،,":
            j += 1
        for m in found:
            if m.start == j and m.kind == "role" and m.code:
                return m.code, m.end
        k = start
        while k > 0 and tokens[k - 1].text in "«»\"'":
            k -= 1
        for m in found:
            if m.end == k and m.kind == "role" and m.code:
                return m.code, end
        return None, end

    @staticmethod
    def _text(tokens: Sequence[Token], start: int, end: int) -> str:
        return " ".join(t.text for t in tokens[start:end])


def entity_spans(doc: Document, tokens: Sequence[Token], label: str) -> list[tuple[int, int]]:
    """Token spans of the document's entities with ``label`` (empty when the NER stage has not run)."""
    if doc.normalized is None or not doc.entities:
        return []
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    spans = []
    for entity in doc.entities:
        if entity.label != label:
            continue
        norm_start, norm_end = doc.normalized.to_norm_span(entity.start, entity.end)
        first = bisect_right(ends, norm_start)  # the first token that ends after the entity starts
        if first == len(tokens):
            continue
        last = first
        while last < len(starts) and starts[last] < norm_end:
            last += 1
        if last > first:
            spans.append((first, last))
    return spans
