"""The date pipeline stage and :func:`find_dates`: a text's expressions found, resolved in order and mapped to raw offsets."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from functools import lru_cache

from pipeline.dates.base import (
    _END,
    _PUNCT,
    _START,
    DATE,
    FUTURE,
    NUMERIC,
    PAST,
    WEEKDAY,
    Group,
    Resolved,
    _alternation,
    _bare_weekday,
)
from pipeline.dates.grammar import DateGrammar
from pipeline.dates.resolve import _Resolver, _source_value
from pipeline.lexicons.dates import DateLexicon
from pipeline.records import DateMention, Document
from pipeline.text.normalize import NormalizedText, normalize
from pipeline.text.sentences import split_sentences

logger = logging.getLogger(__name__)


def _future_clause(cues: list[int], verbs: list[tuple[int, bool, int]], sentence: tuple[int, int], group: Group) -> bool:
    """Whether a future cue (خواهد، قرار است، درصدد است) governs the date: one before it in its
    sentence, or one after it up to the first verb after it. «... روز سه‌شنبه اظهار داشت که
    ... قرار است گزارشی بدهد» dates a past statement, though the sentence announces a report."""
    after = bisect.bisect_left(verbs, (group.end,))
    clause_end = verbs[after][2] if after < len(verbs) and verbs[after][0] < sentence[1] else sentence[1]
    first = bisect.bisect_left(cues, sentence[0])
    return first < len(cues) and cues[first] < clause_end


@lru_cache(maxsize=4)
def _future_pattern(lexicon: DateLexicon) -> re.Pattern[str]:
    return re.compile(_START + _alternation(lexicon.future_cues) + _END)



class DateExtractor:
    """Pipeline stage: fills ``doc.dates`` and ``doc.sentence_dates``.

    Args:
        lexicon: the date lexicon (default: ``pipeline/data/dates/``).

    Examples:
        >>> from pipeline.text.sentences import SentenceSplitter
        >>> text = "روسیه ۳۰ دسامبر ۲۰۲۳ بیانیه داد."
        >>> doc = Document(id=None, text=text, reference_date="2024-03-01", normalized=normalize(text))
        >>> doc = DateExtractor()(SentenceSplitter()(doc))
        >>> [(d.text, d.value) for d in doc.dates], doc.sentence_dates
        ([('۳۰ دسامبر ۲۰۲۳', '2023-12-30')], ['2023-12-30'])
    """

    name = "dates"
    requires = ("normalized", "sentences")
    provides = ("dates", "sentence_dates")

    def __init__(self, lexicon: DateLexicon | None = None) -> None:
        self.grammar = _grammar(lexicon)

    def __call__(self, doc: Document) -> Document:
        norm = doc.normalized if doc.normalized is not None else normalize(doc.text)
        if doc.sentences:
            spans = [norm.to_norm_span(s.start, s.end) for s in doc.sentences]
        else:
            spans = split_sentences(norm.text)
        mentions, per_sentence = self.extract(norm, spans, doc.reference_date)
        doc.dates = mentions
        if doc.sentences:
            doc.sentence_dates = self._sentence_dates(norm, spans, mentions, per_sentence)
        return doc

    def extract(
        self, norm: NormalizedText, sentences: list[tuple[int, int]], reference_date: str | None
    ) -> tuple[list[DateMention], list[list[tuple[DateMention, Resolved]]]]:
        """Date mentions (raw offsets) of a normalized text, and the resolved mentions per sentence."""
        reference = dt.date.fromisoformat(reference_date) if reference_date else None
        grammar = self.grammar
        text = norm.text
        resolver = _Resolver(grammar, reference)
        atoms = grammar.atoms(text)
        resolver.read_document(atoms)
        groups = grammar.groups(text, atoms)
        per_sentence: list[list[tuple[DateMention, Resolved]]] = [[] for _ in sentences]
        verbs = grammar.verbs(text)
        cues = [m.start() for m in _future_pattern(grammar.lexicon).finditer(text)]
        tenses = []
        index = 0
        for group in groups:
            while index < len(sentences) and sentences[index][1] <= group.start:
                index += 1
            inside = index < len(sentences) and sentences[index][0] <= group.start
            if not inside:
                tense = PAST
            elif _future_clause(cues, verbs, sentences[index], group):
                tense = FUTURE
            else:
                tense = grammar.verb_tense(verbs, group.end, sentences[index][1])
            tenses.append((tense, index, inside))
        resolutions = self._resolve_all(resolver, groups, tenses, text)
        weekday_dates = _weekday_dates(groups, resolutions)
        if weekday_dates and any(_bare_weekday(g) for g in groups):
            # «روز سه‌شنبه» in the lead is the «سه‌شنبه ۱۸ مهر» of the body: resolve again
            # with the explicit dates the document gives its weekdays.
            resolver = _Resolver(grammar, reference)
            resolver.read_document(atoms)
            resolver.weekday_dates = weekday_dates
            resolutions = self._resolve_all(resolver, groups, tenses, text)
        mentions = []
        for group, resolved, (tense, index, inside) in zip(groups, resolutions, tenses):
            raw_start, raw_end = norm.to_raw_span(group.start, group.end)
            tags = resolved.tags + ((tense,) if tense != PAST else ())
            mention = DateMention(
                raw_start, raw_end, norm.raw[raw_start:raw_end], resolved.value, resolved.calendar, tags,
                _source_value(resolved),
            )
            mentions.append(mention)
            if inside:
                per_sentence[index].append((mention, resolved))
        return mentions, per_sentence

    @staticmethod
    def _resolve_all(resolver: _Resolver, groups: list[Group], tenses: list[tuple[str, int, bool]], text: str) -> list[Resolved]:
        resolutions = []
        for group, (tense, index, _inside) in zip(groups, tenses):
            try:
                resolved = resolver.resolve(group, tense, index)
            except ValueError as exc:
                # A calendar cannot convert every year (hijridate stops at 1343–1500 AH): the
                # expression is still a date, only its value is unknown.
                logger.debug("no value for %r: %s", text[group.start:group.end], exc)
                resolved = Resolved(None, "gregorian")
            resolver.update_context(group, resolved, index)
            resolutions.append(resolved)
        return resolutions

    def _sentence_dates(
        self,
        norm: NormalizedText,
        spans: list[tuple[int, int]],
        mentions: list[DateMention],
        per_sentence: list[list[tuple[DateMention, Resolved]]],
    ) -> list[str | None]:
        explicit = [_most_specific(found) for found in per_sentence]
        date_lines = [
            i
            for i, found in enumerate(per_sentence)
            if len(found) == 1 and found[0][1].value and _only_date(norm, spans[i], found[0][0])
        ]
        timeline = self._timeline(spans, date_lines, explicit, norm.text)
        return [explicit[i] if explicit[i] is not None else timeline[i] for i in range(len(spans))]

    @staticmethod
    def _timeline(
        spans: list[tuple[int, int]], date_lines: list[int], explicit: list[str | None], text: str
    ) -> list[str | None]:
        """The date each sentence gets from its timeline entry's date line, or None.

        When the last segment of the document is a date line, each date line closes the
        entry above it (paragraph, then its date), even when there is only one. Otherwise
        each opens the entry below it (dated headings), which takes at least two: a single
        date line at the top is the article's dateline, not a timeline.
        """
        result: list[str | None] = [None] * len(spans)
        if not date_lines:
            return result
        if date_lines[-1] == len(spans) - 1:
            previous = -1
            for line in date_lines:
                for i in range(previous + 1, line):
                    result[i] = explicit[line]
                previous = line
        elif len(date_lines) >= 2:
            for n, line in enumerate(date_lines):
                following = date_lines[n + 1] if n + 1 < len(date_lines) else len(spans)
                for i in range(line + 1, following):
                    result[i] = explicit[line]
        return result



def _weekday_dates(groups: list[Group], resolutions: list[Resolved]) -> dict[int, tuple[list[int], list[dt.date]]]:
    """weekday → (positions, days) of each weekday the document names with its explicit date, in text order."""
    found: dict[int, tuple[list[int], list[dt.date]]] = {}
    for group, resolved in zip(groups, resolutions):
        weekday = group.slot(WEEKDAY)
        if (
            weekday is not None and resolved.anchor is not None and resolved.precision in ("day", "time")
            and (group.slot(DATE) or group.slot(NUMERIC)) and resolved.anchor.weekday() == weekday.data["weekday"]
        ):
            positions, days = found.setdefault(weekday.data["weekday"], ([], []))
            positions.append(group.start)
            days.append(resolved.anchor)
    return found


def _only_date(norm: NormalizedText, span: tuple[int, int], mention: DateMention) -> bool:
    """True when a segment holds nothing but this date (and punctuation)."""
    start, end = norm.to_norm_span(mention.start, mention.end)
    rest = norm.text[span[0]:start] + norm.text[end:span[1]]
    return all(ch in _PUNCT or ch.isspace() for ch in rest)


_PRECISION_RANK = {"time": 0, "day": 1, "range": 2, "week": 3, "month": 4, "season": 5, "year": 6, "decade": 7}


def _most_specific(found: list[tuple[DateMention, Resolved]]) -> str | None:
    """The value in force for a sentence: its most specific resolved date, without the time of day."""
    best = None
    for mention, resolved in found:
        value = resolved.value
        if value is None or value.startswith("XXXX"):
            continue
        rank = _PRECISION_RANK.get(resolved.precision or "year", 8)
        if best is None or rank < best[0]:
            best = (rank, value.split("T")[0])
    return None if best is None else best[1]


@lru_cache(maxsize=4)
def _grammar(lexicon: DateLexicon | None) -> DateGrammar:
    return DateGrammar(lexicon)


def find_dates(text: str, reference_date: str | None = None) -> list[DateMention]:
    """Date expressions of one text (a sentence or a short passage), with raw offsets.

    Args:
        text: raw text; it is normalized internally.
        reference_date: publication date ``YYYY-MM-DD`` for relative dates and missing years.

    Returns:
        The mentions in text order (an empty list when there are none).

    Examples:
        >>> [(d.text, d.value) for d in find_dates("این بیانیه ۱۰ دی ۱۴۰۲ منتشر شد.")]
        [('۱۰ دی ۱۴۰۲', '2023-12-31')]
    """

    norm = normalize(text)
    mentions, _ = DateExtractor().extract(norm, split_sentences(norm.text), reference_date)
    return mentions

