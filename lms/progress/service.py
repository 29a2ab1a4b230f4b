"""Progress: when a lesson opens (access rules), what completes it (its requirement), and the
course's figures. Completion from grading arrives as the `submission judged` event
(`judged`), in the worker, never by polling; course completion fires once.

Access rules, in Canvas's vocabulary: `unlock_at` (a date), `unlock_after_days` (after the
learner's enrollment: drip), prerequisites (lessons to complete first) and the course's
`require_sequential_progress` (every earlier lesson first). Staff are never locked out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import protocol
from accounts.service import Principal
from kit import clock, streams
from kit.dispatch import Dispatcher
from kit.errors import Forbidden
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.events import service as events
from models import (
    Course,
    Enrollment,
    EnrollmentState,
    EventKind,
    Lesson,
    LessonProgress,
    LessonStatus,
    ProgressState,
)

COURSE_COMPLETED = "lms.course_completed"  # a domain event, for certificates and mail


class Locked(Forbidden):
    title = "Lesson Locked"


@dataclass(frozen=True)
class Lock:
    reason: str
    unlocks_at: datetime | None = None


def ordered_lessons(s: Session, who: Principal, course: Course) -> list[Lesson]:
    return [x for _, rows in courses.outline(s, who, course) for x in rows]


def progress_of(s: Session, user_id: uuid.UUID, course: Course) -> dict[uuid.UUID, LessonProgress]:
    return {p.lesson_id: p for p in s.scalars(select(LessonProgress).where(
        LessonProgress.user_id == user_id, LessonProgress.course_id == course.id))}


def completed(mine: dict[uuid.UUID, LessonProgress]) -> set[uuid.UUID]:
    return {k for k, p in mine.items() if p.state == ProgressState.COMPLETED}


def locks(course: Course, lessons: list[Lesson], done: set[uuid.UUID],
          row: Enrollment | None) -> dict[uuid.UUID, Lock]:
    """Why each locked lesson is locked (staff, row None: nothing is)."""
    if row is None:
        return {}
    now, found = clock.now(), {}
    titles = {x.id: x.title for x in lessons}
    for i, lesson in enumerate(lessons):
        lock = _lock(course, lesson, lessons[:i], done, row, now, titles)
        if lock is not None:
            found[lesson.id] = lock
    return found


def _lock(course: Course, lesson: Lesson, earlier: list[Lesson], done: set[uuid.UUID],
          row: Enrollment, now: datetime, titles: dict[uuid.UUID, str]) -> Lock | None:
    if lesson.unlock_at is not None and lesson.unlock_at > now:
        return Lock("this lesson opens on a set date", lesson.unlock_at)
    if lesson.unlock_after_days:
        opens = row.created_at + timedelta(days=lesson.unlock_after_days)
        if opens > now:
            return Lock(f"this lesson opens {lesson.unlock_after_days} days after you enrolled",
                        opens)
    missing = [uuid.UUID(p) for p in lesson.prerequisites if uuid.UUID(p) not in done]
    if missing:
        names = ", ".join(repr(titles.get(m, str(m))) for m in missing)
        return Lock(f"complete {names} first")
    if course.require_sequential_progress:
        behind = [x for x in earlier if x.id not in done]
        if behind:
            return Lock(f"complete the lessons before it first (next: {behind[0].title!r})")
    return None


def open_lesson(s: Session, who: Principal, course: Course,
                lesson: Lesson) -> Enrollment | None:
    """The caller's enrollment (None for staff), or NotEnrolled, or Locked (with why and,
    where known, when it opens)."""
    row = enrollment.access(s, who, course)
    if row is None:
        return None
    done = completed(progress_of(s, who.user_id, course))
    lock = locks(course, ordered_lessons(s, who, course), done, row).get(lesson.id)
    if lock is not None:
        raise Locked(lock.reason, unlocks_at=lock.unlocks_at.isoformat()
                     if lock.unlocks_at else None)
    return row


def mine(s: Session, user_id: uuid.UUID, lesson: Lesson) -> LessonProgress | None:
    return s.scalar(select(LessonProgress).where(LessonProgress.user_id == user_id,
                                                 LessonProgress.lesson_id == lesson.id))


def _row(s: Session, user_id: uuid.UUID, lesson: Lesson) -> LessonProgress:
    found = s.scalar(select(LessonProgress).where(LessonProgress.user_id == user_id,
                                                  LessonProgress.lesson_id == lesson.id)
                     .with_for_update())
    if found is None:
        found = LessonProgress(user_id=user_id, lesson_id=lesson.id, course_id=lesson.course_id,
                               state=ProgressState.NOT_STARTED)
        s.add(found)
    return found


def view(s: Session, who: Principal, course: Course,
         lesson: Lesson) -> tuple[LessonProgress, Enrollment] | None:
    """The learner opened the lesson: `must_view` completes it. Staff views are not counted
    (None)."""
    row = open_lesson(s, who, course, lesson)
    if row is None:
        return None
    progress = _row(s, who.user_id, lesson)
    progress.viewed = True
    row.last_lesson_id = lesson.id
    events.record(s, EventKind.LESSON_VIEWED, lesson.course_id, who.user_id, lesson.id)
    _advance(s, progress, lesson, row)
    return progress, row


# -- watching a video ----------------------------------------------------------------------------
WATCH_SLACK_S = 30.0  # what one report may add beyond the time since the last one (at 2x speed)
MAX_RATE = 2.0


def merge(spans: list[list[float]]) -> list[list[float]]:
    """Sorted, non-overlapping spans covering the same seconds (touching spans join)."""
    out: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in spans if b > a):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def covered(spans: list[list[float]]) -> float:
    return sum(end - start for start, end in merge(spans))


def _gaps(spans: list[list[float]], start: float, end: float) -> list[list[float]]:
    """The parts of [start, end] that `spans` (merged) do not cover, in order."""
    out, at = [], start
    for a, b in spans:
        if b <= at or a >= end:
            continue
        if a > at:
            out.append([at, a])
        at = max(at, b)
    if at < end:
        out.append([at, end])
    return out


def add_watched(have: list[list[float]], reported: list[tuple[float, float]], duration: float,
                budget: float) -> list[list[float]]:
    """`have` plus the reported spans (clipped to the video), adding at most `budget` seconds
    of new coverage, earliest first: a client cannot claim more than it could have played
    since it last reported."""
    spans = merge(have)
    for start, end in sorted(reported):
        for a, b in _gaps(spans, max(0.0, start), min(duration, end)):
            take = min(b - a, budget)
            if take <= 0:
                return spans
            spans, budget = merge([*spans, [a, a + take]]), budget - take
    return spans


def watch(s: Session, who: Principal, course: Course, lesson: Lesson, duration: float,
          reported: list[tuple[float, float]],
          position: float) -> tuple[LessonProgress, Enrollment] | None:
    """The player's report: the spans it played since its last report and where it is. The
    lesson's watched fraction is the union of every span played (skipping to the end is not
    watching), and `must_watch` completes at its fraction. Staff previews are not recorded
    (None)."""
    row = open_lesson(s, who, course, lesson)
    if row is None:
        return None
    progress = _row(s, who.user_id, lesson)
    now = clock.now()
    elapsed = (now - progress.watch_reported_at).total_seconds() \
        if progress.watch_reported_at else 0.0
    budget = MAX_RATE * max(0.0, elapsed) + WATCH_SLACK_S
    progress.watched_intervals = add_watched(progress.watched_intervals or [], reported,
                                             duration, budget)
    progress.watched = round(min(1.0, covered(progress.watched_intervals) / duration), 4) \
        if duration > 0 else 0.0
    progress.position = max(0.0, min(position, duration))
    progress.watch_reported_at = now
    row.last_lesson_id = lesson.id
    _advance(s, progress, lesson, row)
    return progress, row


def satisfied(progress: LessonProgress, requirement: dict[str, Any]) -> bool:
    kind = requirement.get("kind")
    if kind == "must_view":
        return progress.viewed
    if kind == "must_submit":
        return progress.submitted
    if kind == "min_score":
        return (progress.best_score or 0.0) >= float(requirement.get("min_score", 100))
    if kind == "challenge_accepted":
        return progress.accepted
    if kind == "must_watch":
        return progress.watched >= float(requirement.get("fraction", 1.0))
    return False


def _advance(s: Session, progress: LessonProgress, lesson: Lesson, row: Enrollment) -> None:
    now = clock.now()
    progress.started_at = progress.started_at or now
    if progress.state != ProgressState.COMPLETED and satisfied(progress, lesson.completion):
        progress.state, progress.completed_at = ProgressState.COMPLETED, now
        events.record(s, EventKind.LESSON_COMPLETED, lesson.course_id, progress.user_id,
                         lesson.id, dedupe=f"completed:{progress.user_id}:{lesson.id}:{now}")
    elif progress.state == ProgressState.COMPLETED and not satisfied(progress,
                                                                     lesson.completion):
        progress.state, progress.completed_at = ProgressState.IN_PROGRESS, None  # a regrade
    elif progress.state == ProgressState.NOT_STARTED:
        progress.state = ProgressState.IN_PROGRESS
    s.flush()
    recompute(s, row)
    streams.publish(s, stream_key(row.course_id, row.user_id), "progress", {
        "lesson_id": str(lesson.id), "lesson_state": progress.state, "percent": row.percent,
        "course_completed": row.completed_at is not None,
        "last_lesson_id": str(row.last_lesson_id) if row.last_lesson_id else None})


def stream_key(course_id: uuid.UUID, user_id: uuid.UUID) -> str:
    """The learner's live progress in a course (kit.streams; followed over SSE)."""
    return protocol.progress_key(str(course_id), str(user_id))


