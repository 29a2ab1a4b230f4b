"""One runner slot: a process with its own warm sandbox, working RQ jobs one at a time.

The runner pool (runnerhost.pool) starts N of these as `python -m runnerhost.slot`. A slot
self-tests its languages (sandbox.host.RunnerHost), installs the job context, then runs an rq
`SimpleWorker`: no fork per job, so the warm pool and loaded packages survive between jobs.
SIGTERM is rq's warm shutdown: the current job finishes, then the slot closes its sandbox and
exits 0. A slot whose pool process is gone stops the same way. If rq's teardown hangs, the slot
ends itself once idle (STOP_GRACE_S). A slot's runner id is "host:pid:start", the owner label
of its sandbox containers.

While alive, a slot keeps its heartbeat hash `runner_key(runner id)` (TTL RUNNER_TTL_S): a
`protocol.SlotHeartbeat`, the one definition /metrics reads back.
"""

from __future__ import annotations

import argparse
import dataclasses
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

import redis
from rq import SimpleWorker
from rq.defaults import DEFAULT_WORKER_TTL
from rq.serializers import JSONSerializer

from judge import calibrate as calibration
from judge.jobs import JobContext, set_context
from protocol import (
    QUEUE_REJUDGE,
    QUEUES,
    RUNNER_TTL_S,
    SlotHeartbeat,
    runner_key,
)
from runnerhost.pool import EXIT_BAD_CALIBRATION, EXIT_NO_LANGUAGES
from runnerhost.settings import RunnerHostSettings
from sandbox.box import owner_id
from sandbox.docker_sandbox import DockerSandbox
from sandbox.host import RunnerHost

log = logging.getLogger("runnerhost.slot")
HEARTBEAT_S = 5.0
STOP_GRACE_S = 10.0  # a stopping, idle slot that has not exited by then is ended


def queues_for(index: int, slots: int) -> list[str]:
    """With two slots or more, slot 0 never takes rejudges: a storm cannot fill every slot."""
    if slots >= 2 and index == 0:
        return [q for q in QUEUES if q != QUEUE_REJUDGE]
    return list(QUEUES)


class Heartbeat:
    """Writes the slot's hash every HEARTBEAT_S seconds (and at once when poked); stops the
    slot (warm) if the pool process that started it is gone."""

    def __init__(self, client: redis.Redis, ctx: JobContext,
                 pool_sizes: Callable[[], dict[str, int]], identity: SlotHeartbeat,
                 close: Callable[[], None] = lambda: None) -> None:
        self.client, self.ctx, self.pool_sizes, self.close = client, ctx, pool_sizes, close
        self.key, self.identity = runner_key(ctx.runner_id), identity
        self.parent_pid = identity.parent_pid
        self._wake, self._stop, self._stopping = threading.Event(), threading.Event(), \
            threading.Event()
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

    def watch_shutdown(self) -> None:
        """Called when a warm shutdown starts (SIGTERM, or the pool gone): see _end_if_stuck."""
        if not self._stopping.is_set():
            self._stopping.set()
            threading.Thread(target=self._end_if_stuck, name="uw-stopping", daemon=True).start()

    def _end_if_stuck(self) -> None:
        """rq's warm shutdown can hang in its own teardown (closing its pub/sub connection while
        another thread reads it). A stopping slot must not linger: once no job is running and the
        grace is over, remove the sandbox's containers and the heartbeat, and exit."""
        time.sleep(STOP_GRACE_S)
        while self.ctx.busy is not None:  # a job's own limits end it
            time.sleep(1.0)
        log.warning("the slot did not stop by itself: ending it")
        try:
            self.close()
        except Exception:  # the containers go with the pool's janitor then
            log.exception("closing the sandbox")
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            pass  # it expires
        logging.shutdown()
        os._exit(0)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            pass  # it expires


class SlotWorker(SimpleWorker):
    """rq's worker, telling the slot when a warm shutdown begins."""

    on_warm_shutdown: Callable[[], None] = staticmethod(lambda: None)

    def handle_warm_shutdown_request(self) -> None:
        super().handle_warm_shutdown_request()  # type: ignore[no-untyped-call]
        self.on_warm_shutdown()


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
    signal.signal(signal.SIGTERM, _exit)  # until rq installs its warm shutdown
    settings = RunnerHostSettings()
    languages = args.languages.split(",") if args.languages else None
    # rq blocks in BLPOP for up to its dequeue timeout (worker_ttl - 15 s). redis-py 8 gives new
    # connections a 5 s read timeout, and rq's raised timeout reaches only connections made
    # after the worker exists: one made earlier (heartbeat, self-test) would time out in BLPOP
    # and make rq back off for up to a minute while jobs wait. Say it up front.
    client = redis.Redis.from_url(args.redis_url or settings.redis_url,
                                  socket_timeout=DEFAULT_WORKER_TTL + 30,
                                  socket_connect_timeout=5, health_check_interval=30)
    host = RunnerHost(settings, languages)
    try:
        if host.sandbox is None:
            log.error("no language passed its self-test: not serving")
            return EXIT_NO_LANGUAGES
        return serve(args, settings, client, host.sandbox, host.languages, host.close)
    except calibration.CalibrationError as exc:  # a torn or foreign time-factors file
        log.error("not serving: %s (run `usefulwriter calibrate` again, or remove it)", exc)
        return EXIT_BAD_CALIBRATION
    finally:
        host.close()


def serve(args: argparse.Namespace, settings: RunnerHostSettings, client: redis.Redis,
          sandbox: DockerSandbox, languages: list[str],
          close: Callable[[], None] = lambda: None) -> int:
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
                                                for lang in ctx.languages}, identity, close)
    heartbeat.start()
    try:
        # log_job_description: rq would log the payload, learner source code included.
        worker = SlotWorker(queues, name=f"uw-runner-{ctx.runner_id}", connection=client,
                            serializer=JSONSerializer, log_job_description=False)
        worker.on_warm_shutdown = heartbeat.watch_shutdown
        worker.work(burst=args.burst, logging_level=args.log_level)
    finally:
        heartbeat.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
