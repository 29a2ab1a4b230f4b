"""The weekly progress digest: each learner with a course under way gets, once a week, what
they finished in the week that ended (Monday 00:00 UTC to Monday 00:00 UTC), where each course
stands, and the link back to where they left off.

A periodic job of the app worker (`send`, hourly): it walks learners in batches by id, and in
each batch's transaction claims the week for each of them with a `mail_digests` row (insert,
ON CONFLICT DO NOTHING); only the rows it inserted are mailed, in the same transaction. So the
job may run every hour, be killed half-way, or run on two workers at once, and each learner
still gets one digest a week: a batch that did not commit claimed nothing and sent nothing
(its mail is outbox rows in that transaction). Learners who turned the digest off are claimed
too (sent = false), so they are not looked at again that week.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from accounts import emails
from kit import clock, db
from kit.settings import Settings
from models import (
    Course,
    CourseRole,
    Enrollment,
    EnrollmentState,
    LessonProgress,
    MailDigest,
    User,
)

CATEGORY = "digest"
BATCH = 200


def reported_week(now: datetime) -> date:
    """The Monday that began the last whole week before `now` (UTC)."""
    today = now.astimezone(UTC).date()
    return today - timedelta(days=today.weekday() + 7)


@dataclass(frozen=True)
class CourseWeek:
    title: str
    percent: int
    finished: int  # lessons completed in the week
    url: str


def send(sessions: sessionmaker[Session], settings: Settings, now: datetime | None = None,
         batch: int = BATCH) -> int:
    """Mail the last week's digests not yet sent; returns how many were mailed."""
    week = reported_week(now or clock.now())
    mailed, after = 0, None
    while True:
        with db.unit_of_work(sessions) as s:
            users = _due(s, week, after, batch)
            if not users:
                return mailed
            after = users[-1]
            for user_id in _claim(s, users, week):
                mailed += _mail(s, settings, user_id, week)


def _due(s: Session, week: date, after: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
    """Active learners with a course under way and no digest row for `week`, by id."""
    query = (select(User.id).join(Enrollment, Enrollment.user_id == User.id)
             .outerjoin(MailDigest, and_(MailDigest.user_id == User.id, MailDigest.week == week))
             .where(User.active.is_(True), MailDigest.id.is_(None),
                    Enrollment.role == CourseRole.LEARNER,
                    Enrollment.state == EnrollmentState.ACTIVE)
             .group_by(User.id).order_by(User.id).limit(limit))
    if after is not None:
        query = query.where(User.id > after)
    return list(s.scalars(query))


def _claim(s: Session, users: list[uuid.UUID], week: date) -> list[uuid.UUID]:
    rows = [{"id": uuid.uuid4(), "user_id": u, "week": week, "sent": False} for u in users]
    claimed = s.scalars(insert(MailDigest).values(rows).on_conflict_do_nothing(
        index_elements=["user_id", "week"]).returning(MailDigest.user_id))
    return sorted(claimed)


def _mail(s: Session, settings: Settings, user_id: uuid.UUID, week: date) -> int:
    user = s.get(User, user_id)
    if user is None or not emails.wants(user, CATEGORY):
        return 0
    courses = report(s, settings, user_id, week)
    if not courses:
        return 0
    start = datetime.combine(week, time(), tzinfo=UTC)
    if not emails.notify(s, settings, user, CATEGORY, "digest", courses=courses,
                         finished=sum(c.finished for c in courses),
                         week=f"{start:%-d %B} to {start + timedelta(days=6):%-d %B %Y}"):
        return 0
    s.execute(update(MailDigest).where(MailDigest.user_id == user_id, MailDigest.week == week)
              .values(sent=True))
    return 1


def report(s: Session, settings: Settings, user_id: uuid.UUID, week: date) -> list[CourseWeek]:
    """Each course under way: its share done, the lessons finished in `week`, where to go on."""
    start = datetime.combine(week, time(), tzinfo=UTC)
    finished = (select(func.count()).where(
        LessonProgress.user_id == user_id, LessonProgress.course_id == Course.id,
        LessonProgress.completed_at >= start,
        LessonProgress.completed_at < start + timedelta(days=7))
        .correlate(Course).scalar_subquery())
    site = settings.mail.site_url.rstrip("/")
    rows = s.execute(
        select(Course.title, Course.slug, Enrollment.percent, Enrollment.last_lesson_id, finished)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .where(Enrollment.user_id == user_id, Enrollment.role == CourseRole.LEARNER,
               Enrollment.state == EnrollmentState.ACTIVE)
        .order_by(finished.desc(), Course.title)).all()
    return [CourseWeek(title, round(percent or 0), count,
                       f"{site}/learn/{slug}/{last}" if last else f"{site}/courses/{slug}")
            for title, slug, percent, last, count in rows]
