"""The real sandbox: a hardened container from the warm pool per job; in jail mode the job
runs in a jail of its own inside a container that takes job after job."""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import docker
from docker.errors import DockerException

from sandbox.base import Sandbox
from sandbox.box import Box, sweep_channels
from sandbox.contract import Event, EventKind, ExecResult, Job, Limits, Status
from sandbox.errors import BadJob, SandboxBroken, SandboxUnavailable
from sandbox.languages import LANGUAGES, get_language
from sandbox.pool import WarmPool, remove_orphans
from sandbox.settings import SandboxSettings

log = logging.getLogger(__name__)

# Time the supervisor may take beyond a test's wall limit (killing, reaping, resetting).
GRACE = 10.0


def supervisor_limits(limits: Limits) -> dict[str, Any]:
    return {**limits.to_dict(), "wall": limits.wall}


class DockerSandbox(Sandbox):
    def __init__(self, settings: SandboxSettings | None = None,
                 languages: list[str] | None = None,
                 client: docker.DockerClient | None = None, warm: bool = True) -> None:
        self.settings = settings or SandboxSettings()
        try:
            if client is not None:
                self.client = client
            elif self.settings.docker_url:
                self.client = docker.DockerClient(base_url=self.settings.docker_url,
                                                  max_pool_size=8)
            else:
                self.client = docker.from_env(max_pool_size=8)
            self.client.ping()
        except docker.errors.DockerException as exc:
            raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc
        remove_orphans(self.client)
        if self.settings.channel == "socket":
            sweep_channels(self.settings.channel_dir)
        self.languages = list(languages or self.settings.enabled_languages())
        self.pool = WarmPool(self.client, self.settings, self.languages)
        # Each job's end is read on this thread while the consumer reports its verdict;
        # `settle` waits for what is still being read.
        self._settler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="uw-settle")
        self._owed: list[Future[None]] = []
        self._owed_lock = threading.Lock()
        if warm:
            self.pool.fill()

    def run(self, job: Job) -> Iterator[Event]:
        lang = get_language(job.language)
        if lang.name not in self.languages:
            raise SandboxUnavailable(f"this runner does not serve {lang.name}")
        for name in job.files:
            if "/" in name or name.startswith(".") or not name:
                raise BadJob(f"bad file name {name!r}")
        self.settle()
        box = self.pool.acquire(lang.name)
        try:
            yield Event(EventKind.ACQUIRED)
            yield from self._drive(box, job)
        finally:
            if box.owed:  # back to the pool once its job's end is read
                with self._owed_lock:
                    self._owed.append(self._settler.submit(self._settle, box))
            else:
                self.pool.release(box)

    def settle(self) -> None:
        """Wait until the end of each job whose every test was answered is read."""
        with self._owed_lock:
            owed, self._owed = self._owed, []
        for future in owed:
            future.result()

    def _settle(self, box: Box) -> None:
        """The supervisor closes the jail and checks that nothing of it is left (about a
        millisecond) while the consumer reports its verdict. Until this has read the
        result, the box is in no pool, so no job can take it."""
        box.owed = False
        try:
            self._done(box)
        except (OSError, DockerException, SandboxBroken) as exc:
            log.warning("sandbox %s did not end its job: %s", box.id[:12], exc)
            box.reusable = False
        self.pool.release(box)

    def _drive(self, box: Box, job: Job) -> Iterator[Event]:
        lang = get_language(job.language)
        assert box.stream is not None
        stream = box.stream
        compiles = lang.compile_argv is not None
        box.set_memory(job.compile_limits.memory_mb if compiles else job.limits.memory_mb)
        stream.send_json({
            "op": "job",
            "files": {k: base64.b64encode(v).decode() for k, v in job.files.items()},
            "compile": {
                "argv": lang.render(lang.compile_argv, job.compile_limits.memory_mb),
                "limits": supervisor_limits(job.compile_limits),
                "artifacts": list(lang.artifacts),
            } if lang.compile_argv is not None else None,
            "run": {
                "argv": lang.render(lang.run_argv, job.limits.memory_mb),
                "limits": supervisor_limits(job.limits),
                "oom_markers": list(lang.oom_markers),
                # a managed runtime's heap cap: killed for time at it is out of memory
                "heap_kb": lang.heap_mb(job.limits.memory_mb) * 1024 if lang.heap_fraction
                else None,
            },
        })
        # Where the job is, should our consumer stop early (an ICPC judge stops at the first
        # failed test, any judge at a compile error): "compile" (the box is not worth waiting
        # for), "tests" (the supervisor runs the tests we sent) or "done" (it is finishing).
        box.state = "compile" if compiles else "tests"
        try:
            if compiles:
                yield Event(EventKind.COMPILE_STARTED)
                msg = self._expect(box, "compiled", job.compile_limits.wall + GRACE)
                result = ExecResult.from_dict(msg["result"])
                box.state = "tests" if result.status is Status.OK else "done"
                yield Event(EventKind.COMPILED, result=result)
                if result.status is not Status.OK:
                    self._done(box)
                    yield Event(EventKind.FINISHED)
                    return
                box.set_memory(job.limits.memory_mb)
            # Every test is sent at once (the supervisor never waits for the next one); a
            # consumer that stops early has the rest skipped (_stop).
            writer = threading.Thread(target=self._send_tests, args=(box, job), daemon=True)
            writer.start()
            for index, test in enumerate(job.tests):
                msg = self._expect(box, "test", job.limits.wall + GRACE)
                if msg.get("name") != test.name:
                    raise SandboxBroken(f"result for {msg.get('name')!r}, expected "
                                        f"{test.name!r}")
                if index == len(job.tests) - 1:
                    box.state = "done"
                yield Event(EventKind.TEST_FINISHED, test=test.name, index=index,
                            result=ExecResult.from_dict(msg["result"]))
            box.state, box.owed = "done", True  # its end is read by settle
        except GeneratorExit:
            self._stop(box, job)
            raise
        yield Event(EventKind.FINISHED)

    def _stop(self, box: Box, job: Job) -> None:
        """The consumer stopped early: have the supervisor skip what is left of the job (it
        kills the test running and runs no other), so that the box may take another job. Much
        cheaper than a new container: one signal through the engine."""
        try:
            if box.state == "tests":
                self.client.api.kill(box.id, signal="SIGUSR2")
                deadline = job.limits.wall + GRACE
                while self._next(box, deadline).get("event") != "done":
                    pass
                self._done(box, box.last)
            elif box.state == "done":
                self._done(box)
        except (OSError, DockerException, SandboxBroken) as exc:
            log.warning("sandbox %s did not end its job: %s", box.id[:12], exc)
            box.reusable = False

    @staticmethod
    def _send_tests(box: Box, job: Job) -> None:
        stream = box.stream
        assert stream is not None
        try:
            for test in job.tests:
                stream.send_json({"op": "test", "name": test.name, "size": len(test.stdin)},
                                 test.stdin)
            stream.send_json({"op": "end"})
        except OSError:
            pass  # the reader reports the broken sandbox

    def _done(self, box: Box, msg: dict[str, Any] | None = None) -> None:
        """The job's end: the supervisor says whether anything of it was left in the box."""
        msg = msg or self._expect(box, "done", GRACE)
        box.jobs += 1
        box.state = ""
        box.reusable = msg.get("clean") is True
        log.debug("job done in sandbox %s: %s", box.id[:12], msg.get("phases_ms"))
        if not box.reusable and self.settings.mode == "jail":
            log.warning("retiring sandbox %s: %s", box.id[:12], "; ".join(msg.get("problems", [])))

    @staticmethod
    def _next(box: Box, timeout: float) -> dict[str, Any]:
        assert box.stream is not None
        msg = box.stream.read_message(timeout)
        if msg.get("event") == "error":
            raise SandboxBroken(f"supervisor failed: {msg.get('message')}")
        box.last = msg
        return msg

    @staticmethod
    def _expect(box: Box, event: str, timeout: float) -> dict[str, Any]:
        msg = DockerSandbox._next(box, timeout)
        if msg.get("event") != event:
            raise SandboxBroken(f"expected {event!r} from supervisor, got {msg.get('event')!r}")
        return msg

    def close(self) -> None:
        self.settle()
        self._settler.shutdown(wait=True)
        self.pool.close()


__all__ = ["DockerSandbox", "LANGUAGES"]
