from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

Role = Literal["learner", "ta", "instructor"]
State = Literal["active", "completed", "revoked", "expired"]


class EnrollmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    course_id: uuid.UUID
    user_id: uuid.UUID
    role: str
    state: str
    percent: float
    completed_at: datetime | None
    last_lesson_id: uuid.UUID | None
    access_ends_at: datetime | None
    membership_id: uuid.UUID | None = Field(default=None, description="the membership that "
                                            "granted it (its access ends with it)")
    created_at: datetime
    name: str | None = Field(default=None, description="the person's name (staff listings)")
    email: str | None = Field(default=None, description="the person's email (staff listings)")


class EnrollmentCreate(BaseModel):
    email: EmailStr
    role: Role = "learner"


class EnrollmentUpdate(BaseModel):
    role: Role | None = None
    state: State | None = None
    access_ends_at: datetime | None = None


class RowErrorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    row: int = Field(description="the file's line: 1 is the header")
    field: str
    detail: str


class ImportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    enrolled: int
    changed: int
    unenrolled: int
    unchanged: int
    errors: list[RowErrorOut]
