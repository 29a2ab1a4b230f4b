"""Recording results: the first final result wins, stale attempts are ignored, lost jobs are
enqueued again (the worker's rules, on a real database and Redis, without runners)."""

from __future__ import annotations

import uuid

import redis
from fastapi.testclient import TestClient

import protocol
from accounts.service import Principal
from grading.dispatch import Runners
from grading.submissions import service as submissions
from grading.submissions.schemas import SubmissionCreate
from grading.tasks import Grading
from kit import db
from kit.settings import Settings
from models import Role, Submission
from tests.fixtures.api import Account


def adhoc(client: TestClient, who: Account) -> uuid.UUID:
    r = client.post("/api/v1/submissions", headers=who.headers, json={
        "language": "python3", "source": "print(1)", "mode": "run", "stdin": ""})
    assert r.status_code == 201
    return uuid.UUID(r.json()["id"])


def isolated(settings: Settings) -> Settings:
    """Redis database 3, emptied: no runner pool works it, so nothing runs jobs behind the
    test's back."""
    out = settings.model_copy(update={"redis_url": settings.redis_url[:-1] + "3"})
    redis.Redis.from_url(out.redis_url).flushdb()
    return out


def test_first_final_wins_and_stale_attempts_are_ignored(client: TestClient, learner: Account,
                                                         settings: Settings) -> None:
    sub_id = adhoc(client, learner)
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    with db.unit_of_work(sessions) as s:
        assert submissions.apply_final(s, sub_id, 1, {"verdict": "AC"}) is not None
    with db.unit_of_work(sessions) as s:  # a second runner's late, different answer
        assert submissions.apply_final(s, sub_id, 2, {"verdict": "WA"}) is None
    with db.unit_of_work(sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.verdict == "AC"
        row.status, row.epoch, row.attempt = "queued", 3, 3  # as a rejudge does
    with db.unit_of_work(sessions) as s:
        assert submissions.apply_final(s, sub_id, 2, {"verdict": "WA"}) is None, "stale"
        assert submissions.apply_final(s, sub_id, 3, {"verdict": "TLE"}) is not None
    engine.dispose()


def test_reconciler_requeues_what_redis_lost(client: TestClient, learner: Account,
                                             settings: Settings) -> None:
    settings = isolated(settings)
    r = redis.Redis.from_url(settings.redis_url)
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    me = client.get("/api/v1/users/me", headers=learner.headers).json()
    with db.unit_of_work(sessions) as s:
        sub_id = submissions.create(s, Runners.from_settings(settings, r),
                                    Principal(uuid.UUID(me["id"]), Role.LEARNER),
                                    SubmissionCreate(language="python3", source="print(1)",
                                                     mode="run", stdin=""), settings).id
    worker = Grading(settings.model_copy(update={"lost_after_s": 0.0}), sessions, r)
    assert worker.reconcile() == 0, "a queued job is not lost"
    r.delete(protocol.job_key(protocol.job_id(str(sub_id), 1)))  # as if Redis restarted
    assert worker.reconcile() == 1
    with db.unit_of_work(sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.attempt == 2 and row.status == "queued"
    queued = r.lrange(protocol.queue_key(protocol.QUEUE_INTERACTIVE), 0, -1)
    assert protocol.job_id(str(sub_id), 2).encode() in queued
    worker.settings = settings.model_copy(update={"lost_after_s": 0.0, "max_attempts": 2})
    r.delete(protocol.job_key(protocol.job_id(str(sub_id), 2)))
    worker.reconcile()
    with db.unit_of_work(sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.status == "done" and row.verdict == "IE"
    engine.dispose()
    r.close()


def test_a_bad_results_entry_does_not_block_the_ones_behind_it(
        client: TestClient, learner: Account, settings: Settings) -> None:
    settings = isolated(settings)  # no runner adds entries behind the test's back
    r = redis.Redis.from_url(settings.redis_url)
    sub_id = adhoc(client, learner)
    r.xadd(protocol.RESULTS_STREAM, {"garbage": "1"})  # not an event at all
    r.xadd(protocol.RESULTS_STREAM, protocol.encode_event("not-a-uuid", 1, "final", {}))
    r.xadd(protocol.RESULTS_STREAM, protocol.encode_event(str(sub_id), 1, "final",
                                                          {"verdict": "AC"}))
    engine = db.make_engine(settings.worker_db, pool_size=1)
    worker = Grading(settings, db.make_sessionmaker(engine), r)
    for _ in range(3):
        worker.consume()
    with db.unit_of_work(worker.sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.verdict == "AC"
    assert r.xlen(protocol.RESULTS_STREAM) == 0
    engine.dispose()
    r.close()


def test_a_submission_does_not_read_the_package_blob(client: TestClient, learner: Account,
                                                     instructor: Account,
                                                     settings: Settings) -> None:
    """Packages are up to tens of MB: accepting a submission reads the blob from storage only
    when Redis lacks it."""
    from grading.challenges import service as challenges
    from tests.fixtures.api import SUM_TWO, zip_package

    r = client.post("/api/v1/challenges", json={"slug": "blob", "title": "Blob"},
                    headers=instructor.headers)
    cid = uuid.UUID(r.json()["id"])
    engine = db.make_engine(settings.worker_db, pool_size=1)
    rd = client.app.state.uw.redis  # type: ignore[attr-defined]
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:  # checked without a runner
        challenge = s.get(challenges.Challenge, cid)
        assert challenge is not None
        version = challenges.upload(s, Runners.from_settings(settings, rd), challenge,
                                    zip_package(SUM_TWO), 10**8, 64.0)
        challenges.apply_check(s, version.id, {"ok": True, "solutions": []})
        challenges.publish(s, challenge)
    engine.dispose()
    reads: list[str] = []
    get = blobs.get
    blobs.get = lambda key: reads.append(key) or get(key)
    try:
        body = {"challenge_id": "blob", "language": "python3", "source": "print(1)"}
        assert client.post("/api/v1/submissions", json=body,
                           headers=learner.headers).status_code == 201
        assert reads == []
        rd.delete(protocol.package_key(version.sha256))  # as after a Redis restart
        assert client.post("/api/v1/submissions", json=body,
                           headers=learner.headers).status_code == 201
        assert reads == [f"packages/{version.sha256}"]
        assert rd.exists(protocol.package_key(version.sha256))
    finally:
        del blobs.get


def test_a_started_held_for_its_final_is_work_for_the_workers_loop(
        client: TestClient, learner: Account, settings: Settings) -> None:
    """A `started` waits for its `final` (one write for both); the round that read it reports
    it, so the worker's loop knows it is busy and does not look at the outbox as if quiet."""
    settings = isolated(settings)
    r = redis.Redis.from_url(settings.redis_url)
    sub_id = adhoc(client, learner)
    engine = db.make_engine(settings.worker_db, pool_size=1)
    worker = Grading(settings, db.make_sessionmaker(engine), r)
    worker.consume()  # its consumer group, made on the first read
    r.xadd(protocol.RESULTS_STREAM, protocol.encode_event(str(sub_id), 1, "started", {}))
    assert worker.consume() == 1  # held, not yet written
    with db.unit_of_work(worker.sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.status == "queued"
    assert worker.consume() == 0  # nothing new
    r.xadd(protocol.RESULTS_STREAM, protocol.encode_event(str(sub_id), 1, "final",
                                                          {"verdict": "AC"}))
    assert worker.consume() == 2  # the final and its start, settled together
    with db.unit_of_work(worker.sessions) as s:
        row = s.get(Submission, sub_id)
        assert row is not None and row.status == "done" and row.started_at is not None
    engine.dispose()
    r.close()
