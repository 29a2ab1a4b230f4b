"""Judge0 CE routes at the root: submissions (single, batch, wait) and the information routes.

A Judge0 submission is one of our ad-hoc runs (mode run, kind exec, the interactive queue), its
token is the submission id, so it is also listed under /api/v1/submissions. Callers authenticate
with Judge0's `X-Auth-Token` header (an API key or an access token) or our usual headers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

import protocol
from accounts import deps
from accounts import service as auth
from accounts.service import Principal
from grading import languages
from grading.dispatch import runners
from grading.judge0 import catalog
from grading.judge0.requests import Parsed, parse
from grading.judge0.responses import NOT_UTF8, Reply, convertible, document, requested_fields, shape
from grading.submissions import live
from grading.submissions import service as submissions
from kit import db
from kit.errors import NotFound, Unauthorized
from kit.web import ratelimit
from kit.web.deps import SessionDep, StateDep
from kit.web.state import AppState
from models import Submission

BATCH_LIMIT: int = catalog.CONFIG["max_submission_batch_size"]


class Judge0Route(APIRoute):
    """Turns a raised `Reply` into its Judge0-shaped JSON response."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except Reply as reply:
                return JSONResponse(reply.body, status_code=reply.status)

        return run


router = APIRouter(tags=["judge0"], route_class=Judge0Route)


async def principal(request: Request, s: SessionDep, st: StateDep) -> Principal:
    """The usual authentication (deps.credentials reads Judge0's X-Auth-Token too), with a
    Judge0 client's hint when nothing was sent."""
    if deps.credentials(request) is None:
        raise Unauthorized("authentication required: send 'X-Auth-Token: <API key>' (or "
                           "'Authorization: Bearer <token>')")
    return await deps.principal(request, s, st)


Judge0Principal = Annotated[Principal, Depends(principal)]
JsonBody = Annotated[Any, Body()]


def accept(s: Session, st: AppState, who: Principal, parsed: Parsed) -> Submission:
    ratelimit.hit(st.redis, "submissions", who.key, st.settings.submissions_per_minute)
    return submissions.create(s, runners(st), who, parsed.body, st.settings,
                              queue=protocol.QUEUE_INTERACTIVE, limits=parsed.limits)


@router.post("/submissions", status_code=201, response_model=None)
async def create(who: Judge0Principal, s: SessionDep, st: StateDep, body: JsonBody = None,
                 base64_encoded: str = "false", wait: str = "false",
                 fields: str | None = None) -> JSONResponse:
    """Queue a run and answer its token; `wait=true` answers the finished submission (or, past
    the wait timeout, the submission as it stands: poll it by token)."""
    b64, chosen = base64_encoded == "true", requested_fields(fields)
    parsed = parse(body, b64, st.settings)
    if not isinstance(parsed, Parsed):
        return JSONResponse(parsed, status_code=422)
    sub = await run_in_threadpool(accept, s, st, who, parsed)
    await run_in_threadpool(db.commit, s)  # durable and queued before the client hears of it
    if wait != "true":
        return JSONResponse({"token": str(sub.id)}, status_code=201)
    final = await live.wait_final(st.aredis, str(sub.id), st.settings.wait_timeout_s)
    doc = await run_in_threadpool(settle, st, who, sub.id, final)
    shaped = shape(doc, chosen, b64)
    if not b64 and not convertible(shaped):
        shaped = {"token": doc["token"], "error": NOT_UTF8.format("this submission")}
    return JSONResponse(shaped, status_code=201)


def settle(st: AppState, who: Principal, sub_id: uuid.UUID, final: protocol.Event | None,
           ) -> dict[str, Any]:
    """Record the final event we saw (first writer wins) and describe the submission."""
    with db.unit_of_work(st.sessions) as s:
        auth.identify(s, who)
        if final is not None:
            submissions.apply_final(s, sub_id, final.attempt, final.data)
        sub = s.get(Submission, sub_id, populate_existing=True)
        assert sub is not None
        return document(sub)


