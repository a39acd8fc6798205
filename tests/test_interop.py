"""Round trips with Label Studio and doccano, and DocBin export (pipeline/io/interop.py)."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.io import interop
from pipeline.io.gold import iter_gold_dicts, read_gold, write_documents
from pipeline.records import Document


def _span(text: str, part: str, **extra: object) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part, **extra}


_T1 = "وزیر خارجه ایران روز ۱۰ دی ۱۴۰۲ در تهران با سرگئی لاوروف دیدار کرد."
_T2 = "شورای امنیت سازمان ملل دیروز حمله به غزه را محکوم کرد."
# An astral character (emoji) before the spans: UTF-16 tools count it twice.
_T3 = "کاخ‌سفید 🙂 هفته گذشته از اوکراین حمایت کرد."

FIXTURE = [
    {
        "id": "fx-1",
        "text": _T1,
        "reference_date": "2024-01-02",
        "entities": [_span(_T1, "ایران", label="LOC"), _span(_T1, "تهران", label="LOC"),
                     _span(_T1, "سرگئی لاوروف", label="PER")],
        "dates": [_span(_T1, "۱۰ دی ۱۴۰۲", value="2023-12-31")],
        "events": [{"actor": "IRN", "target": "RUS", "type": "04", "stance": "neutral", "date": "2023-12-31",
                    "trigger": "دیدار کرد", "evidence": _T1}],
    },
    {
        # No reference date: the relative date keeps a null value.
        "id": "fx-2",
        "text": _T2,
        "entities": [_span(_T2, "شورای امنیت سازمان ملل", label="ORG"), _span(_T2, "غزه", label="LOC")],
        "dates": [_span(_T2, "دیروز", value=None)],
        "events": [{"actor": "UNSC", "target": None, "type": "11", "stance": "oppose", "date": None,
                    "trigger": "محکوم کرد", "evidence": _T2}],
    },
    {
        "id": "fx-3",
        "text": _T3,
        "reference_date": "2024-03-01",
        "entities": [_span(_T3, "کاخ‌سفید", label="ORG"), _span(_T3, "اوکراین", label="LOC")],
        "dates": [_span(_T3, "هفته گذشته", value="2024-W08")],
        "events": [],
    },
]


@pytest.fixture()
def fixture_docs() -> list[Document]:
    return [Document.from_dict(d) for d in FIXTURE]


@pytest.mark.parametrize("record", FIXTURE, ids=[d["id"] for d in FIXTURE])
@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_interop_round_trip_fixture_is_exact(record: dict, fmt: str) -> None:
    doc = Document.from_dict(record)
    if fmt == "labelstudio":
        back = interop.from_labelstudio(json.loads(json.dumps(interop.to_labelstudio([doc]))))
    else:
        back = interop.from_doccano(json.loads(json.dumps(interop.to_doccano([doc]))))
    assert [d.to_dict() for d in back] == [record]


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_interop_round_trip_shared_gold_is_exact(shared_dir, tmp_path, fmt: str) -> None:
    gold_files = sorted((shared_dir / "gold").glob("*.jsonl"))
    assert gold_files
    for gold in gold_files:
        exported, imported = tmp_path / f"{gold.stem}.{fmt}", tmp_path / f"{gold.stem}.jsonl"
        assert main(["annotate", "export", "--format", fmt, str(gold), "--out", str(exported)]) == 0
        assert main(["annotate", "import", "--format", fmt, str(exported), "--out", str(imported)]) == 0
        assert list(iter_gold_dicts(imported)) == list(iter_gold_dicts(gold)), gold.name


def test_interop_labelstudio_annotation_wins_over_prediction(fixture_docs) -> None:
    task = interop.to_labelstudio(fixture_docs[:1])[0]
    result = json.loads(json.dumps(task["predictions"][0]["result"]))
    # The annotator relabels «ایران» as ORG and adds a date «روز» without value.
    result[0]["value"]["labels"] = ["ORG"]
    result.append({"id": "new", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {**_span(_T1, "روز"), "labels": ["DATE"]}})
    task["annotations"] = [{"was_cancelled": True, "result": []}, {"result": result}]
    doc = interop.from_labelstudio([task])[0]
    assert doc.entities[0].label == "ORG"
    assert [(d.text, d.value) for d in doc.dates] == [("۱۰ دی ۱۴۰۲", "2023-12-31"), ("روز", None)]


def test_interop_labelstudio_realigns_utf16_offsets(fixture_docs) -> None:
    task = interop.to_labelstudio(fixture_docs[2:])[0]
    # A tool that counts UTF-16 units puts every region after the emoji one unit later.
    for item in task["predictions"][0]["result"]:
        if item["value"]["start"] > _T3.index("🙂"):
            item["value"]["start"] += 1
            item["value"]["end"] += 1
    doc = interop.from_labelstudio([task])[0]
    assert [e.to_dict() for e in doc.entities] == FIXTURE[2]["entities"]
    assert doc.dates[0].to_dict() == FIXTURE[2]["dates"][0]


def test_interop_doccano_reads_entities_objects_and_meta() -> None:
    # doccano ≥1.6 exports spans as objects and may nest metadata under "meta".
    record = {
        "id": 7,
        "text": _T2,
        "entities": [{"id": 1, "label": "LOC", "start_offset": _T2.index("غزه"), "end_offset": _T2.index("غزه") + 3}],
        "meta": {"doc_id": "fx-2"},
    }
    doc = interop.from_doccano([record])[0]
    assert doc.id == "fx-2"
    assert [e.to_dict() for e in doc.entities] == [_span(_T2, "غزه", label="LOC")]


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("پوتین در مسکو سخن گفت.", "مسکو", "مسکو"),
        # A missing space glues the name to the word before it: the span widens to the token.
        ("سفیرایران احضار شد.", "ایران", "سفیرایران"),
        # Arabic Yeh and Kaf in the raw text are normalized to Persian ones in the DocBin.
        ("نيروهاي ناتو در لهستان", "لهستان", "لهستان"),
    ],
)
def test_interop_docbin_loads_back(tmp_path, text: str, part: str, expected: str) -> None:
    import spacy
    from spacy.tokens import DocBin

    doc = Document.from_dict({"id": "x", "text": text, "entities": [_span(text, part, label="LOC")]})
    path = tmp_path / "train.spacy"
    assert interop.write_docbin([doc], path) == 1
    loaded = list(DocBin().from_disk(path).get_docs(spacy.blank("fa").vocab))
    assert [(e.text, e.label_) for e in loaded[0].ents] == [(expected, "LOC")]


def test_interop_docbin_cli_with_dates(tmp_path, fixture_docs) -> None:
    import spacy
    from spacy.tokens import DocBin

    gold = tmp_path / "gold.jsonl"
    write_documents(fixture_docs, gold)
    out = tmp_path / "train.spacy"
    assert main(["annotate", "export", "--format", "docbin", "--with-dates", str(gold), "--out", str(out)]) == 0
    loaded = list(DocBin().from_disk(out).get_docs(spacy.blank("fa").vocab))
    assert [e.label_ for e in loaded[0].ents] == ["LOC", "DATE", "LOC", "PER"]
    assert len(loaded) == len(read_gold(gold))


def test_interop_labelstudio_cli_writes_label_config(tmp_path, fixture_docs) -> None:
    gold = tmp_path / "gold.jsonl"
    write_documents(fixture_docs, gold)
    config = tmp_path / "config.xml"
    args = ["annotate", "export", "--format", "labelstudio", str(gold), "--out", str(tmp_path / "t.json")]
    assert main([*args, "--label-config", str(config)]) == 0
    assert 'perRegion="true"' in config.read_text(encoding="utf-8")
