"""A runner slot's job loop (runnerhost.slot.Worker) on a real Redis, with a stand-in for the
job function: queue priority, the job hash's life, timeouts, failures, warm shutdown, and what
the reconciler reads (grading.dispatch.job_state)."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from grading.dispatch import job_state, push
from protocol import (
    QUEUE_INTERACTIVE,
    QUEUE_REJUDGE,
    QUEUE_SUBMISSIONS,
    QUEUES,
    JobState,
    RunRequest,
    job_id,
    job_key,
    queue_key,
)
from runnerhost.slot import Worker


@pytest.fixture
def handlers() -> Iterator[None]:
    """The worker installs its SIGTERM and SIGALRM handlers in this process: put them back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGALRM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def request(subject: str, attempt: int = 1) -> RunRequest:
    return RunRequest(subject, attempt, "exec", language="python3", source="print(1)", stdin="")


def test_jobs_run_in_queue_priority_then_their_hashes_go(redis_client: redis.Redis) -> None:
    push(redis_client, QUEUE_REJUDGE, request("r1"))
    push(redis_client, QUEUE_SUBMISSIONS, request("s1"))
    push(redis_client, QUEUE_INTERACTIVE, request("i1"))
    push(redis_client, QUEUE_SUBMISSIONS, request("s2", attempt=2))
    assert job_state(redis_client, job_id("s2", 2)) == JobState.QUEUED
    seen: list[tuple[str, int, str | None]] = []

    def run(payload: dict[str, Any]) -> None:
        job = job_id(payload["subject"], payload["attempt"])
        seen.append((payload["subject"], payload["attempt"], job_state(redis_client, job)))

    Worker(redis_client, list(QUEUES), run).work(burst=True)
    assert seen == [("i1", 1, "started"), ("s1", 1, "started"), ("s2", 2, "started"),
                    ("r1", 1, "started")]
    assert not redis_client.keys("uw:job:*") and not redis_client.keys("uw:queue:*")
    assert job_state(redis_client, job_id("s1", 1)) is None  # done: Redis forgets it


def test_a_slot_takes_only_its_queues(redis_client: redis.Redis) -> None:
    push(redis_client, QUEUE_REJUDGE, request("r1"))
    ran: list[str] = []
    Worker(redis_client, [QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS],
           lambda p: ran.append(p["subject"])).work(burst=True)
    assert ran == [] and redis_client.llen(queue_key(QUEUE_REJUDGE)) == 1


def test_a_job_that_raises_is_kept_as_failed_for_an_hour(redis_client: redis.Redis) -> None:
    push(redis_client, QUEUE_SUBMISSIONS, request("boom"))

    def run(payload: dict[str, Any]) -> None:
        raise RuntimeError("the sandbox went away")

    Worker(redis_client, list(QUEUES), run).work(burst=True)
    assert job_state(redis_client, job_id("boom", 1)) == JobState.FAILED
    assert 3500 < redis_client.ttl(job_key(job_id("boom", 1))) <= 3600


def test_a_job_past_its_timeout_is_interrupted(redis_client: redis.Redis,
                                               handlers: None) -> None:
    push(redis_client, QUEUE_SUBMISSIONS, request("slow"))
    redis_client.hset(job_key(job_id("slow", 1)), "timeout", "0.3")
    finished: list[bool] = []

    def run(payload: dict[str, Any]) -> None:
        time.sleep(5)
        finished.append(True)

    started = time.monotonic()
    worker = Worker(redis_client, list(QUEUES), run)
    worker.install_signals()
    worker.work(burst=True)
    assert time.monotonic() - started < 3 and finished == []
    assert job_state(redis_client, job_id("slow", 1)) == JobState.FAILED
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left for later


def test_a_job_whose_hash_is_gone_is_skipped(redis_client: redis.Redis) -> None:
    push(redis_client, QUEUE_SUBMISSIONS, request("gone"))
    redis_client.delete(job_key(job_id("gone", 1)))
    ran: list[str] = []
    Worker(redis_client, list(QUEUES), lambda p: ran.append(p["subject"])).work(burst=True)
    assert ran == [] and not redis_client.exists(job_key(job_id("gone", 1)))


def test_a_queued_job_on_no_queue_is_dropped(redis_client: redis.Redis) -> None:
    """A slot that died between taking a job and starting it left it `queued` on no queue: the
    reconciler must see it as lost, not as waiting."""
    push(redis_client, QUEUE_SUBMISSIONS, request("taken"))
    assert job_state(redis_client, job_id("taken", 1)) == JobState.QUEUED
    redis_client.lpop(queue_key(QUEUE_SUBMISSIONS))
    assert job_state(redis_client, job_id("taken", 1)) == JobState.DROPPED


def test_sigterm_stops_an_idle_slot_now_and_a_busy_one_after_its_job(
        redis_client: redis.Redis) -> None:
    push(redis_client, QUEUE_SUBMISSIONS, request("first"))
    push(redis_client, QUEUE_SUBMISSIONS, request("second"))
    ran: list[str] = []
    worker = Worker(redis_client, list(QUEUES), lambda p: (ran.append(p["subject"]),
                                                        worker._sigterm(signal.SIGTERM, None)))
    worker.work()  # not burst: only the warm shutdown ends it
    assert ran == ["first"] and redis_client.llen(queue_key(QUEUE_SUBMISSIONS)) == 1
    with pytest.raises(SystemExit):  # idle: at once
        Worker(redis_client, list(QUEUES))._sigterm(signal.SIGTERM, None)
    twice = Worker(redis_client, list(QUEUES))
    twice.busy, twice.stopping = True, True
    with pytest.raises(SystemExit):  # asked again while busy: cold
        twice._sigterm(signal.SIGTERM, None)
