"""Enrollment: who is in a course, with which per-course role, in which state. Learners enroll
themselves in free published courses; staff enroll, change roles and revoke."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db
from kit.dispatch import Dispatcher
from kit.errors import AppError, Conflict, Forbidden, NotFound, Unprocessable
from lms.courses import service as courses
from lms.events import service as events
from models import (
    Course,
    CourseRole,
    CourseStatus,
    Enrollment,
    EnrollmentState,
    EventKind,
    Membership,
    MembershipStatus,
    Plan,
    PlanCourse,
    User,
)

ENROLLED = "lms.enrolled"  # a domain event: a learner joined a course (lms.notifications)


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
    """The caller enrolls in a free, published course, or a paid one a live membership of
    theirs includes (others go through checkout)."""
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict("the course is not open for enrollment")
    member = covering(s, who.user_id, course) if course.price_cents > 0 else None
    if member is not None:
        return grant_membership(s, course, member)
    if course.price_cents > 0:
        raise PaymentRequired(f"this course costs {course.price_cents / 100:.2f} "
                              f"{course.currency.upper()}; buy it, or join a membership that "
                              "includes it, to enroll")
    return add(s, course, who.user_id, CourseRole.LEARNER)


def add(s: Session, course: Course, user_id: uuid.UUID, role: CourseRole) -> Enrollment:
    existing = of(s, course, user_id)
    if existing is not None:
        raise AlreadyEnrolled(f"already enrolled ({existing.state})")
    row = Enrollment(course_id=course.id, user_id=user_id, role=role)
    db.flush_unique(s, AlreadyEnrolled("already enrolled"), row)  # two at once: one wins
    if role == CourseRole.LEARNER:
        events.record(s, EventKind.ENROLLED, course.id, user_id)
        Dispatcher.task(s, ENROLLED, {"course_id": str(course.id), "user_id": str(user_id)})
    return row


def grant(s: Session, course: Course, user_id: uuid.UUID) -> Enrollment:
    """Access bought (or otherwise granted): enroll as a learner, or reactivate; idempotent.
    Access a membership granted becomes the learner's for good."""
    row = of(s, course, user_id)
    if row is None:
        return add(s, course, user_id, CourseRole.LEARNER)
    if row.state not in IN or row.membership_id is not None:
        if row.state not in IN:
            row.state = EnrollmentState.COMPLETED if row.completed_at else EnrollmentState.ACTIVE
        row.access_ends_at, row.membership_id = None, None
        s.flush()
    return row


# -- access through a membership (lms.payments.memberships keeps memberships in step with Stripe)
MEMBERSHIP_LIVE = (MembershipStatus.ACTIVE, MembershipStatus.PAST_DUE)


def membership_live(row: Membership) -> bool:
    return row.status in MEMBERSHIP_LIVE and row.access_until is not None \
        and clock.as_utc(row.access_until) > clock.now()


def live_memberships(user_id: uuid.UUID) -> Any:
    """The user's memberships that give access now (a query to narrow further)."""
    return select(Membership).where(Membership.user_id == user_id,
                                    Membership.status.in_(MEMBERSHIP_LIVE),
                                    Membership.access_until > clock.now())


def covering(s: Session, user_id: uuid.UUID, course: Course,
             besides: uuid.UUID | None = None) -> Membership | None:
    """A live membership of the user whose plan includes the course (the longest-lasting)."""
    query = (live_memberships(user_id).join(Plan, Plan.id == Membership.plan_id)
             .where(or_(Plan.all_courses.is_(True), exists().where(
                        PlanCourse.plan_id == Plan.id, PlanCourse.course_id == course.id)))
             .order_by(Membership.access_until.desc()))
    if besides is not None:
        query = query.where(Membership.id != besides)
    return s.scalars(query.limit(1)).first()


def grant_membership(s: Session, course: Course, row: Membership) -> Enrollment:
    """Access through the membership, ending when it ends; an enrollment bought, free or added
    by staff is left alone, as is one another membership covers for longer."""
    found = of(s, course, row.user_id)
    if found is None:
        found = add(s, course, row.user_id, CourseRole.LEARNER)
    elif found.state in IN and found.membership_id is None:
        return found
    elif found.state in IN and found.membership_id != row.id:
        other = s.get(Membership, found.membership_id)
        if other is not None and membership_live(other) and other.access_until \
                and row.access_until and other.access_until >= row.access_until:
            return found
    found.membership_id, found.access_ends_at = row.id, row.access_until
    if found.state not in IN:
        found.state = EnrollmentState.COMPLETED if found.completed_at else EnrollmentState.ACTIVE
    s.flush()
    return found


def add_by_email(s: Session, course: Course, email: str, role: CourseRole) -> Enrollment:
    user = s.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise NotFound(f"no user {email}", field="email")
    return add(s, course, user.id, role)


def access(s: Session, who: Principal, course: Course) -> Enrollment | None:
    """The caller's live enrollment (None for course staff); NotEnrolled otherwise. An
    enrollment past its access end date expires here."""
    if courses.is_staff(s, who, course):
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


