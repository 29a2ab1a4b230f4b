"""Server-sent events: the wire format, and how long a stream read may block between keep-alives."""

from __future__ import annotations

import json
from typing import Any

# A stream read blocks at most this long, then the caller sends a keep-alive comment. Clients of
# a long-blocking read need a socket timeout longer than this (kit.web.state).
BLOCK_MS = 10_000


def encode(event: str, data: Any, event_id: str | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()
