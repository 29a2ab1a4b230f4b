"""Following a submission live from its Redis event stream (server-sent events, wait=true).

Streams, unlike pub/sub, can be read from any offset: a client that connects late, or comes
back with Last-Event-ID, misses nothing that is still in the stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import redis.asyncio as aioredis

import protocol
from kit import streams


async def follow(client: aioredis.Redis, subject: str, after: str = "0",
                 timeout_s: float = 600.0) -> AsyncIterator[tuple[str, protocol.Event] | None]:
    """Yield (entry id, event) in order until a final event; None at each quiet interval
    (the caller sends a keep-alive and may check the database)."""
    async for item in streams.entries(client, protocol.events_key(subject), after, timeout_s):
        if item is None:
            yield None
            continue
        entry_id, fields = item
        event = protocol.decode_event(fields)
        yield entry_id, event
        if event.final:
            return


async def wait_final(client: aioredis.Redis, subject: str,
                     timeout_s: float) -> protocol.Event | None:
    """The subject's first final event, read from its own stream (`protocol.final_key`): one
    wake-up when the runner finishes, none for the progress before it."""
    async for item in streams.entries(client, protocol.final_key(subject), "0", timeout_s):
        if item is not None:
            event = protocol.decode_event(item[1])
            if event.final:
                return event
    return None
