"""Callback webhooks: the final result POSTed to the submission's callback_url, signed with
HMAC-SHA256 over "<timestamp>.<body>" (header `X-UsefulWriter-Signature: t=<ts>,v1=<hex>`, as
Stripe signs). A judged submission with a callback writes an outbox row (TOPIC) in the same
transaction; the worker delivers it through the SSRF-guarded client, retrying with exponential
backoff (kit.outbox), and admins see the ones that failed."""

from __future__ import annotations

import hashlib
import hmac

from kit import clock

HEADER = "X-UsefulWriter-Signature"
TOPIC = "grading.webhook"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(clock.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance_s: int = 300) -> bool:
    """What a receiver does (documented for clients; used by the tests)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        ts = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(clock.time() - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, body, ts), header)
