"""/courses/{slug}/enrollment (the caller's own) and /courses/{slug}/enrollments (staff: one by
one, or in bulk from a CSV file)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from accounts.deps import PrincipalDep
from kit.errors import NotFound, Unprocessable
from kit.web import pagination, uploads
from kit.web.deps import SessionDep
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.enrollment.schemas import (
    EnrollmentCreate,
    EnrollmentOut,
    EnrollmentUpdate,
    ImportOut,
    Role,
    State,
)
from models import Course, CourseRole, Enrollment, LessonProgress, User

router = APIRouter(prefix="/courses", tags=["enrollment"])
me_router = APIRouter(prefix="/me", tags=["enrollment"])


class MyCourse(BaseModel):
    slug: str
    title: str
    summary: str
    status: str
    enrollment: EnrollmentOut


@me_router.get("/courses", response_model=list[MyCourse])
def my_courses(who: PrincipalDep, s: SessionDep,
               limit: Annotated[int, Query(ge=1, le=200)] = 100) -> list[MyCourse]:
    """The courses you are enrolled in (as a learner or on the staff), the most recently
    active first, each with your progress and the lesson you were last on (continue where
    you left off)."""
    active = (select(func.max(func.greatest(LessonProgress.started_at,
                                            LessonProgress.completed_at)))
              .where(LessonProgress.user_id == Enrollment.user_id,
                     LessonProgress.course_id == Enrollment.course_id).scalar_subquery())
    rows = s.execute(select(Enrollment, Course).join(Course, Course.id == Enrollment.course_id)
                     .where(Enrollment.user_id == who.user_id)
                     .order_by(func.coalesce(active, Enrollment.created_at).desc(),
                               Enrollment.id).limit(limit))
    return [MyCourse(slug=c.slug, title=c.title, summary=c.summary, status=c.status,
                     enrollment=EnrollmentOut.model_validate(e)) for e, c in rows]


@router.post("/{slug}/enrollment", status_code=status.HTTP_201_CREATED,
             response_model=EnrollmentOut)
def enroll(slug: str, who: PrincipalDep, s: SessionDep) -> Enrollment:
    """Enroll yourself: free courses at once, paid ones through a membership that includes
    them; otherwise paid ones answer 402 until bought."""
    return enrollment.enroll(s, who, courses.get(s, who, slug))


@router.get("/{slug}/enrollment", response_model=EnrollmentOut)
def mine(slug: str, who: PrincipalDep, s: SessionDep) -> Enrollment:
    row = enrollment.of(s, courses.get(s, who, slug), who.user_id)
    if row is None:
        raise NotFound("you are not enrolled in this course")
    return row


@router.get("/{slug}/enrollments", response_model=pagination.Page[EnrollmentOut])
def listing(slug: str, who: PrincipalDep, s: SessionDep, role: Role | None = None,
            state: State | None = None, cursor: str | None = None,
            limit: Annotated[int, Query(ge=1, le=100)] = 50) -> pagination.Page[EnrollmentOut]:
    course = courses.staffed(s, who, slug)
    rows = list(s.scalars(pagination.paginate(enrollment.listing(course, role, state),
                                              Enrollment.created_at, Enrollment.id, cursor,
                                              limit)))
    items, next_cursor = pagination.page_of(rows, limit)
    people = {u.id: u for u in s.scalars(select(User).where(
        User.id.in_([x.user_id for x in items])))}
    out = []
    for x in items:
        row = EnrollmentOut.model_validate(x)
        if (person := people.get(x.user_id)) is not None:
            row.name, row.email = person.name, person.email
        out.append(row)
    return pagination.Page(items=out, next_cursor=next_cursor)


@router.post("/{slug}/enrollments", status_code=status.HTTP_201_CREATED,
             response_model=EnrollmentOut)
def add(slug: str, body: EnrollmentCreate, who: PrincipalDep, s: SessionDep) -> Enrollment:
    course = courses.editable(s, who, slug)
    return enrollment.add_by_email(s, course, body.email, CourseRole(body.role))


@router.patch("/{slug}/enrollments/{user_id}", response_model=EnrollmentOut)
def change(slug: str, user_id: uuid.UUID, body: EnrollmentUpdate, who: PrincipalDep,
           s: SessionDep) -> Enrollment:
    row = enrollment.of(s, courses.editable(s, who, slug), user_id)
    if row is None:
        raise NotFound(f"user {user_id} is not enrolled", field="user_id")
    return enrollment.change(row, body.model_dump(exclude_unset=True))


MAX_IMPORT_BYTES = 1024 * 1024


@router.post("/{slug}/enrollments/import", response_model=ImportOut,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string"}},
                 "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                                    "properties": {"file": {
                                                        "type": "string",
                                                        "format": "binary"}}}}}}})
async def import_csv(slug: str, request: Request, who: PrincipalDep, s: SessionDep,
                     ) -> enrollment.ImportReport:
    """Enroll, change roles and unenroll in bulk from a CSV file (raw `text/csv` body or the
    multipart field `file`): columns `email`, `role`, `action` (enroll, unenroll),
    `access_ends_at`. Valid rows are applied, invalid ones reported by line and field; the
    same file sent again changes nothing."""
    blob = await uploads.read(request, MAX_IMPORT_BYTES, "file")
    try:
        content = blob.decode("utf-8")
    except UnicodeDecodeError:
        raise Unprocessable("the file is not UTF-8 text", field="file") from None
    course = await run_in_threadpool(courses.editable, s, who, slug)
    return await run_in_threadpool(enrollment.import_csv, s, course, content)
