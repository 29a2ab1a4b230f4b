"""scripts/bench_lms.py keeps working: its quick mode seeds, serves, measures and EXPLAINs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_the_lms_benchmark_runs_in_quick_mode(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_lms.py"), "--quick",
                          "--workers", "1", "--json", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=280)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["catalogue"]["lessons"] == 600
    reads = {"catalogue", "search: word", "search: words", "search: phrase", "outline",
             "outline (signed in)"}
    assert set(results["idle_ms"]) == reads | {"healthz"}
    assert all(v["p50"] > 0 for v in results["idle_ms"].values())
    assert {r["rate"] for r in results["load"]} <= {10.0, 20.0} and results["load"]
    assert set(results["load"][0]["endpoints"]) == reads
    assert "uq_courses_slug" in results["plans"]["outline (signed in)"]
    assert "highest mixed rate" in run.stdout
