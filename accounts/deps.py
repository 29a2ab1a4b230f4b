"""Who the caller is: credentials from the request, the principal (rate-limited per caller),
role checks. Endpoints of every context depend on these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

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
    auth.identify(s, who)
    request.state.principal = who
    return who


PrincipalDep = Annotated[Principal, Depends(principal)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def maybe_principal(request: Request, s: SessionDep, state: StateDep) -> Principal:
    """The caller, or `ANONYMOUS` (rate-limited per client address) when nothing was sent."""
    if credentials(request) is not None:
        return principal(request, s, state)
    ratelimit.hit(state.redis, "requests", f"ip:{client_address(request)}",
                  state.settings.requests_per_minute)
    return auth.ANONYMOUS


MaybePrincipalDep = Annotated[Principal, Depends(maybe_principal)]


def require(role: Role) -> Callable[[Principal], Principal]:
    def check(who: PrincipalDep) -> Principal:
        if not who.at_least(role):
            raise Forbidden(f"this needs the {role} role")
        return who
    return check


InstructorDep = Annotated[Principal, Depends(require(Role.INSTRUCTOR))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]
