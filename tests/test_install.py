"""A wheel built from the checkout works for someone who has only the wheel: templates and models ship inside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from pipeline.errors import ModelNotFoundError
from pipeline.ner import resolve_model

REPO = Path(__file__).resolve().parent.parent
# What a wheel is built from: the sources a clone has, not this checkout's environment or outputs.
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache",
                                      ".hypothesis", "output", "tests")


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel installed (the dependencies come from this
    environment's site-packages through a .pth line, so that nothing is downloaded)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source),
          "-w", str(root / "wheels")])
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    wheel = next((root / "wheels").glob("persian_news_pipeline-*.whl"))
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)])
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


@pytest.mark.slow
def test_installed_wheel_runs_and_reports_on_the_sample_articles(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PIPELINE_MODELS_DIR", "PYTHONPATH")}
    where = _run([str(installed / "bin" / "python"), "-c",
                  "import pipeline, pipeline.ner as ner; print(pipeline.__file__); print(ner.MODELS_DIR)"],
                 cwd=tmp_path, env=env).stdout.split()
    assert all(Path(path).is_relative_to(installed) for path in where), where

    _run([str(installed / "bin" / "pipeline"), "run", str(REPO / "raw"), "--out", "X", "--reference-date",
          "2024-03-01", "--quiet"], cwd=tmp_path, env=env)
    summary = json.loads((tmp_path / "X" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["processed"], summary["failed"]) == (len(list((REPO / "raw").glob("*.txt"))), 0)

    _run([str(installed / "bin" / "pipeline"), "report", "X", "--out", "r.html"], cwd=tmp_path, env=env)
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_missing_model_names_the_models_folder_variable() -> None:
    with pytest.raises(ModelNotFoundError, match="PIPELINE_MODELS_DIR"):
        resolve_model("stanza", "fa_news_ner_nonexistent")


def test_models_dir_variable_overrides_the_installed_models(tmp_path: Path) -> None:
    code = "import pipeline.ner as ner; print(ner.MODELS_DIR); ner.resolve_model('spacy', None)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PIPELINE_MODELS_DIR": str(tmp_path)})
    assert result.stdout.split() == [str(tmp_path)]
    assert "ModelNotFoundError" in result.stderr and "set by PIPELINE_MODELS_DIR" in result.stderr
