"""Following a submission live from its Redis event stream (server-sent events, wait=true).

Streams, unlike pub/sub, can be read from any offset: a client that connects late, or comes
back with Last-Event-ID, misses nothing that is still in the stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import redis.asyncio as aioredis

import protocol
from kit import clock
from kit.web.sse import BLOCK_MS


async def follow(client: aioredis.Redis, subject: str, after: str = "0",
                 timeout_s: float = 600.0) -> AsyncIterator[tuple[str, protocol.Event] | None]:
    """Yield (entry id, event) in order until a final event; None at each quiet interval
    (the caller sends a keep-alive and may check the database)."""
    key = protocol.events_key(subject)
    deadline = clock.monotonic() + timeout_s
    while clock.monotonic() < deadline:
        block = int(min(BLOCK_MS, max(1.0, (deadline - clock.monotonic()) * 1000)))
        found = await client.xread({key: after}, block=block, count=100)
        if not found:
            yield None
            continue
        for entry_id, fields in found[0][1]:
            after = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            event = protocol.decode_event(fields)
            yield after, event
            if event.final:
                return


async def wait_final(client: aioredis.Redis, subject: str,
                     timeout_s: float) -> protocol.Event | None:
    async for item in follow(client, subject, timeout_s=timeout_s):
        if item is not None and item[1].final:
            return item[1]
    return None
