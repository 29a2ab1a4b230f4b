"""/submissions: create (optionally waiting for the verdict), get, list, follow live (SSE)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from accounts import service as auth
from accounts.deps import InstructorDep, PrincipalDep
from accounts.service import Principal
from grading.challenges import service as challenges
from grading.dispatch import runners
from grading.submissions import live
from grading.submissions import service as submissions
from grading.submissions.schemas import RejudgeOut, SubmissionCreate, SubmissionOut
from kit import clock, db
from kit.web import idempotency, pagination, ratelimit, sse
from kit.web.deps import IdemDep, SessionDep, StateDep
from kit.web.state import AppState
from models import Submission, SubmissionStatus
from protocol import EventType

log = logging.getLogger(__name__)
router = APIRouter(prefix="/submissions", tags=["submissions"])
# Rejudging is the submissions service's work, addressed through its challenge.
rejudges = APIRouter(prefix="/challenges", tags=["challenges"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SubmissionOut,
             responses={202: {"model": SubmissionOut,
                              "description": "wait=true and the verdict took too long"}})
async def create(body: SubmissionCreate, who: PrincipalDep, s: SessionDep, st: StateDep,
                 idem: IdemDep, wait: bool = False) -> Any:
    """Accepted submissions are committed, then queued; `wait=true` holds the request until
    the verdict (at most `wait_timeout_s`, then 202 with the queued submission)."""
    def accept() -> JSONResponse | tuple[Submission, SubmissionOut, bool]:
        """All of the accepting in one trip to the thread pool (each costs a thread wake-up)."""
        replayed = idempotency.replay(s, who.key, idem)
        if replayed is not None:
            return replayed
        ratelimit.hit(st.redis, "submissions", who.key, st.settings.submissions_per_minute)
        sub = submissions.create(s, runners(st), who, body, st.settings)
        out = submissions.render(s, who, sub)
        idempotency.remember(s, who.key, idem, 201, out.model_dump(mode="json"))
        staff = submissions.is_staff_for(s, who, sub)
        if wait:
            db.commit(s)  # durable and queued before we wait for it
        return sub, out, staff

    accepted = await run_in_threadpool(accept)
    if isinstance(accepted, JSONResponse):
        return accepted
    sub, out, staff = accepted
    if not wait:
        return out
    final = await live.wait_final(st.aredis, str(sub.id), st.settings.wait_timeout_s)
    if final is None:
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    done = submissions.finished(out, final.data, staff, clock.now())
    return JSONResponse(done.model_dump(mode="json"), status_code=201)


@router.get("", response_model=pagination.Page[SubmissionOut])
def list_submissions(who: PrincipalDep, s: SessionDep, cursor: str | None = None,
                     limit: Annotated[int, Query(ge=1, le=100)] = 20,
                     challenge_id: uuid.UUID | None = None, verdict: str | None = None,
                     user_id: uuid.UUID | None = None,
                     everyone: bool = False) -> pagination.Page[SubmissionOut]:
    query = submissions.listing(s, who, challenge_id, verdict, user_id, everyone)
    rows = list(s.scalars(pagination.paginate(query, Submission.created_at, Submission.id,
                                              cursor, limit)))
    items, next_cursor = pagination.page_of(rows, limit)
    return pagination.Page(items=[submissions.render(s, who, r) for r in items],
                           next_cursor=next_cursor)


@router.get("/{sub_id}", response_model=SubmissionOut)
def get(sub_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> SubmissionOut:
    return submissions.render(s, who, submissions.visible(s, who, sub_id), with_source=True)


@router.get("/{sub_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(sub_id: uuid.UUID, request: Request, who: PrincipalDep, s: SessionDep,
                 st: StateDep) -> StreamingResponse:
    """Server-sent events: queued, started, compiling, compiled, one `test` per test, then
    `final` (the stored result). Reconnect with Last-Event-ID to resume."""
    def load() -> tuple[SubmissionOut, bool]:
        sub = submissions.visible(s, who, sub_id)
        return submissions.render(s, who, sub), submissions.is_staff_for(s, who, sub)

    snapshot, staff = await run_in_threadpool(load)
    after = request.headers.get("last-event-id") or "0"
    return StreamingResponse(_stream(st, who, snapshot, staff, after),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _stream(st: AppState, who: Principal, snapshot: SubmissionOut, staff: bool,
                  after: str) -> AsyncIterator[bytes]:
    if snapshot.status == SubmissionStatus.DONE:
        yield sse.encode(EventType.FINAL, snapshot.model_dump(mode="json"))
        return
    async for item in live.follow(st.aredis, str(snapshot.id), after):
        if item is None:
            yield b": keep-alive\n\n"
            current = await run_in_threadpool(_current, st, who, snapshot.id)
            if current.status == SubmissionStatus.DONE:
                yield sse.encode(EventType.FINAL, current.model_dump(mode="json"))
                return
            continue
        entry_id, event = item
        if event.final:
            done = submissions.finished(snapshot, event.data, staff, clock.now())
            yield sse.encode(EventType.FINAL, done.model_dump(mode="json"), entry_id)
            return
        data = event.data if staff or event.type != EventType.TEST else \
            submissions.redact_test(event.data)
        yield sse.encode(event.type, {**data, "attempt": event.attempt}, entry_id)


def _current(st: AppState, who: Principal, sub_id: uuid.UUID) -> SubmissionOut:
    with db.unit_of_work(st.sessions) as s:
        auth.identify(s, who)
        sub = s.get(Submission, sub_id)
        assert sub is not None
        return submissions.render(s, who, sub)


@rejudges.post("/{ref}/rejudge", status_code=status.HTTP_202_ACCEPTED,
             response_model=RejudgeOut)
def rejudge(ref: str, who: InstructorDep, s: SessionDep, st: StateDep) -> RejudgeOut:
    challenge = challenges.editable(s, who, ref)
    version = challenges.rejudge_target(s, challenge)
    number, count = version.number, submissions.rejudge(s, runners(st), challenge.id, version)
    return RejudgeOut(challenge_id=challenge.id, version=number, submissions=count)
