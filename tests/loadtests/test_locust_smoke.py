"""The locust scenarios against the real service, together: learners submit and verdicts arrive
(locustfile.py) while visitors browse and students enroll and study (lms.py); nothing fails.

locust monkeypatches the standard library with gevent, so it runs as a subprocess and is never
imported here; its results come back through its CSV files.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from loadtests.service import running_service

ROOT = Path(__file__).resolve().parents[2]
LOCUST = Path(sys.executable).parent / "locust"


def stats_rows(prefix: Path) -> list[dict[str, str]]:
    with Path(f"{prefix}_stats.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.docker
@pytest.mark.timeout(400)
def test_learners_get_their_verdicts_without_failures(tmp_path: Path) -> None:
    stats = tmp_path / "stats"
    with running_service(slots=2, env={"USEFULWRITER_SUBMISSIONS_PER_MINUTE": "100000"}) as svc:
        out = subprocess.run(
            [str(LOCUST), "-f", f"{ROOT / 'loadtests' / 'locustfile.py'},"
             f"{ROOT / 'loadtests' / 'lms.py'}", "--headless",
             "-u", "6", "-r", "3", "-t", "20s", "--stop-timeout", "20", "--host", svc.base,
             "--csv", str(stats), "--exit-code-on-error", "1", "--only-summary"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-4000:]
    rows = {(r["Type"], r["Name"]): r for r in stats_rows(stats)}
    assert int(rows["POST", "/submissions [submit]"]["Request Count"]) > 0, rows.keys()
    verdicts = {name: int(r["Request Count"]) for (kind, name), r in rows.items()
                if kind == "VERDICT"}
    assert sum(verdicts.values()) > 0, verdicts
    for key in (("GET", "/courses"), ("GET", "/search"), ("GET", "/courses/{slug}/outline"),
                ("POST", "/courses/{slug}/enrollment")):
        assert int(rows[key]["Request Count"]) > 0, (key, sorted(rows))
    failures = {key: r["Failure Count"] for key, r in rows.items() if r["Failure Count"] != "0"}
    assert failures == {}, Path(f"{stats}_failures.csv").read_text()
