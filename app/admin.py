"""/admin/outbox: what the outbox has not delivered (pending, or failed after every attempt),
for admins to read and retry. Failures are never dropped silently."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from accounts.deps import AdminDep
from kit import outbox
from kit.models import OutboxMessage
from kit.web import pagination
from kit.web.deps import SessionDep

router = APIRouter(prefix="/admin/outbox", tags=["admin"])


class OutboxMessageOut(BaseModel):
    id: uuid.UUID
    topic: str
    payload: dict[str, Any]
    state: str
    attempts: int
    next_at: datetime | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


def render(m: OutboxMessage) -> OutboxMessageOut:
    return OutboxMessageOut(id=m.id, topic=m.topic, payload=m.payload, state=m.state,
                            attempts=m.attempts, next_at=m.next_at, last_error=m.last_error,
                            created_at=m.created_at, delivered_at=m.delivered_at)


@router.get("", response_model=pagination.Page[OutboxMessageOut])
def list_messages(who: AdminDep, s: SessionDep, cursor: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=100)] = 20,
                  state: Literal["pending", "delivered", "failed"] | None = None,
                  topic: str | None = None) -> pagination.Page[OutboxMessageOut]:
    query = pagination.paginate(outbox.listing(state, topic), OutboxMessage.created_at,
                                OutboxMessage.id, cursor, limit)
    items, next_cursor = pagination.page_of(list(s.scalars(query)), limit)
    return pagination.Page(items=[render(m) for m in items], next_cursor=next_cursor)


@router.post("/{message_id}/retry", response_model=OutboxMessageOut)
def retry(message_id: uuid.UUID, who: AdminDep, s: SessionDep) -> OutboxMessageOut:
    return render(outbox.retry(s, message_id))
