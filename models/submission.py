"""A submission: accepted, committed, then judged by a runner; the row is the source of truth."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class Mode(StrEnum):
    RUN = "run"  # the Run button: sample tests, or the learner's own stdin
    SUBMIT = "submit"  # every test, scored


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


class Submission(Model):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_user_created", "user_id", "created_at", "id"),
        Index("ix_submissions_pending", "status", postgresql_where="status <> 'done'"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    challenge_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("challenge_versions.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))  # runner job kind: grade | exec
    stdin: Mapped[str | None] = mapped_column(Text)
    expected_output: Mapped[str | None] = mapped_column(Text)
    limits: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    queue: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=SubmissionStatus.QUEUED)
    verdict: Mapped[str | None] = mapped_column(String(4), index=True)
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    attempt: Mapped[int] = mapped_column(default=1)  # one runner job per attempt
    epoch: Mapped[int] = mapped_column(default=1)  # results of attempts before it are stale
    enqueued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_url: Mapped[str | None] = mapped_column(Text)
