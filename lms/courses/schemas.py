from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, computed_field, model_validator

SLUG = r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$"
Level = Literal["beginner", "intermediate", "advanced"]
Tag = Annotated[str, Field(min_length=1, max_length=40)]
RequirementKind = Literal["must_view", "must_submit", "min_score", "challenge_accepted",
                          "must_watch"]


class Completion(BaseModel):
    """What completes a lesson: Canvas's requirement names."""

    kind: RequirementKind
    min_score: float | None = Field(default=None, ge=0, le=100,
                                    description="percent of the points (min_score)")
    fraction: float | None = Field(default=None, gt=0, le=1,
                                   description="share of the video watched (must_watch)")

    @model_validator(mode="after")
    def _needs_its_number(self) -> Completion:
        if self.kind == "min_score" and self.min_score is None:
            raise ValueError("min_score needs min_score (percent)")
        if self.kind == "must_watch" and self.fraction is None:
            raise ValueError("must_watch needs fraction (0 to 1)")
        return self


class CourseFields(BaseModel):
    summary: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=100_000,
                                    description="Markdown; rendered and sanitised")
    category: str | None = Field(default=None, max_length=80)
    tags: list[Tag] | None = Field(default=None, max_length=20)
    level: Level | None = None
    language: str | None = Field(default=None, max_length=20)
    price_cents: int | None = Field(default=None, ge=0, le=100_000_000)
    currency: str | None = Field(default=None, pattern=r"^[a-z]{3}$")
    require_sequential_progress: bool | None = None
    hints_enabled: bool | None = Field(default=None, description="learners may ask for hints "
                                       "on the course's challenges")


class CourseCreate(CourseFields):
    slug: str = Field(pattern=SLUG, description="URL name: lowercase letters, digits, dashes")
    title: str = Field(min_length=1, max_length=200)


class CourseUpdate(CourseFields):
    slug: str | None = Field(default=None, pattern=SLUG)
    title: str | None = Field(default=None, min_length=1, max_length=200)


class CourseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    title: str
    summary: str
    description_html: str
    description: str | None = Field(default=None, description="the Markdown, for editors")
    category: str | None
    tags: list[str]
    level: str | None
    language: str | None
    price_cents: int
    currency: str
    status: str
    owner_id: uuid.UUID
    require_sequential_progress: bool
    hints_enabled: bool = True
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    cover_key: str | None = Field(default=None, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cover_url(self) -> str | None:
        """The cover image (a JPEG), cacheable for good: a new cover is a new URL."""
        if not self.cover_key:
            return None
        return f"/api/v1/courses/{self.slug}/cover?v={self.cover_key.rsplit('/', 1)[-1][:16]}"


class SectionCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    after: uuid.UUID | None = Field(default=None, description="place after this section "
                                                               "(default: last)")


class SectionRef(BaseModel):
    id: uuid.UUID
    title: str


class SectionUpdate(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class LessonFields(BaseModel):
    status: Literal["draft", "published"] | None = None
    body: str | None = Field(default=None, max_length=200_000, description="Markdown")
    url: HttpUrl | None = Field(default=None, description="link lessons")
    challenge: str | None = Field(default=None, max_length=100,
                                  description="challenge lessons: the challenge's slug or id")
    challenge_version: int | None = Field(default=None, ge=1, le=2**31 - 1, description=(
        "pin the lesson to this version of the challenge; none follows the current one"))
    quiz: uuid.UUID | None = Field(default=None, description="quiz lessons: the course's quiz")
    video: uuid.UUID | None = Field(default=None,
                                    description="video lessons: one of the course's videos")
    grade_category: uuid.UUID | None = Field(default=None, description=(
        "the gradebook category the lesson counts in (quiz and challenge lessons)"))
    unlock_at: datetime | None = None
    unlock_after_days: int | None = Field(default=None, ge=0, le=3650)
    prerequisites: list[uuid.UUID] | None = Field(default=None, max_length=100)
    completion: Completion | None = None


class LessonCreate(LessonFields):
    kind: Literal["text", "video", "quiz", "challenge", "link"]
    title: str = Field(min_length=1, max_length=200)
    after: uuid.UUID | None = Field(default=None, description="place after this lesson "
                                                               "(default: last)")


class LessonUpdate(LessonFields):
    title: str | None = Field(default=None, min_length=1, max_length=200)


class LessonOut(BaseModel):
    id: uuid.UUID
    section_id: uuid.UUID
    kind: str
    title: str
    status: str
    body_html: str
    body: str | None = Field(default=None, description="the Markdown, for editors")
    url: str | None
    challenge_id: uuid.UUID | None
    challenge_version_id: uuid.UUID | None
    challenge_version: int | None = Field(
        default=None, description="pinned: submit with this `version`; null follows the "
        "challenge's current version")
    quiz_id: uuid.UUID | None = None
    video_id: uuid.UUID | None = None
    grade_category_id: uuid.UUID | None = None
    unlock_at: datetime | None
    unlock_after_days: int | None
    prerequisites: list[uuid.UUID]
    completion: Completion


class LessonSummary(BaseModel):
    id: uuid.UUID
    kind: str
    title: str
    status: str
    unlock_at: datetime | None
    unlock_after_days: int | None
    completion: Completion
    progress: str | None = Field(default=None, description="the caller's, when enrolled")
    locked: bool = False
    lock_reason: str | None = None
    unlocks_at: datetime | None = None


class SectionOut(BaseModel):
    id: uuid.UUID
    title: str
    lessons: list[LessonSummary]


class OutlineOut(BaseModel):
    course: CourseOut
    sections: list[SectionOut]
    percent: float | None = Field(default=None, description="the caller's, when enrolled")
    last_lesson_id: uuid.UUID | None = Field(default=None,
                                             description="continue where you left off")


class LessonMove(BaseModel):
    section_id: uuid.UUID
    after: uuid.UUID | None = Field(default=None, description="place after this lesson of "
                                                               "the section (default: first)")


class SectionOrder(BaseModel):
    id: uuid.UUID
    lessons: list[uuid.UUID]


class OutlineOrder(BaseModel):
    """The whole outline in its new order: every section and every lesson, once."""

    sections: list[SectionOrder] = Field(max_length=1000)
