"""The shape of the codebase, and the recipes of docs/ARCHITECTURE.md run as examples.

Each recipe test does what a contributor would: registers a part of their own (an NER backend,
a stage, a calendar), or adds an event root and an output format, and runs it through the public
calls."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.core import Pipeline, PipelineOptions
from pipeline.dates.calendars import (
    expand_short_year,
    from_gregorian,
    month_bounds,
    to_gregorian,
)
from pipeline.errors import ConfigError
from pipeline.io.dataframes import to_dataframes
from pipeline.records import Document, StageFailure
from pipeline.registry import calendars, ner_backends, stages

PACKAGE = Path(pipeline.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
# The layers below the orchestrator (pipeline.core) and the CLI.
LOWER_LAYERS = ("text", "ner", "dates", "events", "io", "evaluation", "lexicons")


def _imports(path: Path) -> list[tuple[ast.AST, str, bool]]:
    """(node, module, inside a function) of every import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.append((inner, inner.module, True))
                elif isinstance(inner, ast.Import):
                    found += [(inner, alias.name, True) for alias in inner.names]
    in_function = {id(node) for node, _, _ in found}
    for node in ast.walk(tree):
        if id(node) in in_function:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node, node.module, False))
        elif isinstance(node, ast.Import):
            found += [(node, alias.name, False) for alias in node.names]
    return found


