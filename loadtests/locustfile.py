"""Learners on the demo challenge `sum-two`: register, log in, submit, watch the verdict arrive.

    .venv/bin/locust -f loadtests/locustfile.py --host http://127.0.0.1:8000

Each simulated learner registers a fresh account and logs in on start, then loops over weighted
tasks: submissions in several languages with known verdicts (mostly accepted, some wrong answers,
compile errors and, rarely, a time limit), each followed to its verdict either by polling
GET /submissions/{id} or by reading /submissions/{id}/events (server-sent events) until `final`;
now and then it lists the challenges or its own submissions.

Requests are named by route, so locust groups them ("/submissions [submit]",
"/submissions/{id} [poll]", ...). The time from sending a submission to seeing its verdict is
recorded as request type VERDICT, one row per kind ("python3 AC", "c CE", ...); a verdict other
than the expected one, or none within VERDICT_TIMEOUT_S, is a failure of that row.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

SOLUTIONS = Path(__file__).resolve().parent.parent / "examples" / "sum-two" / "solutions"
CHALLENGE = "sum-two"
PASSWORD = "load-test-password"
POLL_S = 0.25
VERDICT_TIMEOUT_S = 120.0
RELOGIN_S = 600.0  # access tokens live 15 minutes by default


@dataclass(frozen=True)
class Kind:
    """One kind of submission: language, source and the verdict it must get."""

    language: str
    source: str
    verdict: str

    @property
    def label(self) -> str:
        return f"{self.language} {self.verdict}"


def _solution(name: str) -> str:
    return (SOLUTIONS / name).read_text()


PY_AC = Kind("python3", _solution("ok.py"), "AC")
C_AC = Kind("c", _solution("ok.c"), "AC")
JS_AC = Kind("javascript", _solution("ok.js"), "AC")
PY_WA = Kind("python3", "a, b = map(int, input().split())\nprint(a - b)\n", "WA")
PY_TLE = Kind("python3", "while True:\n    pass\n", "TLE")
C_CE = Kind("c", "int main(void) { return 0 }\n", "CE")


def record_verdict(kind: Kind, started: float, verdict: str | None, error: str | None) -> None:
    """accept→verdict as a locust request of type VERDICT (client-side, from sending the POST)."""
    if error is None and verdict != kind.verdict:
        error = f"expected {kind.verdict}, got {verdict}"
    events.request.fire(  # type: ignore[no-untyped-call]
        request_type="VERDICT", name=kind.label,
        response_time=(time.perf_counter() - started) * 1000, response_length=0, context={},
        exception=AssertionError(error) if error else None)


class Learner(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.email = f"load-{uuid.uuid4().hex[:16]}@load.example.com"
        self._register()
        self._login()

    def _register(self) -> None:
        body = {"email": self.email, "password": PASSWORD, "name": "Load Learner"}
        while True:  # the service allows 30 registrations a minute per client address
            with self.client.post("/api/v1/auth/register", json=body, name="/auth/register",
                                  catch_response=True) as r:
                if r.status_code != 429:
                    return
                r.success()  # a deliberate limit, not an error: wait as told and try again
            time.sleep(float(r.headers.get("retry-after") or 5))

    def _login(self) -> None:
        r = self.client.post("/api/v1/auth/login", name="/auth/login",
                             json={"email": self.email, "password": PASSWORD})
        token = r.json()["access_token"] if r.status_code == 200 else ""
        self.headers = {"Authorization": f"Bearer {token}"}
        self.logged_in = time.monotonic()

    def _auth(self) -> dict[str, str]:
        if time.monotonic() - self.logged_in > RELOGIN_S:
            self._login()
        return self.headers

    # --- submissions -------------------------------------------------------------------------

    @task(5)
    def python_ac(self) -> None:
        self.submit(PY_AC)

    @task(3)
    def c_ac(self) -> None:
        self.submit(C_AC)

    @task(2)
    def javascript_ac(self) -> None:
        self.submit(JS_AC)

    @task(2)
    def python_wa(self) -> None:
        self.submit(PY_WA)

    @task(1)
    def c_ce(self) -> None:
        self.submit(C_CE)

    @task(1)
    def python_tle(self) -> None:
        if random.random() < 0.3:  # rare: it holds a runner slot for the whole time limit
            self.submit(PY_TLE)

    def submit(self, kind: Kind) -> None:
        started = time.perf_counter()
        r = self.client.post("/api/v1/submissions", name="/submissions [submit]",
                             headers=self._auth(), json={"challenge_id": CHALLENGE,
                                                         "language": kind.language,
                                                         "source": kind.source})
        if r.status_code != 201:
            return  # already counted as a failed request
        sub: dict[str, Any] = r.json()
        if random.random() < 0.5:
            verdict, error = self.poll(sub["id"])
        else:
            verdict, error = self.follow(sub["id"])
        record_verdict(kind, started, verdict, error)

    def poll(self, sub_id: str) -> tuple[str | None, str | None]:
        deadline = time.monotonic() + VERDICT_TIMEOUT_S
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            r = self.client.get(f"/api/v1/submissions/{sub_id}", name="/submissions/{id} [poll]",
                                headers=self._auth())
            if r.status_code != 200:
                return None, f"poll failed with {r.status_code}"
            sub = r.json()
            if sub["status"] == "done":
                return sub["verdict"], None
        return None, f"no verdict in {VERDICT_TIMEOUT_S:.0f} s"

    def follow(self, sub_id: str) -> tuple[str | None, str | None]:
        """Read the event stream until `final` (the stream ends right after it)."""
        event, verdict = "", None
        error: str | None = "the event stream ended without a final event"
        r = self.client.get(f"/api/v1/submissions/{sub_id}/events", stream=True,
                            name="/submissions/{id}/events", headers=self._auth(),
                            timeout=VERDICT_TIMEOUT_S)
        if r.status_code != 200:
            return None, f"events failed with {r.status_code}"
        try:
            for raw in r.iter_lines():
                line = raw.decode()
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "final":
                    verdict, error = json.loads(line[5:])["verdict"], None
        except Exception as exc:  # a broken stream is a failed verdict, not a crashed user
            return None, f"event stream: {exc!r}"
        finally:
            r.close()
        return verdict, error

    # --- browsing ----------------------------------------------------------------------------

    @task(1)
    def list_challenges(self) -> None:
        self.client.get("/api/v1/challenges", name="/challenges", headers=self._auth())

    @task(1)
    def list_submissions(self) -> None:
        self.client.get("/api/v1/submissions?limit=20", name="/submissions [list]",
                        headers=self._auth())
