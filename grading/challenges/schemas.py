from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$"


class ChallengeCreate(BaseModel):
    slug: str = Field(pattern=SLUG, description="URL name: lowercase letters, digits, dashes")
    title: str = Field(min_length=1, max_length=200)


class ChallengeUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, pattern=SLUG)
    hints_enabled: bool | None = Field(default=None, description="learners may ask for hints")
    hint_avoid: list[Annotated[str, Field(min_length=1, max_length=80)]] | None = Field(
        default=None, max_length=50,
        description="words a hint must never contain (the trick's name, a library call...)")


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: int
    sha256: str
    status: str
    progress: dict[str, Any]
    report: dict[str, Any] | None
    error: str | None
    created_at: datetime


class ChallengeOut(BaseModel):
    id: uuid.UUID
    slug: str
    title: str
    status: str
    owner_id: uuid.UUID
    version: int | None = None
    statement: str | None = None
    statement_html: str | None = Field(default=None, description="the statement's Markdown, "
                                       "rendered and sanitised (kit.markdown)")
    time_limit: float | None = None
    memory_mb: int | None = None
    languages: list[str] = []
    starter: dict[str, str] = {}
    samples: list[dict[str, Any]] = []
    type: str | None = None
    scoring: str | None = None
    tests: int | None = None
    latest_version: VersionOut | None = None  # instructors: the newest upload, maybe checking
    hints_enabled: bool = True
    hint_avoid: list[str] | None = Field(default=None, description="its editors only")
    created_at: datetime
    updated_at: datetime
