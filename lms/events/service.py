"""The learning events log: the LMS appends what happens (enrolled, lesson viewed and completed,
submission judged, attempt submitted, course completed, certificate issued) to one append-only
table; the instructors' analytics read it (lms.analytics)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from kit import clock
from models import EventKind, LearningEvent


def record(s: Session, kind: EventKind, course_id: uuid.UUID, user_id: uuid.UUID,
           lesson_id: uuid.UUID | None = None, data: dict[str, Any] | None = None,
           dedupe: str | None = None) -> None:
    """Append one event; an event with a `dedupe` already recorded is ignored (replays)."""
    statement = insert(LearningEvent).values(
        at=clock.now(), kind=kind, course_id=course_id, user_id=user_id, lesson_id=lesson_id,
        data=data or {}, dedupe=dedupe)
    s.execute(statement.on_conflict_do_nothing(index_elements=["dedupe"])
              if dedupe else statement)
