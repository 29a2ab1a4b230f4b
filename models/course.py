"""Courses, their ordered sections and lessons (the learning product's outline).

Order is a fractional index per parent (`position`, a string that sorts between its
neighbours), so moving one lesson rewrites one row, never its siblings. Markdown is stored as
written and as sanitised HTML, rendered when it is written (kit.markdown).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model

# Full-text search (lms.search): weighted vectors PostgreSQL keeps up to date by itself.
COURSE_VECTOR = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                 "setweight(to_tsvector('english', coalesce(summary, '') || ' ' || "
                 "coalesce(tags::text, '')), 'B') || "
                 "setweight(to_tsvector('english', coalesce(description, '')), 'C')")
LESSON_VECTOR = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                 "setweight(to_tsvector('english', coalesce(body, '')), 'C')")
# The heads alone (title, summary, tags): search looks here first and ranks these few matches
# before the many in the text (lms.search).
COURSE_HEAD = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
               "setweight(to_tsvector('english', coalesce(summary, '') || ' ' || "
               "coalesce(tags::text, '')), 'B')")
LESSON_HEAD = "setweight(to_tsvector('english', coalesce(title, '')), 'A')"


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class LessonKind(StrEnum):
    TEXT = "text"
    VIDEO = "video"
    QUIZ = "quiz"
    CHALLENGE = "challenge"
    LINK = "link"


class LessonStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Course(Model):
    __tablename__ = "courses"
    __table_args__ = (Index("ix_courses_search_vector", "search_vector", postgresql_using="gin"),
                      Index("ix_courses_title_trgm", "title", postgresql_using="gin",
                            postgresql_ops={"title": "gin_trgm_ops"}),
                      Index("ix_courses_head_vector", "head_vector", postgresql_using="gin"))

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, as written
    description_html: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(80), index=True)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    level: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    cover_key: Mapped[str | None] = mapped_column(String(300))  # kit.storage key
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    status: Mapped[str] = mapped_column(String(20), default=CourseStatus.DRAFT, index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    require_sequential_progress: Mapped[bool] = mapped_column(Boolean, default=False)
    hints_enabled: Mapped[bool] = mapped_column(Boolean, default=True)  # lms.hints
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    search_vector: Mapped[Any] = mapped_column(TSVECTOR, Computed(COURSE_VECTOR, persisted=True),
                                               deferred=True)
    head_vector: Mapped[Any] = mapped_column(TSVECTOR, Computed(COURSE_HEAD, persisted=True),
                                             deferred=True)


class Section(Model):
    __tablename__ = "course_sections"
    # deferred: a reorder may pass through a clash that is gone by the commit
    __table_args__ = (UniqueConstraint("course_id", "position", deferrable=True,
                                       initially="DEFERRED"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(collation="C"))  # grows on repeated inserts


class Lesson(Model):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("section_id", "position", deferrable=True,
                                       initially="DEFERRED"),
                      Index("ix_lessons_course_position", "course_id", "position"),
                      Index("ix_lessons_search_vector", "search_vector", postgresql_using="gin"),
                      Index("ix_lessons_title_trgm", "title", postgresql_using="gin",
                            postgresql_ops={"title": "gin_trgm_ops"}),
                      Index("ix_lessons_head_vector", "head_vector", postgresql_using="gin"))

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    section_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(collation="C"))  # grows on repeated inserts
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=LessonStatus.DRAFT)
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, as written
    body_html: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)  # link lessons
    challenge_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="RESTRICT"), index=True)
    challenge_version_id: Mapped[uuid.UUID | None] = mapped_column(  # pinned; None follows
        ForeignKey("challenge_versions.id", ondelete="RESTRICT"))
    video_asset_id: Mapped[uuid.UUID | None]  # the video pipeline's asset (issue 14)
    quiz_id: Mapped[uuid.UUID | None] = mapped_column(  # quiz lessons
        ForeignKey("quizzes.id", ondelete="RESTRICT"), index=True)
    # access rules (Canvas's vocabulary) and the completion requirement
    unlock_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unlock_after_days: Mapped[int | None]
    prerequisites: Mapped[list[str]] = mapped_column(JSONType, default=list)  # lesson ids
    completion: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    grade_category_id: Mapped[uuid.UUID | None] = mapped_column(  # the gradebook's
        ForeignKey("grade_categories.id", ondelete="SET NULL"))
    search_vector: Mapped[Any] = mapped_column(TSVECTOR, Computed(LESSON_VECTOR, persisted=True),
                                               deferred=True)
    head_vector: Mapped[Any] = mapped_column(TSVECTOR, Computed(LESSON_HEAD, persisted=True),
                                             deferred=True)
