"""HTML reports (pipeline/evaluation/: report, charts, browser; pipeline eval --report, pipeline report) and their screenshots."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.dates.timex import readable_timex, timex_to_date
from pipeline.evaluation.browser import find_chromium, rendered_dom, screenshot
from pipeline.evaluation.charts import STANCE_COLORS, time_ticks, timeline_svg
from pipeline.evaluation.report import (
    ENTITY_COLORS,
    dataset_report_html,
    eval_report_html,
    render_entities,
)
from pipeline.evaluation.scoring import evaluate_documents
from pipeline.io.dataframes import to_dataframes
from pipeline.io.gold import write_documents
from pipeline.io.run_folder import load_output_tables
from pipeline.records import Document

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


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (dt.date(2023, 12, 30), dt.date(2024, 1, 2), ["2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"]),
        # A month of news: weekly ticks.
        (dt.date(2016, 10, 1), dt.date(2016, 10, 31), ["2016-10-01", "2016-10-08", "2016-10-15", "2016-10-22",
                                                       "2016-10-29"]),
        # A timeline over a winter: month starts, not arbitrary days.
        (dt.date(2023, 11, 20), dt.date(2024, 3, 1), ["2023-12", "2024-01", "2024-02", "2024-03"]),
        # Articles a decade apart: every other year.
        (dt.date(2012, 5, 1), dt.date(2025, 8, 28), ["2014", "2016", "2018", "2020", "2022", "2024"]),
    ],
)
def test_report_time_ticks(first: dt.date, last: dt.date, expected: list[str]) -> None:
    ticks = time_ticks(first, last)
    assert [label for _, label in ticks] == expected
    assert all(first <= day <= last for day, _ in ticks)


def test_report_timeline_marks_coloured_by_stance() -> None:
    summons = {"actor": "IRN", "target": "GBR", "date": "2023-12-31", "stance": "oppose", "type": "11"}
    events = [
        {**summons, "source": "gold"},
        {**summons, "trigger": "احضار کرد"},
        {"actor": "UN", "target": None, "date": None, "stance": "support"},
    ]
    svg = timeline_svg(events)
    marks = re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="([\d.]+)" fill="([^"]+)"(?: stroke="([^"]+)")?[^>]*><title>', svg)
    assert [(fill, stroke) for _, _, fill, stroke in marks] == [
        ("none", STANCE_COLORS["oppose"]),  # gold: a ring
        (STANCE_COLORS["oppose"], ""),  # predicted: a dot, beside the ring
        (STANCE_COLORS["support"], ""),
    ]
    assert float(marks[1][0]) > float(marks[0][0])
    # The undated event sits right of every dated one.
    assert float(marks[2][0]) > max(float(marks[0][0]), float(marks[1][0]))
    assert "IRN → GBR" in svg and "UN → ∅" in svg and "احضار کرد" in svg


def test_report_timeline_many_events_in_one_place_make_one_bigger_mark() -> None:
    # A large dataset: 500 reports of the same summons on one day stay one mark inside the chart.
    summons = {"actor": "IRN", "target": "GBR", "date": "2023-12-31", "stance": "oppose", "type": "11"}
    svg = timeline_svg([summons] * 500 + [{**summons, "date": "2024-01-20", "type": "10"}])
    marks = re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="([\d.]+)"[^>]*><title>([^<]*)</title>', svg)
    assert len(marks) == 2
    (_, big, title), (_, single, _) = marks
    assert float(big) > float(single) and "500 events, types 11×500" in title


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


def test_report_dataset_page_lists_events_with_names_readable_dates_and_evidence(run_dir: Path) -> None:
    events = dataset_report_html(run_dir).split('<section id="events">', 1)[1].split("</section>", 1)[0]
    assert "31 December 2023" in events and 'title="2023-12-31"' in events
    assert "<code>11</code> disapprove" in events and "verbal conflict" in events
    assert "IRN → GBR" in events and "<b>احضار کرد</b>" in events and "سفیر انگلیس را " in events


@pytest.mark.parametrize(("value", "text"), [
    ("2008-09-01TAF", "1 September 2008, afternoon"),
    ("2024-02", "February 2024"),
    ("2024-W10", "week 10 of 2024"),
    ("XXXX-12-30", "30 December (year unknown)"),
    ("2019-04-21/2019-05-21", "21 April 2019 – 21 May 2019"),
    (None, "no date"),
])
def test_report_readable_timex(value, text) -> None:
    assert readable_timex(value) == text


@pytest.mark.parametrize(
    ("dates", "granularity", "chart_periods"),
    [
        (("2024-01-01", "2024-01-03"), "day", ["2024-01-01", "2024-01-02", "2024-01-03"]),
        (("2023-12-05", "2024-03-10"), "month", ["2023-12", "2024-01", "2024-02", "2024-03"]),
        # Articles years apart: a column per month would make tables too wide to read.
        (("2012-05-01", "2016-10-27"), "year", ["2012", "2013", "2014", "2015", "2016"]),
    ],
)
def test_report_dataset_chart_keeps_empty_periods(tmp_path, dates, granularity, chart_periods) -> None:
    # The chart keeps the empty periods between the two events, so that its horizontal axis stays
    # proportional to time; the count tables list only periods with events.
    events = [("روسیه اسرائیل را محکوم کرد.", "RUS", "ISR", "11", "oppose", "محکوم کرد"),
              ("ایران از عراق حمایت کرد.", "IRN", "IRQ", "03", "support", "حمایت کرد")]
    docs = [
        Document.from_dict({"id": date, "text": text, "events": [
            {"actor": actor, "target": target, "type": kind, "stance": stance, "date": date, "trigger": trigger,
             "evidence": text}]})
        for date, (text, actor, target, kind, stance, trigger) in zip(dates, events)
    ]
    write_documents(docs, tmp_path / "documents.jsonl")
    page = dataset_report_html(tmp_path)
    chart = page[page.index('<section id="stance-over-time">'):page.index('<section id="timeline">')]
    assert f"Events per {granularity}, by stance" in chart
    assert re.findall(r">(\d{4}(?:-\d{2}){0,2})</text>", chart) == chart_periods
    assert chart.count("<title>") == 2
    counts = page[page.index('<section id="counts">'):]
    assert re.findall(r"<th>(\d{4}[-\d]*)</th>", counts)[:2] == [chart_periods[0], chart_periods[-1]]


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


# Added to a page before it is rendered: measures the laid-out page and writes the result
# into the DOM, where `rendered_dom` returns it.
_LAYOUT_PROBE = """<script>
const box = (el) => el.getBoundingClientRect();
const visible = (el) => box(el).width > 0 && box(el).height > 0;
const layout = {
  overflowsWindow: document.documentElement.scrollWidth > window.innerWidth,
  tables: [...document.querySelectorAll("table")].filter(visible).map((t) => t.rows.length),
  panels: [...document.querySelectorAll(".entities")].map((panel) => ({
    direction: getComputedStyle(panel).direction,
    marks: [...panel.querySelectorAll("mark.entity")].filter(visible).map((m) => ({
      text: m.firstChild.textContent.trim(), classes: m.className, left: box(m).left, right: box(m).right,
      top: box(m).top, background: getComputedStyle(m).backgroundColor, outline: getComputedStyle(m).outlineStyle,
    })),
  })),
  timeline: [...document.querySelectorAll("svg.chart circle")].filter((c) => c.querySelector("title")).map((c) => {
    const svg = box(c.ownerSVGElement), dot = box(c);
    return {fill: c.getAttribute("fill"), stroke: c.getAttribute("stroke"),
            inside: dot.left >= svg.left && dot.right <= svg.right && dot.top >= svg.top && dot.bottom <= svg.bottom};
  }),
  bars: [...document.querySelectorAll("svg.chart rect")].filter((r) => r.querySelector("title") && visible(r)).length,
  persianCells: [...document.querySelectorAll("td.fa")].filter(visible).map((td) => getComputedStyle(td).direction),
};
document.body.insertAdjacentHTML("beforeend", "<pre id='layout'></pre>");
document.getElementById("layout").textContent = JSON.stringify(layout);
</script>"""


def _rendered_layout(page: str, path: Path) -> dict:
    """What headless Chromium laid out for ``page`` (see `_LAYOUT_PROBE`)."""
    path.write_text(page.replace("</body>", _LAYOUT_PROBE + "</body>"), encoding="utf-8")
    dom = rendered_dom(path, width=1400, height=2000)
    return json.loads(html.unescape(re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S)[1]))


def _rgb(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


_needs_chromium = pytest.mark.skipif(
    find_chromium() is None,
    reason="no Chromium on PATH: browser checks of the reports skipped (Debian: apt-get install chromium fonts-noto-core)",
)


@_needs_chromium
@pytest.mark.parametrize("page", ["eval", "dataset"])
def test_report_screenshot_in_headless_chromium(tmp_path, eval_page, run_dir, page: str) -> None:
    html_path = tmp_path / f"{page}.html"
    html_path.write_text(eval_page if page == "eval" else dataset_report_html(run_dir), encoding="utf-8")
    png = screenshot(html_path, tmp_path / f"{page}.png", width=1400, height=2000)
    size, colours = _png_size_and_colours(png)
    assert size == (1400, 2000)
    # A blank or error page compresses to a few kilobytes with a handful of colours.
    assert png.stat().st_size > 30_000 and colours > 100


@_needs_chromium
def test_report_eval_page_layout_in_headless_chromium(tmp_path, eval_page) -> None:
    layout = _rendered_layout(eval_page, tmp_path / "eval.html")
    assert not layout["overflowsWindow"]
    # Overall, per type, errors by kind, per document, and one error table per document.
    assert len(layout["tables"]) == 6 and min(layout["tables"]) >= 2
    # Gold and prediction of both documents, right to left, each entity highlighted in its label's colour.
    assert [panel["direction"] for panel in layout["panels"]] == ["rtl"] * 4
    gold_r1 = layout["panels"][0]["marks"]
    assert [m["text"] for m in gold_r1] == ["وزارت خارجه ایران", "۱۰ دی ۱۴۰۲", "انگلیس"]
    assert [m["background"] for m in gold_r1] == [_rgb(ENTITY_COLORS[k]) for k in ("ORG", "DATE", "LOC")]
    # Right to left: the first words of the sentence are drawn rightmost on the line.
    assert gold_r1[0]["top"] == gold_r1[2]["top"] and gold_r1[0]["left"] > gold_r1[1]["right"] > gold_r1[2]["right"]
    missed = [m for panel in layout["panels"] for m in panel["marks"] if "missed" in m["classes"]]
    assert [m["text"] for m in missed] == ["غزه"] and missed[0]["outline"] == "dashed"
    # The timeline: two gold events (rings) and one prediction (a dot), coloured by stance, inside the chart.
    marks = [(m["fill"], m["stroke"]) for m in layout["timeline"]]
    oppose, support = STANCE_COLORS["oppose"], STANCE_COLORS["support"]
    assert sorted(marks, key=str) == sorted([("none", oppose), ("none", support), (STANCE_COLORS["neutral"], None)],
                                            key=str)
    assert all(m["inside"] for m in layout["timeline"])


@_needs_chromium
def test_report_dataset_page_layout_in_headless_chromium(tmp_path, run_dir) -> None:
    layout = _rendered_layout(dataset_report_html(run_dir), tmp_path / "dataset.html")
    assert not layout["overflowsWindow"]
    # Actor, target, type and stance over time; one table per entity label; dates; failed
    # documents; the events themselves with their evidence.
    assert len(layout["tables"]) == 4 + 3 + 1 + 1 + 1
    assert layout["bars"] == 1  # one event, one stance, one period
    assert [(m["fill"], m["inside"]) for m in layout["timeline"]] == [(STANCE_COLORS["neutral"], True)]
    assert layout["persianCells"] and set(layout["persianCells"]) == {"rtl"}
