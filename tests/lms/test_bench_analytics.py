"""scripts/bench_analytics.py keeps working: a small seeded course, every figure measured against
the baseline, EXPLAINed, and the time-range indexes used where they should be."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_the_analytics_benchmark_runs_on_a_small_course(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_analytics.py"),
                          "--learners", "300", "--runs", "1", "--json", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=280)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["counts"]["enrollments"] == 300
    figures = results["figures"]
    assert len(figures) == 10 and all(f["median_ms"] > 0 and f["plan"] for f in
                                      figures.values())
    assert figures["baseline: count the learners"]["rows"] == 300
    assert figures["completion funnel"]["rows"] == 30
    assert figures["quiz items"]["rows"] == 10
    assert figures["gradebook, every learner"]["rows"] == 300
    for name in ("enrollments over time (week)", "failing tests"):
        assert "ix_learning_events_course_kind_at" in figures[name]["indexes"], name
    assert "x baseline" in run.stdout
