"""Callback webhooks: the final result POSTed to the submission's callback_url, signed with
HMAC-SHA256 over "<timestamp>.<body>" (header `X-UsefulWriter-Signature: t=<ts>,v1=<hex>`, as
Stripe signs), retried with exponential backoff, then given up as `failed`."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.settings import Settings
from models import Submission

log = logging.getLogger(__name__)
HEADER = "X-UsefulWriter-Signature"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance_s: int = 300) -> bool:
    """What a receiver does (documented for clients; used by the tests)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        ts = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, body, ts), header)


def _public(url: str) -> bool:
    """Refuse to post into our own network (SSRF): every address the host resolves to must be
    a global one."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_global for info in infos)


def deliver_due(s: Session, settings: Settings, payload_of: Any, limit: int = 20) -> int:
    """Send the callbacks that are due; returns how many were attempted."""
    now = datetime.now(UTC)
    due = list(s.scalars(select(Submission).where(
        Submission.callback_state == "pending", Submission.callback_next_at <= now)
        .order_by(Submission.callback_next_at).limit(limit).with_for_update(skip_locked=True)))
    for sub in due:
        _attempt(sub, settings, payload_of(s, sub))
    return len(due)


def _attempt(sub: Submission, settings: Settings, payload: dict[str, Any]) -> None:
    assert sub.callback_url is not None
    body = json.dumps(payload, separators=(",", ":"), default=str).encode()
    sub.callback_attempts += 1
    ok = False
    if settings.webhook_allow_private or _public(sub.callback_url):
        try:
            response = httpx.post(sub.callback_url, content=body, timeout=5.0, headers={
                "Content-Type": "application/json", HEADER: sign(settings.webhook_secret, body),
                "X-UsefulWriter-Submission": str(sub.id)})
            ok = 200 <= response.status_code < 300
        except httpx.HTTPError as exc:
            log.info("webhook for %s failed: %s", sub.id, exc.__class__.__name__)
    else:
        log.warning("webhook for %s refused: %s is not a public address", sub.id,
                    sub.callback_url)
        sub.callback_attempts = settings.webhook_attempts
    if ok:
        sub.callback_state, sub.callback_next_at = "delivered", None
    elif sub.callback_attempts >= settings.webhook_attempts:
        sub.callback_state, sub.callback_next_at = "failed", None
    else:
        delay = settings.webhook_backoff_s * 2 ** (sub.callback_attempts - 1)
        sub.callback_next_at = datetime.now(UTC) + timedelta(seconds=delay)
