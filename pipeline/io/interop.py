"""Round trips with annotation tools: Label Studio, doccano, and spaCy DocBin training data.

Predictions (or gold files) go out as pre-annotations for correction and come back
in the gold format (``GOLD_FORMAT.md``):

- Label Studio: a JSON list of tasks; ``data`` holds the text and the fields the tool does
  not edit (id, reference date, events), ``predictions`` holds one region per entity
  (``PER``/``ORG``/``LOC``) and per date (``DATE``), and each date's TIMEX3 value sits in a
  per-region TextArea (``value``). :data:`LABEL_STUDIO_CONFIG` is the matching labeling config.
- doccano: JSON Lines with ``label: [[start, end, LABEL]]``; date values and the other
  fields ride along as metadata keys (``date_values: [[start, end, value]]``).
- spaCy DocBin: entities on the normalized text (what the NER stage sees), spans widened
  to token boundaries (``alignment_mode="expand"``).

Offsets are Python ``str`` indices, as in the gold format. On import a region whose
offsets do not cover its own text (a tool that counted UTF-16 units, or trimmed
whitespace) is moved to the nearest occurrence of that text, with a warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable, Sequence

from pipeline.records import ENTITY_LABELS, DateMention, Document, Entity
from pipeline.text.normalize import normalize

__all__ = [
    "DATE_LABEL",
    "LABEL_STUDIO_CONFIG",
    "to_labelstudio",
    "from_labelstudio",
    "to_doccano",
    "from_doccano",
    "to_docbin",
    "write_labelstudio",
    "read_labelstudio",
    "write_doccano",
    "read_doccano",
    "write_docbin",
    "FORMATS",
]

logger = logging.getLogger(__name__)

DATE_LABEL = "DATE"
FORMATS = ("labelstudio", "doccano", "docbin")

# Region labels and the per-region TextArea for a date's TIMEX3 value; `to_name`/`from_name`
# in the exported results refer to these names.
LABEL_STUDIO_CONFIG = """<View style="direction: rtl">
  <Labels name="label" toName="text">
    <Label value="PER" background="#ffd166"/>
    <Label value="ORG" background="#7bdff2"/>
    <Label value="LOC" background="#b2f7ef"/>
    <Label value="DATE" background="#f7aef8"/>
  </Labels>
  <Text name="text" value="$text" granularity="word"/>
  <View visibleWhen="region-selected" whenLabelValue="DATE">
    <Header value="TIMEX3 value (e.g. 2023-12-30, 2023-12, XXXX-12-30)"/>
    <TextArea name="value" toName="text" perRegion="true" editable="true" maxSubmissions="1"/>
  </View>
</View>
"""

# Document fields that the annotation tools carry but do not edit.
_PASSTHROUGH = ("reference_date", "events")


def _align(text: str, start: int, end: int, span_text: str | None, where: str) -> tuple[int, int]:
    """Offsets that cover ``span_text`` in ``text``: the given ones, or the nearest occurrence."""
    if span_text is None or text[start:end] == span_text:
        return start, end
    hits = []
    at = text.find(span_text)
    while at >= 0:
        hits.append(at)
        at = text.find(span_text, at + 1)
    if not hits:
        logger.warning("%s: region %d-%d «%s» is not in the text; offsets kept", where, start, end, span_text)
        return start, end
    nearest = min(hits, key=lambda h: abs(h - start))
    logger.warning("%s: region %d-%d moved to %d to cover «%s»", where, start, end, nearest, span_text)
    return nearest, nearest + len(span_text)


def _document(data: dict[str, Any], text: str, entities: list[Entity], dates: list[DateMention]) -> Document:
    """A gold document from the carried fields and the imported regions."""
    doc = Document.from_dict({"id": data.get("id"), "text": text, **{k: data[k] for k in _PASSTHROUGH if k in data}})
    doc.entities = entities
    doc.dates = dates
    return doc


def to_labelstudio(documents: Iterable[Document], *, model_version: str = "pipeline") -> list[dict[str, Any]]:
    """Label Studio tasks with the documents' entities and dates as predictions.

    Args:
        documents: predicted (or gold) documents.
        model_version: shown in Label Studio next to the pre-annotations.

    Returns:
        list[dict]: tasks for Label Studio's JSON import.

    Examples:
        >>> doc = Document.from_dict({"id": "d1", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 0, "end": 5, "text": "پوتین", "label": "PER"}]})
        >>> task = to_labelstudio([doc])[0]
        >>> task["predictions"][0]["result"][0]["value"]
        {'start': 0, 'end': 5, 'text': 'پوتین', 'labels': ['PER']}
    """
    tasks = []
    for doc in documents:
        data = doc.to_dict()
        data.pop("entities")
        data.pop("dates")
        result: list[dict[str, Any]] = []
        for index, entity in enumerate(doc.entities):
            value = {"start": entity.start, "end": entity.end, "text": entity.text, "labels": [entity.label]}
            result.append({"id": f"e{index}", "from_name": "label", "to_name": "text", "type": "labels", "value": value})
        for index, date in enumerate(doc.dates):
            region = {"start": date.start, "end": date.end, "text": date.text, "labels": [DATE_LABEL]}
            result.append({"id": f"d{index}", "from_name": "label", "to_name": "text", "type": "labels", "value": region})
            if date.value is not None:
                # A per-region TextArea result shares the region's id; its value.text is a list.
                value = {"start": date.start, "end": date.end, "text": [date.value]}
                result.append({"id": f"d{index}", "from_name": "value", "to_name": "text", "type": "textarea", "value": value})
        tasks.append({"data": data, "predictions": [{"model_version": model_version, "result": result}]})
    return tasks


def _labelstudio_result(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The result to import: the last annotation not cancelled, else the first prediction."""
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if annotations:
        return annotations[-1].get("result") or []
    predictions = task.get("predictions") or []
    return predictions[0].get("result") or [] if predictions else []


