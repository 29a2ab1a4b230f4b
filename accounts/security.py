"""Passwords (argon2), access tokens (short-lived JWT) and opaque secrets (refresh tokens, API
keys), of which only a SHA-256 digest is ever stored."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kit import clock

_hasher = PasswordHasher()
ALGORITHM = "HS256"
API_KEY_PREFIX = "uwk_"


class InvalidToken(Exception):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def access_token(user_id: uuid.UUID, role: str, key: str, minutes: int) -> str:
    now = clock.now()
    claims: dict[str, Any] = {"sub": str(user_id), "role": role, "typ": "access",
                              "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_access_token(token: str, key: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(token, key, algorithms=[ALGORITHM],
                                            options={"require": ["exp", "sub", "typ"]})
    except jwt.ExpiredSignatureError:
        raise InvalidToken("the access token has expired") from None
    except jwt.PyJWTError:
        raise InvalidToken("the access token is not valid") from None
    if claims.get("typ") != "access":
        raise InvalidToken("not an access token")
    return claims
