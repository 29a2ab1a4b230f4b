"""The runner's job function, `run_request`, which a runner slot calls with each queued RunRequest.

A runner slot (runnerhost.slot) calls `set_context` once with its warm sandbox and Redis client,
then runs jobs one at a time in its own process, so the sandbox's warm pool and the loaded packages
outlive each job. For each request the function holds the subject's lease, emits `started`,
progress events and one `final` (see judge.emit for where they go), and returns the last event.

Failures, from the learner's to ours:
- compile errors and limit hits are verdicts inside `final`;
- a package that cannot be loaded or graded, a job that cannot be run as given (`BadJob`, an
  unknown language or limit) and bugs end in a `final` whose verdict is IE (check requests:
  ok false) with an `error` message; bugs are re-raised too, so the slot logs the traceback;
- a package missing from Redis and the disk cache, a sandbox failure (`RunnerError`) or a Redis
  failure emit `error` {"message", "retriable": true} instead: the reconciler enqueues another
  attempt. Sandbox and Redis failures are re-raised, so the slot records the job as failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from judge import exec_run
from judge.check import SolutionCheck, check_package
from judge.emit import Emitter, Lease
from judge.engine import GradingError, Progress
from judge.packages import PackageMissing, PackageStore
from judge.timing import TimedSandbox
from protocol import EventType, RunRequest
from sandbox.base import Sandbox
from sandbox.errors import BadJob, RunnerError
from sandbox.languages import LANGUAGES, UnknownLanguage
from scoring.package import PackageError

log = logging.getLogger(__name__)
Emit = Callable[[EventType, dict[str, Any]], None]
# Requests that can never succeed as given: a final IE, not a retry.
UNRUNNABLE = (PackageError, GradingError, BadJob, UnknownLanguage)


@dataclass
class JobContext:
    """What the jobs of one slot share. `busy` is the subject being worked on, if any."""

    sandbox: TimedSandbox
    redis: redis.Redis
    languages: tuple[str, ...]
    runner_id: str
    packages: PackageStore
    busy: str | None = None
    jobs_done: int = 0
    on_change: Callable[[], None] = field(default=lambda: None)

    def set_busy(self, subject: str | None) -> None:
        self.busy = subject
        if subject is None:
            self.jobs_done += 1
        self.on_change()


_context: JobContext | None = None


def set_context(sandbox: Sandbox, client: redis.Redis, languages: Sequence[str], runner_id: str,
                cache_dir: Path, graders_cached: int = 8, cache_max_mb: int | None = None,
                time_factors: dict[str, float] | None = None) -> JobContext:
    """Install the process-global context `run_request` works in (once per slot process).
    `time_factors`: calibrated on this runner (judge.calibrate), over the languages' own."""
    global _context
    timed = TimedSandbox(sandbox)
    store = PackageStore(client, cache_dir, timed, tuple(LANGUAGES), graders_cached,
                         max_bytes=None if cache_max_mb is None else cache_max_mb * 1024 * 1024,
                         time_factors=time_factors)
    _context = JobContext(timed, client, tuple(languages), runner_id, store)
    return _context


def context() -> JobContext:
    if _context is None:
        raise RuntimeError("judge.jobs.set_context was not called: jobs run in runner slots")
    return _context


def run_request(payload: dict[str, Any]) -> dict[str, Any]:
    """Run one RunRequest.to_dict(); returns the last event emitted: {"type", "data"}."""
    ctx = context()
    request = RunRequest.from_dict(payload)
    emitter = Emitter(ctx.redis, request.subject, request.attempt)
    lease = Lease(ctx.redis, request.subject, ctx.runner_id)
    ctx.set_busy(request.subject)
    try:
        return _attempt(ctx, request, emitter, lease)
    finally:
        lease.release()
        ctx.sandbox.settle()  # the container's end of the job, once the final is out
        ctx.set_busy(None)


def _attempt(ctx: JobContext, request: RunRequest, emitter: Emitter,
             lease: Lease) -> dict[str, Any]:
    """The lease is taken with `started`, in its round trip, and the last event is written
    while it is still held."""
    try:
        emitter.emit(EventType.STARTED, {"runner": ctx.runner_id}, also=lease.claim)
        type_, data = _run(ctx, request, emitter)
        emitter.emit(type_, data)
    except (RunnerError, redis.RedisError) as exc:
        log.warning("%s attempt %d failed: %s", request.subject, request.attempt, exc)
        emitter.error(f"{type(exc).__name__}: {exc}")
        raise
    return {"type": type_, "data": data}