def from_labelstudio(tasks: Sequence[dict[str, Any]]) -> list[Document]:
    """Gold documents from Label Studio tasks (an export, or tasks made by :func:`to_labelstudio`).

    Args:
        tasks: Label Studio JSON tasks; annotations win over predictions.

    Returns:
        list[Document]: entities and dates in region order; date values from the TextArea.

    Examples:
        >>> doc = Document.from_dict({"id": "d1", "text": "دیروز در مسکو", "dates": [
        ...     {"start": 0, "end": 5, "text": "دیروز", "value": "2024-02-29"}]})
        >>> [d.to_dict() for d in from_labelstudio(to_labelstudio([doc]))[0].dates]
        [{'start': 0, 'end': 5, 'text': 'دیروز', 'value': '2024-02-29'}]
    """
    documents = []
    for number, task in enumerate(tasks, start=1):
        data = task.get("data") or {}
        text = data.get("text") or ""
        where = f"task {task.get('id', number)}"
        regions: dict[str, dict[str, Any]] = {}
        values: dict[str, str] = {}
        for item in _labelstudio_result(task):
            value = item.get("value") or {}
            if item.get("type") == "labels" and value.get("labels"):
                regions[item["id"]] = value
            elif item.get("type") == "textarea" and value.get("text"):
                values[item["id"]] = str(value["text"][0]).strip()
        entities, dates = [], []
        for region_id, region in regions.items():
            start, end = _align(text, int(region["start"]), int(region["end"]), region.get("text"), where)
            label = region["labels"][0]
            if label == DATE_LABEL:
                dates.append(DateMention(start, end, text[start:end], values.get(region_id) or None))
            elif label in ENTITY_LABELS:
                entities.append(Entity(start, end, text[start:end], label, source="gold"))
            else:
                logger.warning("%s: unknown label %r skipped", where, label)
        documents.append(_document(data, text, entities, dates))
    return documents


def to_doccano(documents: Iterable[Document]) -> list[dict[str, Any]]:
    """doccano sequence-labeling records: ``label: [[start, end, LABEL]]`` plus metadata.

    Examples:
        >>> doc = Document.from_dict({"id": "d1", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]})
        >>> to_doccano([doc])[0]["label"]
        [[9, 13, 'LOC']]
    """
    records = []
    for doc in documents:
        data = doc.to_dict()
        labels = [[e.start, e.end, e.label] for e in doc.entities] + [[d.start, d.end, DATE_LABEL] for d in doc.dates]
        record = {"text": doc.text, "label": labels, "doc_id": doc.id}
        record.update({k: data[k] for k in _PASSTHROUGH if k in data})
        record["date_values"] = [[d.start, d.end, d.value] for d in doc.dates]
        records.append(record)
    return records


