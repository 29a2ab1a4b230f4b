"""Request-scoped dependencies: the session (committed at the edge), the caller, role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api import ratelimit
from api.idempotency import IdempotencyKey, idempotency_key
from api.state import AppState
from lms import db
from lms.auth import service as auth
from lms.auth.service import Principal
from lms.errors import Forbidden, Unauthorized
from lms.models import Role
from lms.settings import Settings


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.uw
    return state


def settings(request: Request) -> Settings:
    return app_state(request).settings


def session(request: Request) -> Iterator[Session]:
    """One session per request: committed before the response is sent, rolled back (and the
    jobs it meant to enqueue discarded) when the request fails."""
    s = app_state(request).sessions()
    try:
        yield s
        db.commit(s)
    except BaseException:
        db.rollback(s)
        raise
    finally:
        s.close()


SessionDep = Annotated[Session, Depends(session, scope="function")]
StateDep = Annotated[AppState, Depends(app_state)]


def credentials(request: Request) -> tuple[str, str] | None:
    """("key" | "jwt", secret) from Judge0's X-Auth-Token, X-API-Key or a bearer token."""
    token = request.headers.get("x-auth-token", "").strip()
    if token:
        return ("key" if token.startswith("uwk_") else "jwt"), token
    key = request.headers.get("x-api-key")
    if key:
        return "key", key
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return ("key" if token.startswith("uwk_") else "jwt"), token.strip()
    return None


def principal(request: Request, s: SessionDep, state: StateDep) -> Principal:
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    creds = credentials(request)
    if creds is None:
        raise Unauthorized("authentication required: send 'Authorization: Bearer <token>' "
                           "or 'X-API-Key'")
    kind, value = creds
    who = (auth.principal_from_api_key(s, value) if kind == "key"
           else auth.principal_from_token(value, state.settings))
    ratelimit.hit(state.redis, "requests", who.key, state.settings.requests_per_minute)
    request.state.principal = who
    return who


PrincipalDep = Annotated[Principal, Depends(principal)]


def require(role: Role) -> Callable[[Principal], Principal]:
    def check(who: PrincipalDep) -> Principal:
        if not who.at_least(role):
            raise Forbidden(f"this needs the {role} role")
        return who
    return check


InstructorDep = Annotated[Principal, Depends(require(Role.INSTRUCTOR))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]
IdemDep = Annotated[IdempotencyKey | None, Depends(idempotency_key)]
