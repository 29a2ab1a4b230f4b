"""Attempts: start (a seeded draw and shuffle), autosave (last write wins per question; a stale
`version` is refused), submit, the deadline job, scoring, review, and regrading.

Time is the server's: an attempt's deadline is min(start + time limit, the quiz's close), fixed
when it starts. A scheduled job (an outbox message due at the deadline, `DEADLINE_TOPIC`) closes
and scores it with what was saved; saves after the deadline are refused. Submit and the job
both take the attempt's row lock and score only an attempt still in progress, and saves hold a
share lock, so concurrent saves, a submit and the job never produce two scores.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db, outbox
from kit.errors import Conflict, Forbidden, NotFound
from lms.courses import service as courses
from lms.events import service as events
from lms.progress import service as progress
from lms.quizzes import questions, schemas
from lms.quizzes import service as quizzes
from models import (
    Answer,
    Attempt,
    AttemptState,
    Course,
    EventKind,
    Feedback,
    Lesson,
    LessonStatus,
    Question,
    Quiz,
    Submission,
)

DEADLINE_TOPIC = "lms.quizzes.deadline"


class QuizClosed(Conflict):
    title = "Quiz Not Open"


class NoAttemptsLeft(Conflict):
    title = "No Attempts Left"


class AttemptClosed(Conflict):
    title = "Attempt Closed"


class StaleAnswer(Conflict):
    title = "Stale Answer"


# -- starting -----------------------------------------------------------------------------------
def _lessons(s: Session, row: Quiz) -> list[Lesson]:
    return list(s.scalars(select(Lesson).where(Lesson.quiz_id == row.id,
                                               Lesson.status == LessonStatus.PUBLISHED)))


def check_access(s: Session, who: Principal, course: Course, row: Quiz) -> bool:
    """Staff (True) preview; learners must be enrolled and have the quiz's lesson open."""
    if courses.is_staff(s, who, course):
        return True
    lessons = _lessons(s, row)
    if not lessons:
        raise NotFound(f"no quiz {row.id} in this course")
    progress.open_lesson(s, who, course, lessons[0])
    return False


def mine(s: Session, row: Quiz, user_id: uuid.UUID) -> list[Attempt]:
    return list(s.scalars(select(Attempt).where(Attempt.quiz_id == row.id,
                                                Attempt.user_id == user_id)
                          .order_by(Attempt.number)))


def start(s: Session, who: Principal, course: Course, row: Quiz) -> Attempt:
    """The caller's attempt in progress, or a new one if the quiz is open and attempts are
    left."""
    staff = check_access(s, who, course, row)
    db.lock_key(s, f"quiz-start:{row.id}:{who.user_id}")
    had = mine(s, row, who.user_id)
    current = next((a for a in had if a.state == AttemptState.IN_PROGRESS), None)
    if current is not None:
        return current
    now = clock.now()
    if not staff and row.opens_at is not None and now < row.opens_at:
        raise QuizClosed(f"the quiz opens at {row.opens_at.isoformat()}",
                         opens_at=row.opens_at.isoformat())
    if not staff and row.closes_at is not None and now >= row.closes_at:
        raise QuizClosed("the quiz has closed")
    if not staff and row.attempt_limit is not None and len(had) >= row.attempt_limit:
        raise NoAttemptsLeft(f"you have used all {row.attempt_limit} attempts")
    seed = secrets.randbits(62)
    layout = draw(s, row, seed)
    ends = [now + timedelta(seconds=row.time_limit_s)] if row.time_limit_s else []
    ends += [row.closes_at] if row.closes_at is not None else []
    attempt = Attempt(quiz_id=row.id, course_id=course.id, user_id=who.user_id,
                      number=len(had) + 1, seed=seed, layout=layout, started_at=now,
                      deadline=min(ends) if ends else None,
                      max_score=sum(x["points"] for x in layout), state=AttemptState.IN_PROGRESS)
    s.add(attempt)
    s.flush()
    if attempt.deadline is not None:
        outbox.later(s, DEADLINE_TOPIC, {"attempt_id": str(attempt.id)}, attempt.deadline)
    return attempt


