"""Cold start: seconds and memory from a fresh interpreter to the first result, before and after.

Each task runs in a new interpreter (``python -c``) with the code of one version on
``PYTHONPATH``, so that nothing is cached between runs: ``import pipeline`` alone, the first
``pipeline.text.normalize`` result, and the first ``pipeline.process`` result with the default model.
The "before" version is a commit exported with ``git archive`` into a temporary folder (the
default, 0cfcd54, is the code before issue 15); "after" is this checkout. Wall time is what a
user waits (it grows when other jobs share the machine); CPU time (user + system of the child)
varies less with them. The table gives the median of ``--repeat`` runs and the peak resident
memory of the child. Targets (issue 15): 3 s to the first ``normalize``, 5 s to the first ``process``.

Usage::

    OMP_NUM_THREADS=1 python bench/bench_startup.py [--before REV|none] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BEFORE = "0cfcd54"
TEXT = "وزارت خارجه روسیه روز دوشنبه حمله اسرائیل به غزه را محكوم كرد."
TASKS = {
    "import pipeline": "import pipeline",
    "first normalize": f"import pipeline; pipeline.normalize({TEXT!r})",
    "first process": f"import pipeline; pipeline.process({TEXT!r}, reference_date='2024-03-01')",
}
TARGETS = {"first normalize": 3.0, "first process": 5.0}
# The child reports its peak resident memory in kB on its last line: VmHWM, since ru_maxrss keeps
# the parent's size across fork and exec.
_PEAK = ("; import re, sys; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1), "
         "file=sys.stderr)")


def export(rev: str, into: Path) -> Path:
    """The tree of commit ``rev`` written under ``into`` (no worktree, no change to the repository)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev], check=True,
                             capture_output=True).stdout
    target = into / rev
    target.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def run_once(code: str, source: Path, workdir: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one fresh interpreter running ``code``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PIPELINE_MODELS_DIR",)}
    env.update(PYTHONPATH=str(source), OMP_NUM_THREADS=env.get("OMP_NUM_THREADS", "1"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code + _PEAK], env=env, cwd=workdir, capture_output=True,
                            text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{source}: {code!r} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help=f"commit to compare with (default {DEFAULT_BEFORE}; "
                                                                 "'none' for this checkout alone)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per task and version (median reported)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        versions = {"after": REPO}
        if args.before != "none":
            versions = {f"before ({args.before})": export(args.before, Path(tmp)), **versions}
        rows = []
        for task, code in TASKS.items():
            for name, source in versions.items():
                runs = [run_once(code, source, Path(tmp)) for _ in range(args.repeat)]
                wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
                rows.append({"task": task, "version": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                             "peak_mb": round(max(r[2] for r in runs)), "target_s": TARGETS.get(task)})

    print(f"Cold start, median of {args.repeat} fresh interpreters each, {sys.executable}")
    header = f"{'task':18s} {'version':18s} {'wall s':>7s} {'cpu s':>6s} {'peak MB':>8s} {'target s':>9s}"
    print(header)
    print("-" * len(header))
    for row in rows:
        target = f"{row['target_s']:.0f}" if row["target_s"] else "-"
        print(f"{row['task']:18s} {row['version']:18s} {row['wall_s']:7.2f} {row['cpu_s']:6.2f} "
              f"{row['peak_mb']:8d} {target:>9s}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