def _doccano_spans(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Spans of a doccano record: ``label`` triples, or the newer ``entities`` objects."""
    if record.get("entities"):
        return [(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]]
    return [(s, e, label) for s, e, label in record.get("label") or record.get("labels") or []]


def from_doccano(records: Sequence[dict[str, Any]]) -> list[Document]:
    """Gold documents from doccano JSONL records (an export, or records made by :func:`to_doccano`).

    A date added in doccano has no value (``null``) until one is written into ``date_values``.

    Examples:
        >>> doc = Document.from_dict({"id": "d1", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]})
        >>> from_doccano(to_doccano([doc]))[0].to_dict() == doc.to_dict()
        True
    """
    documents = []
    for number, record in enumerate(records, start=1):
        # doccano exports metadata either at the top level or under "meta".
        meta = {**(record.get("meta") or {}), **record}
        text = record.get("text") or ""
        where = f"record {number}"
        values = {(s, e): v for s, e, v in meta.get("date_values") or []}
        entities, dates = [], []
        for start, end, label in _doccano_spans(record):
            if label == DATE_LABEL:
                dates.append(DateMention(start, end, text[start:end], values.get((start, end))))
            elif label in ENTITY_LABELS:
                entities.append(Entity(start, end, text[start:end], label, source="gold"))
            else:
                logger.warning("%s: unknown label %r skipped", where, label)
        data = {"id": meta.get("doc_id"), **{k: meta[k] for k in _PASSTHROUGH if k in meta}}
        documents.append(_document(data, text, entities, dates))
    return documents


def to_docbin(documents: Iterable[Document], *, normalized: bool = True, include_dates: bool = False):
    """Training data for spaCy NER: a ``DocBin`` of the documents with their entities.

    Args:
        documents: gold documents.
        normalized: tokenize the project's normalized text (what the NER stage reads at run
            time) and map the spans onto it; False keeps the raw text.
        include_dates: also add the dates as ``DATE`` entities.

    Returns:
        spacy.tokens.DocBin: one Doc per document; overlapping spans keep the longest.

    Examples:
        >>> doc = Document.from_dict({"id": "d1", "text": "پوتین در مسکو", "entities": [
        ...     {"start": 9, "end": 13, "text": "مسکو", "label": "LOC"}]})
        >>> import spacy
        >>> docs = list(to_docbin([doc]).get_docs(spacy.blank("fa").vocab))
        >>> [(e.text, e.label_) for e in docs[0].ents]
        [('مسکو', 'LOC')]
    """
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("fa")
    docbin = DocBin(store_user_data=False)
    widened = 0
    for document in documents:
        norm = normalize(document.text) if normalized else None
        text = norm.text if norm else document.text
        spacy_doc = nlp.make_doc(text)
        items = [(e.start, e.end, e.label) for e in document.entities]
        if include_dates:
            items += [(d.start, d.end, DATE_LABEL) for d in document.dates]
        spans = []
        for start, end, label in items:
            if norm:
                start, end = norm.to_norm_span(start, end)
            # Persian clitics and Ezafe can glue a name to its token («ایران‌» + «ی»), so a span
            # may end inside a token: widen it to the whole token rather than drop it.
            span = spacy_doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                logger.warning("document %s: span %d-%d is empty after alignment; skipped", document.id, start, end)
                continue
            widened += (span.start_char, span.end_char) != (start, end)
            spans.append(span)
        kept = filter_spans(spans)
        if len(kept) < len(spans):
            logger.warning("document %s: %d overlapping spans dropped", document.id, len(spans) - len(kept))
        spacy_doc.ents = kept
        docbin.add(spacy_doc)
    logger.info("DocBin: %d spans widened to token boundaries", widened)
    return docbin


def write_labelstudio(documents: Iterable[Document], path: str | Path) -> int:
    """Write Label Studio tasks as one JSON file; returns the number of tasks."""
    tasks = to_labelstudio(documents)
    Path(path).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(tasks)


def read_labelstudio(path: str | Path) -> list[Document]:
    """Read a Label Studio JSON export (a list of tasks, or one task)."""
    tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    return from_labelstudio(tasks if isinstance(tasks, list) else [tasks])


def write_doccano(documents: Iterable[Document], path: str | Path) -> int:
    """Write doccano JSONL; returns the number of records."""
    records = to_doccano(documents)
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def read_doccano(path: str | Path) -> list[Document]:
    """Read a doccano JSONL export."""
    with Path(path).open(encoding="utf-8") as handle:
        return from_doccano([json.loads(line) for line in handle if line.strip()])


def write_docbin(documents: Iterable[Document], path: str | Path, **options: bool) -> int:
    """Write a spaCy ``.spacy`` file (see :func:`to_docbin`); returns the number of docs."""
    docbin = to_docbin(documents, **options)
    docbin.to_disk(path)
    return len(docbin)
