"""/auth (register, login, refresh, logout, logout everywhere), /users/me, API keys, roles."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status
from sqlalchemy import select

from accounts import deps, schemas
from accounts import service as auth
from accounts.deps import AdminDep, PrincipalDep
from kit import db
from kit.errors import NotFound
from kit.web import ratelimit
from kit.web.deps import SessionDep, StateDep
from models import ApiKey, User

router = APIRouter(tags=["auth"])


@router.post("/auth/register", status_code=status.HTTP_201_CREATED,
             response_model=schemas.UserOut)
def register(body: schemas.Register, request: Request, s: SessionDep, st: StateDep) -> User:
    ratelimit.hit(st.redis, "registrations", deps.client_address(request), 30)
    return auth.register(s, body.email, body.password, body.name)


@router.post("/auth/login", response_model=schemas.Tokens)
def login(body: schemas.Login, request: Request, s: SessionDep,
          st: StateDep) -> schemas.Tokens:
    ratelimit.hit(st.redis, "logins", f"{deps.client_address(request)}:{body.email.lower()}", 20)
    user = auth.authenticate(s, body.email, body.password)
    return auth.issue_tokens(s, user, st.settings)


@router.post("/auth/refresh", response_model=schemas.Tokens)
def refresh(body: schemas.RefreshRequest, s: SessionDep, st: StateDep) -> schemas.Tokens:
    try:
        return auth.refresh(s, body.refresh_token, st.settings)
    except auth.TokenReused as exc:
        db.rollback(s)
        auth.revoke_family(s, exc.family)
        db.commit(s)
        raise


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: schemas.RefreshRequest, s: SessionDep) -> None:
    auth.logout(s, body.refresh_token)


@router.post("/auth/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_all(who: PrincipalDep, s: SessionDep) -> None:
    """Sign out everywhere: every refresh token of yours is revoked (access tokens end on
    their own within their short lifetime)."""
    auth.logout_everywhere(s, who.user_id)


@router.get("/users/me", response_model=schemas.UserOut)
def me(who: PrincipalDep, s: SessionDep) -> User:
    user = s.get(User, who.user_id)
    if user is None:
        raise NotFound("no such user")
    return user


@router.put("/users/{user_id}/role", response_model=schemas.UserOut)
def set_role(user_id: uuid.UUID, body: schemas.RoleUpdate, _: AdminDep, s: SessionDep) -> User:
    return auth.set_role(s, user_id, body.role)


@router.post("/api-keys", status_code=status.HTTP_201_CREATED,
             response_model=schemas.ApiKeyCreated)
def create_api_key(body: schemas.ApiKeyCreate, who: PrincipalDep,
                   s: SessionDep) -> schemas.ApiKeyCreated:
    row, key = auth.create_api_key(s, who.user_id, body.name)
    return schemas.ApiKeyCreated(**schemas.ApiKeyOut.model_validate(row).model_dump(), key=key)


@router.get("/api-keys", response_model=list[schemas.ApiKeyOut])
def list_api_keys(who: PrincipalDep, s: SessionDep) -> list[ApiKey]:
    return list(s.scalars(select(ApiKey).where(ApiKey.user_id == who.user_id)
                          .order_by(ApiKey.created_at)))


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_api_key(key_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> None:
    auth.revoke_api_key(s, who.user_id, key_id)
