"""Hints for a challenge lesson, in three steps so that no database transaction waits on a model:

1. `plan` (the request's transaction): who may ask (an enrolled learner, or the course's staff,
   of a course with a published lesson on the challenge; hints on for the course and the
   challenge), the limits (per learner and challenge, and per course, over a rolling day: 429
   with Retry-After, counted under advisory locks so concurrent requests cannot pass them), the
   rung (one further than the learner's last hint on the same submission, up to 4), the
   grounding and the prompt. The hint's row is written and committed here, so it counts
   against the limits at once.
2. `generate`: the AI's reply as it streams, through the guard (lines outside code are passed
   on as they complete; code blocks are held until they close; a reply the guard rejects is
   retracted and asked for again once), or the offline engine: with no key, when moderation
   flags the request, when the AI fails, or after a second rejection.
3. `finish`: the row gets what was sent and what was shown, for the course's staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from accounts.service import Principal
from kit import clock, db
from kit.errors import Forbidden, NotFound, TooManyRequests
from kit.settings import AISettings, Settings
from kit.storage import Storage
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.hints import ai, guard, offline
from lms.hints.context import Context, gather, latest_graded
from models import (
    Challenge,
    Course,
    Enrollment,
    Hint,
    Lesson,
    LessonStatus,
    Submission,
    User,
)

WINDOW = timedelta(days=1)
AI, OFFLINE = "ai", "offline"


@dataclass
class Plan:
    hint_id: uuid.UUID
    user_id: uuid.UUID
    role: str
    rung: int
    engine: str
    context: Context
    messages: list[dict[str, str]]
    question: str | None
    remaining: int

    def head(self) -> dict[str, Any]:
        return {"id": str(self.hint_id), "rung": self.rung, "rung_name": offline.RUNGS[self.rung],
                "engine": self.engine, "remaining": self.remaining}


@dataclass
class Outcome:
    text: str = ""
    raw: str = ""
    engine: str = OFFLINE
    tokens: int = 0
    notes: list[str] = field(default_factory=list)


def _challenge(s: Session, who: Principal, course: Course, ref: str) -> Challenge:
    """The challenge of a published lesson of `course` that `who` may work on (404 alike for
    a challenge that does not exist and one they cannot see)."""
    try:
        match = Challenge.id == uuid.UUID(ref)
    except ValueError:
        match = Challenge.slug == ref
    challenge = s.scalar(select(Challenge).join(Lesson, Lesson.challenge_id == Challenge.id)
                         .where(match, Lesson.course_id == course.id,
                                Lesson.status == LessonStatus.PUBLISHED).limit(1))
    allowed = challenge is not None and (courses.is_staff(s, who, course) or s.scalar(
        select(Enrollment.id).where(Enrollment.course_id == course.id,
                                    Enrollment.user_id == who.user_id,
                                    Enrollment.state.in_(enrollment.IN))) is not None)
    if challenge is None or not allowed:
        raise NotFound(f"no challenge {ref} in {course.slug} for you", field="challenge")
    return challenge


def target(s: Session, who: Principal, slug: str, ref: str) -> tuple[Course, Challenge]:
    course = courses.get(s, who, slug)
    return course, _challenge(s, who, course, ref)


def _lock(s: Session, key: str) -> None:
    s.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})


def _count_since(s: Session, *where: Any) -> tuple[int, Any]:
    since = clock.now() - WINDOW
    count, oldest = s.execute(select(func.count(), func.min(Hint.created_at))
                              .where(Hint.created_at > since, *where)).one()
    return int(count), oldest


def _retry_after(oldest: Any) -> int:
    return max(1, int((oldest + WINDOW - clock.now()).total_seconds()) + 1)


def remaining(s: Session, cfg: AISettings, user_id: uuid.UUID, challenge: Challenge) -> int:
    used, _ = _count_since(s, Hint.user_id == user_id, Hint.challenge_id == challenge.id)
    return max(0, cfg.hints_per_challenge - used)


def _on(s: Session, user_id: uuid.UUID, challenge: Challenge,
        submission_id: uuid.UUID | None) -> list[Hint]:
    """The learner's hints on one submission (the ladder starts again with each new one)."""
    return list(s.scalars(select(Hint).where(
        Hint.user_id == user_id, Hint.challenge_id == challenge.id,
        Hint.submission_id == submission_id if submission_id else Hint.submission_id.is_(None))
        .order_by(Hint.created_at)))