def recompute(s: Session, row: Enrollment) -> None:
    """The course's percent of published lessons completed; completion fires once."""
    required = set(s.scalars(select(Lesson.id).where(Lesson.course_id == row.course_id,
                                                     Lesson.status == LessonStatus.PUBLISHED)))
    done = set(s.scalars(select(LessonProgress.lesson_id).where(
        LessonProgress.user_id == row.user_id, LessonProgress.course_id == row.course_id,
        LessonProgress.state == ProgressState.COMPLETED))) & required
    row.percent = round(100.0 * len(done) / len(required), 2) if required else 0.0
    if required and done == required and row.completed_at is None:
        row.completed_at, row.state = clock.now(), EnrollmentState.COMPLETED
        events.record(s, EventKind.COURSE_COMPLETED, row.course_id, row.user_id,
                         dedupe=f"course:{row.course_id}:{row.user_id}")
        Dispatcher.task(s, COURSE_COMPLETED, {"course_id": str(row.course_id),
                                               "user_id": str(row.user_id)})


def judged(s: Session, payload: dict[str, Any]) -> None:
    """A graded submission was judged: it counts for every challenge lesson on that challenge
    in the courses the learner is enrolled in (idempotent: replays change nothing)."""
    if payload.get("mode") != "submit" or payload.get("challenge_id") is None:
        return
    user_id = uuid.UUID(payload["user_id"])
    found = s.execute(select(Lesson, Enrollment).join(
        Enrollment, Enrollment.course_id == Lesson.course_id).where(
        Lesson.challenge_id == uuid.UUID(payload["challenge_id"]),
        Lesson.status == LessonStatus.PUBLISHED, Enrollment.user_id == user_id,
        Enrollment.state.in_(enrollment.IN))).all()
    points, top = payload.get("points"), payload.get("max_points")
    score = 100.0 * points / top if points is not None and top else None
    for lesson, row in found:
        pinned = lesson.challenge_version_id
        if pinned is not None and str(pinned) != payload.get("version_id"):
            continue  # a lesson pinned to a version counts submissions on that version only
        progress = _row(s, user_id, lesson)
        progress.submitted = True
        progress.accepted = progress.accepted or payload.get("verdict") == "AC"
        if score is not None:
            progress.best_score = max(progress.best_score or 0.0, score)
        events.record(s, EventKind.SUBMISSION_JUDGED, lesson.course_id, user_id, lesson.id,
                         {"verdict": payload.get("verdict"), "score": score,
                          "failed_test": payload.get("failed_test"),
                          "submission_id": payload.get("submission_id")},
                         dedupe=f"judged:{payload.get('submission_id')}:"
                                f"{payload.get('epoch')}:{lesson.id}")
        _advance(s, progress, lesson, row)


def scored(s: Session, user_id: uuid.UUID, lesson: Lesson, score: float | None) -> None:
    """A quiz lesson's counted score changed (an attempt submitted, a regrade): `min_score`
    follows it both ways, through the same path as challenges. Staff and former learners
    have no progress to keep."""
    row = s.scalar(select(Enrollment).where(Enrollment.course_id == lesson.course_id,
                                            Enrollment.user_id == user_id,
                                            Enrollment.state.in_(enrollment.IN)))
    if row is None or row.role != "learner":
        return
    progress = _row(s, user_id, lesson)
    progress.submitted = progress.submitted or score is not None
    progress.best_score = score
    _advance(s, progress, lesson, row)