# -- bulk, from CSV -----------------------------------------------------------------------------
MAX_IMPORT_ROWS = 5000
ACTIONS = ("enroll", "unenroll")


class BadImport(Unprocessable):
    title = "Invalid Enrollment File"


@dataclass
class RowError:
    row: int  # 1 is the header; the first data row is 2, as a spreadsheet numbers it
    field: str
    detail: str


@dataclass
class ImportReport:
    enrolled: int = 0
    changed: int = 0
    unenrolled: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def import_csv(s: Session, course: Course, content: str) -> ImportReport:
    """Columns `email` (required), `role` (learner, ta, instructor; default learner), `action`
    (enroll or unenroll; default enroll), `access_ends_at` (ISO 8601, optional). Every valid
    row is applied and every invalid one reported with its field; applying the same file again
    changes nothing (its rows come back as unchanged)."""
    try:
        report, wanted = _read(content)
    except csv.Error as e:  # a NUL, a broken quote: the file is not CSV
        raise BadImport(f"not a CSV file: {e}", field="file") from None
    return _enroll(s, course, report, wanted)


Wanted = tuple[int, str, CourseRole, str, datetime | None]


def _read(content: str) -> tuple[ImportReport, list[Wanted]]:
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff"), newline=""), strict=True)
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if "email" not in columns:
        raise BadImport("the first line must name the columns, `email` among them",
                        field="file")
    report, wanted = ImportReport(), []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            raise BadImport(f"at most {MAX_IMPORT_ROWS} rows per file", field="file")
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()
               if isinstance(v, str)}
        parsed = _row(number, row, seen)
        if isinstance(parsed, RowError):
            report.errors.append(parsed)
        else:
            wanted.append(parsed)
    return report, wanted


def _enroll(s: Session, course: Course, report: ImportReport, wanted: list[Wanted],
            ) -> ImportReport:
    users = {u.email: u for u in s.scalars(select(User).where(
        User.email.in_([w[1] for w in wanted])))}
    existing = {e.user_id: e for e in s.scalars(select(Enrollment).where(
        Enrollment.course_id == course.id,
        Enrollment.user_id.in_([u.id for u in users.values()])).with_for_update())}
    new: list[Enrollment] = []
    for number, email, role, action, ends in wanted:
        user = users.get(email)
        if user is None:
            report.errors.append(RowError(number, "email", f"no user {email}"))
            continue
        made = _apply(report, course, existing, user, role, action, ends)
        if made is not None:
            new.append(made)
    # somebody enrolling themselves meanwhile: nothing of the file is kept, and sending it
    # again is safe (what it did is unchanged the second time)
    db.flush_unique(s, Conflict("enrollments changed while the file was applied; send it "
                                "again", field="file"), *new)
    report.errors.sort(key=lambda e: e.row)
    return report


def _row(number: int, row: dict[str, str], seen: set[str]) -> Wanted | RowError:
    for column, value in row.items():
        if "\x00" in value:
            return RowError(number, column, "holds a NUL character")
    email = row.get("email", "").lower()
    if "@" not in email or len(email) > 320:
        return RowError(number, "email", "not an email address")
    if email in seen:
        return RowError(number, "email", f"{email} is on an earlier row too")
    try:
        role = CourseRole(row.get("role") or CourseRole.LEARNER)
    except ValueError:
        return RowError(number, "role", "one of learner, ta, instructor")
    action = row.get("action") or "enroll"
    if action not in ACTIONS:
        return RowError(number, "action", "enroll or unenroll")
    ends = None
    if row.get("access_ends_at"):
        try:
            ends = datetime.fromisoformat(row["access_ends_at"])
        except ValueError:
            return RowError(number, "access_ends_at", "an ISO 8601 date and time")
        ends = clock.as_utc(ends)
    seen.add(email)  # of valid rows only: a later row may correct an earlier one
    return number, email, role, action, ends


def _apply(report: ImportReport, course: Course, existing: dict[uuid.UUID, Enrollment],
           user: User, role: CourseRole, action: str, ends: datetime | None,
           ) -> Enrollment | None:
    """One valid row; returns the enrollment it creates, if any."""
    row = existing.get(user.id)
    if action == "unenroll":
        if row is None or row.state == EnrollmentState.REVOKED:
            report.unchanged += 1
        else:
            row.state = EnrollmentState.REVOKED
            report.unenrolled += 1
        return None
    if row is None:
        report.enrolled += 1
        return Enrollment(course_id=course.id, user_id=user.id, role=role, access_ends_at=ends)
    wanted = {"role": role, "access_ends_at": ends or row.access_ends_at,
              "state": EnrollmentState.ACTIVE if row.state == EnrollmentState.REVOKED
              else row.state}
    if all(getattr(row, k) == v for k, v in wanted.items()):
        report.unchanged += 1
        return None
    for k, v in wanted.items():
        setattr(row, k, v)
    report.changed += 1
    return None
