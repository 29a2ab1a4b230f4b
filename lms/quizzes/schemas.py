"""The quiz API's shapes. Question input is a union on `kind`; each kind's model validates
what can be checked field by field (lms.quizzes.questions checks the rest, naming the field)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kit import clock

Text = Annotated[str, Field(min_length=1, max_length=2000)]
OptionId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]


class Option(BaseModel):
    id: OptionId | None = Field(default=None, description="kept across edits (answers name it); "
                                                          "new options get one")
    text: Text
    correct: bool = False
    feedback: str = Field(default="", max_length=2000)


class QuestionBase(BaseModel):
    prompt: str = Field(default="", max_length=20_000, description="Markdown")
    points: float = Field(default=1.0, gt=0, le=1000)
    feedback: str = Field(default="", max_length=2000, description="shown with the answers")


class SingleChoice(QuestionBase):
    kind: Literal["single_choice"]
    options: list[Option] = Field(min_length=2, max_length=20)


class MultipleChoice(QuestionBase):
    kind: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=2, max_length=20)
    partial_credit: bool = Field(default=True, description="a share for each right pick")
    penalty: float = Field(default=1.0, ge=0, le=1, description=(
        "what each wrong pick takes away, as a share of one right pick (partial credit)"))


class TrueFalse(QuestionBase):
    kind: Literal["true_false"]
    correct: bool
    feedback_true: str = Field(default="", max_length=2000)
    feedback_false: str = Field(default="", max_length=2000)


class Numeric(QuestionBase):
    kind: Literal["numeric"]
    value: float | None = Field(default=None, allow_inf_nan=False,
                                description="exact, or within `tolerance`")
    tolerance: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    min: float | None = Field(default=None, allow_inf_nan=False, description="or a range")
    max: float | None = Field(default=None, allow_inf_nan=False)


class ShortText(QuestionBase):
    kind: Literal["short_text"]
    answers: list[Text] = Field(default_factory=list, max_length=50)
    case_sensitive: bool = False
    regex: str | None = Field(default=None, max_length=500,
                              description="also accepted: a full match of this pattern")


class OrderItem(BaseModel):
    id: OptionId | None = None
    text: Text


class Ordering(QuestionBase):
    kind: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=2, max_length=20, description="in the right order")


class Pair(BaseModel):
    id: OptionId | None = None
    prompt: Text
    answer: Text


class Matching(QuestionBase):
    kind: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=20)
    distractors: list[Text] = Field(default_factory=list, max_length=20)


class Blank(BaseModel):
    answers: list[Text] = Field(min_length=1, max_length=20)
    case_sensitive: bool = False


class FillBlanks(QuestionBase):
    kind: Literal["fill_blanks"]
    text: str = Field(min_length=1, max_length=5000, description=(
        "the sentence, with each blank written [[name]]"))
    blanks: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")], Blank] = Field(
        max_length=30)


class Code(QuestionBase):
    kind: Literal["code"]
    challenge: str = Field(min_length=1, max_length=100, description="the challenge's slug or id")


QuestionIn = Annotated[SingleChoice | MultipleChoice | TrueFalse | Numeric | ShortText | Ordering
                       | Matching | FillBlanks | Code, Field(discriminator="kind")]


class QuestionOut(BaseModel):
    """For the course's editors: the question as written, key included."""

    id: uuid.UUID
    quiz_id: uuid.UUID | None
    bank_id: uuid.UUID | None
    kind: str
    points: float
    version: int
    prompt_html: str
    spec: dict[str, Any] = Field(description="the question as written (the key included)")


class Draw(BaseModel):
    bank_id: uuid.UUID
    count: int = Field(ge=1, le=100)
    points: float = Field(default=1.0, gt=0, le=1000)


class QuizFields(BaseModel):
    attempt_limit: int | None = Field(default=None, ge=1, le=100)
    passing_score: float | None = Field(default=None, ge=0, le=100, description="percent")
    time_limit_s: int | None = Field(default=None, ge=10, le=7 * 86400)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    feedback: Literal["after_attempt", "after_close", "never"] | None = Field(
        default=None, description="when learners see correct answers and option feedback")
    scoring: Literal["best", "last"] | None = Field(
        default=None, description="which attempt counts for the lesson and the gradebook")
    shuffle_questions: bool | None = None
    shuffle_options: bool | None = None
    draws: list[Draw] | None = Field(default=None, max_length=20,
                                     description="random questions from banks, per attempt")

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        """A time without a zone is UTC (the server compares it with its own clock)."""
        return clock.as_utc(value) if value is not None else None

    @model_validator(mode="after")
    def _window(self) -> QuizFields:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        return self


class QuizCreate(QuizFields):
    title: str = Field(min_length=1, max_length=200)


class QuizUpdate(QuizFields):
    title: str | None = Field(default=None, min_length=1, max_length=200)


class QuizOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    title: str
    attempt_limit: int | None
    passing_score: float
    time_limit_s: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    feedback: str
    scoring: str
    shuffle_questions: bool
    shuffle_options: bool
    draws: list[Draw]
    question_count: int = Field(description="per attempt (fixed questions and draws)")
    max_score: float
    questions: list[QuestionOut] | None = Field(default=None, description="editors only")
    attempts: list[AttemptSummary] | None = Field(default=None, description="the caller's")
    attempts_left: int | None = None


class QuestionOrder(BaseModel):
    question_ids: list[uuid.UUID] = Field(max_length=500)


class BankCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class BankOut(BaseModel):
    id: uuid.UUID
    title: str
    questions: list[QuestionOut]


class AttemptSummary(BaseModel):
    id: uuid.UUID
    number: int
    state: str
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    auto_submitted: bool
    score: float | None
    max_score: float
    percent: float | None
    passed: bool | None


class QuestionView(BaseModel):
    """A question as the learner sees it: the public half, in this attempt's order."""

    id: uuid.UUID
    kind: str
    points: float
    prompt_html: str
    options: list[dict[str, str]] | None = None
    items: list[dict[str, str]] | None = None
    prompts: list[dict[str, str]] | None = None
    choices: list[dict[str, str]] | None = None
    text: str | None = None
    blanks: list[str] | None = None
    challenge_id: uuid.UUID | None = None
    challenge_slug: str | None = None
    multiple: bool = False
    response: Any = None
    version: int = Field(default=0, description="send it back with the next save")
    # after submitting, by the quiz's feedback policy
    score: float | None = Field(default=None, description="points earned (feedback allowed)")
    review: dict[str, Any] | None = Field(default=None, description=(
        "correct answers and feedback, once the quiz's feedback policy allows"))


class AttemptOut(AttemptSummary):
    quiz_id: uuid.UUID
    now: datetime = Field(description="the server's clock, for the timer")
    feedback_available: bool
    questions: list[QuestionView]


class AnswerIn(BaseModel):
    response: Any = Field(description="the shape depends on the question's kind; null clears")
    version: int = Field(ge=0, le=10**9, description="the version you last saw (0: none)")


class AnswerOut(BaseModel):
    question_id: uuid.UUID
    version: int
    saved_at: datetime


class RegradeOut(BaseModel):
    rescored: int


QuizOut.model_rebuild()
