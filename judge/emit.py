"""What a running job writes to Redis: progress events, results and its lease.

Every event goes to the subject's own stream (`events_key`), trimmed and expiring; `started`,
`final` and `error` also go to `RESULTS_STREAM`, which is never trimmed here: the persisting
worker reads it through a consumer group and acknowledges after its commit. A `final` also goes
to `final_key`, which those waiting only for the answer read.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import redis

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

    def emit(self, type_: EventType, data: dict[str, Any]) -> None:
        fields: Any = encode_event(self.subject, self.attempt, type_, data)
        key = events_key(self.subject)
        pipe = self.client.pipeline(transaction=False)
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
    """`lease_key(subject)` = runner id, refreshed every LEASE_TTL_S/3 s until `release`."""

    def __init__(self, client: redis.Redis, subject: str, runner_id: str,
                 ttl_s: int = LEASE_TTL_S) -> None:
        self.client, self.key, self.runner_id, self.ttl_s = (client, lease_key(subject),
                                                             runner_id, ttl_s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._refresh, name="uw-lease", daemon=True)

    def __enter__(self) -> Lease:
        self.client.set(self.key, self.runner_id, ex=self.ttl_s)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _refresh(self) -> None:
        while not self._stop.wait(self.ttl_s / 3):
            try:
                self.client.set(self.key, self.runner_id, ex=self.ttl_s)
            except redis.RedisError:
                log.warning("cannot refresh %s; retrying", self.key)

    def release(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            log.warning("cannot delete %s; it expires in %d s", self.key, self.ttl_s)
