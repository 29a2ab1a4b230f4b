"""Hints beside a challenge lesson's editor (lms.hints.service):

- `POST /courses/{slug}/challenges/{challenge}/hints`: the next hint on the ladder. With
  `Accept: text/event-stream` it streams: `hint` (rung, engine, quota left), `delta` pieces as
  they pass the guard, `retract` when what was shown is taken back, and `done` with the hint as
  kept (the text to show in the end). Otherwise 201 with the hint.
- `GET` the same path: your hints on it, the next rung and the quota left.
- `GET /courses/{slug}/hints`: every hint of the course with its prompt and the model's raw
  reply, for the course's staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from accounts.deps import PrincipalDep
from kit import clock
from kit.errors import Forbidden
from kit.web import sse
from kit.web.deps import SessionDep, StateDep
from lms.courses import service as courses
from lms.hints import offline
from lms.hints import service as hints
from models import Hint

router = APIRouter(prefix="/courses/{slug}", tags=["hints"])


class HintIn(BaseModel):
    submission_id: uuid.UUID | None = Field(
        default=None, description="one of your submissions to the challenge (default: your "
                                  "latest graded one)")
    question: str | None = Field(default=None, max_length=500,
                                 description="what you are stuck on, in your words (optional)")


class HintOut(BaseModel):
    id: uuid.UUID
    rung: int
    rung_name: str
    engine: str
    text: str
    submission_id: uuid.UUID | None
    created_at: datetime
    remaining: int | None = None


class MyHints(BaseModel):
    enabled: bool
    remaining: int
    next_rung: int
    hints: list[HintOut]


class LoggedHint(HintOut):
    user_id: uuid.UUID
    user_name: str
    challenge_id: uuid.UUID
    challenge_title: str
    model: str | None
    prompt: list[dict[str, Any]]
    raw: str
    notes: list[str]
    tokens: int


def _out(h: Hint, remaining: int | None = None) -> HintOut:
    return HintOut(id=h.id, rung=h.rung, rung_name=offline.RUNGS[h.rung], engine=h.engine,
                   text=h.text, submission_id=h.submission_id, created_at=h.created_at,
                   remaining=remaining)


@router.post("/challenges/{challenge}/hints", status_code=status.HTTP_201_CREATED,
             response_model=HintOut,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "the hint as it arrives (Accept: "
                                             "text/event-stream)"}})
def ask(slug: str, challenge: str, body: HintIn, request: Request, who: PrincipalDep,
        s: SessionDep, st: StateDep) -> Any:
    course, target = hints.target(s, who, slug, challenge)
    plan = hints.plan(s, st.settings, st.storage, who, course, target, body.submission_id,
                      body.question)
    outcome = hints.Outcome()
    if "text/event-stream" in request.headers.get("accept", ""):
        def events() -> Iterator[bytes]:
            yield sse.encode("hint", plan.head())
            try:
                for kind, data in hints.generate(plan, st.settings.ai, outcome):
                    yield sse.encode(kind, {"text": data} if kind == "delta"
                                     else {"reason": data})
            finally:
                hints.finish(st.sessions, plan, outcome)
            yield sse.encode("done", {**plan.head(), "text": outcome.text,
                                      "engine": outcome.engine})
        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache",
                                          "X-Accel-Buffering": "no"})
    for _ in hints.generate(plan, st.settings.ai, outcome):
        pass
    hints.finish(st.sessions, plan, outcome)
    return HintOut(id=plan.hint_id, rung=plan.rung, rung_name=offline.RUNGS[plan.rung],
                   engine=outcome.engine, text=outcome.text,
                   submission_id=plan.context.submission_id, created_at=clock.now(),
                   remaining=plan.remaining)


@router.get("/challenges/{challenge}/hints", response_model=MyHints)
def my_hints(slug: str, challenge: str, who: PrincipalDep, s: SessionDep,
             st: StateDep) -> MyHints:
    course, target = hints.target(s, who, slug, challenge)
    given = hints.mine(s, who.user_id, target)
    return MyHints(enabled=course.hints_enabled and target.hints_enabled,
                   remaining=hints.remaining(s, st.settings.ai, who.user_id, target),
                   next_rung=hints.next_rung(s, who.user_id, target),
                   hints=[_out(h) for h in given])


@router.get("/hints", response_model=list[LoggedHint])
def course_hints(slug: str, who: PrincipalDep, s: SessionDep,
                 challenge: Annotated[str | None, Query()] = None,
                 user_id: Annotated[uuid.UUID | None, Query()] = None) -> list[LoggedHint]:
    """Every hint asked for in the course: the prompt sent, the model's reply before the
    guard, what the learner saw, and why anything was removed or replaced."""
    course = courses.get(s, who, slug)
    if not courses.is_staff(s, who, course):
        raise Forbidden("only the course's staff read its hints")
    target = hints.target(s, who, slug, challenge)[1] if challenge else None
    return [LoggedHint(**_out(h).model_dump(), user_id=h.user_id, user_name=name,
                       challenge_id=h.challenge_id, challenge_title=title, model=h.model,
                       prompt=h.prompt, raw=h.raw, notes=h.notes, tokens=h.tokens)
            for h, name, title in hints.log(s, course, target, user_id)]
