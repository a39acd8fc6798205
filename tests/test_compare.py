"""Item outcomes and run-versus-baseline comparison (pipeline/evaluation/compare.py, pipeline eval --baseline)."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.evaluation.compare import (
    compare_runs,
    document_outcomes,
    format_comparison,
    run_outcomes,
)
from pipeline.io.gold import write_documents
from pipeline.records import Document

TEXT = "ولادیمیر پوتین روز دوشنبه در مسکو با وزیر خارجه چین دیدار کرد و تحریم‌ها را محکوم کرد."


def _ent(part: str, label: str, occurrence: int = 0) -> dict:
    start = TEXT.index(part)
    for _ in range(occurrence):
        start = TEXT.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part, "label": label}


def _date(part: str, value: str | None) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part), "text": part, "value": value}


def _event(**fields: str | None) -> dict:
    event = {"actor": "RUS", "target": "CHN", "type": "04", "stance": "neutral", "date": "2024-02-26",
             "trigger": "دیدار کرد", "evidence": TEXT}
    return {**event, **fields}


def _doc(entities=(), dates=(), events=(), doc_id="d1") -> Document:
    return Document.from_dict({"id": doc_id, "text": TEXT, "entities": list(entities), "dates": list(dates),
                               "events": list(events)})


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([_ent("مسکو", "LOC")], [_ent("مسکو", "LOC")], [("correct", ())]),
        ([_ent("مسکو", "LOC")], [], [("missed", ())]),
        ([], [_ent("چین", "LOC")], [("spurious", ())]),
        ([_ent("مسکو", "LOC")], [_ent("مسکو", "ORG")], [("mislabeled", ("label",))]),
        # The first name alone is predicted: one boundary error, not a miss plus a false alarm.
        ([_ent("ولادیمیر پوتین", "PER")], [_ent("ولادیمیر", "PER")], [("boundary", ("span",))]),
        # A span predicted twice with two labels: the right one is matched, the other is spurious.
        ([_ent("چین", "LOC")], [_ent("چین", "ORG"), _ent("چین", "LOC")], [("correct", ()), ("spurious", ())]),
    ],
)
def test_compare_entity_outcomes(gold: list, pred: list, expected: list) -> None:
    outcomes = document_outcomes(_doc(entities=gold), _doc(entities=pred))
    assert [(o.status, o.fields) for o in outcomes] == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([_date("روز دوشنبه", "2024-02-26")], [_date("روز دوشنبه", "2024-02-26")], ["correct"]),
        ([_date("روز دوشنبه", "2024-02-26")], [_date("روز دوشنبه", "2024-03-04")], ["value"]),
        ([_date("روز دوشنبه", "2024-02-26")], [_date("دوشنبه", "2024-02-26")], ["boundary"]),
        ([_date("روز دوشنبه", None)], [], ["missed"]),
    ],
)
def test_compare_date_outcomes(gold: list, pred: list, expected: list) -> None:
    assert [o.status for o in document_outcomes(_doc(dates=gold), _doc(dates=pred))] == expected


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ([_event()], [("correct", ())]),
        ([_event(stance="support")], [("mismatch", ("stance",))]),
        ([_event(type="01")], [("mismatch", ("type",))]),
        # Same trigger, wrong actor: paired by the trigger and reported as an actor error.
        ([_event(actor="CHN", target="RUS")], [("mismatch", ("actor", "target"))]),
        ([_event(date=None)], [("mismatch", ("date",))]),
        ([], [("missed", ())]),
        (
            [_event(), _event(type="11", stance="oppose", target=None, trigger="محکوم کرد")],
            [("correct", ()), ("spurious", ())],
        ),
    ],
)
def test_compare_event_outcomes(pred: list, expected: list) -> None:
    outcomes = document_outcomes(_doc(events=[_event()]), _doc(events=pred))
    assert [(o.status, o.fields) for o in outcomes] == expected


def test_compare_runs_lists_improved_and_regressed() -> None:
    gold = [_doc(entities=[_ent("ولادیمیر پوتین", "PER"), _ent("مسکو", "LOC")], dates=[_date("روز دوشنبه", "2024-02-26")])]
    baseline = [_doc(entities=[_ent("ولادیمیر پوتین", "PER"), _ent("چین", "LOC")], dates=[_date("روز دوشنبه", None)])]
    run = [_doc(entities=[_ent("مسکو", "LOC")], dates=[_date("روز دوشنبه", "2024-02-26")])]
    comparison = compare_runs(gold, run, baseline)
    improved = {(o_run.kind if o_run else o_base.kind, o_base.status if o_base else None, o_run.status if o_run else None)
                for o_base, o_run in comparison.improved}
    regressed = {(o_base.kind, o_base.status, o_run.status) for o_base, o_run in comparison.regressed}
    # «مسکو» now found, the date value now right, the spurious «چین» gone.
    assert improved == {("entity", "missed", "correct"), ("date", "value", "correct"), ("entity", "spurious", None)}
    assert regressed == {("entity", "correct", "missed")}
    deltas = {row["name"]: row["delta"] for row in comparison.metrics}
    assert deltas["entities p"] == pytest.approx(1.0 - 0.5)
    assert deltas["dates value_acc"] == pytest.approx(1.0)
    text = format_comparison(comparison)
    assert "improved (3):" in text and "regressed (1):" in text and "«ولادیمیر پوتین» PER" in text


def test_compare_eval_cli_baseline_text_json_and_report(tmp_path, capsys) -> None:
    gold, run, base = tmp_path / "gold.jsonl", tmp_path / "run.jsonl", tmp_path / "base.jsonl"
    write_documents([_doc(entities=[_ent("مسکو", "LOC")], events=[_event()])], gold)
    write_documents([_doc(entities=[_ent("مسکو", "LOC")], events=[_event(stance="oppose")])], run)
    write_documents([_doc(entities=[], events=[_event()])], base)
    assert main(["eval", str(gold), "--pred", str(run), "--baseline", str(base)]) == 0
    out = capsys.readouterr().out
    assert "compared with the baseline:" in out
    assert "entities r" in out and "+1.000 +" in out
    assert "event mismatch RUS → CHN 04" in out  # the stance regression, with the differing field
    assert main(["eval", str(gold), "--pred", str(run), "--baseline", str(base), "--json",
                 "--report", str(tmp_path / "r.html")]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert len(scores["comparison"]["improved"]) == 1 and len(scores["comparison"]["regressed"]) == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Compared with the baseline" in page and "Regressed: 1 items newly wrong" in page
    comparison = page[page.index('<section id="comparison">'):page.index('<section id="timeline">')]
    # The headline metrics and those that moved; unchanged per-type rows are only counted.
    assert ">entities r</td>" in comparison and ">events stance_acc</td>" in comparison
    assert ">events type 04 f</td>" not in comparison and "other metrics (per label, per event type) unchanged" in comparison


def test_compare_eval_cli_without_baseline_keeps_its_output(tmp_path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    write_documents([_doc(entities=[_ent("مسکو", "LOC")])], gold)
    assert main(["eval", str(gold), "--pred", str(gold)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("documents: 1") and "compared with" not in out


def test_compare_documents_without_ids_keep_their_own_outcomes():
    # Two gold documents without ids: each is paired and keyed by its position, never merged.
    found = _doc(entities=[_ent("مسکو", "LOC")], doc_id=None)
    missed = _doc(entities=[_ent("چین", "LOC")], doc_id=None)
    outcomes = run_outcomes([found, missed], [found, _doc(doc_id=None)])
    assert {key: [o.status for o in items] for key, items in outcomes.items()} == {"#1": ["correct"], "#2": ["missed"]}
