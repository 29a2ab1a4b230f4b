"""What a learner reads and does in a course: the outline with their progress and lock state,
opening a lesson (403 problem+json when it is locked, saying why and when it opens), and their
progress."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from accounts.deps import MaybePrincipalDep, PrincipalDep
from accounts.service import ANONYMOUS, Principal
from kit import streams
from kit.errors import NotFound
from kit.web import caching, pagination
from kit.web.deps import SessionDep, StateDep
from lms.courses import schemas
from lms.courses import service as courses
from lms.courses.endpoints import course_out, lesson_out
from lms.enrollment import service as enrollment
from lms.progress import service as progress
from models import Course, Enrollment, Lesson, LessonProgress, ProgressState, User

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
    return caching.cached(request, outline_for(s, who, courses.get(s, who, slug)),
                          public=who is ANONYMOUS)


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


# -- live progress (the learner's own) ----------------------------------------------------------
class Snapshot(BaseModel):
    course_id: uuid.UUID
    state: str
    percent: float
    completed_at: datetime | None
    last_lesson_id: uuid.UUID | None
    lessons: dict[str, str]  # lesson id -> not_started / in_progress / completed


@router.get("/{slug}/progress/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def progress_events(slug: str, request: Request, who: PrincipalDep, s: SessionDep,
                          st: StateDep,
                          timeout: Annotated[float, Query(ge=1, le=3600)] = 600,
                          ) -> StreamingResponse:
    """Your progress in the course, live: a `snapshot` first (unless you reconnect with
    Last-Event-ID, which resumes after that event), then a `progress` event whenever a lesson
    of yours changes (a view, a verdict). The stream closes after `timeout` seconds, or once
    the course is completed; reconnect with Last-Event-ID and nothing is missed."""
    course = await run_in_threadpool(courses.get, s, who, slug)
    key = progress.stream_key(course.id, who.user_id)
    resume = request.headers.get("last-event-id")
    start = resume or await streams.last_id(st.aredis, key)  # before the snapshot: no gap

    def snapshot() -> Snapshot:
        row = enrollment.access(s, who, course)
        if row is None:
            raise NotFound("course staff have no progress of their own here; see "
                           f"/courses/{slug}/progress")
        mine = progress.progress_of(s, who.user_id, course)
        return Snapshot(course_id=course.id, state=row.state, percent=row.percent,
                        completed_at=row.completed_at, last_lesson_id=row.last_lesson_id,
                        lessons={str(k): p.state for k, p in mine.items()})

    first = await run_in_threadpool(snapshot)
    opening = None if resume else first.model_dump(mode="json")
    return StreamingResponse(streams.relay(st.aredis, key, start, opening, timeout,
                                           lambda d: bool(d.get("course_completed")
                                                          or d.get("completed_at"))),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# -- the staff's progress table -----------------------------------------------------------------
class LearnerRow(BaseModel):
    user_id: uuid.UUID
    name: str
    email: str
    state: str
    percent: float
    enrolled_at: datetime
    completed_at: datetime | None
    last_lesson_id: uuid.UUID | None
    last_activity_at: datetime | None
    lessons: dict[str, str]  # lesson id -> state, for lessons started


class ProgressTable(BaseModel):
    lessons: list[schemas.LessonSummary]  # the columns: published lessons in order
    items: list[LearnerRow]
    next_cursor: str | None


@router.get("/{slug}/progress", response_model=ProgressTable)
def table(slug: str, who: PrincipalDep, s: SessionDep, cursor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=200)] = 50,
          state: Literal["active", "completed", "revoked", "expired"] | None = None,
          ) -> ProgressTable:
    """Every learner's progress in the course (staff, teaching assistants included): a row per
    learner, a column per published lesson, in a constant number of queries per page."""
    course = courses.staffed(s, who, slug)
    lessons = progress.ordered_lessons(s, ANONYMOUS, course)  # published ones, in order
    query = enrollment.listing(course, "learner", state)
    rows = list(s.scalars(pagination.paginate(query, Enrollment.created_at, Enrollment.id,
                                              cursor, limit)))
    page, next_cursor = pagination.page_of(rows, limit)
    users = {u.id: u for u in s.scalars(select(User).where(
        User.id.in_([r.user_id for r in page])))}
    cells: dict[uuid.UUID, list[LessonProgress]] = {r.user_id: [] for r in page}
    for p in s.scalars(select(LessonProgress).where(
            LessonProgress.course_id == course.id,
            LessonProgress.user_id.in_(list(cells)))):
        cells[p.user_id].append(p)
    items = []
    for r in page:
        mine, user = cells[r.user_id], users[r.user_id]
        touched = [t for p in mine for t in (p.started_at, p.completed_at) if t is not None]
        items.append(LearnerRow(
            user_id=r.user_id, name=user.name, email=user.email, state=r.state,
            percent=r.percent, enrolled_at=r.created_at, completed_at=r.completed_at,
            last_lesson_id=r.last_lesson_id, last_activity_at=max(touched, default=None),
            lessons={str(p.lesson_id): p.state for p in mine}))
    return ProgressTable(lessons=[_summary(x, None, None, False) for x in lessons],
                         items=items, next_cursor=next_cursor)
