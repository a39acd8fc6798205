"""Clause roles from a dependency parse: who is the subject and what is the object of a trigger.

Only the sentences that hold a trigger are parsed (the parser is the slowest part of the
events stage), with the tokens the events stage already has. In the UD Persian
(PerDT) analysis a light-verb construction is headed by its verb («دیدار کرد»: «دیدار» is
``compound:lvc`` of «کرد»), so the verb of a trigger is the one token of its span whose head
lies outside it, and its ``nsubj`` dependent is the subject. (Objects and obliques from
the parse were measured as targets and chose worse than the preposition rules of
:mod:`pipeline.events.resolution`, so only subjects are read.) A role word is often the
head of a longer phrase («سخنگوی وزارت خارجه روسیه»: ``nsubj`` is
«سخنگوی»), so a role is read as the actor mention inside that word's subtree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from pipeline.events.actors import Mention, Token

__all__ = ["ParsedClauses", "MAX_PARSED_TOKENS"]

SUBJECT_RELATIONS = frozenset({"nsubj", "nsubj:pass"})
# Longer "sentences" are lists, tables or run-on text: their parses are poor and slow.
MAX_PARSED_TOKENS = 60


@dataclass
class ParsedClauses:
    """Heads and relations of the parsed tokens, by document token index, and the token
    ranges parsed so far."""

    head: dict[int, int] = field(default_factory=dict)
    relation: dict[int, str] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    spans: set[tuple[int, int]] = field(default_factory=set)

    def parse(self, parser, tokens: Sequence[Token], first: int, stop: int) -> None:  # noqa: ANN001
        """Parse the token range ``[first, stop)`` with a :class:`pipeline.text.parsing.DependencyParser`
        (a range of one token or over :data:`MAX_PARSED_TOKENS` is left unparsed)."""
        self.spans.add((first, stop))
        if not 1 < stop - first <= MAX_PARSED_TOKENS:
            return
        (words,) = parser.parse([[t.text for t in tokens[first:stop]]])
        for word in words:
            self.add(first + word.index, None if word.head < 0 else first + word.head, word.deprel)

    def add(self, token: int, head: int | None, relation: str) -> None:
        """Record one token's arc (``head`` None for the root)."""
        if head is not None:
            self.head[token] = head
            self.children.setdefault(head, []).append(token)
        self.relation[token] = relation

    def verb_of(self, start: int, end: int) -> int | None:
        """The token of ``[start, end)`` that heads the span (its head lies outside), if parsed."""
        inside = [t for t in range(start, end) if t in self.relation]
        heads = [t for t in inside if not start <= self.head.get(t, -1) < end]
        return heads[-1] if heads else None

    def dependents(self, token: int, relations: frozenset[str]) -> list[int]:
        """The children of ``token`` with one of ``relations``."""
        return [c for c in self.children.get(token, ()) if self.relation.get(c) in relations]

    def subtree(self, token: int) -> set[int]:
        """``token`` and every token below it."""
        seen, todo = set(), [token]
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(self.children.get(t, ()))
        return seen

    def mention_at(self, token: int, mentions: Sequence[Mention]) -> Mention | None:
        """The mention that holds ``token``, else the first mention inside its subtree."""
        for m in mentions:
            if m.start <= token < m.end:
                return m
        below = self.subtree(token)
        return next((m for m in mentions if m.start in below), None)

    def role_of(self, verb: int, relations: frozenset[str], mentions: Sequence[Mention]) -> Mention | None:
        """The mention filling one of ``relations`` of ``verb``."""
        for dependent in self.dependents(verb, relations):
            found = self.mention_at(dependent, mentions)
            if found is not None:
                return found
        return None
