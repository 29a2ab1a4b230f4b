"""Progress on the real PostgreSQL (rolled back per test) with the frozen clock: access rules
open lessons as time passes without sleeping, requirements complete them, grading's event
completes challenge lessons, and course completion fires once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from grading import events
from kit import clock
from kit.models import OutboxMessage
from lms.courses import service as courses
from lms.courses.schemas import LessonCreate
from lms.enrollment import service as enrollment
from lms.progress import service as progress
from models import CourseStatus, Role
from tests.fixtures import factories as make


class World:
    def __init__(self, s: Session, **course: Any) -> None:
        self.s = s
        self.owner = make.user(s, Role.INSTRUCTOR)
        self.course = make.course(s, self.owner, CourseStatus.PUBLISHED, **course)
        self.section = courses.add_section(s, self.course, "Week 1", None)
        self.learner = make.user(s)
        self.who = make.principal(self.learner)

    def lesson(self, **fields: Any) -> Any:
        body = LessonCreate(**{"kind": "text", "title": "L", "status": "published", **fields})
        return courses.add_lesson(self.s, make.principal(self.owner), self.course,
                                  self.section.id, body)

    def enroll(self) -> Any:
        return enrollment.enroll(self.s, self.who, self.course)

    def locked(self, lesson: Any) -> progress.Lock | None:
        lessons = progress.ordered_lessons(self.s, self.who, self.course)
        done = progress.completed(progress.progress_of(self.s, self.learner.id, self.course))
        row = enrollment.of(self.s, self.course, self.learner.id)
        return progress.locks(self.course, lessons, done, row).get(lesson.id)


def test_drip_and_dates_open_lessons_as_time_passes(session: Session,
                                                   frozen_clock: clock.FrozenClock) -> None:
    w = World(session)
    now = frozen_clock.now()
    dated = w.lesson(title="dated", unlock_at=now + timedelta(hours=2))
    drip = w.lesson(title="drip", unlock_after_days=3)
    w.enroll()
    lock = w.locked(dated)
    assert lock is not None and lock.unlocks_at == now + timedelta(hours=2)
    with pytest.raises(progress.Locked) as refused:
        progress.view(session, w.who, w.course, dated)
    assert refused.value.extra["unlocks_at"] == (now + timedelta(hours=2)).isoformat()
    frozen_clock.advance(2 * 3600)
    assert w.locked(dated) is None
    assert w.locked(drip) is not None
    frozen_clock.advance(3 * 86400)
    assert w.locked(drip) is None


def test_prerequisites_and_sequential_progress(session: Session) -> None:
    w = World(session, require_sequential_progress=True)
    first, second = w.lesson(title="first"), w.lesson(title="second")
    w.enroll()
    assert "first" in (w.locked(second) or progress.Lock("")).reason
    progress.view(session, w.who, w.course, first)
    assert w.locked(second) is None
    w2 = World(session)
    a = w2.lesson(title="a")
    b = w2.lesson(title="b", prerequisites=[a.id])
    w2.enroll()
    assert w2.locked(b) is not None and w2.locked(a) is None


def test_viewing_completes_and_the_course_completes_once(session: Session) -> None:
    w = World(session)
    one, two = w.lesson(title="one"), w.lesson(title="two")
    w.lesson(title="draft", status="draft")  # not required: learners cannot see it
    row = w.enroll()
    viewed = progress.view(session, w.who, w.course, one)
    assert viewed is not None and viewed[0].state == "completed"
    assert (row.percent, row.state, row.last_lesson_id) == (50.0, "active", one.id)
    progress.view(session, w.who, w.course, two)
    assert (row.percent, row.state) == (100.0, "completed")
    first_completion = row.completed_at
    progress.view(session, w.who, w.course, one)  # again: nothing fires twice
    assert row.completed_at == first_completion
    fired = session.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == progress.COURSE_COMPLETED)).all()
    assert [m.payload for m in fired] == [{"course_id": str(w.course.id),
                                           "user_id": str(w.learner.id)}]


def test_an_accepted_submission_completes_its_challenge_lesson(session: Session) -> None:
    w = World(session)
    challenge = make.challenge(session, w.owner)
    make.version(session, challenge)
    accepted = w.lesson(kind="challenge", challenge=challenge.slug)
    scored = w.lesson(kind="challenge", challenge=challenge.slug,
                      completion={"kind": "min_score", "min_score": 60})
    row = w.enroll()
    sub = make.submission(session, w.learner, challenge_id=challenge.id, verdict="WA",
                          points=50.0, max_points=100.0)
    progress.judged(session, events.judged(sub))
    mine = progress.progress_of(session, w.learner.id, w.course)
    assert mine[accepted.id].state == "in_progress" and mine[scored.id].state == "in_progress"
    sub.verdict, sub.points = "AC", 100.0
    run = events.judged(sub) | {"mode": "run"}
    progress.judged(session, run)  # the Run button counts for nothing
    assert progress.progress_of(session, w.learner.id, w.course)[accepted.id].state != \
        "completed"
    for _ in range(2):  # delivered twice (at least once): the same result
        progress.judged(session, events.judged(sub))
    mine = progress.progress_of(session, w.learner.id, w.course)
    assert mine[accepted.id].state == mine[scored.id].state == "completed"
    assert row.state == "completed" and mine[scored.id].best_score == 100.0


def test_enrollment_rules(session: Session, frozen_clock: clock.FrozenClock) -> None:
    w = World(session)
    lesson = w.lesson()
    row = w.enroll()
    with pytest.raises(enrollment.AlreadyEnrolled):
        w.enroll()
    paid = make.course(session, w.owner, CourseStatus.PUBLISHED, price_cents=1999)
    with pytest.raises(enrollment.PaymentRequired):
        enrollment.enroll(session, w.who, paid)
    row.access_ends_at = frozen_clock.now() + timedelta(days=1)
    progress.open_lesson(session, w.who, w.course, lesson)
    frozen_clock.advance(86400)
    with pytest.raises(enrollment.NotEnrolled):
        progress.open_lesson(session, w.who, w.course, lesson)
    assert row.state == "expired"
    stranger = make.principal(make.user(session))
    with pytest.raises(enrollment.NotEnrolled):
        progress.open_lesson(session, stranger, w.course, lesson)


def test_a_pinned_lesson_counts_submissions_on_its_version_only(session: Session) -> None:
    w = World(session)
    challenge = make.challenge(session, w.owner)
    old = make.version(session, challenge, number=1)
    current = make.version(session, challenge, number=2)
    pinned = w.lesson(kind="challenge", challenge=challenge.slug, challenge_version=1)
    follows = w.lesson(kind="challenge", challenge=challenge.slug)
    assert pinned.challenge_version_id == old.id and follows.challenge_version_id is None
    w.enroll()
    on_current = make.submission(session, w.learner, current, verdict="AC")
    progress.judged(session, events.judged(on_current))
    mine = progress.progress_of(session, w.learner.id, w.course)
    assert mine[follows.id].state == "completed" and pinned.id not in mine
    on_old = make.submission(session, w.learner, old, verdict="AC")
    progress.judged(session, events.judged(on_old))
    assert progress.progress_of(session, w.learner.id, w.course)[pinned.id].state == "completed"
