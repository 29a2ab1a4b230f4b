"""Quizzes (Moodle's and Canvas's core question types), question banks, attempts and answers.

A question's public half (`data`: options, items, blanks) and its private half (`key`: what is
correct, per-option feedback) are separate columns, so code that renders a question to a learner
never holds the key by accident (lms.quizzes.views). An attempt stores its seed and the layout it
drew (questions, points, option orders): the same attempt always shows the same order, whatever
happens to the bank afterwards.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class QuestionKind(StrEnum):
    SINGLE = "single_choice"
    MULTIPLE = "multiple_choice"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"
    ORDERING = "ordering"
    MATCHING = "matching"
    FILL_BLANKS = "fill_blanks"
    CODE = "code"


class Feedback(StrEnum):
    """When learners see correct answers and per-option feedback."""

    AFTER_ATTEMPT = "after_attempt"
    AFTER_CLOSE = "after_close"
    NEVER = "never"


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Quiz(Model):
    __tablename__ = "quizzes"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    title: Mapped[str] = mapped_column(String(200))
    attempt_limit: Mapped[int | None] = mapped_column(Integer)
    passing_score: Mapped[float] = mapped_column(Float, default=0.0)  # percent
    time_limit_s: Mapped[int | None] = mapped_column(Integer)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    feedback: Mapped[str] = mapped_column(String(20), default=Feedback.AFTER_ATTEMPT)
    scoring: Mapped[str] = mapped_column(String(10), default="best")  # best | last attempt
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=True)
    # random draws per attempt, after the fixed questions: [{bank_id, count, points}]
    draws: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class QuestionBank(Model):
    __tablename__ = "question_banks"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    title: Mapped[str] = mapped_column(String(200))


class Question(Model):
    """In a quiz (fixed, at `position`) or in a bank (drawn at random)."""

    __tablename__ = "quiz_questions"
    __table_args__ = (Index("ix_quiz_questions_quiz_position", "quiz_id", "position"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    quiz_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("quizzes.id",
                                                                 ondelete="CASCADE"))
    bank_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("question_banks.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(collation="C"), default="a0")
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text, default="")  # Markdown, as written
    prompt_html: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[float] = mapped_column(Float, default=1.0)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # what learners see
    key: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # never before policy
    version: Mapped[int] = mapped_column(Integer, default=1)  # the key's; regrades bump it


class Attempt(Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "number"),
                      Index("ix_quiz_attempts_open_deadline", "deadline",
                            postgresql_where="state = 'in_progress'"))

    quiz_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"),
                                               index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)  # [{question_id, points, order}]
    state: Mapped[str] = mapped_column(String(20), default=AttemptState.IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    auto_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float)  # points
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    percent: Mapped[float | None] = mapped_column(Float)


class Answer(Model):
    """Last write wins per question; `version` refuses stale writes (autosave)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),
                      Index("ix_quiz_answers_question", "question_id"))

    attempt_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("quiz_questions.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    response: Mapped[Any] = mapped_column(JSONType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[float | None] = mapped_column(Float)  # fraction of the question's points
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # per part


class GradeCategory(Model):
    """A weighted group of graded lessons in the gradebook (quizzes, challenges...)."""

    __tablename__ = "grade_categories"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(80))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
