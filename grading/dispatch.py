"""Handing work to the runner pool: the package blob goes to Redis, the job to an RQ queue.

Called after the commit that made the row (kit.db.after_commit), so a job never refers to a row
that does not exist; if this fails after the commit, the reconciler enqueues it later.
"""

from __future__ import annotations

from collections.abc import Callable

import redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.serializers import JSONSerializer

import protocol
from protocol import RunRequest


def ensure_package(client: redis.Redis, sha256: str, load: Callable[[], bytes]) -> None:
    """Make sure runners find the package; `load` reads it from the database only when Redis
    does not have it already (packages are up to tens of MB)."""
    key = protocol.package_key(sha256)
    if not client.expire(key, protocol.PACKAGE_TTL_S):
        client.set(key, load(), ex=protocol.PACKAGE_TTL_S)


def enqueue(client: redis.Redis, queue: str, request: RunRequest) -> str:
    job_id = protocol.job_id(request.subject, request.attempt)
    # queued goes first: a fast runner's started must come after it
    client.xadd(protocol.events_key(request.subject),
                protocol.encode_event(request.subject, request.attempt, protocol.EventType.QUEUED,
                                      {"queue": queue}),
                maxlen=protocol.EVENTS_MAXLEN, approximate=True)
    client.expire(protocol.events_key(request.subject), protocol.EVENTS_TTL_S)
    Queue(queue, connection=client, serializer=JSONSerializer).enqueue(
        protocol.GRADE_FUNC, request.to_dict(), job_id=job_id, job_timeout=protocol.JOB_TIMEOUT_S,
        result_ttl=300, failure_ttl=3600)
    return job_id


def job_state(client: redis.Redis, subject: str, attempt: int) -> str | None:
    """The RQ status of a subject's current job, or None when Redis no longer knows it."""
    try:
        job = Job.fetch(protocol.job_id(subject, attempt), connection=client,
                        serializer=JSONSerializer)
    except NoSuchJobError:
        return None
    status = job.get_status(refresh=False)
    return str(status.value) if status is not None else None
