"""One runner slot: a process with its own warm sandbox, working queued jobs one at a time.

The runner pool (runnerhost.pool) starts N of these as `python -m runnerhost.slot`. A slot
self-tests its languages (sandbox.host.RunnerHost), installs the job context, then pops job ids
from its queues in priority order (BLPOP; protocol.queues says what a job is) and runs each in
this process, so the warm pool and loaded packages survive between jobs. A job that outlives
its timeout is interrupted (SIGALRM); one that raises is kept in Redis as failed, for an hour.

SIGTERM is a warm shutdown: an idle slot stops at once, a busy one after its current job; a
second SIGTERM stops it cold (the job's lease lapses and the reconciler sends it again). Either
way the slot closes its sandbox and exits 0. A slot whose pool process is gone stops the same
way. A slot's runner id is "host:pid:start", the owner label of its sandbox containers.

While alive, a slot keeps its heartbeat hash `runner_key(runner id)` (TTL RUNNER_TTL_S): a
`protocol.SlotHeartbeat`, the one definition /metrics reads back.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import redis

from judge import calibrate as calibration
from judge.jobs import JobContext, run_request, set_context
from protocol import (
    FAILED_TTL_S,
    JOB_TIMEOUT_S,
    QUEUE_REJUDGE,
    QUEUES,
    RUNNER_TTL_S,
    JobState,
    SlotHeartbeat,
    job_key,
    queue_key,
    runner_key,
)
from runnerhost.pool import EXIT_BAD_CALIBRATION, EXIT_NO_LANGUAGES
from runnerhost.settings import RunnerHostSettings
from sandbox.box import owner_id
from sandbox.docker_sandbox import DockerSandbox
from sandbox.host import RunnerHost

log = logging.getLogger("runnerhost.slot")
HEARTBEAT_S = 5.0
BLOCK_S = 5  # an idle slot's BLPOP returns this often (to notice --burst's empty queues)
REDIS_BACKOFF_MAX_S = 10.0


def queues_for(index: int, slots: int) -> list[str]:
    """With two slots or more, slot 0 never takes rejudges: a storm cannot fill every slot."""
    if slots >= 2 and index == 0:
        return [q for q in QUEUES if q != QUEUE_REJUDGE]
    return list(QUEUES)


class Heartbeat:
    """Writes the slot's hash every HEARTBEAT_S seconds (and at once when poked); stops the
    slot (warm) if the pool process that started it is gone."""

    def __init__(self, client: redis.Redis, ctx: JobContext,
                 pool_sizes: Callable[[], dict[str, int]], identity: SlotHeartbeat) -> None:
        self.client, self.ctx, self.pool_sizes = client, ctx, pool_sizes
        self.key, self.identity = runner_key(ctx.runner_id), identity
        self.parent_pid = identity.parent_pid
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="uw-heartbeat", daemon=True)

    def start(self) -> None:
        self.ctx.on_change = self._wake.set
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._orphaned()
            try:
                self.beat()
            except redis.RedisError as exc:
                log.warning("heartbeat: %s", exc)
            self._wake.wait(HEARTBEAT_S)
            self._wake.clear()

    def record(self) -> SlotHeartbeat:
        return dataclasses.replace(self.identity, busy=self.ctx.busy, jobs=self.ctx.jobs_done,
                                   pool=self.pool_sizes(), updated_at=time.time())

    def beat(self) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.hset(self.key, mapping=self.record().to_hash())
        pipe.expire(self.key, RUNNER_TTL_S)
        pipe.execute()

    def _orphaned(self) -> None:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            log.warning("the runner pool process is gone: stopping after the current job")
            self.parent_pid = None
            os.kill(os.getpid(), signal.SIGTERM)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            pass  # it expires


class JobTimeout(Exception):  # noqa: N818 - raised into a job that ran past its timeout
    pass


class Worker:
    """Pops job ids from `queues` (in priority order) and runs them one at a time."""

    def __init__(self, client: redis.Redis, queues: list[str],
                 run: Callable[[dict[str, Any]], Any] = run_request) -> None:
        self.client, self.run_job = client, run
        self.keys = [queue_key(q) for q in queues]
        self.busy = False  # between popping a job and settling it
        self.stopping = False

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self._sigterm)
        signal.signal(signal.SIGALRM, self._timeout)

    def _sigterm(self, signum: int, frame: FrameType | None) -> None:
        if not self.busy or self.stopping:  # idle, or asked twice: stop now
            raise SystemExit(0)
        log.info("stopping after the current job")
        self.stopping = True

    @staticmethod
    def _timeout(signum: int, frame: FrameType | None) -> None:
        raise JobTimeout("the job ran past its timeout")

    def work(self, burst: bool = False) -> None:
        """Until a warm shutdown (or, with `burst`, until the queues are empty). Redis going
        away stops nothing: the slot waits for it, a little longer each time."""
        backoff = 0.0
        while not self.stopping:
            try:
                popped = self.client.blpop(self.keys, timeout=1 if burst else BLOCK_S)
                if popped is None:
                    if burst:
                        return
                    continue
                self.busy = True
                try:
                    job = popped[1].decode() if isinstance(popped[1], bytes) else str(popped[1])
                    self.perform(job)
                finally:
                    self.busy = False
                backoff = 0.0
            except redis.RedisError as exc:
                backoff = min(max(2 * backoff, 0.5), REDIS_BACKOFF_MAX_S)
                log.warning("Redis unavailable (%s): trying again in %.1f s", exc, backoff)
                time.sleep(backoff)

    def perform(self, job: str) -> None:
        key = job_key(job)
        pipe = self.client.pipeline(transaction=False)
        pipe.hset(key, "state", JobState.STARTED)
        pipe.hmget(key, ["request", "timeout"])
        _, (request, timeout) = pipe.execute()
        if request is None:  # the hash expired, or Redis lost it: nothing to run
            log.warning("job %s has no request: skipped", job)
            self.client.delete(key)
            return
        signal.setitimer(signal.ITIMER_REAL, float(timeout or JOB_TIMEOUT_S))
        try:
            self.run_job(json.loads(request))
        except Exception:  # noqa: BLE001 - the job has reported what it could; keep the trace
            signal.setitimer(signal.ITIMER_REAL, 0)
            log.exception("job %s failed", job)
            pipe = self.client.pipeline(transaction=False)
            pipe.hset(key, "state", JobState.FAILED)
            pipe.expire(key, FAILED_TTL_S)
            pipe.execute()
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        self.client.delete(key)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m runnerhost.slot",
                                description=__doc__.split("\n")[0])
    p.add_argument("--index", type=int, default=0, help="this slot's number in its pool")
    p.add_argument("--slots", type=int, default=1, help="slots in the pool")
    p.add_argument("--redis-url", help="default: USEFULWRITER_RUNNER_REDIS_URL")
    p.add_argument("--languages", help="comma-separated; default: every language")
    p.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    p.add_argument("--parent-pid", type=int, help="stop when this process is gone")
    p.add_argument("--log-level", default="INFO")
    return p


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format=f"%(asctime)s slot {args.index} %(levelname)s %(name)s: "
                               "%(message)s")
    signal.signal(signal.SIGTERM, _exit)  # until the worker installs its warm shutdown
    settings = RunnerHostSettings()
    languages = args.languages.split(",") if args.languages else None
    # An idle slot blocks in BLPOP for BLOCK_S: redis-py 8 gives new connections a 5 s read
    # timeout, which would cut that wait short. Every connection gets the longer one.
    client = redis.Redis.from_url(args.redis_url or settings.redis_url,
                                  socket_timeout=BLOCK_S + 30,
                                  socket_connect_timeout=5, health_check_interval=30)
    host = RunnerHost(settings, languages)
    try:
        if host.sandbox is None:
            log.error("no language passed its self-test: not serving")
            return EXIT_NO_LANGUAGES
        return serve(args, settings, client, host.sandbox, host.languages)
    except calibration.CalibrationError as exc:  # a torn or foreign time-factors file
        log.error("not serving: %s (run `usefulwriter calibrate` again, or remove it)", exc)
        return EXIT_BAD_CALIBRATION
    finally:
        host.close()


def serve(args: argparse.Namespace, settings: RunnerHostSettings, client: redis.Redis,
          sandbox: DockerSandbox, languages: list[str]) -> int:
    factors = calibration.load(Path(settings.time_factors_file))
    if factors:
        log.info("judging with the time factors calibrated on this host: %s", factors)
    ctx = set_context(sandbox, client, languages, owner_id(), settings.cache_dir,
                      settings.graders_cached, settings.cache_max_mb, factors)
    queues = queues_for(args.index, args.slots)
    now = time.time()
    identity = SlotHeartbeat(
        runner=ctx.runner_id, host=socket.gethostname(), pid=os.getpid(),
        parent_pid=args.parent_pid, slot=args.index, slots=args.slots, queues=tuple(queues),
        languages=tuple(languages), busy=None, jobs=0, pool={}, started_at=now, updated_at=now,
        time_factors=factors)
    heartbeat = Heartbeat(client, ctx, lambda: {lang: sandbox.pool.size(lang)
                                                for lang in ctx.languages}, identity)
    worker = Worker(client, queues)
    worker.install_signals()
    heartbeat.start()
    try:
        worker.work(burst=args.burst)
    finally:
        heartbeat.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
