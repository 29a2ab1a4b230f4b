"""Certificates of completion: issued once per learner and course, verifiable by an
unguessable code, stable once issued (names and dates are kept as they were), revocable."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Model


class Certificate(Model):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    learner_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    pdf_key: Mapped[str] = mapped_column(String(300))  # kit.storage
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(Text)
