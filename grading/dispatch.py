"""The grading service's way to the runner pool: the package blob goes from storage to Redis
(runners hold no storage credentials), then, in one round trip, a `queued` event on the
subject's stream, the job's hash and its id on its queue (protocol.queues); all after the
caller's commit.

The runner queues are plain Redis lists and hashes rather than RQ's: a job costs the runner
slot one pop and two writes of its own instead of RQ's seventy-odd commands of registries and
worker bookkeeping (docs/PERFORMANCE.md). Media jobs, which take minutes, stay on RQ
(kit.dispatch).
"""

from __future__ import annotations

import json

import redis
from sqlalchemy.orm import Session

import protocol
from kit import db, storage
from kit.dispatch import Dispatcher
from kit.settings import Settings
from kit.web.state import AppState
from protocol import JobState, RunRequest

PACKAGES = "packages"  # storage prefix: packages are stored by content, packages/<sha256>


def package_key(sha256: str) -> str:
    return f"{PACKAGES}/{sha256}"


def push(client: redis.Redis, queue: str, request: RunRequest) -> None:
    """`request` on `queue`, with its `queued` event first (a fast runner's `started` must come
    after it), in one round trip."""
    job = protocol.job_id(request.subject, request.attempt)
    events = protocol.events_key(request.subject)
    pipe = client.pipeline(transaction=False)
    pipe.xadd(events, protocol.encode_event(request.subject, request.attempt,
                                            protocol.EventType.QUEUED, {"queue": queue}),
              maxlen=protocol.EVENTS_MAXLEN, approximate=True)
    pipe.expire(events, protocol.EVENTS_TTL_S)
    pipe.hset(protocol.job_key(job), mapping={
        "state": JobState.QUEUED, "queue": queue, "timeout": protocol.JOB_TIMEOUT_S,
        "request": json.dumps(request.to_dict(), separators=(",", ":"))})
    pipe.expire(protocol.job_key(job), protocol.JOB_TTL_S)
    pipe.rpush(protocol.queue_key(queue), job)
    pipe.execute()


def job_state(client: redis.Redis, job: str) -> str | None:
    """A job's JobState, or None when Redis no longer knows it (finished, or Redis lost it).
    A queued job that is on no queue was taken by a slot that died before it started it."""
    state, queue = client.hmget(protocol.job_key(job), ["state", "queue"])
    if state is None:
        return None
    value = state.decode() if isinstance(state, bytes) else str(state)
    if value == JobState.QUEUED and queue is not None \
            and client.lpos(protocol.queue_key(queue.decode() if isinstance(queue, bytes)
                                               else str(queue)), job) is None:
        return JobState.DROPPED
    return value


class Runners:
    def __init__(self, jobs: Dispatcher, blobs: storage.Storage) -> None:
        self.jobs, self.storage = jobs, blobs

    @classmethod
    def from_settings(cls, settings: Settings, client: redis.Redis) -> Runners:
        return cls(Dispatcher(client), storage.from_settings(settings.storage,
                                                             settings.secret_key, settings.http))

    @property
    def redis(self) -> redis.Redis:
        return self.jobs.redis

    def put_package(self, blob: bytes) -> str:
        """Store a package by content; returns its sha256."""
        return self.storage.put_content(PACKAGES, blob, "application/zip").rsplit("/", 1)[1]

    def package(self, sha256: str) -> bytes:
        return self.storage.get(package_key(sha256))

    def send(self, s: Session, queue: str, request: RunRequest) -> None:
        """Hand `request` to the runner pool once `s` commits. If it is lost after the commit
        (Redis down), the grading worker's reconciler sends it again (`job_state`)."""
        db.after_commit(s, lambda: self.send_now(queue, request))

    def send_now(self, queue: str, request: RunRequest) -> None:
        """Right away (tests; reconcilers go through `send` in their own transaction)."""
        if request.package_sha is not None:
            self.ensure_package(request.package_sha)
        push(self.redis, queue, request)

    def ensure_package(self, sha256: str) -> None:
        """Make sure runners find the package; it is read from storage only when Redis does not
        have it already (packages are up to tens of MB)."""
        key = protocol.package_key(sha256)
        if not self.redis.expire(key, protocol.PACKAGE_TTL_S):
            self.redis.set(key, self.package(sha256), ex=protocol.PACKAGE_TTL_S)

    def job_state(self, subject: str, attempt: int) -> str | None:
        """The JobState of a subject's current job, or None when Redis no longer knows it."""
        return job_state(self.redis, protocol.job_id(subject, attempt))


def runners(st: AppState) -> Runners:
    """The app's runners (per request: it holds nothing of its own)."""
    return Runners(st.jobs, st.storage)
