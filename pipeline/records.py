"""Typed records that flow through the pipeline and out of it.

Every span (entity, date, sentence, trigger, evidence) holds ``start``/``end``
character offsets into the *raw* text, so ``document.text[start:end] == span.text``.
Stages work on the normalized text (``Document.normalized``) and map their spans
back with :meth:`pipeline.text.normalize.NormalizedText.to_raw_span`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from pipeline.text.normalize import NormalizedText

__all__ = ["Sentence", "Entity", "DateMention", "ParsedWord", "Event", "Document", "StageFailure", "ENTITY_LABELS", "STANCES"]

ENTITY_LABELS = ("PER", "ORG", "LOC")
STANCES = ("support", "oppose", "neutral")


# Publication dates of modern news: wide enough for any archive, narrow enough to catch a
# Jalali or Hijri year (13xx, 14xx) given as a Gregorian one.
PUBLICATION_YEARS = (1900, 2099)
# Strictly ``YYYY-MM-DD``: ``date.fromisoformat`` also takes ``20240101`` and ``2024-W05-1``,
# which in a news table are a number column or a week, not a publication date.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_reference_date(value: object) -> str | None:
    """The one check of a document's reference (publication) date, for the API, the CLI and
    batch runs: ``YYYY-MM-DD`` in the Gregorian calendar (a ``date`` is accepted), or None.

    Persian datasets often store the Jalali date in the same form (``1402-12-10``), which
    parses as a Gregorian date twelve centuries ago and would shift every inferred year;
    a year outside 1900–2099 is rejected with that hint.

    Raises:
        ConfigError: the value is not such a date (names the value and the problem).

    Examples:
        >>> check_reference_date("2024-02-29"), check_reference_date(None)
        ('2024-02-29', None)
        >>> check_reference_date("1402-12-10")
        Traceback (most recent call last):
        ...
        pipeline.errors.ConfigError: reference_date '1402-12-10': year 1402 looks like a Jalali or Hijri year; give the Gregorian publication date (YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = value.isoformat()
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            date = dt.date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise ConfigError(f"reference_date {value!r} is not a date in YYYY-MM-DD form") from exc
    else:
        raise ConfigError(f"reference_date {value!r} is not a date in YYYY-MM-DD form")
    year = int(date[:4])
    if not PUBLICATION_YEARS[0] <= year <= PUBLICATION_YEARS[1]:
        hint = (f"year {year} looks like a Jalali or Hijri year" if 1300 <= year < 1500
                else f"year {year} is outside {PUBLICATION_YEARS[0]}–{PUBLICATION_YEARS[1]}")
        raise ConfigError(f"reference_date {value!r}: {hint}; give the Gregorian publication date (YYYY-MM-DD)")
    return date


@dataclass(frozen=True)
class Sentence:
    """A sentence or layout segment (headline, date line) of a document."""

    index: int
    start: int
    end: int
    text: str
    is_date_line: bool = False


@dataclass(frozen=True)
class Entity:
    """A named entity: PER, ORG or LOC."""

    start: int
    end: int
    text: str
    label: str
    source: str = "model"

    def to_dict(self) -> dict[str, Any]:
        """Gold-format dict: start, end, text, label."""
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@dataclass(frozen=True)
class DateMention:
    """A date or time expression with its TIMEX3-style value (None when unresolvable)."""

    start: int
    end: int
    text: str
    value: str | None
    calendar: str = "gregorian"
    tags: tuple[str, ...] = ()
    source_value: str | None = None  # the value in the expression's own calendar: 1402-10-10 (Jalali)

    def to_dict(self) -> dict[str, Any]:
        """Gold-format dict: start, end, text, value."""
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value}

    def to_row(self) -> dict[str, Any]:
        """Table row: the gold-format fields, the calendar the text wrote it in, and its value there."""
        return {**self.to_dict(), "calendar": self.calendar, "source_value": self.source_value}


