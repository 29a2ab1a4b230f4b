"""The grading service's way to the runner pool, on the kit's dispatcher: the package blob goes
from storage to Redis (runners hold no storage credentials), a `queued` event goes on the
subject's stream, and the job goes on its RQ queue; all after the caller's commit.
"""

from __future__ import annotations

from typing import Any

import redis
from sqlalchemy.orm import Session

import protocol
from kit import storage
from kit.dispatch import Before, Dispatcher
from kit.settings import Settings
from kit.web.state import AppState
from protocol import RunRequest

PACKAGES = "packages"  # storage prefix: packages are stored by content, packages/<sha256>


def package_key(sha256: str) -> str:
    return f"{PACKAGES}/{sha256}"


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
        """Hand `request` to the runner pool once `s` commits."""
        self.jobs.enqueue(s, *self._job(queue, request))

    def send_now(self, queue: str, request: RunRequest) -> None:
        """Right away (tests; reconcilers go through `send` in their own transaction)."""
        self.jobs.enqueue_now(*self._job(queue, request))

    def _job(self, queue: str, request: RunRequest,
             ) -> tuple[str, str, dict[str, Any], str, int, Before]:
        return (queue, protocol.GRADE_FUNC, request.to_dict(),
                protocol.job_id(request.subject, request.attempt), protocol.JOB_TIMEOUT_S,
                self._before(queue, request))

    def _before(self, queue: str, request: RunRequest) -> Before:
        def prepare(client: redis.Redis) -> None:
            if request.package_sha is not None:
                self.ensure_package(request.package_sha)
            # queued goes first: a fast runner's started must come after it
            key = protocol.events_key(request.subject)
            pipe = client.pipeline(transaction=False)  # one round trip
            pipe.xadd(key, protocol.encode_event(request.subject, request.attempt,
                                                 protocol.EventType.QUEUED, {"queue": queue}),
                      maxlen=protocol.EVENTS_MAXLEN, approximate=True)
            pipe.expire(key, protocol.EVENTS_TTL_S)
            pipe.execute()
        return prepare

    def ensure_package(self, sha256: str) -> None:
        """Make sure runners find the package; it is read from storage only when Redis does not
        have it already (packages are up to tens of MB)."""
        key = protocol.package_key(sha256)
        if not self.redis.expire(key, protocol.PACKAGE_TTL_S):
            self.redis.set(key, self.package(sha256), ex=protocol.PACKAGE_TTL_S)

    def job_state(self, subject: str, attempt: int) -> str | None:
        """The RQ status of a subject's current job, or None when Redis no longer knows it."""
        return self.jobs.job_state(protocol.job_id(subject, attempt))


def runners(st: AppState) -> Runners:
    """The app's runners (per request: it holds nothing of its own)."""
    return Runners(st.jobs, st.storage)
