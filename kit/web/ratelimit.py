"""Per-caller rate limits in Redis: fixed windows, one INCR per request, 429 + Retry-After."""

from __future__ import annotations

import redis

import protocol
from kit import clock
from kit.errors import TooManyRequests


def hit(client: redis.Redis, bucket: str, who: str, limit: int, window_s: int = 60) -> None:
    now = clock.time()
    window = int(now // window_s)
    key = protocol.rate_limit_key(bucket, who, window)
    pipe = client.pipeline()
    pipe.incr(key)
    pipe.expire(key, window_s + 1)
    count = int(pipe.execute()[0])
    if count > limit:
        retry_after = max(1, int((window + 1) * window_s - now + 0.999))
        raise TooManyRequests(f"rate limit of {limit} {bucket} per {window_s} s exceeded; "
                              f"retry in {retry_after} s", retry_after)
