from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, Field


class SubmissionCreate(BaseModel):
    challenge_id: str | None = Field(default=None, description="id or slug; omit for an "
                                     "ad-hoc run of code on stdin (mode run)")
    language: str = Field(min_length=1, max_length=30)
    source: str = Field(min_length=1)
    mode: Literal["run", "submit"] = "submit"
    version: int | None = Field(default=None, ge=1, le=2**31 - 1, description=(
        "a checked package version of the challenge (a course lesson pinned to one names it); "
        "default: the current one"))
    stdin: str | None = Field(default=None, description="run mode: run on this input instead "
                              "of the sample tests")
    expected_output: str | None = None
    callback_url: AnyHttpUrl | None = Field(default=None, description="receives the final "
                                            "result as an HMAC-signed POST")


class SubmissionOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    challenge_id: uuid.UUID | None
    version: int | None
    language: str
    mode: str
    status: str
    verdict: str | None
    points: float | None
    max_points: float | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    source: str | None = None


class RejudgeOut(BaseModel):
    challenge_id: uuid.UUID
    version: int
    submissions: int
