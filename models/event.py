"""The learning analytics' one append-only table: what happened, to whom, in which course and
lesson, when. Rows are only ever inserted (the api's and the worker's database roles may not
UPDATE or DELETE them); `dedupe` makes a replayed event a no-op."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base, JSONType


class EventKind(StrEnum):
    ENROLLED = "enrolled"
    LESSON_VIEWED = "lesson_viewed"
    LESSON_COMPLETED = "lesson_completed"
    SUBMISSION_JUDGED = "submission_judged"
    ATTEMPT_SUBMITTED = "attempt_submitted"
    COURSE_COMPLETED = "course_completed"
    CERTIFICATE_ISSUED = "certificate_issued"


class LearningEvent(Base):
    __tablename__ = "learning_events"
    __table_args__ = (Index("ix_learning_events_course_kind_at", "course_id", "kind", "at"),
                      Index("ix_learning_events_lesson_kind", "lesson_id", "kind"),
                      Index("ix_learning_events_at_brin", "at", postgresql_using="brin"),
                      # learners append events they may not read back: no RETURNING
                      {"implicit_returning": False})

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(30))
    course_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    lesson_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    dedupe: Mapped[str | None] = mapped_column(String(200), unique=True)
