"""The transactional outbox: side effects leave through rows written in their cause's
transaction, so nothing is sent for a rolled-back action and nothing is lost for a committed one.

`add` in the caller's session; the worker's one drain loop (`drain`) claims due rows (`FOR UPDATE
SKIP LOCKED`, so several workers share the work), runs the topic's handler, and marks the row
delivered, or schedules a retry with exponential backoff, or after the topic's attempts marks it
failed: failed rows stay for admins to read and retry (`listing`, `retry`), never dropped
silently.

A commit that added messages sets `protocol.OUTBOX_DUE` in Redis (when its session has a
Redis client: the api's and the worker's); a worker busy with results looks at the outbox when
it finds that set, and otherwise only every so often (app.worker), instead of every round.

A topic whose handler reaches outside the database (mail, webhooks, Stripe, blob storage) is
carried out one message per transaction. An `atomic` topic's handler only writes the database
(a domain event's fan-out, progress, a mail queued in this same outbox), so its messages are
carried out together in one transaction, including those they add on the way (an event's
subscribers): a crash rolls back the messages and their effects alike, and a judged
submission's event with its three subscribers costs one transaction instead of four.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

import redis
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

import protocol
from kit import clock, db
from kit.errors import NotFound
from kit.models import OutboxMessage

log = logging.getLogger(__name__)
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
CAREFUL: ContextVar[bool] = ContextVar("outbox_careful", default=True)


class Retry(Exception):  # noqa: N818 - an instruction to the drain loop, not an error report
    """The handler could not do it now; the message says why. Try again after the backoff."""


class GiveUp(Exception):  # noqa: N818
    """The handler will never succeed (a refused address, a deleted row): fail at once."""


Handler = Callable[[Session, dict[str, Any]], None]
_MADE = [0]
INLINE: ContextVar[Mapping[str, Handler]] = ContextVar(  # the domain events `inline` fans out
    "outbox_inline", default=MappingProxyType({}))


@dataclass(frozen=True)
class Topic:
    handler: Handler
    attempts: int = 6
    backoff_s: float = 2.0
    atomic: bool = False  # the handler only writes the database: batched (see above)


def add(s: Session, topic: str, payload: dict[str, Any]) -> OutboxMessage | None:
    """A message for the drain, committed (or rolled back) with `s`; or, for a domain event
    added inside `inline`, its fan-out carried out at once (no message: None)."""
    fan_out = INLINE.get().get(topic)
    if fan_out is not None:
        fan_out(s, payload)
        return None
    return _message(s, topic, payload)


def later(s: Session, topic: str, payload: dict[str, Any], at: datetime) -> OutboxMessage:
    """A message not due before `at` (always a message, even inside `inline`)."""
    return _message(s, topic, payload, at)


def _message(s: Session, topic: str, payload: dict[str, Any],
             at: datetime | None = None) -> OutboxMessage:
    message = OutboxMessage(id=uuid.uuid4(), topic=topic, payload=payload,
                            next_at=at or clock.now())
    s.add(message)
    _MADE[0] += 1
    client = s.info.get(db.STREAMS)
    if client is not None and not any(isinstance(action, _Announce)
                                      for action in s.info.get(db.AFTER_COMMIT, ())):
        db.after_commit(s, _Announce(client))
    return message


class _Announce:
    """After the commit: tell a busy worker that messages are due (best effort: it looks
    every so often anyway). One per transaction, however many messages it added."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def __call__(self) -> None:
        try:
            self.client.set(protocol.OUTBOX_DUE, 1)
        except redis.RedisError as exc:
            log.warning("could not announce due outbox messages: %s", exc)


def announced(client: redis.Redis) -> bool:
    """Whether a commit added messages since the last call (and forget that it did)."""
    return client.getdel(protocol.OUTBOX_DUE) is not None


def made() -> int:
    """How many messages this process has added (the worker's loop looks at the outbox at
    once after it added one: app.worker)."""
    return _MADE[0]


@contextmanager
def inline(fan_outs: Mapping[str, Handler], careful: bool) -> Iterator[None]:
    """Domain events added in this block (`fan_outs`: kit.tasks.Registry.fan_outs) are fanned
    out at once, in the caller's transaction, instead of written for the drain: their atomic
    subscribers' work commits with its cause, and the event costs no message to insert, claim
    and mark, nor a second transaction. For a batch done with `db.in_one_go`, with its
    `careful`: carelessly, a subscriber's failure propagates and the batch comes again
    carefully, where each subscriber runs in a savepoint and one that fails gets a message of
    its own, retried like any other (kit.tasks). Subscribers that reach outside the database
    get their messages as usual."""
    fan_token, careful_token = INLINE.set(fan_outs), CAREFUL.set(careful)
    try:
        yield
    finally:
        CAREFUL.reset(careful_token)
        INLINE.reset(fan_token)


def failed_once(s: Session, topic_name: str, payload: dict[str, Any], topic: Topic,
                exc: Exception) -> OutboxMessage:
    """A message for work that was just tried and failed, as if a message had been tried."""
    message = _message(s, topic_name, payload)
    message.attempts = 1
    _failed(message, topic, exc)
    return message


