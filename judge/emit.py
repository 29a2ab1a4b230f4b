"""What a running job writes to Redis: progress events, results and its lease.

Every event goes to the subject's own stream (`events_key`), trimmed and expiring; `started`,
`final` and `error` also go to `RESULTS_STREAM`, which is never trimmed here: the persisting
worker reads it through a consumer group and acknowledges after its commit. A `final` also goes
to `final_key`, which those waiting only for the answer read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from redis.client import Pipeline

from protocol import (
    EVENTS_MAXLEN,
    EVENTS_TTL_S,
    FINAL_EVENTS,
    LEASE_TTL_S,
    REPORTED,
    RESULTS_STREAM,
    EventType,
    encode_event,
    events_key,
    final_key,
    lease_key,
)

log = logging.getLogger(__name__)


class Emitter:
    """Writes the events of one attempt at one subject."""

    def __init__(self, client: redis.Redis, subject: str, attempt: int) -> None:
        self.client, self.subject, self.attempt = client, subject, attempt

    def emit(self, type_: EventType, data: dict[str, Any],
             also: Callable[[Pipeline], None] | None = None) -> None:
        """`also`: more writes for the same round trip, before the event's."""
        fields: Any = encode_event(self.subject, self.attempt, type_, data)
        key = events_key(self.subject)
        if also is None and type_ not in REPORTED:  # FINAL_EVENTS are REPORTED too
            # progress (a test's result): one command, without a pipeline's making
            self.client.xadd(key, fields, maxlen=EVENTS_MAXLEN, approximate=True)
            return
        pipe = self.client.pipeline(transaction=False)
        if also is not None:
            also(pipe)
        pipe.xadd(key, fields, maxlen=EVENTS_MAXLEN, approximate=True)
        if type_ in REPORTED:  # the stream's life is renewed at the start and at the end
            pipe.expire(key, EVENTS_TTL_S)
            pipe.xadd(RESULTS_STREAM, fields)
        if type_ in FINAL_EVENTS:  # for those who wait only for the answer (wait=true)
            pipe.xadd(final_key(self.subject), fields)
            pipe.expire(final_key(self.subject), EVENTS_TTL_S)
        pipe.execute()

    def error(self, message: str, retriable: bool = True) -> None:
        """Best effort: Redis itself may be what failed."""
        try:
            self.emit(EventType.ERROR, {"message": message[:2000], "retriable": retriable})
        except redis.RedisError:
            log.warning("cannot report the error of %s: Redis unavailable", self.subject)


class Lease:
    """`lease_key(subject)` = runner id, refreshed every ttl_s/3 s from `claim` until
    `release` (by one thread per process for every lease held, not a thread per job)."""

    def __init__(self, client: redis.Redis, subject: str, runner_id: str,
                 ttl_s: int = LEASE_TTL_S) -> None:
        self.client, self.key, self.runner_id, self.ttl_s = (client, lease_key(subject),
                                                             runner_id, ttl_s)
        self.due = 0.0  # when the refresher next writes it

    def claim(self, pipe: Pipeline | None = None) -> None:
        """Take the lease (in `pipe`, to ride with another write), and keep it."""
        (pipe if pipe is not None else self.client).set(self.key, self.runner_id, ex=self.ttl_s)
        _refresher.add(self)

    def __enter__(self) -> Lease:
        self.claim()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        _refresher.remove(self)
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            log.warning("cannot delete %s; it expires in %d s", self.key, self.ttl_s)


class _Refresher:
    """Writes each held lease again every third of its TTL. A refresh holds the lock, so a
    released lease is never written after its release."""

    def __init__(self) -> None:
        self._held: dict[int, Lease] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._next = float("inf")  # when the thread wakes next
        self._thread: threading.Thread | None = None

    def add(self, lease: Lease) -> None:
        lease.due = time.monotonic() + lease.ttl_s / 3
        with self._lock:
            self._held[id(lease)] = lease
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="uw-lease",
                                                daemon=True)
                self._thread.start()
            elif lease.due < self._next:
                self._wake.set()

    def remove(self, lease: Lease) -> None:
        with self._lock:
            self._held.pop(id(lease), None)

    def _loop(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                for lease in self._held.values():
                    if lease.due <= now:
                        lease.due = now + lease.ttl_s / 3
                        try:
                            lease.client.set(lease.key, lease.runner_id, ex=lease.ttl_s)
                        except redis.RedisError:
                            log.warning("cannot refresh %s; retrying", lease.key)
                self._next = min((lease.due for lease in self._held.values()),
                                 default=now + 60)
            self._wake.wait(max(0.005, self._next - time.monotonic()))
            self._wake.clear()


_refresher = _Refresher()