def draw(s: Session, row: Quiz, seed: int) -> list[dict[str, Any]]:
    """The attempt's questions and the order of their parts, from its seed alone (given the
    quiz as it is now; the result is stored, so later edits never reshuffle an attempt)."""
    rng = random.Random(seed)
    picked: list[tuple[Question, float]] = [(q, q.points) for q in quizzes.fixed(s, row)]
    for d in row.draws:
        pool = sorted(s.scalars(select(Question).where(
            Question.bank_id == uuid.UUID(d["bank_id"]))), key=lambda q: str(q.id))
        taken = {q.id for q, _ in picked}
        pool = [q for q in pool if q.id not in taken]
        picked += [(q, float(d["points"])) for q in rng.sample(pool, min(d["count"], len(pool)))]
    if row.shuffle_questions:
        rng.shuffle(picked)
    layout = []
    for q, points in picked:
        parts = questions.shuffled_parts(q.kind, q.data)
        # ordering and matching always shuffle: their stored order would tell the answer
        if row.shuffle_options or q.kind in ("ordering", "matching"):
            rng.shuffle(parts)
        layout.append({"question_id": str(q.id), "points": points, "order": parts})
    return layout


# -- saving -------------------------------------------------------------------------------------
def attempt_of(s: Session, who: Principal, course: Course, attempt_id: uuid.UUID,
               lock: str | None = None) -> Attempt:
    """The caller's own attempt (staff: any in their course)."""
    query = select(Attempt).where(Attempt.id == attempt_id)
    if lock == "share":
        query = query.with_for_update(read=True)
    elif lock == "update":
        query = query.with_for_update()
    row = s.scalar(query)
    if row is None or row.course_id != course.id or (
            row.user_id != who.user_id and not courses.is_staff(s, who, course)):
        raise NotFound(f"no attempt {attempt_id}")
    return row


def save(s: Session, who: Principal, course: Course, attempt_id: uuid.UUID,
         question_id: uuid.UUID, body: schemas.AnswerIn) -> Answer:
    attempt = attempt_of(s, who, course, attempt_id, lock="share")
    if attempt.user_id != who.user_id:
        raise Forbidden("only the learner answers their attempt")
    _open(attempt)
    slot = next((x for x in attempt.layout if x["question_id"] == str(question_id)), None)
    if slot is None:
        raise NotFound(f"question {question_id} is not in this attempt", field="question_id")
    q = s.get(Question, question_id)
    if q is None:
        raise NotFound(f"question {question_id} is not in this attempt", field="question_id")
    response = questions.check_response(q.kind, q.data, body.response)
    return _write(s, attempt, q, response, body.version)


def _open(attempt: Attempt) -> None:
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptClosed("this attempt is submitted; answers can no longer change")
    if attempt.deadline is not None and clock.now() >= attempt.deadline:
        raise AttemptClosed(f"the time ran out at {attempt.deadline.isoformat()}; the answers "
                            "saved before it are scored", deadline=attempt.deadline.isoformat())


def _write(s: Session, attempt: Attempt, q: Question, response: Any, version: int) -> Answer:
    found = s.scalar(select(Answer).where(Answer.attempt_id == attempt.id,
                                          Answer.question_id == q.id).with_for_update())
    current = found.version if found is not None else 0
    if version != current:
        raise StaleAnswer(f"this answer changed since version {version} (now {current}); "
                          "reload it", current_version=current)
    if found is None:
        found = Answer(attempt_id=attempt.id, question_id=q.id, user_id=attempt.user_id,
                       course_id=attempt.course_id, response=response, version=1, detail={})
        db.flush_unique(s, StaleAnswer("this answer was saved at the same time elsewhere; "
                                       "reload it", current_version=1), found)
        return found
    found.response, found.version = response, found.version + 1
    found.updated_at = clock.now()
    s.flush()
    return found


# -- submitting and scoring ---------------------------------------------------------------------
def submit(s: Session, who: Principal, course: Course, attempt_id: uuid.UUID) -> Attempt:
    """Idempotent: an attempt already submitted (by the learner or the deadline) is returned
    as it is."""
    attempt = attempt_of(s, who, course, attempt_id, lock="update")
    if attempt.user_id != who.user_id:
        raise Forbidden("only the learner submits their attempt")
    if attempt.state == AttemptState.IN_PROGRESS:
        _finish(s, attempt, auto=False)
    return attempt


