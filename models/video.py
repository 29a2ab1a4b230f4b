"""Video assets: an upload and what the media pipeline made of it, in the states Mux and
Cloudflare Stream name (waiting for upload, processing, ready, errored with a reason)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import JSONType, Model


class AssetStatus(StrEnum):
    WAITING = "waiting_upload"
    PROCESSING = "processing"
    READY = "ready"
    ERRORED = "errored"


class VideoAsset(Model):
    __tablename__ = "video_assets"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=AssetStatus.WAITING)
    error: Mapped[str | None] = mapped_column(String(500))
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0..1 while processing
    filename: Mapped[str] = mapped_column(String(255), default="")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    source_key: Mapped[str | None] = mapped_column(String(300))
    duration: Mapped[float | None] = mapped_column(Float)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    has_audio: Mapped[bool | None]
    renditions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    captions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)  # language,
    #                                                                              label
    received_bytes: Mapped[int] = mapped_column(BigInteger, default=0)  # resumable uploads
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
