"""The app-side task registry. Each context registers, from its own `tasks` module, what the
worker (app.worker) runs: stream consumers (called every loop with a blocking budget), periodic
jobs, outbox topics (kit.outbox), and domain events. The worker knows no feature; a new feature
adds a `register` call in the composition root, not a method on a growing worker class.

Domain events are how a context tells others what happened without knowing them (grading tells
the learning side that a submission was judged, and never imports it). The publisher writes one
outbox row under the event's name in its own transaction (`kit.dispatch.Dispatcher.task`);
the worker turns it into one row per subscriber, so each subscriber is retried, and fails
visibly, on its own. Delivery is at least once: subscribers must be idempotent. A publisher
that is itself a batch of the worker's (grading's results) fans its events out in its own
transaction instead (`outbox.inline`, with `fan_outs`), with the same per-subscriber retries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kit import clock, outbox
from kit.outbox import Handler, Topic

log = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every_s: float
    run: Callable[[], object]
    last: float | None = None

    def due(self, now: float) -> bool:
        return self.last is None or now - self.last >= self.every_s


@dataclass
class Registry:
    consumers: dict[str, Callable[[int], int]] = field(default_factory=dict)
    periodic: list[Periodic] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    subscribers: dict[str, list[str]] = field(default_factory=dict)

    def consumer(self, name: str, consume: Callable[[int], int]) -> None:
        """`consume(block_ms)` handles what arrived (waiting at most block_ms); returns a count."""
        self._unique(name, self.consumers)
        self.consumers[name] = consume

    def every(self, name: str, seconds: float, run: Callable[[], object]) -> None:
        self.periodic.append(Periodic(name, seconds, run))

    def topic(self, name: str, handler: Handler, attempts: int = 6,
              backoff_s: float = 2.0, atomic: bool = False) -> None:
        """`atomic`: the handler only writes the database (kit.outbox batches those)."""
        self._unique(name, self.topics)
        self.topics[name] = Topic(handler, attempts, backoff_s, atomic)

    def event(self, name: str) -> None:
        """Declare a domain event this context publishes (with or without subscribers)."""
        self.topic(name, lambda s, payload: self._fan_out(s, name, payload), atomic=True)
        self.subscribers.setdefault(name, [])

    def subscribe(self, event: str, topic: str, handler: Handler, attempts: int = 6,
                  backoff_s: float = 2.0, atomic: bool = False) -> None:
        """Run `handler` (as outbox topic `topic`) for every `event` published."""
        self.topic(topic, handler, attempts, backoff_s, atomic)
        self.subscribers.setdefault(event, []).append(topic)

    def fan_outs(self) -> dict[str, Handler]:
        """Each declared event's fan-out, for `outbox.inline` (a consumer whose batch
        publishes events has them carried out in its own transaction)."""
        return {name: self.topics[name].handler for name in self.subscribers
                if name in self.topics}

    def _fan_out(self, s: Session, event: str, payload: dict[str, Any]) -> None:
        """Each subscriber gets the event as a message of its own topic; an atomic one's
        handler runs here, in the event's transaction (kit.outbox), and gets a message only if
        it fails (to be retried on its own, without the others)."""
        for topic in self.subscribers.get(event, []):
            if not self.topics[topic].atomic:
                outbox.add(s, topic, payload)
            elif not outbox.careful():
                self.topics[topic].handler(s, payload)  # a failure redoes the batch carefully
            else:
                try:
                    with s.begin_nested():
                        self.topics[topic].handler(s, payload)
                except Exception as exc:  # noqa: BLE001 - retried as a message of its own
                    log.warning("subscriber %s of %s failed; queued to retry", topic, event)
                    outbox.failed_once(s, topic, payload, self.topics[topic], exc)

    def due(self) -> list[Periodic]:
        now = clock.monotonic()
        found = [job for job in self.periodic if job.due(now)]
        for job in found:
            job.last = now
        return found

    @staticmethod
    def _unique(name: str, where: Mapping[str, object]) -> None:
        if name in where:
            raise ValueError(f"{name!r} is registered twice")
