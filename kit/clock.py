"""The one clock the database side reads (`now()`, `time()`, `monotonic()`), so that tests can
freeze and move it: token expiry, backoff, reconciliation cutoffs, signatures, and later drip
dates, quiz deadlines and signed URLs are tested without sleeping.

Runner hosts measure learner code with their own monotonic clocks: a measurement is not a time
of day and must never be frozen.
"""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return _time.monotonic()


class FrozenClock:
    """Stands still until moved; `advance` moves both the wall and the monotonic clock."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        self._monotonic = 1000.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._monotonic

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._monotonic += seconds


_clock: Clock = SystemClock()


def now() -> datetime:
    """The time of day, timezone-aware (UTC)."""
    return _clock.now()


def time() -> float:
    """Seconds since the epoch, from now()."""
    return now().timestamp()


def monotonic() -> float:
    return _clock.monotonic()


def as_utc(at: datetime) -> datetime:
    """A time without a zone is UTC (what clients send is compared with `now()`)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """Install `clock` for the duration (tests: tests/fixtures/clock.py)."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous
