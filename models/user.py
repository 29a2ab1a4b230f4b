from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class Role(StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


class User(Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.LEARNER)
    active: Mapped[bool] = mapped_column(default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # categories of mail the user turned off (account mail can't be)
    mail_opt_out: Mapped[list[str]] = mapped_column(JSONType, default=list)


class MailDigest(Model):
    """A weekly digest that went (or was decided against: turned off, nothing to report) to a
    user: one row per user and week, so the digest job can run again, or on several workers,
    and still send each week's at most once (lms.notifications.digest)."""

    __tablename__ = "mail_digests"
    __table_args__ = (UniqueConstraint("user_id", "week"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[date] = mapped_column(Date)  # the Monday the reported week began
    sent: Mapped[bool] = mapped_column(default=True)
