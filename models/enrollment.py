"""Who is in a course (enrollments, with a per-course role) and how far each learner got
(progress per lesson; the course's figures live on the enrollment)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class CourseRole(StrEnum):
    LEARNER = "learner"
    TA = "ta"
    INSTRUCTOR = "instructor"


class EnrollmentState(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    REVOKED = "revoked"
    EXPIRED = "expired"


class ProgressState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Enrollment(Model):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    role: Mapped[str] = mapped_column(String(20), default=CourseRole.LEARNER)
    state: Mapped[str] = mapped_column(String(20), default=EnrollmentState.ACTIVE)
    access_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # granted by a membership (its access ends with the membership's); null when bought or free
    membership_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True)
    percent: Mapped[float] = mapped_column(Float, default=0.0)  # of the required lessons
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_lesson_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="SET NULL"))


class LessonProgress(Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                                 index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    state: Mapped[str] = mapped_column(String(20), default=ProgressState.NOT_STARTED)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    viewed: Mapped[bool] = mapped_column(default=False)
    submitted: Mapped[bool] = mapped_column(default=False)
    best_score: Mapped[float | None] = mapped_column(Float)  # percent
    accepted: Mapped[bool] = mapped_column(default=False)
    watched: Mapped[float] = mapped_column(Float, default=0.0)  # fraction of the video
    watched_intervals: Mapped[list[list[float]]] = mapped_column(JSONType, default=list)
    position: Mapped[float] = mapped_column(Float, default=0.0)  # where to resume, seconds
    watch_reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