def next_rung(s: Session, user_id: uuid.UUID, challenge: Challenge) -> int:
    latest = latest_graded(s, user_id, challenge)
    return min(4, len(_on(s, user_id, challenge, latest.id if latest else None)) + 1)


def mine(s: Session, user_id: uuid.UUID, challenge: Challenge) -> list[Hint]:
    return list(s.scalars(select(Hint).where(Hint.user_id == user_id,
                                             Hint.challenge_id == challenge.id)
                          .order_by(Hint.created_at)))


def plan(s: Session, settings: Settings, storage: Storage, who: Principal, course: Course,
         challenge: Challenge, submission_id: uuid.UUID | None = None,
         question: str | None = None) -> Plan:
    cfg = settings.ai
    if not course.hints_enabled:
        raise Forbidden("hints are turned off in this course", field="course")
    if not challenge.hints_enabled:
        raise Forbidden("hints are turned off for this challenge", field="challenge")
    submission = None
    if submission_id is not None:
        submission = s.get(Submission, submission_id)
        if submission is None or submission.user_id != who.user_id \
                or submission.challenge_id != challenge.id:
            raise NotFound(f"no submission {submission_id} of yours to this challenge",
                           field="submission_id")
    # course first, then learner: every request takes them in this order (no deadlock)
    _lock(s, f"hints:course:{course.id}")
    _lock(s, f"hints:{who.user_id}:{challenge.id}")
    used, oldest = _count_since(s, Hint.user_id == who.user_id,
                                Hint.challenge_id == challenge.id)
    if used >= cfg.hints_per_challenge:
        raise TooManyRequests(f"you have had {used} hints on this challenge today, the most "
                              "there are; more open up as the day's first ones age",
                              _retry_after(oldest))
    # every learner's hints in the course, past the policies that show each their own
    spent, first = s.execute(text("SELECT spent, oldest FROM uw_hints_spent(:course, :since)"),
                             {"course": course.id, "since": clock.now() - WINDOW}).one()
    if spent >= cfg.hints_per_course:
        raise TooManyRequests("this course's hints for today are used up", _retry_after(first))
    ctx = gather(s, storage, challenge, who.user_id, submission)
    earlier = [h.text for h in _on(s, who.user_id, challenge, ctx.submission_id)]
    rung = min(4, len(earlier) + 1)
    engine = AI if cfg.api_key else OFFLINE
    msgs = ai.messages(ctx, rung, cfg, earlier, question) if engine == AI else []
    row = Hint(id=uuid.uuid4(), user_id=who.user_id, course_id=course.id,
               challenge_id=challenge.id, submission_id=ctx.submission_id, rung=rung,
               engine=engine, model=cfg.model if engine == AI else None, prompt=msgs, raw="",
               text="", notes=[], tokens=0)
    s.add(row)
    db.commit(s)  # counted from now on, and no lock held while the model answers
    return Plan(row.id, who.user_id, str(who.role), rung, engine, ctx, msgs, question,
                cfg.hints_per_challenge - used - 1)


