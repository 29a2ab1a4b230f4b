"""The learning product's mail that is not an account flow: a rejudge's new verdict (to the
learner whose latest submission it is, once) and the weekly digest (batched, once per learner
and week however often the job runs, and not to those who turned it off). Rendered through the
real templates into the outbox; delivery over SMTP is tested in tests/kit/test_mail.py and
tests/accounts/test_account_mail.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import protocol
from grading import events
from kit import mail
from kit.models import OutboxMessage
from kit.settings import Settings
from lms.notifications import digest
from lms.notifications import service as notifications
from models import (
    CourseRole,
    Enrollment,
    EnrollmentState,
    Lesson,
    LessonProgress,
    LessonStatus,
    MailDigest,
    Role,
    Section,
    User,
)
from tests.fixtures import factories

SETTINGS = Settings()
SETTINGS.mail.site_url = "https://learn.example.com"
MONDAY = datetime(2026, 11, 30, tzinfo=UTC)  # the reported week: 30 November to 6 December


def mails(s: Session) -> list[dict[str, Any]]:
    s.flush()
    return [m.payload for m in s.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == mail.TOPIC).order_by(OutboxMessage.created_at))]


def lessons(s: Session, course_id: Any, count: int, **fields: Any) -> list[Lesson]:
    section = Section(course_id=course_id, title="S", position="a")
    s.add(section)
    s.flush()
    made = [Lesson(course_id=course_id, section_id=section.id, position=f"a{i}", kind="text",
                   title=f"Lesson {i}", status=LessonStatus.PUBLISHED, **fields)
            for i in range(count)]
    s.add_all(made)
    s.flush()
    return made


def enroll(s: Session, user: User, course_id: Any, **fields: Any) -> Enrollment:
    row = Enrollment(**{"course_id": course_id, "user_id": user.id, "role": CourseRole.LEARNER,
                        "state": EnrollmentState.ACTIVE, **fields})
    s.add(row)
    s.flush()
    return row


def test_a_rejudge_mails_the_new_verdict_of_the_latest_submission_only(session: Session) -> None:
    s = session
    owner, learner = factories.user(s, Role.INSTRUCTOR), factories.user(s)
    challenge = factories.challenge(s, owner)
    version = factories.version(s, challenge)
    course = factories.course(s, owner)
    [lesson] = lessons(s, course.id, 1, challenge_id=challenge.id)
    lesson.kind = "challenge"
    enroll(s, learner, course.id)
    older = factories.submission(s, learner, version, queue=protocol.QUEUE_REJUDGE,
                                 verdict="AC", points=1.0, max_points=1.0,
                                 created_at=datetime.now(UTC) - timedelta(hours=1))
    latest = factories.submission(s, learner, version, queue=protocol.QUEUE_REJUDGE,
                                  verdict="WA", points=2.0, max_points=3.0)
    handle = notifications.on_judged(SETTINGS)

    handle(s, events.judged(older))  # superseded by a later attempt: no mail
    latest.queue = protocol.QUEUE_SUBMISSIONS
    handle(s, events.judged(latest))  # a first judging, watched live: no mail
    assert mails(s) == []
    latest.queue = protocol.QUEUE_REJUDGE
    handle(s, events.judged(latest))
    [sent] = mails(s)
    assert sent["to"] == learner.email
    assert sent["subject"] == f"Your solution to {challenge.title} was judged again"
    assert "The new verdict: Wrong answer (2 of 3 points)." in sent["text"]
    assert f"https://learn.example.com/learn/{course.slug}/{lesson.id}" in sent["text"]
    assert sent["headers"]["List-Unsubscribe"].startswith("<https://")  # optional: grading

    learner.mail_opt_out = ["grading"]
    handle(s, events.judged(latest))
    assert len(mails(s)) == 1


def test_the_weekly_digest_goes_once_per_learner_and_week_in_batches(
        session: Session, sessions: sessionmaker[Session]) -> None:
    s = session
    owner = factories.user(s, Role.INSTRUCTOR)
    busy, idle, quiet, finished = (factories.user(s) for _ in range(4))
    course, other = factories.course(s, owner, title="Python"), factories.course(s, owner)
    made = lessons(s, course.id, 3)
    lessons(s, other.id, 1)
    enroll(s, busy, course.id, percent=66.67, last_lesson_id=made[1].id)
    enroll(s, busy, other.id)
    enroll(s, idle, course.id)
    enroll(s, quiet, course.id)
    quiet.mail_opt_out = ["digest"]
    enroll(s, finished, course.id, state=EnrollmentState.COMPLETED)
    in_week = MONDAY + timedelta(days=2)
    s.add_all([LessonProgress(user_id=busy.id, lesson_id=made[i].id, course_id=course.id,
                              state="completed", completed_at=at)
               for i, at in enumerate([in_week, in_week, MONDAY - timedelta(hours=1)])])
    s.commit()

    now = MONDAY + timedelta(days=7, hours=9)  # Monday morning after the week
    assert digest.reported_week(now) == MONDAY.date()
    assert digest.send(sessions, SETTINGS, now, batch=2) == 2  # busy and idle
    assert digest.send(sessions, SETTINGS, now + timedelta(hours=1), batch=2) == 0  # again
    sent = {m["to"]: m for m in mails(s)}
    assert set(sent) == {busy.email, idle.email}
    text = sent[busy.email]["text"]
    assert sent[busy.email]["subject"] == "Your week: 2 lessons finished"
    assert "From 30 November to 6 December 2026 you finished 2 lessons." in text
    assert text.index("Python: 67% done, 2 this week") < text.index(f"{other.title}: 0% done")
    assert f"https://learn.example.com/learn/{course.slug}/{made[1].id}" in text
    assert f"https://learn.example.com/courses/{other.slug}" in text
    assert sent[idle.email]["subject"] == "Your week: pick up where you left off"
    claimed = {row.user_id: row.sent for row in s.scalars(select(MailDigest))}
    assert claimed == {busy.id: True, idle.id: True, quiet.id: False}  # not `finished`
    # the next week is a new digest
    assert digest.send(sessions, SETTINGS, now + timedelta(days=7), batch=2) == 2
