"""HTML reports (pipeline/report.py; pipeline eval --report, pipeline report) and their screenshots."""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import zlib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.dataframes import to_dataframes
from pipeline.evaluate import evaluate_documents
from pipeline.io import write_documents
from pipeline.records import Document
from pipeline.report import (
    dataset_report_html,
    eval_report_html,
    find_chromium,
    load_output_tables,
    render_entities,
    screenshot,
    timeline_svg,
    timex_to_date,
)

T1 = "وزارت خارجه ایران روز ۱۰ دی ۱۴۰۲ سفیر انگلیس را احضار کرد."
T2 = "دبیرکل سازمان ملل از آتش‌بس در غزه حمایت کرد."


def _s(text: str, part: str, **extra: object) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part, **extra}


GOLD = [
    {
        "id": "r-1", "text": T1, "reference_date": "2024-01-01",
        "entities": [_s(T1, "وزارت خارجه ایران", label="ORG"), _s(T1, "انگلیس", label="LOC")],
        "dates": [_s(T1, "۱۰ دی ۱۴۰۲", value="2023-12-31")],
        "events": [{"actor": "IRN", "target": "GBR", "type": "11", "stance": "oppose", "date": "2023-12-31",
                    "trigger": "احضار کرد", "evidence": T1}],
    },
    {
        "id": "r-2", "text": T2,
        "entities": [_s(T2, "سازمان ملل", label="ORG"), _s(T2, "غزه", label="LOC")],
        "dates": [],
        "events": [{"actor": "UN", "target": None, "type": "03", "stance": "support", "date": None,
                    "trigger": "حمایت کرد", "evidence": T2}],
    },
]
PRED = [
    {
        "id": "r-1", "text": T1,
        # «ایران» alone (boundary), «انگلیس» as ORG (mislabeled), the date value off by a day.
        "entities": [_s(T1, "ایران", label="LOC"), _s(T1, "انگلیس", label="ORG")],
        "dates": [_s(T1, "۱۰ دی ۱۴۰۲", value="2024-01-01")],
        "events": [{"actor": "IRN", "target": "GBR", "type": "11", "stance": "neutral", "date": "2023-12-31",
                    "trigger": "احضار کرد", "evidence": T1}],
    },
    {
        "id": "r-2", "text": T2,
        "entities": [_s(T2, "سازمان ملل", label="ORG"), _s(T2, "دبیرکل", label="PER")],
        "dates": [],
        "events": [],
    },
]


@pytest.fixture()
def gold_docs() -> list[Document]:
    return [Document.from_dict(d) for d in GOLD]


@pytest.fixture()
def pred_docs() -> list[Document]:
    return [Document.from_dict(d) for d in PRED]


@pytest.fixture()
def eval_page(gold_docs, pred_docs) -> str:
    return eval_report_html(gold_docs, pred_docs, evaluate_documents(gold_docs, pred_docs))


@pytest.fixture()
def run_dir(tmp_path, pred_docs) -> Path:
    """A folder shaped like `pipeline run` output, with the Parquet tables as part-file folders."""
    out = tmp_path / "run"
    out.mkdir()
    write_documents(pred_docs, out / "documents.jsonl")
    for name, frame in to_dataframes(pred_docs).items():
        (out / f"{name}.parquet").mkdir()
        frame.to_parquet(out / f"{name}.parquet" / "part-000000.parquet")
    failure = {"source": "news.jsonl", "line": 3, "id": "bad-1", "reason": "text is empty"}
    (out / "errors.jsonl").write_text(json.dumps(failure) + "\n", encoding="utf-8")
    return out


def _external_references(page: str) -> list[str]:
    """URLs a browser would fetch (the SVG namespace is a name, never fetched)."""
    return re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//[^"' >]+|@import|url\(\s*["']?(?:https?:)?//""", page)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-30", dt.date(2023, 12, 30)),
        ("2023-12", dt.date(2023, 12, 1)),
        ("2024", dt.date(2024, 1, 1)),
        ("2024-W05", dt.date(2024, 1, 29)),
        ("2019-04-21/2019-05-21", dt.date(2019, 4, 21)),  # a range starts where it starts
        ("2023-08-09TAF", dt.date(2023, 8, 9)),  # a part of the day keeps its day
        ("XXXX-12-30", None),  # the year is unknown
        (None, None),
    ],
)
def test_report_timex_to_date(value: str | None, expected: dt.date | None) -> None:
    assert timex_to_date(value) == expected


