"""The dispatcher: a job leaves only after its transaction commits, never after a rollback;
app tasks are outbox rows in the caller's transaction."""

from __future__ import annotations

import redis
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit import db
from kit.dispatch import Dispatcher
from kit.models import OutboxMessage


def queued(client: redis.Redis, queue: str) -> list[str]:
    return Queue(queue, connection=client, serializer=JSONSerializer).get_job_ids()


def test_a_job_leaves_after_the_commit(session: Session, redis_client: redis.Redis) -> None:
    jobs = Dispatcher(redis_client)
    jobs.enqueue(session, "uw-test", "tests.nowhere.run", {"n": 1}, "job-1", 30)
    assert queued(redis_client, "uw-test") == []
    db.commit(session)
    assert queued(redis_client, "uw-test") == ["job-1"]
    assert jobs.job_state("job-1") == "queued"
    assert jobs.job_state("job-unknown") is None


def test_a_rolled_back_job_never_leaves(session: Session, redis_client: redis.Redis) -> None:
    jobs = Dispatcher(redis_client)
    jobs.enqueue(session, "uw-test", "tests.nowhere.run", {}, "job-2", 30)
    db.rollback(session)
    db.commit(session)  # a later commit does not resurrect it
    assert queued(redis_client, "uw-test") == []


def test_a_task_is_an_outbox_row_of_the_same_transaction(session: Session) -> None:
    message = Dispatcher.task(session, "lms.example", {"lesson": 7})
    assert message is not None
    session.flush()
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.id == message.id))
    assert message.topic == "lms.example" and message.state == "pending"
