"""Enrollment: who is in a course, with which per-course role, in which state. Learners enroll
themselves in free published courses; staff enroll, change roles and revoke."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db
from kit.errors import AppError, Conflict, Forbidden, NotFound
from lms.courses import service as courses
from models import Course, CourseRole, CourseStatus, Enrollment, EnrollmentState, User


class AlreadyEnrolled(Conflict):
    title = "Already Enrolled"


class PaymentRequired(AppError):
    status, title = 402, "Payment Required"


class NotEnrolled(Forbidden):
    title = "Not Enrolled"


IN = (EnrollmentState.ACTIVE, EnrollmentState.COMPLETED)


def of(s: Session, course: Course, user_id: uuid.UUID) -> Enrollment | None:
    return s.scalar(select(Enrollment).where(Enrollment.course_id == course.id,
                                             Enrollment.user_id == user_id))


def enroll(s: Session, who: Principal, course: Course) -> Enrollment:
    """The caller enrolls in a free, published course (paid ones go through checkout)."""
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict("the course is not open for enrollment")
    if course.price_cents > 0:
        raise PaymentRequired(f"this course costs {course.price_cents / 100:.2f} "
                              f"{course.currency.upper()}; buy it to enroll")
    return add(s, course, who.user_id, CourseRole.LEARNER)


def add(s: Session, course: Course, user_id: uuid.UUID, role: CourseRole) -> Enrollment:
    existing = of(s, course, user_id)
    if existing is not None:
        raise AlreadyEnrolled(f"already enrolled ({existing.state})")
    row = Enrollment(course_id=course.id, user_id=user_id, role=role)
    db.flush_unique(s, AlreadyEnrolled("already enrolled"), row)  # two at once: one wins
    return row


def add_by_email(s: Session, course: Course, email: str, role: CourseRole) -> Enrollment:
    user = s.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise NotFound(f"no user {email}", field="email")
    return add(s, course, user.id, role)


def access(s: Session, who: Principal, course: Course) -> Enrollment | None:
    """The caller's live enrollment (None for course staff); NotEnrolled otherwise. An
    enrollment past its access end date expires here."""
    if courses.can_edit(who, course):
        return None
    row = of(s, course, who.user_id)
    if row is not None and row.state in IN and row.access_ends_at is not None \
            and row.access_ends_at <= clock.now():
        row.state = EnrollmentState.EXPIRED
    if row is None or row.state not in IN:
        raise NotEnrolled("enroll in the course to open its lessons"
                          if row is None else f"your enrollment is {row.state}")
    return row


def change(row: Enrollment, fields: dict[str, Any]) -> Enrollment:
    """Staff change a role, a state or the access end date (null clears the date only)."""
    for name in ("role", "state", "access_ends_at"):
        if name in fields and (fields[name] is not None or name == "access_ends_at"):
            setattr(row, name, fields[name])
    return row


def listing(course: Course, role: str | None, state: str | None) -> Any:
    query = select(Enrollment).where(Enrollment.course_id == course.id)
    if role is not None:
        query = query.where(Enrollment.role == role)
    if state is not None:
        query = query.where(Enrollment.state == state)
    return query
