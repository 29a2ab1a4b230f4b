"""The learning product's mail, each through accounts.emails.notify (so preferences and
one-click unsubscribe hold for all of it), each from an outbox task written in the transaction
of its cause:

- **enrolled**: a learner's enrollment (self-enrolled, bought, granted by a membership, added by
  staff or a CSV import), with the link to start;
- **course completed**: with the certificate's public verification link (the certificate is
  issued here if the certificates subscriber has not yet: issuing is idempotent);
- **judged again**: a learner's latest submission to a challenge got a new verdict from a
  rejudge (which runs on the low-priority queue, long after they left the page);
- **payment receipt**: an order paid, with what was bought, the amount and Stripe's receipt;
- **video ready**: to the instructor who uploaded it, once it is transcoded (lms.video.jobs);
- **weekly digest**: each learner's week, from lms.notifications.digest.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import emails
from grading.events import VERDICT_NAMES
from kit.settings import Settings
from kit.storage import Storage
from lms.certificates import service as certificates
from lms.enrollment import service as enrollment
from models import (
    Challenge,
    Course,
    Enrollment,
    Lesson,
    LessonStatus,
    Mode,
    Order,
    Plan,
    Submission,
    User,
)

ENROLLED = "lms.notifications.enrolled"
COMPLETED = "lms.notifications.course_completed"
REJUDGED = "lms.notifications.rejudged"
PAID = "lms.notifications.paid"


def _site(settings: Settings) -> str:
    return settings.mail.site_url.rstrip("/")


def _pair(s: Session, payload: dict[str, Any]) -> tuple[Course, User] | None:
    course = s.get(Course, uuid.UUID(payload["course_id"]))
    user = s.get(User, uuid.UUID(payload["user_id"]))
    return (course, user) if course is not None and user is not None and user.active else None


def on_enrolled(settings: Settings) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        found = _pair(s, payload)
        if found is not None:
            course, user = found
            emails.notify(s, settings, user, "courses", "enrolled", course=course.title,
                          url=f"{_site(settings)}/courses/{course.slug}")
    return handle


def on_completed(settings: Settings, blobs: Storage) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        found = _pair(s, payload)
        if found is not None:
            course, user = found
            cert = certificates.issue(s, blobs, course.id, user.id)
            emails.notify(s, settings, user, "courses", "course_completed",
                          course=course.title,
                          url=f"{_site(settings)}/certificates/{cert.code}")
    return handle


def video_ready(s: Session, settings: Settings, user_id: uuid.UUID | None, course: Course,
                filename: str) -> None:
    user = s.get(User, user_id) if user_id is not None else None
    if user is not None and user.active:
        emails.notify(s, settings, user, "videos", "video_ready", filename=filename,
                      course=course.title, url=f"{_site(settings)}/teach/{course.slug}/videos")


def on_judged(settings: Settings) -> Any:
    """Only rejudges, and only the submission that counts (the learner's latest to the
    challenge): a rejudge of a challenge is one mail per learner, not one per attempt."""
    def handle(s: Session, payload: dict[str, Any]) -> None:
        if not payload.get("rejudged") or not payload.get("challenge_id"):
            return
        user = s.get(User, uuid.UUID(payload["user_id"]))
        challenge = s.get(Challenge, uuid.UUID(payload["challenge_id"]))
        if user is None or not user.active or challenge is None:
            return
        latest = s.scalar(select(Submission.id).where(
            Submission.user_id == user.id, Submission.challenge_id == challenge.id,
            Submission.mode == Mode.SUBMIT).order_by(Submission.created_at.desc()).limit(1))
        if str(latest) != payload["submission_id"]:
            return
        where = s.execute(select(Course.slug, Lesson.id).join(Lesson, Lesson.course_id == Course.id)
                          .join(Enrollment, Enrollment.course_id == Course.id).where(
            Lesson.challenge_id == challenge.id, Lesson.status == LessonStatus.PUBLISHED,
            Enrollment.user_id == user.id, Enrollment.state.in_(enrollment.IN)).limit(1)).first()
        verdict = str(payload.get("verdict") or "")
        points, top = payload.get("points"), payload.get("max_points")
        emails.notify(s, settings, user, "grading", "rejudged", challenge=challenge.title,
                      verdict=VERDICT_NAMES.get(verdict, verdict), accepted=verdict == "AC",
                      score=f"{points:g} of {top:g} points" if points is not None and top
                      else None,
                      url=f"{_site(settings)}/learn/{where[0]}/{where[1]}" if where
                      else f"{_site(settings)}/dashboard")
    return handle


def on_paid(settings: Settings) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        order = s.get(Order, uuid.UUID(payload["order_id"]))
        user = s.get(User, order.user_id) if order is not None else None
        if order is None or user is None or not user.active:
            return
        course = s.get(Course, order.course_id) if order.course_id else None
        plan = s.get(Plan, order.plan_id) if order.plan_id else None
        what = course.title if course else plan.title if plan else "your order"
        url = f"{_site(settings)}/courses/{course.slug}" if course \
            else f"{_site(settings)}/dashboard"
        emails.notify(s, settings, user, "payments", "receipt", what=what,
                      amount=money(order.amount_cents, order.currency),
                      discount=money(order.discount_cents, order.currency)
                      if order.discount_cents else None,
                      order=str(order.id), paid=order.paid_at, receipt_url=order.receipt_url,
                      url=url)
    return handle


# Stripe's zero-decimal currencies: their amounts are whole units already
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                "vuv", "xaf", "xof", "xpf"}


def money(cents: int, currency: str) -> str:
    """An amount in Stripe's smallest unit, in words a receipt can show: "12.50 EUR"."""
    code = currency.lower()
    amount = f"{cents:,}" if code in ZERO_DECIMAL else f"{cents / 100:,.2f}"
    return f"{amount} {code.upper()}"