def on_deadline(s: Session, payload: dict[str, Any]) -> None:
    """The scheduled job: close an attempt whose time ran out, with what was saved."""
    attempt = s.scalar(select(Attempt).where(Attempt.id == uuid.UUID(payload["attempt_id"]))
                       .with_for_update())
    if attempt is None or attempt.state != AttemptState.IN_PROGRESS:
        return
    if attempt.deadline is not None and clock.now() < attempt.deadline:
        raise outbox.Retry("not due yet")
    _finish(s, attempt, auto=True)


def _finish(s: Session, attempt: Attempt, auto: bool) -> None:
    now = clock.now()
    late = attempt.deadline is not None and now >= attempt.deadline
    attempt.state, attempt.auto_submitted = AttemptState.SUBMITTED, auto
    attempt.submitted_at = attempt.deadline if late and attempt.deadline else now
    rescore(s, attempt)
    row = s.get(Quiz, attempt.quiz_id)
    assert row is not None
    events.record(s, EventKind.ATTEMPT_SUBMITTED, attempt.course_id, attempt.user_id,
                     data={"quiz_id": str(row.id), "attempt_id": str(attempt.id),
                           "percent": attempt.percent, "auto": auto},
                     dedupe=f"attempt:{attempt.id}")
    counted(s, row, attempt.user_id)


def rescore(s: Session, attempt: Attempt) -> None:
    """Score every question of a submitted attempt against the current keys."""
    answers = {a.question_id: a for a in s.scalars(select(Answer).where(
        Answer.attempt_id == attempt.id))}
    by_id = {q.id: q for q in s.scalars(select(Question).where(Question.id.in_(
        [uuid.UUID(x["question_id"]) for x in attempt.layout])))}
    total = 0.0
    for slot in attempt.layout:
        qid = uuid.UUID(slot["question_id"])
        q, answer = by_id.get(qid), answers.get(qid)
        if q is None or answer is None:
            continue  # deleted question or no answer: no points
        fraction, detail = _score(s, attempt, q, answer.response)
        answer.score, answer.detail = fraction, detail
        total += fraction * slot["points"]
    attempt.score = round(total, 6)
    attempt.percent = round(100.0 * total / attempt.max_score, 4) if attempt.max_score else 0.0
    s.flush()


def _score(s: Session, attempt: Attempt, q: Question, response: Any,
           ) -> tuple[float, dict[str, Any]]:
    if q.kind != "code":
        return questions.score(q.kind, q.data, q.key, response)
    if response is None:
        return 0.0, {}
    try:
        sub = s.get(Submission, uuid.UUID(response["submission_id"]))
    except ValueError:
        return 0.0, {"reason": "not a submission id"}
    if sub is None or sub.user_id != attempt.user_id \
            or str(sub.challenge_id) != q.data["challenge_id"] or sub.mode != "submit":
        return 0.0, {"reason": "not your graded submission to this challenge"}
    if sub.points is None or not sub.max_points:
        return 0.0, {"reason": "not judged yet", "pending": True}
    return sub.points / sub.max_points, {"verdict": sub.verdict}


def counted(s: Session, row: Quiz, user_id: uuid.UUID) -> float | None:
    """The learner's score for the quiz by its setting (best or last submitted attempt),
    carried to its lessons' progress."""
    done = [a for a in mine(s, row, user_id) if a.state == AttemptState.SUBMITTED]
    if not done:
        value = None
    elif row.scoring == "last":
        value = max(done, key=lambda a: (a.submitted_at or a.started_at, a.number)).percent
    else:
        value = max(a.percent or 0.0 for a in done)
    for lesson in _lessons(s, row):
        progress.scored(s, user_id, lesson, value)
    return value


def _jsonb(column: Any) -> Any:
    return type_coerce(column, JSONB)


def regrade(s: Session, q: Question) -> int:
    """After a fixed key: every submitted attempt that holds the question is scored again,
    and its learner's lesson completion follows."""
    affected = list(s.scalars(select(Attempt).where(
        Attempt.course_id == q.course_id, Attempt.state == AttemptState.SUBMITTED,
        _jsonb(Attempt.layout).contains([{"question_id": str(q.id)}])).with_for_update()))
    for attempt in affected:
        rescore(s, attempt)
    for quiz_id, user_id in {(a.quiz_id, a.user_id) for a in affected}:
        row = s.get(Quiz, quiz_id)
        if row is not None:
            counted(s, row, user_id)
    return len(affected)


