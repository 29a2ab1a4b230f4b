"""Live updates for other processes to follow: a JSON event appended to a Redis stream once the
transaction that caused it has committed (a rolled-back change announces nothing), readable from
any offset, so a client reconnecting with Last-Event-ID misses nothing still in the stream.

A session learns its Redis client from its sessionmaker (`kit.db.make_sessionmaker(engine,
streams=client)`: the api's and the worker's). A session without one, as in service tests and
command-line tools, announces nothing. The state itself is always in the database: a stream is
a view of it, so a Redis hiccup while announcing is logged, never the request's failure.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import redis
import redis.asyncio as aioredis
from sqlalchemy.orm import Session

from kit import clock, db
from kit.web.sse import BLOCK_MS

log = logging.getLogger(__name__)
KEEP = 200  # entries per stream (approximately)
TTL_S = 7 * 86400  # a stream nobody writes to goes away after this


def publish(s: Session, key: str, event: str, data: dict[str, Any]) -> None:
    client: redis.Redis | None = s.info.get(db.STREAMS)
    if client is not None:
        db.after_commit(s, lambda: _append(client, key, event, data))


def _append(client: redis.Redis, key: str, event: str, data: dict[str, Any]) -> None:
    try:
        pipe = client.pipeline(transaction=False)
        pipe.xadd(key, {"event": event, "data": json.dumps(data, default=str)}, maxlen=KEEP,
                  approximate=True)
        pipe.expire(key, TTL_S)
        pipe.execute()
    except redis.RedisError as e:
        log.warning("could not announce %s on %s: %s", event, key, e)


async def last_id(client: aioredis.Redis, key: str) -> str:
    """Where a follower starts so that it misses nothing written after this call."""
    newest = await client.xrevrange(key, count=1)
    if not newest:
        return "0-0"
    entry = newest[0][0]
    return entry.decode() if isinstance(entry, bytes) else str(entry)


async def entries(client: aioredis.Redis, key: str, after: str, timeout_s: float,
                  ) -> AsyncIterator[tuple[str, dict[Any, Any]] | None]:
    """A stream's raw entries after `after`, in order, for up to timeout_s: (entry id, fields),
    or None at each quiet interval of at most sse.BLOCK_MS (the caller sends a keep-alive)."""
    deadline = clock.monotonic() + timeout_s
    while clock.monotonic() < deadline:
        block = int(min(BLOCK_MS, max(1.0, (deadline - clock.monotonic()) * 1000)))
        found = await client.xread({key: after}, block=block, count=100)
        if not found:
            yield None
            continue
        for entry_id, fields in found[0][1]:
            after = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            yield after, fields


async def follow(client: aioredis.Redis, key: str, after: str, timeout_s: float,
                 ) -> AsyncIterator[tuple[str, str, dict[str, Any]] | None]:
    """What `publish` announced: (entry id, event, data), or None when quiet."""
    async for item in entries(client, key, after, timeout_s):
        if item is None:
            yield None
        else:
            entry_id, fields = item
            yield entry_id, fields[b"event"].decode(), json.loads(fields[b"data"])


async def relay(client: aioredis.Redis, key: str, start: str, snapshot: dict[str, Any] | None,
                timeout_s: float, last: Callable[[dict[str, Any]], bool],
                ) -> AsyncIterator[bytes]:
    """A stream as server-sent events: the `snapshot` first (at `start`, so a client that
    reconnects with its id misses nothing; None when resuming), then each announcement, with
    keep-alives while quiet, until one that `last` says ends it, or the timeout."""
    from kit.web import sse

    if snapshot is not None:
        yield sse.encode("snapshot", snapshot, start)
        if last(snapshot):
            return
    async for item in follow(client, key, start, timeout_s):
        if item is None:
            yield b": keep-alive\n\n"
            continue
        entry_id, event, data = item
        yield sse.encode(event, data, entry_id)
        if last(data):
            return
