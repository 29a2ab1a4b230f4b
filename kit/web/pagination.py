"""Cursor pagination over (created_at, id), newest first: stable under concurrent inserts."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from kit.errors import BadRequest

T = TypeVar("T")
MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode(created_at: datetime, id_: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(id_)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        when, ident = json.loads(raw)
        return datetime.fromisoformat(when), uuid.UUID(ident)
    except (ValueError, TypeError):
        raise BadRequest("the cursor is not valid; use next_cursor from a previous page",
                         field="cursor") from None


def paginate(query: Select[Any], created: InstrumentedAttribute[datetime],
             ident: InstrumentedAttribute[uuid.UUID], cursor: str | None,
             limit: int) -> Select[Any]:
    if cursor:
        when, last = decode(cursor)
        query = query.where(or_(created < when, and_(created == when, ident < last)))
    return query.order_by(created.desc(), ident.desc()).limit(min(limit, MAX_LIMIT) + 1)


def page_of(rows: list[Any], limit: int) -> tuple[list[Any], str | None]:
    limit = min(limit, MAX_LIMIT)
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode(rows[-1].created_at, rows[-1].id)
