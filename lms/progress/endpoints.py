"""What a learner reads and does in a course: the outline with their progress and lock state,
opening a lesson (403 problem+json when it is locked, saying why and when it opens), and their
progress."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from accounts.deps import MaybePrincipalDep, PrincipalDep
from accounts.service import Principal
from kit.web.deps import SessionDep
from lms.courses import schemas
from lms.courses import service as courses
from lms.courses.endpoints import cached, course_out, lesson_out
from lms.enrollment import service as enrollment
from lms.progress import service as progress
from models import Course, Lesson, LessonProgress, ProgressState

router = APIRouter(prefix="/courses", tags=["progress"])


class LessonProgressOut(BaseModel):
    lesson_id: uuid.UUID
    state: str
    percent: float
    course_completed: bool


def outline_for(s: Session, who: Principal, course: Course) -> schemas.OutlineOut:
    """In a constant number of queries: course, sections, lessons, the caller's enrollment and
    progress."""
    shape = courses.outline(s, who, course)
    row = None if courses.is_staff(s, who, course) else enrollment.of(s, course, who.user_id)
    mine = progress.progress_of(s, who.user_id, course) if row is not None else {}
    done = progress.completed(mine)
    locks = progress.locks(course, [x for _, rows in shape for x in rows], done,
                           row if row is not None and row.state in enrollment.IN else None)
    out = schemas.OutlineOut(course=course_out(s, who, course), sections=[], percent=None)
    for sec, rows in shape:
        out.sections.append(schemas.SectionOut(id=sec.id, title=sec.title, lessons=[
            _summary(x, mine.get(x.id), locks.get(x.id), row is not None) for x in rows]))
    if row is not None:
        out.percent, out.last_lesson_id = row.percent, row.last_lesson_id
    return out


def _summary(x: Lesson, mine: LessonProgress | None, lock: progress.Lock | None,
             enrolled: bool) -> schemas.LessonSummary:
    state = (mine.state if mine else ProgressState.NOT_STARTED) if enrolled else None
    return schemas.LessonSummary(
        id=x.id, kind=x.kind, title=x.title, status=x.status, unlock_at=x.unlock_at,
        unlock_after_days=x.unlock_after_days, completion=schemas.Completion(**x.completion),
        progress=state, locked=lock is not None, lock_reason=lock.reason if lock else None,
        unlocks_at=lock.unlocks_at if lock else None)


@router.get("/{slug}/outline", response_model=schemas.OutlineOut)
def outline(slug: str, request: Request, who: MaybePrincipalDep, s: SessionDep) -> Response:
    """The course with its sections and lessons in order (learners: published lessons), with
    the caller's progress and lock state, in a constant number of queries; ETag and
    If-None-Match (304). No sign-in needed (then no progress, and cacheable by a CDN)."""
    return cached(request, outline_for(s, who, courses.get(s, who, slug)), who)


@router.get("/{slug}/lessons/{lesson_id}", response_model=schemas.LessonOut)
def get_lesson(slug: str, lesson_id: uuid.UUID, who: PrincipalDep,
               s: SessionDep) -> schemas.LessonOut:
    """A lesson's content: for the course's staff, and for enrolled learners once it is open."""
    course = courses.get(s, who, slug)
    row = courses.visible_lesson(s, who, course, lesson_id)
    progress.open_lesson(s, who, course, row)
    return lesson_out(s, who, course, row)


@router.post("/{slug}/lessons/{lesson_id}/view", response_model=LessonProgressOut | None)
def view(slug: str, lesson_id: uuid.UUID, who: PrincipalDep,
         s: SessionDep) -> LessonProgressOut | None:
    """Record that you opened the lesson (it completes lessons whose requirement is
    must_view). Staff previews are not recorded (null)."""
    course = courses.get(s, who, slug)
    lesson = courses.visible_lesson(s, who, course, lesson_id)
    viewed = progress.view(s, who, course, lesson)
    if viewed is None:
        return None
    mine, row = viewed
    return LessonProgressOut(lesson_id=lesson.id, state=mine.state, percent=row.percent,
                             course_completed=row.completed_at is not None)
