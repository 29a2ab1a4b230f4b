"""Responses of creating POSTs by Idempotency-Key, stored in the transaction that created the
resource, so a replay can never disagree with what was committed."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Model
from lms.models.challenge import JSONType


class IdempotencyRecord(Model):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("principal", "key"),)

    principal: Mapped[str] = mapped_column(String(80))  # user id, or the client address
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    body: Mapped[Any] = mapped_column(JSONType)
    resource_id: Mapped[uuid.UUID | None]