def test_no_module_is_over_500_lines():
    long = {str(path.relative_to(PACKAGE)): n for path in MODULES
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_the_project_s_own_modules_are_imported_at_the_top():
    # Only third-party libraries are imported inside functions (heavy ones, loaded on first use).
    inside = [f"{path.relative_to(PACKAGE)}:{node.lineno} {module}" for path in MODULES
              for node, module, in_function in _imports(path) if in_function and module.split(".")[0] == "pipeline"]
    assert inside == []


def test_lower_layers_never_import_the_orchestrator_or_the_cli():
    upward = [f"{path.relative_to(PACKAGE)}: {module}" for path in MODULES
              if path.relative_to(PACKAGE).parts[0] in LOWER_LAYERS
              for _, module, _ in _imports(path)
              if module in ("pipeline.core", "pipeline.cli") or module.startswith("pipeline.commands")]
    assert upward == []


def test_the_registry_is_a_leaf():
    own = {module for _, module, _ in _imports(PACKAGE / "registry.py") if module.startswith("pipeline")}
    assert own == {"pipeline.errors"}


def test_every_stage_declares_what_it_needs_and_provides():
    for name in stages:
        stage = stages.get(name)
        assert stage.name == name
        assert isinstance(stage.requires, tuple) and isinstance(stage.provides, tuple) and stage.provides


def test_a_pipeline_whose_stage_lacks_its_input_is_refused_naming_the_missing_stage():
    with pytest.raises(ConfigError, match="stage 'dates' requires 'sentences'.*add the 'sentences' stage"):
        Pipeline(stages=["normalize", "dates"])
    with pytest.raises(ConfigError, match="unknown stage 'parse'; registered: dates, events, ner, normalize"):
        Pipeline(stages=["normalize", "parse"])


def test_pipe_names_the_stage_that_failed_and_goes_on():
    class Picky:
        name, requires, provides = "picky", ("sentences",), ()

        def __call__(self, doc: Document) -> Document:
            if "غزه" in doc.text:
                raise ValueError("no Gaza today")
            return doc

    nlp = Pipeline(stages=["normalize", "sentences", Picky()])
    items = [("a", "روسیه بیانیه داد.", None), ("b", "حمله به غزه محکوم شد.", None), ("c", 42, None)]
    outcomes = list(nlp.pipe(items, errors="capture"))
    assert isinstance(outcomes[0], Document) and outcomes[0].sentences
    assert outcomes[1] == StageFailure("b", "picky", "ValueError: no Gaza today")
    assert outcomes[2].stage == "input"
    with pytest.raises(ValueError) as raised:
        list(nlp.pipe(items[:2]))
    assert "in the 'picky' stage" in raised.value.__notes__


# Recipe: add an NER backend ----------------------------------------------------------------

class CapitalsBackend:
    """A toy backend: every word of its model file (one name a line) is a LOC."""

    def __init__(self, path: Path) -> None:
        self.names = path.read_text(encoding="utf-8").split()

    @staticmethod
    def owns(path: Path) -> bool:
        return path.suffix == ".capitals"

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for name in self.names:
            start = text.find(name)
            if start >= 0:
                spans.append((start, start + len(name), "LOC"))
        return spans


@pytest.fixture
def capitals_backend(tmp_path):
    ner_backends.register("capitals", CapitalsBackend)
    model = tmp_path / "fa.capitals"
    model.write_text("کابل\nتاشکند\n", encoding="utf-8")
    yield model
    ner_backends.unregister("capitals")


def test_recipe_a_backend_registered_from_a_test_module_runs_through_process(capitals_backend):
    doc = pipeline.process("وزیر خارجه از کابل به تاشکند رفت.", ner_backend="capitals", ner_model=capitals_backend)
    assert [(e.text, e.label) for e in doc.entities if e.source == "model"] == [("کابل", "LOC"), ("تاشکند", "LOC")]
    # The model file names its backend: given alone, it runs on it.
    assert Pipeline(ner_model=capitals_backend).stages[2][1].backend_name == "capitals"


# Recipe: add a stage -----------------------------------------------------------------------

def test_recipe_a_registered_stage_runs_by_name_after_the_stages_it_needs():
    @stages.register("loud_dates")
    class LoudDates:
        """Keeps only the dates with a full day, a stage a user might want."""

        name, requires, provides = "loud_dates", ("dates",), ("dates",)

        def __call__(self, doc: Document) -> Document:
            doc.dates = [d for d in doc.dates if d.value and len(d.value) == 10]
            return doc

    try:
        nlp = Pipeline(stages=["normalize", "sentences", "dates", "loud_dates"])
        doc = nlp.process("نشست در دی ۱۴۰۲ و سپس ۱۰ دی ۱۴۰۲ برگزار شد.", reference_date="2024-03-01")
        assert [d.value for d in doc.dates] == ["2023-12-31"]
    finally:
        stages.unregister("loud_dates")


# Recipe: add a calendar --------------------------------------------------------------------

class Julian:
    """The Julian calendar (Orthodox church dates), by the day count of the proleptic Gregorian one."""

    years = (1, 9998)
    news_years = (1900, 2100)

    def expand_short_year(self, year: int) -> int:
        return year + (1900 if year >= 30 else 2000)

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        if not 1 <= day <= self.month_length(year, month):
            raise ValueError(f"{year}-{month}-{day} does not exist in the Julian calendar")
        a = (14 - month) // 12
        y, m = year + 4800 - a, month + 12 * a - 3
        julian_day = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
        return dt.date.fromordinal(julian_day - 1721425)

    def from_gregorian(self, date: dt.date) -> tuple[int, int, int]:
        c = date.toordinal() + 1721425 + 32082
        d = (4 * c + 3) // 1461
        e = c - 1461 * d // 4
        m = (5 * e + 2) // 153
        return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1

    def month_length(self, year: int, month: int) -> int:
        if month == 2:
            return 29 if year % 4 == 0 else 28
        return 30 if month in (4, 6, 9, 11) else 31


def test_recipe_a_calendar_added_through_the_protocol_converts_dates():
    calendars.register("julian", Julian())
    try:
        # Orthodox Christmas: 25 December (Julian) is 7 January (Gregorian).
        assert to_gregorian("julian", 2023, 12, 25) == dt.date(2024, 1, 7)
        assert from_gregorian("julian", dt.date(2024, 1, 7)) == (2023, 12, 25)
        assert month_bounds("julian", 2024, 2) == (dt.date(2024, 2, 14), dt.date(2024, 3, 13))
        assert expand_short_year("julian", 23) == 2023
        with pytest.raises(ValueError):
            to_gregorian("julian", 2023, 2, 29)
    finally:
        calendars.unregister("julian")


# Recipe: add an event root (or a trigger of one) ------------------------------------------------

def test_recipe_a_trigger_lexicon_of_your_own_codes_a_new_verb(tmp_path):
    # «ادای احترام کرد» (paid tribute): CAMEO 05 (diplomatic cooperation), support. The
    # lexicon format: phrase, past#present stems, root, stance, kind (pipeline/data/triggers.tsv).
    extra = tmp_path / "triggers.tsv"
    extra.write_text("# extra triggers\nادای احترام\tکرد#کن\t05\tsupport\tact\n", encoding="utf-8")
    text = "رئیس‌جمهور روسیه به سربازان ایران ادای احترام کرد."
    before = Pipeline().process(text)
    after = Pipeline(triggers=[extra]).process(text)
    assert [e.type for e in before.events if "احترام" in e.trigger] == []
    assert [(e.actor, e.type, e.stance) for e in after.events] == [("RUS", "05", "support")]
    assert after.events[0].trigger == "ادای احترام کرد"


# Recipe: add an output format --------------------------------------------------------------

def test_recipe_an_output_format_is_a_pandas_writer_over_the_tables(tmp_path):
    docs = [pipeline.process("روسیه اسرائیل را محکوم کرد.", reference_date="2024-03-01", doc_id="خبر-۱")]
    events = to_dataframes(docs)["events"]
    events.to_feather(tmp_path / "events.feather")
    back = pd.read_feather(tmp_path / "events.feather")
    assert back[["doc_id", "actor", "target", "type"]].values.tolist() == [["خبر-۱", "RUS", "ISR", "11"]]


def test_run_and_eval_take_the_same_pipeline_options():
    from pipeline.cli import build_parser

    parser = build_parser()
    run = parser.parse_args(["run", "x.jsonl", "--out", "o", "--actors", "a.yaml", "--ner-backend", "spacy"])
    evaluate = parser.parse_args(["eval", "g.jsonl", "--actors", "a.yaml", "--ner-backend", "spacy"])
    from pipeline.commands import pipeline_options

    assert pipeline_options(run) == pipeline_options(evaluate) == PipelineOptions(ner_backend="spacy",
                                                                                  actors=("a.yaml",))


def test_every_data_file_is_listed_in_the_data_readme():
    data = PACKAGE / "data"
    listed = (data / "README.md").read_text(encoding="utf-8")
    files = [str(path.relative_to(data)) for path in sorted(data.rglob("*")) if path.is_file() and path.name != "README.md"]
    assert [name for name in files if f"`{name}`" not in listed] == []
