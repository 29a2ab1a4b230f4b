"""Following a submission live from its Redis event stream (server-sent events, wait=true).

Streams, unlike pub/sub, can be read from any offset: a client that connects late, or comes
back with Last-Event-ID, misses nothing that is still in the stream.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

import protocol
from kit.web.sse import BLOCK_MS


async def follow(client: aioredis.Redis, subject: str, after: str = "0",
                 timeout_s: float = 600.0) -> AsyncIterator[tuple[str, dict[str, Any]] | None]:
    """Yield (entry id, event) in order until a final event; None at each quiet interval
    (the caller sends a keep-alive and may check the database)."""
    key = protocol.events_key(subject)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        block = int(min(BLOCK_MS, max(1.0, (deadline - time.monotonic()) * 1000)))
        found = await client.xread({key: after}, block=block, count=100)
        if not found:
            yield None
            continue
        for entry_id, fields in found[0][1]:
            after = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            event = protocol.decode_event(fields)
            yield after, event
            if event["type"] in protocol.FINAL_EVENTS:
                return


async def wait_final(client: aioredis.Redis, subject: str,
                     timeout_s: float) -> dict[str, Any] | None:
    async for item in follow(client, subject, timeout_s=timeout_s):
        if item is not None and item[1]["type"] in protocol.FINAL_EVENTS:
            return item[1]
    return None
