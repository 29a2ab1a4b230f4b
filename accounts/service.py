"""Accounts, logins and credentials. Services raise AppErrors and never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts import security
from accounts.schemas import Tokens
from kit import clock, db
from kit.errors import Conflict, NotFound, Unauthorized
from kit.settings import Settings
from models import ApiKey, RefreshToken, Role, User


class EmailTaken(Conflict):
    title = "Email Already Registered"


class BadCredentials(Unauthorized):
    title = "Invalid Credentials"


class TokenReused(BadCredentials):
    """A spent refresh token came back: it leaked. The edge revokes its family and commits
    that even though the request fails."""

    def __init__(self, family: uuid.UUID) -> None:
        super().__init__("the refresh token was already used or revoked")
        self.family = family


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user through a token, or a service client through an API key."""

    user_id: uuid.UUID
    role: Role
    via_api_key: bool = False

    @property
    def key(self) -> str:
        return str(self.user_id)

    def at_least(self, role: Role) -> bool:
        order = [Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN]
        return order.index(self.role) >= order.index(role)


# Somebody without credentials, on the endpoints that serve public data (catalogue, course
# pages, outlines, search). No user has this id, and no identity is set for the database.
ANONYMOUS = Principal(user_id=uuid.UUID(int=0), role=Role.LEARNER)


def identify(session: Session, who: Principal) -> None:
    """Let the database's row-level security see who is calling (kit.db.act_as)."""
    db.act_as(session, str(who.user_id), str(who.role))


def register(session: Session, email: str, password: str, name: str,
             role: Role = Role.LEARNER) -> User:
    user = User(email=email.lower(), name=name, password_hash=security.hash_password(password),
                role=role)
    db.flush_unique(session, EmailTaken(f"{email} is already registered", field="email"), user)
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == email.lower()))
    if user is None or not user.active or not security.verify_password(user.password_hash,
                                                                       password):
        raise BadCredentials("wrong email or password")
    return user


def issue_tokens(session: Session, user: User, settings: Settings,
                 family: uuid.UUID | None = None) -> Tokens:
    refresh = security.new_secret("uwr_")
    session.add(RefreshToken(user_id=user.id, token_hash=security.digest(refresh),
                             family=family or uuid.uuid4(),
                             expires_at=clock.now() + timedelta(
                                 days=settings.refresh_token_days)))
    access = security.access_token(user.id, user.role, settings.secret_key,
                                   settings.access_token_minutes)
    return Tokens(access_token=access, refresh_token=refresh,
                  expires_in=settings.access_token_minutes * 60)


def refresh(session: Session, token: str, settings: Settings) -> Tokens:
    """Rotate: the presented token is spent. Presenting a spent token again means it leaked,
    so the whole family (every rotation of that login) is revoked."""
    row = session.scalar(select(RefreshToken).where(
        RefreshToken.token_hash == security.digest(token)).with_for_update())
    now = clock.now()
    if row is None or row.expires_at <= now:
        raise BadCredentials("the refresh token is not valid or has expired")
    if row.revoked_at is not None:
        raise TokenReused(row.family)
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise BadCredentials("the account is disabled")
    row.revoked_at = now
    return issue_tokens(session, user, settings, family=row.family)


def revoke_family(session: Session, family: uuid.UUID) -> None:
    session.execute(update(RefreshToken).where(RefreshToken.family == family,
                                               RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=clock.now()))


def logout_everywhere(session: Session, user_id: uuid.UUID) -> None:
    """Every refresh token of the user's is revoked: no device can renew its session."""
    session.execute(update(RefreshToken).where(RefreshToken.user_id == user_id,
                                               RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=clock.now()))


def logout(session: Session, token: str) -> None:
    row = session.scalar(select(RefreshToken).where(
        RefreshToken.token_hash == security.digest(token)))
    if row is not None:
        revoke_family(session, row.family)


def principal_from_token(token: str, settings: Settings) -> Principal:
    try:
        claims = security.read_access_token(token, settings.secret_key)
        return Principal(uuid.UUID(claims["sub"]), Role(claims["role"]))
    except (security.InvalidToken, ValueError, KeyError) as exc:
        raise Unauthorized(str(exc) or "invalid token") from None


def principal_from_api_key(session: Session, key: str) -> Principal:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == security.digest(key)))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("the API key is not valid")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise Unauthorized("the API key's account is disabled")
    row.last_used_at = clock.now()
    return Principal(user.id, Role(user.role), via_api_key=True)


def create_api_key(session: Session, user_id: uuid.UUID, name: str) -> tuple[ApiKey, str]:
    key = security.new_secret(security.API_KEY_PREFIX)
    row = ApiKey(user_id=user_id, name=name, prefix=key[:10], key_hash=security.digest(key))
    session.add(row)
    session.flush()
    return row, key


def revoke_api_key(session: Session, user_id: uuid.UUID, key_id: uuid.UUID) -> None:
    row = session.get(ApiKey, key_id)
    if row is None or row.user_id != user_id:
        raise NotFound("no such API key")
    row.revoked_at = row.revoked_at or clock.now()


def set_role(session: Session, user_id: uuid.UUID, role: Role) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    user.role = role
    return user
