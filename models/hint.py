"""Hints (lms.hints): every hint a learner asked for, with the prompt sent and the reply kept,
for the course's staff to read and for the ladder, quotas and budget to count."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class Hint(Model):
    __tablename__ = "hints"
    __table_args__ = (Index("ix_hints_user_challenge", "user_id", "challenge_id", "created_at"),
                      Index("ix_hints_course_created", "course_id", "created_at"))

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"))
    submission_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"))
    rung: Mapped[int]  # 1 nudge, 2 concept, 3 pointed step, 4 line reference
    engine: Mapped[str] = mapped_column(String(20))  # "ai" or "offline"
    model: Mapped[str | None] = mapped_column(String(100))
    prompt: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)  # messages
    raw: Mapped[str] = mapped_column(Text, default="")  # what the model answered, unfiltered
    text: Mapped[str] = mapped_column(Text, default="")  # what the learner got
    notes: Mapped[list[str]] = mapped_column(JSONType, default=list)  # filter, fallback, errors
    tokens: Mapped[int] = mapped_column(default=0)
