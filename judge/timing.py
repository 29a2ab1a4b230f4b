"""Where a job's time went: a sandbox wrapper that timestamps the events of every run.

The grader drives the sandbox (the submission, then a custom checker's job, or before both the
generator's); the wrapper records one `Span` per `run` so a job can report, in milliseconds,
how long it waited for a container, compiled, ran its tests and checked their output.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from sandbox.base import Sandbox
from sandbox.contract import Event, EventKind, Job


@dataclass
class Span:
    language: str
    started: float
    acquired: float | None = None
    compile_started: float | None = None
    compiled: float | None = None
    ended: float | None = None

    @property
    def container_ms(self) -> float:
        return _ms(self.started, self.acquired)

    @property
    def compile_ms(self) -> float:
        return _ms(self.compile_started, self.compiled)

    @property
    def tests_ms(self) -> float:
        return _ms(self.compiled or self.acquired, self.ended)

    @property
    def total_ms(self) -> float:
        return _ms(self.started, self.ended)


def _ms(start: float | None, end: float | None) -> float:
    if start is None or end is None:
        return 0.0
    return round((end - start) * 1000, 1)


class TimedSandbox(Sandbox):
    """Delegates to `inner`, keeping a `Span` per run until `reset`."""

    def __init__(self, inner: Sandbox) -> None:
        self.inner = inner
        self.spans: list[Span] = []

    def reset(self) -> None:
        self.spans = []

    def run(self, job: Job) -> Iterator[Event]:
        span = Span(job.language, time.monotonic())
        self.spans.append(span)
        events = self.inner.run(job)
        try:
            for event in events:
                _stamp(span, event.kind)
                yield event
        finally:  # also when the consumer stops early (an icpc run after its first failure)
            span.ended = time.monotonic()
            close = getattr(events, "close", None)
            if close is not None:
                close()  # the inner run releases its container now, not when collected

    def settle(self) -> None:
        self.inner.settle()

    def timings(self) -> dict[str, float]:
        """The first run is the submission's; any later one is a custom checker's."""
        if not self.spans:
            return {}
        first, rest = self.spans[0], self.spans[1:]
        out = {"container": first.container_ms, "compile": first.compile_ms,
               "tests": first.tests_ms}
        if rest:
            out["checker"] = round(sum(s.total_ms for s in rest), 1)
        return out


def _stamp(span: Span, kind: EventKind) -> None:
    now = time.monotonic()
    if kind is EventKind.ACQUIRED:
        span.acquired = now
    elif kind is EventKind.COMPILE_STARTED:
        span.compile_started = now
    elif kind is EventKind.COMPILED:
        span.compiled = now