def on_judged(s: Session, payload: dict[str, Any]) -> None:
    """A code question's submission was judged after its attempt was submitted: score again."""
    if payload.get("mode") != "submit":
        return
    found = list(s.scalars(select(Attempt).join(Answer, Answer.attempt_id == Attempt.id).where(
        Answer.user_id == uuid.UUID(payload["user_id"]),
        Attempt.state == AttemptState.SUBMITTED,
        _jsonb(Answer.response).contains({"submission_id": payload["submission_id"]}))
        .with_for_update(of=Attempt)))
    for attempt in found:
        rescore(s, attempt)
        row = s.get(Quiz, attempt.quiz_id)
        if row is not None:
            counted(s, row, attempt.user_id)


def close_overdue(s: Session, limit: int = 500) -> int:
    """Every attempt past its deadline still open (a safety net beside the scheduled jobs)."""
    ids = list(s.scalars(select(Attempt.id).where(
        Attempt.state == AttemptState.IN_PROGRESS, Attempt.deadline <= clock.now())
        .limit(limit).with_for_update(skip_locked=True)))
    for attempt_id in ids:
        on_deadline(s, {"attempt_id": str(attempt_id)})
    return len(ids)


# -- reading ------------------------------------------------------------------------------------
def feedback_open(row: Quiz, attempt: Attempt, now: datetime | None = None) -> bool:
    """Whether the key and the feedback may be shown for this attempt (the quiz's policy)."""
    if attempt.state != AttemptState.SUBMITTED:
        return False
    if row.feedback == Feedback.AFTER_ATTEMPT:
        return True
    if row.feedback == Feedback.AFTER_CLOSE:
        return row.closes_at is not None and (now or clock.now()) >= row.closes_at
    return False


def summary(row: Quiz, attempt: Attempt) -> schemas.AttemptSummary:
    passed = None if attempt.percent is None else attempt.percent >= row.passing_score
    return schemas.AttemptSummary(
        id=attempt.id, number=attempt.number, state=attempt.state, started_at=attempt.started_at,
        deadline=attempt.deadline, submitted_at=attempt.submitted_at,
        auto_submitted=attempt.auto_submitted, score=attempt.score, max_score=attempt.max_score,
        percent=attempt.percent, passed=passed)


def view(s: Session, row: Quiz, attempt: Attempt) -> schemas.AttemptOut:
    """The attempt as its learner sees it: questions in its order, their saved answers, and,
    once the policy allows, scores, keys and feedback. Nothing else of a key, ever."""
    reveal = feedback_open(row, attempt)
    answers = {a.question_id: a for a in s.scalars(select(Answer).where(
        Answer.attempt_id == attempt.id))}
    by_id = {q.id: q for q in s.scalars(select(Question).where(Question.id.in_(
        [uuid.UUID(x["question_id"]) for x in attempt.layout])))}
    shown = []
    for slot in attempt.layout:
        q = by_id.get(uuid.UUID(slot["question_id"]))
        if q is None:
            continue
        answer = answers.get(q.id)
        one = schemas.QuestionView(
            id=q.id, kind=q.kind, points=slot["points"], prompt_html=q.prompt_html,
            **questions.public(q.kind, q.data, slot["order"]),
            response=answer.response if answer else None,
            version=answer.version if answer else 0)
        if reveal:
            one.score = round((answer.score or 0.0) * slot["points"], 6) if answer else 0.0
            one.review = {**questions.review(q.kind, q.key, answer.response if answer
                                             else None),
                          "parts": answer.detail if answer else {}}
        shown.append(one)
    return schemas.AttemptOut(**summary(row, attempt).model_dump(), quiz_id=row.id,
                              now=clock.now(), feedback_available=reveal, questions=shown)


def attempts_left(row: Quiz, had: Iterable[Attempt]) -> int | None:
    return None if row.attempt_limit is None else max(0, row.attempt_limit - len(list(had)))


def attempt_count(s: Session, row: Quiz) -> int:
    return s.scalar(select(func.count()).where(Attempt.quiz_id == row.id)) or 0

