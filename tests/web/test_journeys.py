"""The web app's journeys in a real browser: Playwright (web/tests/e2e) drives Debian's Chromium
against the whole product as `scripts/run` serves it (private PostgreSQL and Redis, api, worker,
runner pool, the demo content, and the web app's production build). Accessibility is checked with
axe on every page of the journeys, and screenshots at phone and desktop widths are written to
web/screenshots/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cli.demo import _zip_demo
from cli.localservices import LocalPostgres, LocalRedis, free_port
from tests.fixtures.fake_openai import KEY as OPENAI_KEY
from tests.fixtures.fake_openai import FakeOpenAI
from tests.fixtures.fake_stripe import KEY, WEBHOOK_SECRET, FakeStripe
from tests.fixtures.outside import smtp

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"


def _package(path: Path) -> Path:
    path.write_bytes(_zip_demo())  # examples/sum-two, zipped as `serve` uploads it
    return path


def _clip(work: Path) -> Path:
    """A 10-second 720p clip with a tone (ffmpeg's test card, made in the media sandbox), large
    enough to upload in several parts."""
    from sandbox.media import MediaLimits, MediaSandbox
    from tests.media.test_pipeline import make_clip

    work.mkdir(parents=True, exist_ok=True)
    return make_clip(MediaSandbox(limits=MediaLimits(wall_s=120)), work, "test-card.mp4",
                     "1280x720", audio=True)


def _serve(data: Path, pg: int, rd: int, api: int, web: int, stripe: FakeStripe,
           mail_port: int, ai: FakeOpenAI) -> tuple[subprocess.Popen[str], list[str],
                                                     threading.Thread]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("USEFULWRITER_")}
    # payments against the local fake Stripe (its checkout page pays and calls the webhook)
    env.update(USEFULWRITER_STRIPE__API_KEY=KEY, USEFULWRITER_STRIPE__WEBHOOK_SECRET=WEBHOOK_SECRET,
               USEFULWRITER_STRIPE__API_BASE=stripe.base,
               USEFULWRITER_STRIPE__SITE_URL=f"http://127.0.0.1:{web}")
    stripe.webhook_url = f"http://127.0.0.1:{api}/api/v1/payments/webhook"
    # mail to the local SMTP server, with links to the web app
    env.update(USEFULWRITER_MAIL__HOST="127.0.0.1", USEFULWRITER_MAIL__PORT=str(mail_port),
               USEFULWRITER_MAIL__SITE_URL=f"http://127.0.0.1:{web}",
               USEFULWRITER_MAIL__BACKOFF_S="1")
    # AI hints from the local OpenAI-compatible server
    env.update(USEFULWRITER_AI__API_KEY=OPENAI_KEY, USEFULWRITER_AI__BASE_URL=ai.base_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--data-dir", str(data), "--pg-port", str(pg),
         "--redis-port", str(rd), "--port", str(api), "--web-port", str(web)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    deadline = time.monotonic() + 600
    while not any(line.startswith("serving on") for line in lines):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait(10)
            pytest.fail("the service did not come up:\n" + "".join(lines[-60:]))
        time.sleep(0.2)
    assert any(f"web app: http://127.0.0.1:{web}" in line for line in lines), "".join(lines)
    return proc, lines, reader


@pytest.mark.docker
@pytest.mark.timeout(2400)  # every journey, one Playwright run (the video's transcode included)
def test_learner_and_instructor_journeys_in_chromium(services_dir: Path, tmp_path: Path,
                                                     fake_stripe: FakeStripe,
                                                     fake_openai: FakeOpenAI) -> None:
    data = services_dir / "web-journeys"  # reachable by the postgres account
    pg, rd, api, web = free_port(), free_port(), free_port(), free_port()
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    with smtp(mailbox) as mail_server:
        _journeys(data, pg, rd, api, web, fake_stripe, mail_server.port, mailbox, tmp_path,
                  fake_openai)


def _journeys(data: Path, pg: int, rd: int, api: int, web: int, fake_stripe: FakeStripe,
              mail_port: int, mailbox: Path, tmp_path: Path, ai: FakeOpenAI) -> None:
    proc, lines, reader = _serve(data, pg, rd, api, web, fake_stripe, mail_port, ai)
    try:
        run = subprocess.run(
            ["node", "node_modules/@playwright/test/cli.js", "test"], cwd=WEB,
            env={**os.environ, "BASE_URL": f"http://127.0.0.1:{web}",
                 "E2E_PACKAGE": str(_package(tmp_path / "sum-two.zip")),
                 "E2E_VIDEO": str(_clip(tmp_path / "clip")),
                 "E2E_MAILBOX": str(mailbox),
                 "SCREENSHOTS": str(WEB / "screenshots"), "CI": "1"},
            capture_output=True, text=True, timeout=1500)
        assert run.returncode == 0, (run.stdout[-8000:] + run.stderr[-3000:]
                                     + "\n--- service ---\n" + "".join(lines[-40:]))
        assert " passed" in run.stdout and " failed" not in run.stdout
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(90)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        reader.join(10)
        if proc.stdout is not None:
            proc.stdout.close()
        LocalPostgres(data / "pg", pg).stop()
        LocalRedis(data / "redis", rd).stop()
