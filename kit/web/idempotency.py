"""Idempotency-Key on creating POSTs (the IETF httpapi draft, as Stripe does it).

Same key and same body: the first response is replayed (header `Idempotent-Replayed: true`).
Same key, another body: 422. The record is written in the transaction that creates the
resource, so a replay never disagrees with what was committed; a concurrent duplicate that
loses the race gets 409 and can retry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit import db
from kit.errors import BadRequest, Conflict, Unprocessable
from kit.models import IdempotencyRecord

HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    request_hash: str


async def idempotency_key(request: Request) -> IdempotencyKey | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= 200:
        raise BadRequest(f"{HEADER} must be 1 to 200 characters")
    body = await request.body()
    digest = hashlib.sha256(request.method.encode() + b" " + request.url.path.encode()
                            + b"?" + request.url.query.encode() + b"\n" + body).hexdigest()
    return IdempotencyKey(key, digest)


def replay(s: Session, principal: str, idem: IdempotencyKey | None) -> JSONResponse | None:
    if idem is None:
        return None
    row = s.scalar(select(IdempotencyRecord).where(IdempotencyRecord.principal == principal,
                                                   IdempotencyRecord.key == idem.key))
    if row is None:
        return None
    if row.request_hash != idem.request_hash:
        raise Unprocessable(f"this {HEADER} was already used with a different request")
    return JSONResponse(row.body, status_code=row.status_code,
                        headers={"Idempotent-Replayed": "true"})


def remember(s: Session, principal: str, idem: IdempotencyKey | None, status: int,
             body: Any) -> None:
    if idem is None:
        return
    db.flush_unique(s, Conflict(f"a request with this {HEADER} is already being processed; "
                                "retry"),
                    IdempotencyRecord(principal=principal, key=idem.key,
                                      request_hash=idem.request_hash, status_code=status,
                                      body=body))


def create_once(s: Session, principal: str, idem: IdempotencyKey | None,
                create: Callable[[], BaseModel]) -> JSONResponse | BaseModel:
    """A creating endpoint's body: the first response replayed, or `create()` remembered
    (201) in the same transaction."""
    replayed = replay(s, principal, idem)
    if replayed is not None:
        return replayed
    out = create()
    remember(s, principal, idem, 201, out.model_dump(mode="json"))
    return out
