"""/courses/{slug}/enrollment (the caller's own) and /courses/{slug}/enrollments (staff)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from accounts.deps import InstructorDep, PrincipalDep
from kit.errors import NotFound
from kit.web import pagination
from kit.web.deps import SessionDep
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.enrollment.schemas import EnrollmentCreate, EnrollmentOut, EnrollmentUpdate, Role, State
from models import CourseRole, Enrollment

router = APIRouter(prefix="/courses", tags=["enrollment"])


@router.post("/{slug}/enrollment", status_code=status.HTTP_201_CREATED,
             response_model=EnrollmentOut)
def enroll(slug: str, who: PrincipalDep, s: SessionDep) -> Enrollment:
    """Enroll yourself: free courses at once; paid ones answer 402 until bought."""
    return enrollment.enroll(s, who, courses.get(s, who, slug))


@router.get("/{slug}/enrollment", response_model=EnrollmentOut)
def mine(slug: str, who: PrincipalDep, s: SessionDep) -> Enrollment:
    row = enrollment.of(s, courses.get(s, who, slug), who.user_id)
    if row is None:
        raise NotFound("you are not enrolled in this course")
    return row


@router.get("/{slug}/enrollments", response_model=pagination.Page[EnrollmentOut])
def listing(slug: str, who: InstructorDep, s: SessionDep, role: Role | None = None,
            state: State | None = None, cursor: str | None = None,
            limit: Annotated[int, Query(ge=1, le=100)] = 50) -> pagination.Page[EnrollmentOut]:
    course = courses.editable(s, who, slug)
    rows = list(s.scalars(pagination.paginate(enrollment.listing(course, role, state),
                                              Enrollment.created_at, Enrollment.id, cursor,
                                              limit)))
    items, next_cursor = pagination.page_of(rows, limit)
    return pagination.Page(items=[EnrollmentOut.model_validate(x) for x in items],
                           next_cursor=next_cursor)


@router.post("/{slug}/enrollments", status_code=status.HTTP_201_CREATED,
             response_model=EnrollmentOut)
def add(slug: str, body: EnrollmentCreate, who: InstructorDep, s: SessionDep) -> Enrollment:
    course = courses.editable(s, who, slug)
    return enrollment.add_by_email(s, course, body.email, CourseRole(body.role))


@router.patch("/{slug}/enrollments/{user_id}", response_model=EnrollmentOut)
def change(slug: str, user_id: uuid.UUID, body: EnrollmentUpdate, who: InstructorDep,
           s: SessionDep) -> Enrollment:
    row = enrollment.of(s, courses.editable(s, who, slug), user_id)
    if row is None:
        raise NotFound(f"user {user_id} is not enrolled", field="user_id")
    return enrollment.change(row, body.model_dump(exclude_unset=True))