@dataclass(frozen=True)
class ParsedWord:
    """A word of a dependency-parsed sentence (UD labels); ``head`` is the index of its head word
    in the same sentence, -1 for the root (whose ``deprel`` is ``root``)."""

    index: int
    text: str
    upos: str
    head: int
    deprel: str


@dataclass(frozen=True)
class Event:
    """One who-did-what-to-whom statement, with provenance in the event-data tradition."""

    actor: str
    target: str | None
    type: str
    stance: str
    date: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    evidence: str
    evidence_start: int
    evidence_end: int
    sentence_index: int
    doc_id: str | None = None
    quad_class: int = 0
    negated: bool = False
    actor_text: str | None = None
    target_text: str | None = None

    @property
    def id(self) -> str:
        """Stable id: a hash of document id, trigger span and type."""
        import hashlib

        key = f"{self.doc_id}|{self.trigger_start}|{self.trigger_end}|{self.type}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """Gold-format dict: actor, target, type, stance, date, trigger, evidence."""
        return {
            "actor": self.actor,
            "target": self.target,
            "type": self.type,
            "stance": self.stance,
            "date": self.date,
            "trigger": self.trigger,
            "evidence": self.evidence,
        }

    def to_row(self) -> dict[str, Any]:
        """Flat row with provenance: id, document, sentence, offsets, QuadClass."""
        return {
            "event_id": self.id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            **self.to_dict(),
            "quad_class": self.quad_class,
            "negated": self.negated,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "actor_text": self.actor_text,
            "target_text": self.target_text,
        }


@dataclass
class Document:
    """A document as it moves through the stages; each stage fills its own fields.

    ``normalized`` and ``sentence_dates`` are working state for the stages and are
    not part of the gold format.
    """

    id: str | None
    text: str
    reference_date: str | None = None
    normalized: NormalizedText | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    # The date in force for each sentence (TIMEX3 value or None), set by the dates stage
    # from date lines, dated headings and explicit dates; the events stage reads it.
    sentence_dates: list[str | None] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the document shape of GOLD_FORMAT.md."""
        out: dict[str, Any] = {"id": self.id, "text": self.text}
        if self.reference_date is not None:
            out["reference_date"] = self.reference_date
        out["entities"] = [e.to_dict() for e in self.entities]
        out["dates"] = [d.to_dict() for d in self.dates]
        out["events"] = [e.to_dict() for e in self.events]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Build a document from a gold-format dict (events keep no offsets)."""
        text = data["text"]
        entities = [Entity(e["start"], e["end"], e["text"], e["label"], source="gold") for e in data.get("entities", [])]
        dates = [DateMention(d["start"], d["end"], d["text"], d.get("value")) for d in data.get("dates", [])]
        events = []
        for e in data.get("events", []):
            trig_at = text.find(e.get("trigger") or "")
            ev_at = text.find(e.get("evidence") or "")
            events.append(
                Event(
                    actor=e.get("actor"),
                    target=e.get("target"),
                    type=e.get("type"),
                    stance=e.get("stance"),
                    date=e.get("date"),
                    trigger=e.get("trigger") or "",
                    trigger_start=trig_at,
                    trigger_end=trig_at + len(e.get("trigger") or "") if trig_at >= 0 else -1,
                    evidence=e.get("evidence") or "",
                    evidence_start=ev_at,
                    evidence_end=ev_at + len(e.get("evidence") or "") if ev_at >= 0 else -1,
                    sentence_index=-1,
                    doc_id=data.get("id"),
                )
            )
        return cls(
            id=data.get("id"),
            text=text,
            reference_date=data.get("reference_date"),
            entities=entities,
            dates=dates,
            events=events,
        )


@dataclass(frozen=True)
class StageFailure:
    """A document that a stage could not process (:meth:`pipeline.core.Pipeline.pipe` with
    ``errors="capture"``): which document, which stage (``"input"`` for a text or reference
    date refused before any stage), and the error as ``Type: message``."""

    doc_id: str | None
    stage: str
    error: str