def test_report_timeline_one_mark_per_event_coloured_by_stance() -> None:
    events = [
        {"actor": "IRN", "target": "GBR", "date": "2023-12-31", "stance": "oppose", "source": "gold"},
        {"actor": "IRN", "target": "GBR", "date": "2023-12-31", "stance": "oppose"},
        {"actor": "UN", "target": None, "date": None, "stance": "support"},
    ]
    svg = timeline_svg(events)
    marks = re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="[\d.]+" fill="([^"]+)"(?: stroke="([^"]+)")?[^>]*><title>', svg)
    assert len(marks) == 3
    assert marks[0][1:] == ("none", "#d62839")  # gold: a ring
    assert marks[1][1] == "#d62839"  # predicted: a dot
    assert marks[2][1] == "#2a9d50"
    # The undated event sits right of every dated one.
    assert float(marks[2][0]) > max(float(marks[0][0]), float(marks[1][0]))
    assert "IRN → GBR" in svg and "UN → ∅" in svg


def test_report_render_entities_rtl_with_status_and_no_overlap() -> None:
    text = "دبیرکل سازمان ملل"
    markup = render_entities(text, [
        {"start": 7, "end": 17, "label": "ORG", "status": "missed"},
        {"start": 7, "end": 13, "label": "LOC"},  # overlaps the ORG: displaCy cannot draw both
    ])
    assert "direction: rtl" in markup
    assert markup.count("<mark") == 1 and 'class="entity missed"' in markup
    assert "سازمان ملل" in markup


def test_report_eval_page_is_self_contained(eval_page: str) -> None:
    assert eval_page.startswith("<!DOCTYPE html>")
    assert _external_references(eval_page) == []
    assert "<script src" not in eval_page and "<link" not in eval_page


def test_report_eval_page_lists_errors_in_context(eval_page: str) -> None:
    documents = eval_page[eval_page.index('<section id="doc-r-1">'):]
    errors = {status: documents.count(f'<span class="status {status}">') for status in
              ("missed", "spurious", "mislabeled", "boundary", "value", "mismatch")}
    # missed: «غزه», the UN event; spurious: «دبیرکل»; boundary: «وزارت خارجه ایران»;
    # mislabeled: «انگلیس»; value: the date; mismatch: the stance of the IRN event.
    assert errors == {"missed": 2, "spurious": 1, "mislabeled": 1, "boundary": 1, "value": 1, "mismatch": 1}
    assert '<span class="diff">neutral</span>' in eval_page  # the differing field is marked
    assert "<mark>۱۰ دی ۱۴۰۲</mark>" in eval_page  # the date error in its sentence


def test_report_eval_page_has_tables_entities_and_timeline(eval_page: str) -> None:
    assert 'id="overall"' in eval_page and 'id="per-document"' in eval_page
    assert '<a href="#doc-r-1">r-1</a>' in eval_page
    assert eval_page.count('class="entities"') == 4  # gold and prediction for each document
    assert 'class="entity missed"' in eval_page and 'class="entity spurious"' in eval_page
    assert "<svg" in eval_page and "IRN → GBR" in eval_page


def test_report_load_output_tables_reads_part_folders(run_dir: Path) -> None:
    tables = load_output_tables(run_dir)
    assert len(tables["entities"]) == 4 and len(tables["events"]) == 1
    assert tables["errors"].to_dict("records") == [
        {"source": "news.jsonl", "line": 3, "id": "bad-1", "reason": "text is empty"}
    ]


def test_report_load_output_tables_falls_back_to_documents_jsonl(tmp_path, pred_docs) -> None:
    write_documents(pred_docs, tmp_path / "documents.jsonl")
    tables = load_output_tables(tmp_path)
    assert len(tables["dates"]) == 1 and tables["errors"].empty


def test_report_dataset_page(run_dir: Path) -> None:
    page = dataset_report_html(run_dir)
    assert _external_references(page) == []
    assert "text is empty" in page and "bad-1" in page  # the failed document
    assert "سازمان ملل" in page and "<code>2024-01-01</code>" in page  # top entities, dates found
    assert "IRN → GBR" in page
    # Counts by actor/target/type/stance per period: the one event is in December 2023.
    assert "<th>2023-12-31</th>" in page


def test_report_top_entities_merge_spellings(tmp_path) -> None:
    # «روسيه» with Arabic Yeh and «روسیه» with Persian Yeh are one name.
    docs = [Document.from_dict({"id": f"d{i}", "text": text, "entities": [_s(text, text[:5], label="LOC")]})
            for i, text in enumerate(["روسيه گفت", "روسیه گفت", "روسیه گفت", "چین گفت"])]
    write_documents(docs, tmp_path / "documents.jsonl")
    page = dataset_report_html(tmp_path)
    assert re.search(r'title="2 spellings">روسیه <small>\(\+1\)</small></td><td class="num">3<', page)


def test_report_cli_writes_dataset_page(run_dir: Path, tmp_path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(run_dir), "--out", str(out), "--title", "گزارش"]) == 0
    assert "<title>گزارش</title>" in out.read_text(encoding="utf-8")


def test_report_cli_missing_folder_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["report", str(tmp_path / "absent"), "--out", str(tmp_path / "r.html")]) == 2
    assert "not a folder" in capsys.readouterr().err


def _png_size_and_colours(path: Path) -> tuple[tuple[int, int], int]:
    """Width/height and the number of distinct byte values of the pixel data of an 8-bit PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        at += 12 + length
    return (width, height), len(set(zlib.decompress(idat)))


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on PATH (Debian: apt-get install chromium)")
@pytest.mark.parametrize("page", ["eval", "dataset"])
def test_report_screenshot_in_headless_chromium(tmp_path, eval_page, run_dir, page: str) -> None:
    html = tmp_path / f"{page}.html"
    html.write_text(eval_page if page == "eval" else dataset_report_html(run_dir), encoding="utf-8")
    png = screenshot(html, tmp_path / f"{page}.png", width=1400, height=2000)
    size, colours = _png_size_and_colours(png)
    assert size == (1400, 2000)
    # A blank or error page compresses to a few kilobytes with a handful of colours.
    assert png.stat().st_size > 30_000 and colours > 100
