"""/courses/{slug}/analytics/...: the instructors' figures for their own courses, as JSON for
the web app's charts or as CSV (`?format=csv`)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from accounts.deps import PrincipalDep
from kit.web.deps import SessionDep
from kit.web.tables import Format, csv_of, period
from lms.analytics import queries
from lms.courses import service as courses
from lms.quizzes import service as quizzes

router = APIRouter(prefix="/courses", tags=["analytics"])
Unit = Literal["day", "week", "month"]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
MAX_SPAN = timedelta(days=3 * 366)
DEFAULT_SPAN = timedelta(days=90)


class Period(BaseModel):
    bucket: datetime
    enrolled: int
    completed: int


class PassRate(BaseModel):
    bucket: datetime
    judged: int
    accepted: int
    pass_rate: float | None


class FunnelStep(BaseModel):
    lesson_id: uuid.UUID
    title: str
    kind: str
    position: int
    started: int
    completed: int
    stopped_after: int
    learners: int


class ChallengeFigures(BaseModel):
    lesson_id: uuid.UUID
    title: str
    attempted: int
    passed: int
    pass_rate: float | None
    submissions: int
    mean_submissions_to_ac: float | None
    median_seconds_to_ac: float | None


class FailingTest(BaseModel):
    lesson_id: uuid.UUID
    title: str
    test: str
    failures: int
    learners: int
    rank: int


class OptionFigures(BaseModel):
    option_id: str
    text: str
    correct: bool
    chosen: int
    share: float
    mean_total_of_choosers: float | None


class ItemFigures(BaseModel):
    question_id: uuid.UUID
    kind: str
    prompt: str
    answered: int
    difficulty: float | None
    discrimination: float | None
    options: list[OptionFigures] | None = None


def _answer(rows: list[dict[str, Any]], fmt: str, name: str, model: type[BaseModel]) -> Any:
    if fmt == "csv":
        return csv_of(rows, name, list(model.model_fields))
    return [model(**r) for r in rows]


@router.get("/{slug}/analytics/enrollments", response_model=list[Period], responses=CSV)
def enrollments(slug: str, who: PrincipalDep, s: SessionDep, unit: Unit = "week",
                start: datetime | None = None, end: datetime | None = None,
                format: Format = "json") -> Any:
    """Enrollments and course completions per day, week or month (default: the last 90
    days)."""
    course = courses.staffed(s, who, slug)
    rows = queries.over_time(s, course.id, unit, *period(start, end, DEFAULT_SPAN, MAX_SPAN))
    return _answer(rows, format, f"{slug}-enrollments", Period)


@router.get("/{slug}/analytics/pass-rates", response_model=list[PassRate], responses=CSV)
def pass_rates(slug: str, who: PrincipalDep, s: SessionDep, unit: Unit = "week",
               start: datetime | None = None, end: datetime | None = None,
               format: Format = "json") -> Any:
    """Graded submissions to the course's challenge lessons and the share accepted, per
    period."""
    course = courses.staffed(s, who, slug)
    rows = queries.pass_rates(s, course.id, unit, *period(start, end, DEFAULT_SPAN, MAX_SPAN))
    return _answer(rows, format, f"{slug}-pass-rates", PassRate)


@router.get("/{slug}/analytics/funnel", response_model=list[FunnelStep], responses=CSV)
def funnel(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json") -> Any:
    """Per lesson in order: learners who started and completed it, and how many stopped
    after it (it is the furthest lesson they completed)."""
    course = courses.staffed(s, who, slug)
    return _answer(queries.funnel(s, course.id), format, f"{slug}-funnel", FunnelStep)


@router.get("/{slug}/analytics/challenges", response_model=list[ChallengeFigures],
            responses=CSV)
def challenges(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json") -> Any:
    """Per challenge lesson: pass rate, submissions to the first AC and time to it."""
    course = courses.staffed(s, who, slug)
    return _answer(queries.challenges(s, course.id), format, f"{slug}-challenges",
                   ChallengeFigures)


@router.get("/{slug}/analytics/failing-tests", response_model=list[FailingTest],
            responses=CSV)
def failing_tests(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json",
                  top: int = Query(5, ge=1, le=50)) -> Any:
    """Per challenge lesson, the tests learners' submissions failed first, most common
    first."""
    course = courses.staffed(s, who, slug)
    return _answer(queries.failing_tests(s, course.id, top), format, f"{slug}-failing-tests",
                   FailingTest)


@router.get("/{slug}/analytics/quizzes/{quiz_id}/items", response_model=list[ItemFigures],
            responses=CSV)
def quiz_items(slug: str, quiz_id: uuid.UUID, who: PrincipalDep, s: SessionDep,
               format: Format = "json") -> Any:
    """Per question: difficulty (share of its points earned), discrimination (point-biserial
    correlation with the attempt's total) and, for choice questions, each option's picks
    (distractor analysis). The CSV has one row per question."""
    course = courses.staffed(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    items = queries.quiz_items(s, course.id, row.id)
    if format == "csv":
        return csv_of(items, f"{slug}-quiz-items",
                      [f for f in ItemFigures.model_fields if f != "options"])
    picks: dict[str, list[dict[str, Any]]] = {}
    for p in queries.distractors(s, course.id, row.id):
        picks.setdefault(str(p["question_id"]), []).append(p)
    out = []
    for item in items:
        figures = ItemFigures(**item)
        q = quizzes.question(s, course, item["question_id"])
        figures.options = _options(q, picks.get(str(q.id), []))
        out.append(figures)
    return out


def _options(q: Any, picks: list[dict[str, Any]]) -> list[OptionFigures] | None:
    if q.kind == "true_false":
        labels = [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}]
        right = {str(q.key["correct"]).lower()}
    elif q.kind in ("single_choice", "multiple_choice"):
        labels, right = q.data["options"], set(q.key["correct"])
    else:
        return None
    by_id = {p["option_id"]: p for p in picks}
    return [OptionFigures(option_id=o["id"], text=o["text"], correct=o["id"] in right,
                          chosen=by_id.get(o["id"], {}).get("chosen", 0),
                          share=by_id.get(o["id"], {}).get("share", 0.0),
                          mean_total_of_choosers=by_id.get(o["id"], {}).get(
                              "mean_total_of_choosers")) for o in labels]
