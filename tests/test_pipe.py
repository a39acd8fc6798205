"""Pipeline.pipe: documents in batches, the NER model on all their texts at once, the same
records as one document at a time; the batch runner keeps a bad document's failure to itself."""

from __future__ import annotations

import copy
import json

from pipeline.core import default_pipeline
from pipeline.io.batch import process_documents
from pipeline.io.sources import SourceDoc
from pipeline.ner import EntityRecognizer, resolve_model
from pipeline.records import Document
from pipeline.text.normalize import normalize

TEXTS = [
    "تهران - وزیر امور خارجه ایران روز دوشنبه با همتای روسی خود در مسکو دیدار کرد.",
    "سازمان ملل متحد حمله به غیرنظامیان در غزه را محکوم کرد.",
    "",
    "رئیس‌جمهور فرانسه گفت پاریس از مذاکرات وین حمایت می‌کند. این سخنان دیروز بیان شد.",
    "ولادیمیر پوتین به تهران رفت.",
]
# A document that the fragile pipeline below cannot process.
BROKEN = "این خبر مرحلهٔ آزمایشی را می‌شکند."


def test_pipe_gives_the_documents_process_gives(nlp) -> None:
    items = [(f"خبر-{i}", text, "2024-03-04") for i, text in enumerate(TEXTS)]
    piped = list(nlp.pipe(items, batch_size=2))
    one_by_one = [nlp.process(text, reference_date=date, doc_id=doc_id) for doc_id, text, date in items]
    assert [doc.to_dict() for doc in piped] == [doc.to_dict() for doc in one_by_one]
    assert any(doc.entities for doc in piped) and any(doc.events for doc in piped)


def test_spacy_stage_pipe_finds_what_each_call_finds() -> None:
    recognizer = EntityRecognizer(backend="spacy")

    def docs() -> list[Document]:
        out = [Document(id=None, text=text) for text in TEXTS]
        for doc in out:
            doc.normalized = normalize(doc.text)
        return out

    piped = recognizer.pipe(docs())
    called = [recognizer(doc) for doc in docs()]
    assert [doc.entities for doc in piped] == [doc.entities for doc in called]
    assert sum(len(doc.entities) for doc in piped) >= 5


class _FailsOnBroken:
    """A stage that raises on one text, as a stage bug would on an odd article."""

    def __call__(self, doc: Document) -> Document:
        if doc.text == BROKEN:
            raise ValueError("stage broke on this text")
        return doc


def fragile_pipeline() -> object:
    """The default pipeline with a last stage that fails on ``BROKEN``."""
    nlp = copy.copy(default_pipeline())
    nlp.stages = [*nlp.stages, ("fragile", _FailsOnBroken())]
    return nlp


def test_process_documents_one_bad_document_fails_alone() -> None:
    docs = [SourceDoc(f"خبر-{i}", text, "2024-03-04", "خبر.jsonl", i + 1) for i, text in enumerate(TEXTS) if text]
    docs.insert(1, SourceDoc("خراب", BROKEN, None, "خبر.jsonl", 90))
    docs.insert(3, SourceDoc("خالی", None, None, "خبر.jsonl", 91, "empty text"))
    shard = process_documents(docs, pipeline_factory=fragile_pipeline)
    assert shard.keys == [doc.key for doc in docs]
    assert [(e["id"], e["reason"]) for e in shard.errors] == [
        ("خراب", "processing failed in the 'fragile' stage: ValueError: stage broke on this text"), ("خالی", "empty text")]
    good = [doc for doc in docs if doc.doc_id not in ("خراب", "خالی")]
    assert [json.loads(line)["id"] for line in shard.documents] == [doc.doc_id for doc in good]
    assert shard.documents == process_documents(good).documents


def test_spacy_on_numpy_blas_finds_what_thincs_blis_finds(shared_dir) -> None:
    import spacy

    from pipeline.io.gold import iter_gold_dicts
    from pipeline.ner.backends.spacy_ner import SpacyBackend

    texts = [normalize(doc["text"]).text for path in sorted((shared_dir / "gold").glob("*.jsonl"))
             for doc in iter_gold_dicts(path)]
    backend = SpacyBackend(resolve_model("spacy", None))
    blis = spacy.load(resolve_model("spacy", None))  # thinc's default ops
    expected = [[(e.start_char, e.end_char, e.label_) for e in blis(text).ents] for text in texts]
    assert backend.pipe(texts) == expected
    assert sum(map(len, expected)) > 200


class _CountingParser:
    """The shipped parser, noting the sentences of each call."""

    def __init__(self) -> None:
        from pipeline.text.parsing import DependencyParser

        self.parser = DependencyParser()
        self.calls: list[list[list[str]]] = []

    def parse(self, sentences: list[list[str]]) -> list:
        self.calls.append(sentences)
        return self.parser.parse(sentences)


# Each sentence has two actors before its verb, so the events stage parses it to find the subject.
PARSED_TEXTS = [
    "روسیه و چین حمله آمریکا به سوریه را محکوم کردند.",
    "وزیر خارجه ایران و همتای روسی او در مسکو با دبیرکل سازمان ملل دیدار کردند.",
    "سخنگوی وزارت خارجه روسیه و نماینده چین از قطعنامه حمایت کردند. فرانسه و آلمان این اقدام را محکوم کردند.",
    "پوتین و اردوغان روز دوشنبه در آنکارا گفت‌وگو کردند.",
]


def test_events_stage_parses_the_clauses_of_a_batch_together(nlp) -> None:
    from pipeline.events import EventExtractor

    docs = [nlp.process(text, reference_date="2024-03-04") for text in PARSED_TEXTS]
    alone = [[e.to_dict() for e in doc.events] for doc in docs]
    counting = _CountingParser()
    EventExtractor(parser=counting).pipe(docs)
    assert [[e.to_dict() for e in doc.events] for doc in docs] == alone
    # One call for the first clause each document waits on, one for the third text's second sentence.
    assert [len(call) for call in counting.calls] == [4, 1]
    assert ("RUS", "USA", "11") in [(e.actor, e.target, e.type) for e in docs[0].events]
