from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr

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
    created_at: datetime


class EnrollmentCreate(BaseModel):
    email: EmailStr
    role: Role = "learner"


class EnrollmentUpdate(BaseModel):
    role: Role | None = None
    state: State | None = None
    access_ends_at: datetime | None = None