def _run(ctx: JobContext, request: RunRequest,
         emitter: Emitter) -> tuple[EventType, dict[str, Any]]:
    handler = KINDS.get(request.kind)
    if handler is None:
        return EventType.FINAL, {"verdict": "IE", "error": f"unknown request kind {request.kind!r}"}
    started = time.monotonic()
    try:
        data = handler(ctx, request, emitter.emit)
    except PackageMissing as exc:
        return EventType.ERROR, {"message": str(exc), "retriable": True}
    except UNRUNNABLE as exc:
        return EventType.FINAL, failed(request.kind, message(exc))
    except (RunnerError, redis.RedisError):
        raise
    except Exception as exc:
        log.exception("%s: bug while running a %s request", request.subject, request.kind)
        emitter.emit(EventType.FINAL, failed(request.kind, f"internal error: {type(exc).__name__}"))
        raise
    if "timings" in data:
        data["timings"]["total"] = round((time.monotonic() - started) * 1000, 1)
    return EventType.FINAL, data


def message(exc: Exception) -> str:
    if isinstance(exc, KeyError) and exc.args:  # str() of a KeyError is its repr
        return str(exc.args[0])
    return str(exc)


def failed(kind: str, message: str) -> dict[str, Any]:
    """The final data of a request that could not be run."""
    if kind == "check":
        return {"ok": False, "error": message, "tests": 0, "solutions": []}
    if kind == "exec":
        return {**exec_run.internal_error(), "error": message}
    return {"verdict": "IE", "error": message}


# -- kinds -------------------------------------------------------------------------------------
def grade(ctx: JobContext, request: RunRequest, emit: Emit) -> dict[str, Any]:
    if not request.package_sha:
        raise PackageError("package_sha", "a grade request needs a package")
    started = time.monotonic()
    grader = ctx.packages.grader(request.package_sha, request.samples_only)
    grader.tests()  # generated once per slot, and not part of this submission's timings
    package_ms = round((time.monotonic() - started) * 1000, 1)
    ctx.sandbox.reset()
    progress = GradeProgress(emit, grader.package.order)
    report = grader.grade(request.source.encode(), request.language, progress)
    return {**report.to_dict(), "timings": {"package": package_ms, **ctx.sandbox.timings()}}


class GradeProgress:
    """Turns the grader's progress into events; `index` is the test's 0-based position."""

    def __init__(self, emit: Emit, order: list[str]) -> None:
        self.emit, self.order, self.compiling = emit, order, False

    def __call__(self, p: Progress) -> None:
        if p.kind == "compiling":
            self.compiling = True
            self.emit(EventType.COMPILING, {})
        elif p.kind == "compiled":
            self.emit(EventType.COMPILED, {"ok": True})
        elif p.kind == "test" and p.test is not None:
            self.emit(EventType.TEST, {**p.test.to_dict(), "index": self.order.index(p.test.name),
                               "total": p.total})
        elif p.kind == "done" and self.compiling and p.report and p.report.verdict == "CE":
            self.emit(EventType.COMPILED, {"ok": False})


def execute(ctx: JobContext, request: RunRequest, emit: Emit) -> dict[str, Any]:
    return exec_run.execute(ctx.sandbox, request.language, request.source, request.stdin,
                            request.expected_output, request.limits, emit)


def check(ctx: JobContext, request: RunRequest, emit: Emit) -> dict[str, Any]:
    if not request.package_sha:
        raise PackageError("package_sha", "a check request needs a package")
    package = ctx.packages.package(request.package_sha)
    if not package.solutions:
        raise PackageError("solutions", "the package declares no solutions to check")
    total, done = len(package.solutions), list[SolutionCheck]()

    def name(check: SolutionCheck) -> str:
        return check.solution.path.relative_to(package.root).as_posix()

    def on_done(check: SolutionCheck) -> None:
        emit(EventType.TEST, {"solution": name(check), "index": len(done), "total": total,
                      "verdict": check.report.verdict.value})
        done.append(check)

    checks = check_package(package, ctx.sandbox, on_done=on_done)
    return {"ok": all(c.ok for c in checks), "error": None, "tests": len(package.tests),
            "solutions": [{"path": name(c), "language": c.solution.language,
                           "declared": c.solution.verdict.value,
                           "got": c.report.verdict.value, "ok": c.ok, "reason": c.reason}
                          for c in checks]}


KINDS: dict[str, Callable[[JobContext, RunRequest, Emit], dict[str, Any]]] = {
    "grade": grade, "exec": execute, "check": check,
}
