"""A challenge and its versions. A package upload makes a new version; submissions point to the
version they were judged against, so old verdicts stay explainable after edits. The package zip
itself is in blob storage, by content (`packages/<sha256>`, grading.dispatch)."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class ChallengeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class VersionStatus(StrEnum):
    CHECKING = "checking"
    VALID = "valid"
    INVALID = "invalid"


class Challenge(Model):
    __tablename__ = "challenges"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ChallengeStatus.DRAFT)
    current_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("challenge_versions.id", use_alter=True, ondelete="SET NULL"))
    # hints (lms.hints): on or off, and words a hint must never contain (the trick's name...)
    hints_enabled: Mapped[bool] = mapped_column(default=True)
    hint_avoid: Mapped[list[str]] = mapped_column(JSONType, default=list)


class ChallengeVersion(Model):
    __tablename__ = "challenge_versions"
    __table_args__ = (UniqueConstraint("challenge_id", "number"),)

    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.CHECKING)
    progress: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    attempt: Mapped[int] = mapped_column(default=1)
