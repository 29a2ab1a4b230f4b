"""Who the caller is: credentials from the request, the principal (rate-limited per caller),
role checks. Endpoints of every context depend on these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from accounts import service as auth
from accounts.service import Principal
from kit.errors import Forbidden, Unauthorized
from kit.web import ratelimit
from kit.web.deps import SessionDep, StateDep
from models import Role


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


async def principal(request: Request, s: SessionDep, state: StateDep) -> Principal:
    """On the event loop: a bearer token is checked in place, and only an API key, which is
    looked up in the database, takes a trip to the thread pool."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    creds = credentials(request)
    if creds is None:
        raise Unauthorized("authentication required: send 'Authorization: Bearer <token>' "
                           "or 'X-API-Key'")
    kind, value = creds
    if kind == "key":
        who = await run_in_threadpool(_from_api_key, s, value)
    else:
        who = auth.principal_from_token(value, state.settings)
        auth.identify(s, who)  # for the session's transactions to come: none has begun
    await ratelimit.ahit(state.aredis, "requests", who.key, state.settings.requests_per_minute)
    request.state.principal = who
    return who


def _from_api_key(s: Session, key: str) -> Principal:
    who = auth.principal_from_api_key(s, key)
    auth.identify(s, who)  # the lookup began a transaction: this sets it in that one too
    return who


PrincipalDep = Annotated[Principal, Depends(principal)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def maybe_principal(request: Request, s: SessionDep, state: StateDep) -> Principal:
    """The caller, or `ANONYMOUS` (rate-limited per client address) when nothing was sent."""
    if credentials(request) is not None:
        return await principal(request, s, state)
    await ratelimit.ahit(state.aredis, "requests", f"ip:{client_address(request)}",
                         state.settings.requests_per_minute)
    return auth.ANONYMOUS


MaybePrincipalDep = Annotated[Principal, Depends(maybe_principal)]


def require(role: Role) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(who: PrincipalDep) -> Principal:
        if not who.at_least(role):
            raise Forbidden(f"this needs the {role} role")
        return who
    return check


InstructorDep = Annotated[Principal, Depends(require(Role.INSTRUCTOR))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]
