"""Engine and sessions. One session per request or task; only the edge commits.

Who the caller is travels to PostgreSQL's row-level security policies per transaction:
`act_as` records it on the session, and every transaction the session begins sets it with
`set_config(..., true)` (SET LOCAL). It ends with the transaction, so a pooled connection
never carries one request's identity into the next.

Work that must happen only once the transaction is durable (enqueueing a job that refers to a
new row) is registered with `after_commit`: it runs after a successful commit and is discarded
on rollback, so a failed request leaves neither a row nor a job behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

log = logging.getLogger(__name__)
T = TypeVar("T")
AFTER_COMMIT = "uw_after_commit"
STREAMS = "uw_streams"  # the Redis client kit.streams announces with
IDENTITY = "uw_identity"
_SET = text("SELECT set_config('uw.user_id', :user_id, true), set_config('uw.role', :role, true)")


def make_engine(url: str, pool_size: int = 10) -> Engine:
    return create_engine(url, pool_size=pool_size, max_overflow=20, pool_pre_ping=True,
                         pool_recycle=1800, connect_args={"connect_timeout": 3})


def make_sessionmaker(engine: Engine, streams: Any = None) -> sessionmaker[Session]:
    """Sessions on `engine`; with `streams` (a Redis client) they can announce live updates
    (kit.streams)."""
    return sessionmaker(engine, expire_on_commit=False, autoflush=True,
                        info={STREAMS: streams} if streams is not None else None)


def act_as(session: Session, user_id: str | None, role: str | None) -> None:
    """The identity the policies see for every transaction of this session from now on."""
    session.info[IDENTITY] = {"user_id": user_id or "", "role": role or ""}
    if session.in_transaction():
        session.connection().execute(_SET, session.info[IDENTITY])


def set_local(session: Session, name: str, value: str) -> None:
    """A setting for the rest of this transaction only (e.g. `uw.certificate` for the public
    verification of one code)."""
    session.connection().execute(text("SELECT set_config(:name, :value, true)"),
                                 {"name": name, "value": value})


@event.listens_for(Session, "after_begin")
def _identify(session: Session, transaction: SessionTransaction, connection: Connection,
              ) -> None:
    identity = session.info.get(IDENTITY)
    if identity is not None:
        connection.execute(_SET, identity)


def after_commit(session: Session, action: Callable[[], None]) -> None:
    session.info.setdefault(AFTER_COMMIT, []).append(action)


def commit(session: Session) -> None:
    """Commit, then run what waited for the commit."""
    session.commit()
    actions = session.info.pop(AFTER_COMMIT, [])
    for action in actions:
        action()


def rollback(session: Session) -> None:
    session.info.pop(AFTER_COMMIT, None)
    session.rollback()


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session committed on success and rolled back on error (background tasks)."""
    session = factory()
    try:
        yield session
        commit(session)
    except BaseException:
        rollback(session)
        raise
    finally:
        session.close()


def flush_unique(s: Session, error: Exception, *new: object) -> None:
    """Add `new` rows and flush in a savepoint; a unique-constraint clash raises `error`.
    The rows are added inside the savepoint, so a refused one leaves the session usable (and
    of two concurrent requests, one wins and the other gets the error, never a 500)."""
    try:
        with s.begin_nested():
            s.add_all(new)
            s.flush()
    except IntegrityError:
        raise error from None


def lock_key(s: Session, key: str) -> None:
    """A transaction-scoped advisory lock on `key`: one holder at a time until it commits or
    rolls back (for check-then-insert sequences no unique constraint covers)."""
    s.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})


def in_one_go(factory: sessionmaker[Session], work: Callable[[Session, bool], T],
              outages: tuple[type[BaseException], ...] = ()) -> T:
    """A batch in one transaction: `work(s, careful)`, first with `careful` False (no savepoint
    per item, which costs two round trips each). If it raises anything but one of `outages`,
    the transaction is rolled back and the batch done again with `careful` True: a savepoint
    per item, so a failing item is dealt with on its own without undoing the others."""
    try:
        with unit_of_work(factory) as session:
            return work(session, False)
    except outages:
        raise
    except Exception:  # noqa: BLE001 - some item failed: find it carefully
        log.info("a batch failed; doing it again with a savepoint per item")
    with unit_of_work(factory) as session:
        return work(session, True)
