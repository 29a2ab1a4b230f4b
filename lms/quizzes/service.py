"""Quiz authoring: quizzes and their settings, questions in a quiz or in a bank, their order,
and what a quiz is worth. Editors only (the endpoints check; the row-level security policies
apply the same rule). Services never commit."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from accounts.service import Principal
from grading.challenges import service as challenges
from kit import markdown
from kit.errors import Conflict, NotFound, Unprocessable
from lms.courses import ordering
from lms.quizzes import questions, schemas
from models import Attempt, Course, Question, QuestionBank, Quiz


class BadQuiz(Unprocessable):
    title = "Invalid Quiz"


BadQuestion = questions.BadQuestion


def quizzes_of(s: Session, course: Course) -> list[Quiz]:
    return list(s.scalars(select(Quiz).where(Quiz.course_id == course.id)
                          .order_by(Quiz.created_at)))


def quiz(s: Session, course: Course, quiz_id: uuid.UUID) -> Quiz:
    row = s.get(Quiz, quiz_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no quiz {quiz_id} in this course")
    return row


def create(s: Session, course: Course, body: schemas.QuizCreate) -> Quiz:
    row = Quiz(course_id=course.id, title=body.title, passing_score=0.0, feedback="after_attempt",
               scoring="best", shuffle_questions=False, shuffle_options=True, draws=[])
    s.add(row)
    update(s, course, row, body.model_dump(exclude_unset=True, exclude={"title"}))
    return row


def update(s: Session, course: Course, row: Quiz, fields: dict[str, Any]) -> Quiz:
    for name, value in fields.items():
        if name == "draws" and value is not None:
            value = _draws(s, course, value)
        if value is not None or name in {"attempt_limit", "time_limit_s", "opens_at",
                                         "closes_at"}:
            setattr(row, name, value)
    if row.opens_at and row.closes_at and row.closes_at <= row.opens_at:
        raise BadQuiz("closes_at must be after opens_at", field="closes_at")
    s.flush()
    return row


def _draws(s: Session, course: Course, draws: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for i, draw in enumerate(draws):
        found = bank(s, course, uuid.UUID(str(draw["bank_id"])), field=f"draws.{i}.bank_id")
        have = s.scalar(select(func.count()).where(Question.bank_id == found.id)) or 0
        if have < draw["count"]:
            raise BadQuiz(f"bank {found.title!r} holds {have} questions; the draw asks for "
                          f"{draw['count']}", field=f"draws.{i}.count")
    return [{**d, "bank_id": str(d["bank_id"])} for d in draws]


def delete(s: Session, row: Quiz) -> None:
    s.delete(row)
    s.flush()


def fixed(s: Session, row: Quiz) -> list[Question]:
    """The quiz's own questions, in order."""
    return list(s.scalars(select(Question).where(Question.quiz_id == row.id)
                          .order_by(Question.position)))


def max_score(s: Session, row: Quiz) -> tuple[int, float]:
    """Questions per attempt and the points they are worth."""
    own = fixed(s, row)
    return (len(own) + sum(d["count"] for d in row.draws),
            sum(q.points for q in own) + sum(d["count"] * d["points"] for d in row.draws))


# -- banks --------------------------------------------------------------------------------------
def banks_of(s: Session, course: Course) -> list[QuestionBank]:
    return list(s.scalars(select(QuestionBank).where(QuestionBank.course_id == course.id)
                          .order_by(QuestionBank.created_at)))


def bank(s: Session, course: Course, bank_id: uuid.UUID, field: str = "bank_id") -> QuestionBank:
    row = s.get(QuestionBank, bank_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no question bank {bank_id} in this course", field=field)
    return row


def create_bank(s: Session, course: Course, title: str) -> QuestionBank:
    row = QuestionBank(course_id=course.id, title=title)
    s.add(row)
    s.flush()
    return row


def bank_questions(s: Session, row: QuestionBank) -> list[Question]:
    return list(s.scalars(select(Question).where(Question.bank_id == row.id)
                          .order_by(Question.created_at, Question.id)))


# -- questions ----------------------------------------------------------------------------------
def question(s: Session, course: Course, question_id: uuid.UUID) -> Question:
    row = s.get(Question, question_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no question {question_id} in this course")
    return row


def add_question(s: Session, who: Principal, course: Course, spec: Any,
                 quiz: Quiz | None = None, into: QuestionBank | None = None) -> Question:
    row = Question(course_id=course.id, quiz_id=quiz.id if quiz else None,
                   bank_id=into.id if into else None, version=1,
                   position=ordering.place(fixed(s, quiz), None) if quiz else "a0")
    _write(s, who, row, spec)
    s.add(row)
    s.flush()
    return row


def replace_question(s: Session, who: Principal, row: Question, spec: Any) -> Question:
    """A new text or key; answers already given keep their option ids, so a regrade
    (lms.quizzes.attempts.regrade) scores them against the fixed key."""
    if spec.kind != row.kind:
        raise BadQuestion(f"this question is {row.kind}; make a new one to change its kind",
                          field="kind")
    _write(s, who, row, spec)
    row.version += 1
    s.flush()
    return row


def _write(s: Session, who: Principal, row: Question, spec: Any) -> None:
    data, key = questions.build(spec)
    if spec.kind == "code":
        try:
            challenge = challenges.get(s, who, spec.challenge)
        except NotFound:
            raise BadQuestion(f"no challenge {spec.challenge} that you can see",
                              field="challenge") from None
        data = {"challenge_id": str(challenge.id), "challenge_slug": challenge.slug}
    row.kind, row.points, row.data, row.key = spec.kind, spec.points, data, key
    row.prompt, row.prompt_html = spec.prompt, markdown.render(spec.prompt)


class QuestionInUse(Conflict):
    title = "Question In Use"


def delete_question(s: Session, row: Question) -> None:
    """Only a question no attempt holds: deleting one would take its points from attempts
    already scored (fix its key and regrade instead, or take it out of the bank's draws)."""
    held = s.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.course_id == row.course_id,
        type_coerce(Attempt.layout, JSONB).contains([{"question_id": str(row.id)}]))) or 0
    if held:
        raise QuestionInUse(f"{held} attempt{'s' if held != 1 else ''} hold this question; "
                            "fix its key and regrade instead", attempts=held)
    s.delete(row)
    s.flush()


def reorder(s: Session, row: Quiz, order: list[uuid.UUID]) -> None:
    have = {q.id: q for q in fixed(s, row)}
    if sorted(order) != sorted(have):
        raise BadQuiz("name every question of the quiz exactly once", field="question_ids")
    for key, qid in zip(ordering.keys(len(order)), order, strict=True):
        have[qid].position = key
    s.flush()


def editor_view(row: Question) -> schemas.QuestionOut:
    return schemas.QuestionOut(id=row.id, quiz_id=row.quiz_id, bank_id=row.bank_id,
                               kind=row.kind, points=row.points, version=row.version,
                               prompt_html=row.prompt_html, spec=row.key.get("spec", {}))