class Gate:
    """Passes a streamed reply on line by line, holding code blocks until they close (then
    passing them, or the notice that replaced a long one), and stopping at the first line that
    names an avoided term or pushes what was shown too close to a reference solution."""

    def __init__(self, ctx: Context, cfg: AISettings) -> None:
        self.ctx, self.cfg = ctx, cfg
        self.pending, self.shown = "", ""
        self.block: list[str] = []
        self.fenced = self.stopped = False

    def feed(self, piece: str) -> Iterator[str]:
        self.pending += piece
        while "\n" in self.pending and not self.stopped:
            line, self.pending = self.pending.split("\n", 1)
            yield from self._line(line + "\n")

    def close(self) -> Iterator[str]:
        if self.pending and not self.stopped:
            yield from self._line(self.pending)
        if self.block and not self.stopped:
            yield from self._release(closed=False)
        self.pending = ""

    def _line(self, line: str) -> Iterator[str]:
        if line.lstrip().startswith("```"):
            self.block.append(line)
            if self.fenced:
                yield from self._release(closed=True)
            self.fenced = not self.fenced
            return
        if self.fenced:
            self.block.append(line)
            return
        yield from self._show(line)

    def _release(self, closed: bool) -> Iterator[str]:
        block, self.block = "".join(self.block), []
        kept, _ = guard.strip_code(block if closed else block + "\n```", self.cfg.max_code_lines)
        yield from self._show(kept if kept.endswith("\n") else kept + "\n")

    def _show(self, text: str) -> Iterator[str]:
        verdict = guard.check(self.shown + text, self.ctx.references, self.ctx.avoid,
                              self.cfg.max_code_lines, self.cfg.similarity)
        if verdict.rejected and verdict.rejected.startswith(("it names", "it is too close")):
            self.stopped = True
            return
        self.shown += text
        yield text


def generate(plan: Plan, cfg: AISettings, outcome: Outcome) -> Iterator[tuple[str, Any]]:
    """("delta", text) as the hint arrives, ("retract", reason) when what was shown is taken
    back; `outcome` holds the final hint when the iterator ends."""
    fallback = ""
    if plan.engine == AI:
        if ai.flagged(cfg, [plan.question or "", plan.context.code or ""]):
            fallback = "moderation flagged the request"
        for attempt in range(2 if not fallback else 0):
            reply, gate = ai.Reply(), Gate(plan.context, cfg)
            msgs = plan.messages if attempt == 0 else [*plan.messages, {
                "role": "user", "content": f"That hint was rejected because {fallback}. Give "
                "another that keeps every rule."}]
            sent = False
            try:
                for piece in ai.stream(cfg, msgs, reply):
                    for out in gate.feed(piece):
                        sent = True
                        yield "delta", out
                for out in gate.close():
                    sent = True
                    yield "delta", out
            except ai.Unavailable as exc:
                outcome.notes.append(str(exc))
                fallback = str(exc)
                if sent:
                    yield "retract", fallback
                break
            outcome.raw += reply.text
            outcome.tokens += reply.tokens
            checked = guard.check(reply.text, plan.context.references, plan.context.avoid,
                                  cfg.max_code_lines, cfg.similarity)
            outcome.notes += list(checked.notes)
            reason = checked.rejected or ("moderation flagged the hint" if ai.flagged(
                cfg, [checked.text]) else None)
            if reason is None:
                outcome.text, outcome.engine = checked.text, AI
                return
            outcome.notes.append(f"rejected: {reason}")
            fallback = reason
            if sent:
                yield "retract", reason
        outcome.notes.append(f"offline hint instead: {fallback}")
    outcome.text = offline.hint(plan.context, plan.rung)
    outcome.engine = OFFLINE
    yield "delta", outcome.text


def finish(sessions: sessionmaker[Session], plan: Plan, outcome: Outcome) -> None:
    """Record what the learner got (in a session of its own, as the learner)."""
    with db.unit_of_work(sessions) as s:
        db.act_as(s, str(plan.user_id), plan.role)
        s.execute(update(Hint).where(Hint.id == plan.hint_id).values(
            text=outcome.text, raw=outcome.raw, engine=outcome.engine, notes=outcome.notes,
            tokens=outcome.tokens))


def log(s: Session, course: Course, challenge: Challenge | None = None,
        user_id: uuid.UUID | None = None, limit: int = 200) -> list[tuple[Hint, str, str]]:
    """The course's hints, newest first, with the learner's name and the challenge's title,
    for its staff (the caller checks that they are)."""
    query = (select(Hint, User.name, Challenge.title).join(User, User.id == Hint.user_id)
             .join(Challenge, Challenge.id == Hint.challenge_id)
             .where(Hint.course_id == course.id))
    if challenge is not None:
        query = query.where(Hint.challenge_id == challenge.id)
    if user_id is not None:
        query = query.where(Hint.user_id == user_id)
    return [(h, name, title) for h, name, title in
            s.execute(query.order_by(Hint.created_at.desc()).limit(limit))]
