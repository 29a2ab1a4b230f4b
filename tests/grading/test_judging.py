"""End to end: api + worker + a real runner pool (`python -m runnerhost`) + real containers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.worker import Worker
from tests.fixtures.api import SUM_TWO, Account, RunnerPool, wait_for

pytestmark = pytest.mark.docker
OK = (SUM_TWO / "solutions" / "ok.py").read_text()
WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"




def submit(client: TestClient, who: Account, challenge: dict[str, Any], source: str,
           **extra: Any) -> Any:
    body = {"challenge_id": challenge["id"], "language": "python3", "source": source,
            **extra}
    return client.post("/api/v1/submissions?wait=true", json=body, headers=who.headers)


def test_submit_wait_gives_the_verdict_and_records_the_version(
        client: TestClient, learner: Account, instructor: Account,
        published: dict[str, Any]) -> None:
    r = submit(client, learner, published, OK)
    assert r.status_code == 201, r.text
    sub = r.json()
    assert sub["status"] == "done" and sub["verdict"] == "AC" and sub["version"] == 1
    assert len(sub["result"]["tests"]) == 6
    wrong = submit(client, learner, published, WRONG).json()
    assert wrong["verdict"] == "WA"
    hidden = [t for t in wrong["result"]["tests"] if not t["sample"]]
    samples = [t for t in wrong["result"]["tests"] if t["sample"]]
    assert samples[0]["feedback"], "learners see why a sample failed"
    assert all(t["feedback"] == "" and "private_feedback" not in t for t in hidden)
    staff = client.get(f"/api/v1/submissions/{wrong['id']}", headers=instructor.headers)
    assert staff.status_code == 200
    # the answer came before the row: the worker records it (milliseconds later)
    wait_for(lambda: client.get(f"/api/v1/submissions/{wrong['id']}",
                                headers=learner.headers).json()["status"] == "done",
             timeout=30, every=0.01)
    stored = client.get(f"/api/v1/submissions/{wrong['id']}", headers=learner.headers).json()
    assert {k: stored[k] for k in ("verdict", "points", "result")} == \
        {k: wrong[k] for k in ("verdict", "points", "result")}  # as answered
    # listing and filtering
    mine = client.get(f"/api/v1/submissions?challenge_id={published['id']}&verdict=WA",
                      headers=learner.headers).json()["items"]
    assert [s["id"] for s in mine] == [wrong["id"]]


def test_run_mode_samples_or_own_stdin(client: TestClient, learner: Account,
                                       published: dict[str, Any]) -> None:
    run = submit(client, learner, published, OK, mode="run").json()
    assert run["verdict"] == "AC" and all(t["sample"] for t in run["result"]["tests"])
    assert len(run["result"]["tests"]) == 2
    own = submit(client, learner, published, OK, mode="run", stdin="40 2\n").json()
    assert own["verdict"] == "AC" and own["result"]["stdout"].strip() == "42"
    adhoc = client.post("/api/v1/submissions?wait=true", headers=learner.headers, json={
        "language": "python3", "source": "print(input()[::-1])", "mode": "run",
        "stdin": "abc"}).json()
    assert adhoc["result"]["stdout"] == "cba\n" and adhoc["challenge_id"] is None


def test_events_stream_test_by_test(client: TestClient, learner: Account,
                                    published: dict[str, Any]) -> None:
    r = client.post("/api/v1/submissions", json={
        "challenge_id": published["id"], "language": "python3", "source": OK},
        headers=learner.headers)
    assert r.status_code == 201 and r.json()["status"] == "queued"
    events: list[tuple[str, Any]] = []
    with client.stream("GET", f"/api/v1/submissions/{r.json()['id']}/events",
                       headers=learner.headers) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
    kinds = [k for k, _ in events]
    assert kinds[0] == "queued" and kinds[-1] == "final"
    assert kinds.count("test") == 6 and "started" in kinds
    assert [d["name"] for k, d in events if k == "test"] == ["01", "02", "03", "04", "05",
                                                             "06"]
    assert events[-1][1]["verdict"] == "AC"


def test_rejudge_uses_the_low_priority_queue(client: TestClient, learner: Account,
                                             instructor: Account,
                                             published: dict[str, Any]) -> None:
    first = submit(client, learner, published, OK).json()
    r = client.post(f"/api/v1/challenges/{published['id']}/rejudge",
                    headers=instructor.headers)
    assert r.status_code == 202 and r.json()["submissions"] == 1

    def rejudged() -> Any:
        s = client.get(f"/api/v1/submissions/{first['id']}", headers=learner.headers).json()
        return s if s["status"] == "done" else None

    again = wait_for(rejudged, 60)
    assert again["verdict"] == "AC" and again["finished_at"] != first["finished_at"]


def test_callback_webhook_is_signed_and_retried(client: TestClient, learner: Account,
                                                published: dict[str, Any]) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from grading import webhooks
    from tests.fixtures.api import SECRET

    received: list[tuple[bytes, str]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers[webhooks.HEADER]))
            self.send_response(500 if len(received) == 1 else 200)  # first delivery fails
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        sub = submit(client, learner, published, OK, callback_url=url).json()
        wait_for(lambda: len(received) >= 2, 30)
    finally:
        server.shutdown()
        server.server_close()
    body, signature = received[-1]
    assert webhooks.verify(SECRET, body, signature)
    assert not webhooks.verify("another-secret", body, signature)
    payload = json.loads(body)
    assert payload["id"] == sub["id"] and payload["verdict"] == "AC"


def test_callbacks_never_reach_private_addresses() -> None:
    from kit import http

    assert not http.is_public("http://127.0.0.1:6379/")
    assert not http.is_public("http://169.254.169.254/latest/meta-data")
    assert not http.is_public("http://10.0.0.1/")


def test_metrics_report_judging(client: TestClient, learner: Account,
                                published: dict[str, Any]) -> None:
    submit(client, learner, published, OK)
    text = wait_for(lambda: (t := client.get("/metrics").text)
                    and 'uw_verdicts_total{label="AC"}' in t and t)
    for name in ("uw_queue_depth{queue=\"uw-submissions\"}", "uw_queue_wait_seconds_count",
                 "uw_container_seconds_count", "uw_test_seconds_count", "uw_runners ",
                 "uw_warm_pool_size{language=\"python3\"}", "uw_judge_seconds_bucket"):
        assert name in text, name


def test_archived_challenges_take_no_submissions(client: TestClient, learner: Account,
                                                 instructor: Account,
                                                 published: dict[str, Any]) -> None:
    old = submit(client, learner, published, OK).json()
    r = client.post(f"/api/v1/challenges/{published['id']}/archive",
                    headers=instructor.headers)
    assert r.status_code == 200 and r.json()["status"] == "archived"
    r = submit(client, learner, published, OK)
    assert r.status_code == 404  # learners no longer see it at all
    r = client.post("/api/v1/submissions", headers=instructor.headers, json={
        "challenge_id": published["id"], "language": "python3", "source": OK})
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert client.get(f"/api/v1/submissions/{old['id']}",
                      headers=learner.headers).json()["verdict"] == "AC"


def test_a_rejudge_storm_does_not_delay_learners(client: TestClient, learner: Account,
                                                 settings: Any, worker: Worker,
                                                 runner_pool: RunnerPool) -> None:
    """Slot 0 never takes rejudges and queues are dequeued by priority: a learner's run is
    judged while every rejudge job is still in progress or waiting."""
    import uuid

    import redis

    import protocol
    from grading.dispatch import Runners
    from protocol import RunRequest

    r = redis.Redis.from_url(settings.redis_url)
    runners = Runners.from_settings(settings, r)
    storm = [str(uuid.uuid4()) for _ in range(6)]
    for subject in storm:
        runners.send_now(protocol.QUEUE_REJUDGE, RunRequest(
            # Far longer than a learner's run takes even on a loaded machine; only the one
            # in progress when the test ends is left to finish (the rest are emptied).
            subject, 1, "exec", language="python3", source="import time\ntime.sleep(10)\n",
            stdin="", limits={"time_s": 12.0, "wall_s": 12.0}))
    try:
        wait_for(lambda: r.llen(protocol.queue_key(protocol.QUEUE_REJUDGE)) < len(storm), 30)
        r_ = client.post("/api/v1/submissions?wait=true", headers=learner.headers, json={
            "language": "python3", "source": "print('hi')", "mode": "run", "stdin": ""})
        assert r_.status_code == 201 and r_.json()["verdict"] == "AC"
        finished = [s for s in storm if any(protocol.decode_event(f).type == "final"
                                            for _, f in r.xrange(protocol.events_key(s)))]
        assert finished == [], "the learner waited behind a rejudge"
    finally:
        r.delete(protocol.queue_key(protocol.QUEUE_REJUDGE))
        r.close()
