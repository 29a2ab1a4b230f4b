"""`scripts/run`'s service command, end to end: private PostgreSQL and Redis, api, worker and
runner pool as processes, the demo challenge published and graded through HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.localservices import LocalPostgres, LocalRedis, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.docker
def test_serve_once_grades_the_demo(services_dir: Path) -> None:
    data = services_dir / "serve"  # reachable by the postgres account
    pg, rd = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("USEFULWRITER_")}
    cmd = [sys.executable, "-m", "cli.main", "serve", "--once", "--port", str(free_port()),
           "--data-dir", str(data), "--pg-port", str(pg), "--redis-port", str(rd)]
    try:
        for _ in range(2):  # the second run finds everything in place
            out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                                 timeout=600)
            assert out.returncode == 0, out.stderr[-3000:]
            assert "demo submission" in out.stdout and ": AC (100.0/100.0)" in out.stdout
            assert "challenge Sum two    completed" in out.stdout, out.stdout[-2000:]
            assert "locked: this lesson opens 7 days after you enrolled" in out.stdout
            assert "quiz      Check yourself not_started" in out.stdout  # the demo quiz
        assert "uploading" not in out.stdout, "the demo challenge is published once"
        assert LocalPostgres(data / "pg", pg).durability() == {
            "fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
    finally:
        LocalPostgres(data / "pg", pg).stop()
        LocalRedis(data / "redis", rd).stop()