def drain(sessions: sessionmaker[Session], topics: dict[str, Topic], limit: int = 20,
          atomic_limit: int = 200) -> int:
    """Carry out due messages of the known topics, each tried at most once per call (a short
    backoff must not spend every attempt): up to `atomic_limit` of the atomic topics in one
    transaction, then up to `limit` of the others, each claimed, carried out and recorded in its
    own transaction. A worker killed mid-way then holds at most one outside effect, which its
    row lock keeps from every other worker until the database sees the connection gone and
    hands it back, still pending. (One transaction for a batch of mails would send the batch's
    finished mails again after such a crash.) Returns how many were attempted."""
    atomic = [name for name, topic in topics.items() if topic.atomic]
    apart = [name for name, topic in topics.items() if not topic.atomic]
    tried, apart_due = _drain_atomic(sessions, topics, atomic, atomic_limit) if atomic \
        else ([], True)
    limit += len(tried)
    while apart and apart_due and len(tried) < limit:
        with db.unit_of_work(sessions) as s:
            message = s.scalar(_due(apart, tried).limit(1))
            if message is None:
                break
            tried.append(message.id)
            _attempt(s, message, topics[message.topic], careful=True)
    return len(tried)


def _drain_atomic(sessions: sessionmaker[Session], topics: dict[str, Topic], atomic: list[str],
                  limit: int) -> tuple[list[uuid.UUID], bool]:
    """The atomic topics' due messages in one transaction (`db.in_one_go`: without a savepoint
    per message first); returns them, and whether the first look (at every topic, so an idle
    drain costs one query) saw others due."""
    def batch(s: Session, careful: bool) -> tuple[list[uuid.UUID], bool]:
        token = CAREFUL.set(careful)
        tried: list[uuid.UUID] = []
        apart_due, names = False, list(topics)
        try:
            while len(tried) < limit:
                due = list(s.scalars(_due(names, tried).limit(limit - len(tried))))
                apart_due = apart_due or any(m.topic not in atomic for m in due)
                due, names = [m for m in due if m.topic in atomic], atomic
                if not due:
                    break
                for message in due:
                    tried.append(message.id)
                    _attempt(s, message, topics[message.topic], careful)
            return tried, apart_due or bool(tried)  # handlers may have added others
        finally:
            CAREFUL.reset(token)

    return db.in_one_go(sessions, batch)


def careful() -> bool:
    """Whether handlers run in a savepoint each (kit.tasks inlines an event's subscribers)."""
    return CAREFUL.get()


def _due(names: list[str], tried: list[uuid.UUID]) -> Any:
    query = select(OutboxMessage).where(
        OutboxMessage.state == PENDING, OutboxMessage.next_at <= clock.now(),
        OutboxMessage.topic.in_(names))
    if tried:
        query = query.where(OutboxMessage.id.not_in(tried))
    return query.order_by(OutboxMessage.next_at).with_for_update(skip_locked=True)


def _attempt(s: Session, message: OutboxMessage, topic: Topic, careful: bool) -> None:
    """Carelessly (`careful` False), a failing handler's exception propagates: the caller
    rolls back and comes again carefully."""
    message.attempts += 1
    if not careful:
        topic.handler(s, message.payload)
        message.state, message.next_at, message.delivered_at = DELIVERED, None, clock.now()
        return
    try:
        with s.begin_nested():  # a handler's failed statement must not poison the others
            topic.handler(s, message.payload)
    except Exception as exc:  # noqa: BLE001 - any failure is retried, then shown to admins
        _failed(message, topic, exc)
    else:
        message.state, message.next_at, message.delivered_at = DELIVERED, None, clock.now()


def _failed(message: OutboxMessage, topic: Topic, exc: Exception) -> None:
    """GiveUp fails at once; anything else is retried with backoff, then fails."""
    if isinstance(exc, GiveUp):
        _fail(message, str(exc))
        return
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= topic.attempts:
        _fail(message, message.last_error)
    else:
        delay = topic.backoff_s * 2 ** (message.attempts - 1)
        message.next_at = clock.now() + timedelta(seconds=delay)


def _fail(message: OutboxMessage, reason: str) -> None:
    log.warning("outbox message %s (%s) failed after %d attempts: %s", message.id,
                message.topic, message.attempts, reason)
    message.state, message.next_at, message.last_error = FAILED, None, reason[:2000]


def purge(sessions: sessionmaker[Session], keep_days: float) -> int:
    """Delete delivered messages older than `keep_days` (failed ones stay for admins)."""
    cutoff = clock.now() - timedelta(days=keep_days)
    with db.unit_of_work(sessions) as s:
        result = s.execute(delete(OutboxMessage).where(OutboxMessage.state == DELIVERED,
                                                      OutboxMessage.delivered_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def listing(state: str | None = None, topic: str | None = None) -> Any:
    query = select(OutboxMessage)
    if state is not None:
        query = query.where(OutboxMessage.state == state)
    if topic is not None:
        query = query.where(OutboxMessage.topic == topic)
    return query


def retry(s: Session, message_id: uuid.UUID) -> OutboxMessage:
    """An admin's retry: the message is due now, with a fresh set of attempts."""
    message = s.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise NotFound(f"no outbox message {message_id}")
    message.state, message.attempts, message.next_at = PENDING, 0, clock.now()
    return message
