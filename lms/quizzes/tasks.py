"""Quizzes' background work: the deadline job that closes an attempt whose time ran out
(an outbox message due at the deadline), a safety-net sweep, and rescoring code questions
when their submission is judged late."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from grading import events
from kit import db
from kit.tasks import Registry
from lms.quizzes import attempts


def register(registry: Registry, sessions: sessionmaker[Session] | None = None) -> None:
    registry.topic(attempts.DEADLINE_TOPIC, attempts.on_deadline, attempts=20, backoff_s=1.0,
                   atomic=True)
    registry.subscribe(events.SUBMISSION_JUDGED, "lms.quizzes.judged", attempts.on_judged,
                       atomic=True)
    if sessions is not None:
        def sweep() -> int:
            with db.unit_of_work(sessions) as s:
                return attempts.close_overdue(s)
        registry.every("lms.quizzes.sweep", 60, sweep)