@router.post("/submissions/batch", status_code=201, response_model=None)
def batch_create(who: Judge0Principal, s: SessionDep, st: StateDep, body: JsonBody = None,
                 base64_encoded: str = "false") -> JSONResponse:
    """One token or one set of validation errors per submission, in order; 201 when at least
    one was accepted."""
    items = body.get("submissions") if isinstance(body, dict) else None
    items = items if isinstance(items, list) else []
    check_batch_size(len(items))
    out: list[dict[str, Any]] = []
    for item in items:
        parsed = parse(item, base64_encoded == "true", st.settings)
        out.append({"token": str(accept(s, st, who, parsed).id)}
                   if isinstance(parsed, Parsed) else parsed)
    db.commit(s)
    accepted = any(isinstance(p, dict) and set(p) == {"token"} for p in out)
    return JSONResponse(out, status_code=201 if accepted else 422)


@router.get("/submissions/batch", response_model=None)
def batch_show(who: Judge0Principal, s: SessionDep, tokens: str = "",
               base64_encoded: str = "false", fields: str | None = None) -> dict[str, Any]:
    """The submissions in the order asked; `null` for a token that names none of yours."""
    b64, chosen = base64_encoded == "true", requested_fields(fields)
    wanted = [t.strip() for t in tokens.split(",") if t.strip()]
    check_batch_size(len(wanted))
    found = visible(s, who, wanted)
    shaped = [shape(document(found[t]), chosen, b64) if t in found else None for t in wanted]
    if not b64 and not all(convertible(d) for d in shaped if d is not None):
        raise Reply(400, {"error": NOT_UTF8.format("one or more submissions")})
    return {"submissions": shaped}


@router.get("/submissions/{token}", response_model=None)
def show(token: str, who: Judge0Principal, s: SessionDep, base64_encoded: str = "false",
         fields: str | None = None) -> dict[str, Any]:
    b64, chosen = base64_encoded == "true", requested_fields(fields)
    found = visible(s, who, [token])
    if token not in found:
        raise NotFound(f"no submission with token {token}", error="submission not found")
    shaped = shape(document(found[token]), chosen, b64)
    if not b64 and not convertible(shaped):
        raise Reply(400, {"error": NOT_UTF8.format("this submission")})
    return shaped


@router.delete("/submissions/{token}", response_model=None)
def delete(token: str, who: Judge0Principal) -> JSONResponse:
    """Judge0's default: submissions are kept (ours are the record of what ran)."""
    return JSONResponse({"error": "delete not allowed"}, status_code=400)


def check_batch_size(size: int) -> None:
    if size > BATCH_LIMIT:
        raise Reply(400, {"error": "number of submissions in a batch should be less than or "
                                   f"equal to {BATCH_LIMIT}"})
    if size == 0:
        raise Reply(400, {"error": "there should be at least one submission in a batch"})


def visible(s: Session, who: Principal, tokens: list[str]) -> dict[str, Submission]:
    """The caller's Judge0-style runs (ad-hoc exec runs) among `tokens`, by token."""
    ids = {}
    for token in tokens:
        try:
            ids[uuid.UUID(token)] = token
        except ValueError:
            continue
    if not ids:
        return {}
    rows = s.scalars(select(Submission).where(Submission.id.in_(ids),
                                              Submission.kind == "exec",
                                              Submission.challenge_id.is_(None)))
    return {ids[row.id]: row for row in rows if submissions.can_see(s, who, row)}


@router.get("/languages")
def language_list() -> list[dict[str, Any]]:
    return catalog.language_list()


@router.get("/languages/all")
def language_list_all() -> list[dict[str, Any]]:
    return [{**lang, "is_archived": False} for lang in catalog.language_list()]


@router.get("/languages/{language_id}")
def language(language_id: str) -> dict[str, Any]:
    number = int(language_id) if language_id.isascii() and language_id.isdigit() else None
    offered = languages.by_judge0_id(number) if number is not None else None
    if offered is None:
        raise NotFound(f"no language with id {language_id}", error="language not found")
    return catalog.language_detail(offered)


@router.get("/statuses")
def statuses() -> list[dict[str, Any]]:
    return catalog.statuses()


@router.get("/about")
def about() -> dict[str, Any]:
    return catalog.about()


@router.get("/config_info")
def config_info() -> dict[str, Any]:
    return catalog.CONFIG


@router.get("/system_info")
def system_info(who: Judge0Principal) -> dict[str, Any]:
    return catalog.system_info()
