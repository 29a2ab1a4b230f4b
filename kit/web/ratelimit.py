"""Per-caller rate limits in Redis: fixed windows, one INCR per request, 429 + Retry-After.

`hit` is for code in the thread pool, `ahit` for the event loop (the principal dependency, so
authenticating a request needs no thread). INCR and EXPIRE go in one round trip without
MULTI/EXEC: the key names its window, so a lost EXPIRE can only leave a stale counter behind,
never a wrong count.
"""

from __future__ import annotations

import redis
import redis.asyncio as aioredis

import protocol
from kit import clock
from kit.errors import TooManyRequests


def hit(client: redis.Redis, bucket: str, who: str, limit: int, window_s: int = 60) -> None:
    now, key = _window(bucket, who, window_s)
    pipe = client.pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, window_s + 1)
    _check(int(pipe.execute()[0]), now, bucket, limit, window_s)


async def ahit(client: aioredis.Redis, bucket: str, who: str, limit: int,
               window_s: int = 60) -> None:
    now, key = _window(bucket, who, window_s)
    pipe = client.pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, window_s + 1)
    _check(int((await pipe.execute())[0]), now, bucket, limit, window_s)


def _window(bucket: str, who: str, window_s: int) -> tuple[float, str]:
    now = clock.time()
    return now, protocol.rate_limit_key(bucket, who, int(now // window_s))


def _check(count: int, now: float, bucket: str, limit: int, window_s: int) -> None:
    if count > limit:
        retry_after = max(1, int((int(now // window_s) + 1) * window_s - now + 0.999))
        raise TooManyRequests(f"rate limit of {limit} {bucket} per {window_s} s exceeded; "
                              f"retry in {retry_after} s", retry_after)
