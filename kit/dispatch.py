"""Handing work on, only once the caller's transaction is durable.

Services never enqueue by hand. They call the dispatcher inside their transaction, and it does
the rest:
- `enqueue`: an RQ job on a queue (media jobs; the runner pool has queues of its own,
  grading.dispatch). It goes out after the edge commits (kit.db.after_commit) and is discarded
  on rollback, so a job never names a row that does not exist. If it is lost after the commit
  (Redis down), the owner's reconciler sends it again; `job_state` is what the reconciler asks.
- `task`: work for the app worker (an outbox topic registered with kit.tasks). It is a row in
  the caller's transaction, so it is exactly as durable as its cause and visible to admins when
  it keeps failing.
"""

from __future__ import annotations

from typing import Any

import redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy.orm import Session

from kit import db, outbox
from kit.models import OutboxMessage

STARTED = JobStatus.STARTED.value
ALIVE = frozenset(s.value for s in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED,
                                    JobStatus.SCHEDULED))  # states of a job that will still run


class Dispatcher:
    def __init__(self, client: redis.Redis) -> None:
        self.redis = client

    def enqueue(self, s: Session, queue: str, func: str, payload: dict[str, Any], job_id: str,
                timeout_s: int) -> None:
        """`func(payload)` on `queue` once `s` commits."""
        db.after_commit(s, lambda: self.enqueue_now(queue, func, payload, job_id, timeout_s))

    def enqueue_now(self, queue: str, func: str, payload: dict[str, Any], job_id: str,
                    timeout_s: int) -> None:
        """Right away: for work whose rows are already committed (reconcilers)."""
        # result_ttl=0: a job's results are in the database, so RQ deletes a finished job at
        # once instead of keeping a serialised copy of its return value for minutes; failed
        # jobs stay an hour, to be read
        Queue(queue, connection=self.redis, serializer=JSONSerializer).enqueue(
            func, payload, job_id=job_id, job_timeout=timeout_s, result_ttl=0,
            failure_ttl=3600)

    def job_state(self, job_id: str) -> str | None:
        """The RQ status of a job, or None when Redis no longer knows it."""
        try:
            job = Job.fetch(job_id, connection=self.redis, serializer=JSONSerializer)
        except NoSuchJobError:
            return None
        status = job.get_status(refresh=False)
        return str(status.value) if status is not None else None

    @staticmethod
    def task(s: Session, topic: str, payload: dict[str, Any]) -> OutboxMessage | None:
        """Work for the app worker, committed (or rolled back) with `s` (a domain event
        published inside `outbox.inline` is fanned out at once: no message)."""
        return outbox.add(s, topic, payload)
