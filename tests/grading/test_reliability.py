"""Nothing accepted is lost: a runner killed mid-submission, Redis losing its data, PostgreSQL
going away. These tests get a Redis server of their own, so they can kill it."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
import redis
from fastapi.testclient import TestClient

from app.worker import Worker
from cli.localservices import LocalPostgres, LocalRedis, free_port
from kit.settings import Settings
from models import Role
from protocol import (
    SlotHeartbeat,
    decode_event,
    events_key,
    job_id,
    job_key,
    queue_key,
    runner_key,
)
from sandbox.box import LABEL, OWNER_LABEL
from tests.fixtures.api import (
    SUM_TWO,
    Account,
    RunnerPool,
    app_client,
    make_account,
    make_settings,
    running_worker,
    wait_for,
    zip_package,
)

pytestmark = pytest.mark.docker
OK = (SUM_TWO / "solutions" / "ok.py").read_text()
SLOW_OK = "import time\ntime.sleep(0.6)\n" + OK


@pytest.fixture(scope="module")
def own_redis(services_dir: Path) -> Iterator[LocalRedis]:
    server = LocalRedis(services_dir / "redis-reliability", free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def rsettings(settings: Settings, own_redis: LocalRedis) -> Settings:
    if not own_redis.running():
        own_redis.start()
    redis.Redis.from_url(own_redis.url).flushdb()
    return make_settings(settings.owner_db, own_redis.url)


@pytest.fixture
def rclient(rsettings: Settings) -> Iterator[TestClient]:
    with app_client(rsettings) as c:
        yield c


@pytest.fixture
def rworker(rsettings: Settings) -> Iterator[Worker]:
    with running_worker(rsettings) as w:
        yield w




def publish(client: TestClient, instructor: Account) -> str:
    cid = client.post("/api/v1/challenges", json={"slug": "sum-two", "title": "Sum"},
                      headers=instructor.headers).json()["id"]
    blob = zip_package(SUM_TWO, solutions=["solutions/ok.py"])
    client.put(f"/api/v1/challenges/{cid}/package", content=blob,
               headers={**instructor.headers, "Content-Type": "application/zip"})
    wait_for(lambda: client.get(f"/api/v1/challenges/{cid}/versions/1",
                                headers=instructor.headers).json()["status"] == "valid")
    assert client.post(f"/api/v1/challenges/{cid}/publish",
                       headers=instructor.headers).status_code == 200
    return str(cid)


def submission(client: TestClient, who: Account, sub_id: str) -> dict[str, Any]:
    return client.get(f"/api/v1/submissions/{sub_id}", headers=who.headers).json()  # type: ignore[no-any-return]


def test_runner_killed_mid_submission(rsettings: Settings, rclient: TestClient,
                                      rworker: Worker) -> None:
    pool = RunnerPool(rsettings.redis_url, slots=1).start()
    try:
        pool.wait_ready()
        instructor = make_account(rsettings, rclient, Role.INSTRUCTOR)
        learner = make_account(rsettings, rclient, Role.LEARNER)
        cid = publish(rclient, instructor)
        sub_id = rclient.post("/api/v1/submissions", headers=learner.headers, json={
            "challenge_id": cid, "language": "python3", "source": SLOW_OK}).json()["id"]
        r = redis.Redis.from_url(rsettings.redis_url)

        def busy_slot() -> SlotHeartbeat | None:
            for key in r.scan_iter(match=runner_key("*")):
                beat = SlotHeartbeat.from_hash(r.hgetall(key))
                if beat.busy == sub_id:
                    return beat
            return None

        slot = wait_for(busy_slot, 60, 0.05)
        wait_for(lambda: any(decode_event(f).type == "test"  # a test or more in
                             for _, f in r.xrange(events_key(sub_id))), 60, 0.02)
        os.kill(slot.pid, signal.SIGKILL)
        done = wait_for(lambda: submission(rclient, learner, sub_id)["status"] == "done"
                        and submission(rclient, learner, sub_id), 120)
        assert done["verdict"] == "AC" and len(done["result"]["tests"]) == 6
        owner = slot.runner  # the slot's id is the owner label of its sandboxes
        api = docker.from_env().api

        def leftovers() -> list[Any]:
            return [c for c in api.containers(all=True, filters={"label": LABEL})
                    if c["Labels"].get(OWNER_LABEL) == owner]

        wait_for(lambda: not leftovers(), 30)
    finally:
        pool.stop()


def test_redis_loses_its_data_with_submissions_queued(
        rsettings: Settings, rclient: TestClient, rworker: Worker,
        own_redis: LocalRedis) -> None:

    learner = make_account(rsettings, rclient, Role.LEARNER)
    sources = {"AC": "print(sum(map(int, input().split())))",
               "WA": "print(0)", "RE": "raise SystemExit(3)"}
    ids = {}
    for verdict, source in sources.items():
        r = rclient.post("/api/v1/submissions", headers=learner.headers, json={
            "language": "python3", "source": source, "mode": "run", "stdin": "2 3",
            "expected_output": "5"})
        assert r.status_code == 201
        ids[verdict] = r.json()["id"]
    assert redis.Redis.from_url(own_redis.url).llen(queue_key("uw-interactive")) == 3
    jobs = [job_key(job_id(i, 1)) for i in ids.values()]
    assert redis.Redis.from_url(own_redis.url).exists(*jobs) == 3
    own_redis.stop()  # SIGKILL: the queue and every event are gone
    own_redis.start()
    # The first attempts' jobs are gone (the reconciler may already be enqueueing new ones).
    assert redis.Redis.from_url(own_redis.url).exists(*jobs) == 0
    pool = RunnerPool(rsettings.redis_url, slots=1).start()
    try:
        for verdict, sub_id in ids.items():
            done = wait_for(lambda s=sub_id: submission(rclient, learner, s)["status"] == "done"
                            and submission(rclient, learner, s), 120)
            assert done["verdict"] == verdict, done
    finally:
        pool.stop()


def test_postgres_down_is_503_then_recovers(client: TestClient, learner: Account,
                                            local_postgres: LocalPostgres) -> None:
    assert client.get("/api/v1/submissions", headers=learner.headers).status_code == 200
    local_postgres.stop()
    try:
        r = client.get("/api/v1/submissions", headers=learner.headers)
        assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
        assert "retry-after" in r.headers
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
    finally:
        local_postgres.start()
    r = wait_for(lambda: client.get("/api/v1/submissions", headers=learner.headers)
                 .status_code == 200, 30)
    assert client.get("/readyz").status_code == 200
