"""The runner pool process (`python -m runnerhost`, `usefulwriter runner`): N slots, kept alive.

The parent holds no job and no database settings: it starts N slot processes (runnerhost.slot, each
in its own session, so a terminal's Ctrl+C reaches only the parent), respawns a slot that dies
unexpectedly (after removing the sandbox containers it left behind), and on SIGTERM or SIGINT
drains: it forwards SIGTERM to every slot (a warm shutdown: each finishes its current job),
waits for them, removes leftovers and exits 0. A second signal is forwarded too (the slots then
stop cold). With `--burst` each slot exits when the queues are empty, and so does the pool.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING

from runnerhost.settings import RunnerHostSettings
from sandbox.errors import SandboxUnavailable

if TYPE_CHECKING:  # the Docker client library is imported only when the pool runs
    from sandbox.docker_sandbox import DockerSandbox

log = logging.getLogger("runnerhost.pool")
SLOT_MODULE = "runnerhost.slot"
EXIT_NO_LANGUAGES = 78  # a slot's EX_CONFIG: nothing passed its self-test, respawning cannot help
EXIT_BAD_CALIBRATION = 79  # its time-factors file cannot be read: respawning cannot help either
POLL_S = 0.2
SWEEP_S = 60.0  # leftovers of dead slots are looked for at least this often
STABLE_S = 30.0  # a slot that lived this long died of something new: respawn at once


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--slots", type=int, help="concurrent jobs (default: "
                   "USEFULWRITER_RUNNER_SLOTS, else 2)")
    p.add_argument("--redis-url", help="default: USEFULWRITER_RUNNER_REDIS_URL, "
                   "else redis://127.0.0.1:6379/0")
    p.add_argument("--languages", help="comma-separated languages to serve (default: every "
                   "language that passes its self-test)")
    p.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    p.add_argument("--log-level", default="INFO")


@dataclass
class Slot:
    index: int
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0  # quick deaths in a row: the respawn delay doubles with each
    respawn_at: float | None = None
    done: bool = False


class RunnerPool:
    def __init__(self, args: argparse.Namespace, settings: RunnerHostSettings,
                 janitor: DockerSandbox) -> None:
        self.args, self.settings, self.janitor = args, settings, janitor
        self.count = args.slots or settings.slots
        self.slots = [Slot(i) for i in range(self.count)]
        self.signals = 0  # stop requests received
        self.forwarded = 0
        self.fatal = False
        self.swept = time.monotonic()

    def command(self, slot: Slot) -> list[str]:
        a = self.args
        cmd = [sys.executable, "-m", SLOT_MODULE, "--index", str(slot.index), "--slots",
               str(self.count), "--redis-url", a.redis_url or self.settings.redis_url,
               "--parent-pid", str(os.getpid()), "--log-level", a.log_level]
        if a.languages:
            cmd += ["--languages", a.languages]
        return cmd + (["--burst"] if a.burst else [])

    def spawn(self, slot: Slot) -> None:
        slot.proc = subprocess.Popen(self.command(slot), start_new_session=True)
        slot.started, slot.respawn_at = time.monotonic(), None
        log.info("slot %d started (pid %d)", slot.index, slot.proc.pid)

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.signals += 1

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.request_stop)
        for slot in self.slots:
            self.spawn(slot)
        while not all(s.done for s in self.slots):
            self._forward()
            for slot in self.slots:
                self._watch(slot)
            self._sweep()
            time.sleep(POLL_S)
        self._sweep(force=True)
        return 1 if self.fatal else 0

    def _forward(self) -> None:
        while self.forwarded < self.signals:
            self.forwarded += 1
            log.info("stop requested: waiting for the slots to finish their jobs")
            for slot in self.slots:
                if slot.proc is not None and slot.proc.poll() is None:
                    slot.proc.send_signal(signal.SIGTERM)

    def _watch(self, slot: Slot) -> None:
        if slot.proc is None:
            if self.signals:
                slot.done = True
            elif slot.respawn_at is not None and time.monotonic() >= slot.respawn_at:
                self._sweep(force=True)  # also what its last container creations left
                self.spawn(slot)
            return
        code = slot.proc.poll()
        if code is None:
            return
        slot.proc = None
        self._exited(slot, code)

    def _exited(self, slot: Slot, code: int) -> None:
        if self.signals or (self.args.burst and code == 0):
            slot.done = True
            return
        if code in (EXIT_NO_LANGUAGES, EXIT_BAD_CALIBRATION):
            why = "has no language to serve" if code == EXIT_NO_LANGUAGES else \
                "cannot read this host's time factors"
            log.error("slot %d %s: not respawning it", slot.index, why)
            slot.done, self.fatal = True, True
            return
        lived = time.monotonic() - slot.started
        slot.failures = 0 if lived >= STABLE_S else slot.failures + 1
        delay = min(30.0, 0.5 * 2 ** slot.failures) if slot.failures else 0.0
        log.warning("slot %d exited unexpectedly (%s); respawning in %.1f s", slot.index,
                    f"signal {-code}" if code < 0 else f"exit code {code}", delay)
        self._sweep(force=True)
        slot.respawn_at = time.monotonic() + delay

    def _sweep(self, force: bool = False) -> None:
        """Remove the containers of sandbox owners that are gone (dead slots among them)."""
        if not force and time.monotonic() - self.swept < SWEEP_S:
            return
        self.swept = time.monotonic()
        from sandbox.pool import remove_orphans

        try:
            removed = remove_orphans(self.janitor.client)
        except Exception as exc:  # noqa: BLE001 - the engine may be down for a while
            log.warning("cannot look for leftover sandboxes: %s", exc)
            return
        if removed:
            log.info("removed %d leftover sandbox container(s)", removed)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s pool %(levelname)s %(name)s: %(message)s")
    settings = RunnerHostSettings()
    if (args.slots or settings.slots) < 1:
        log.error("--slots must be at least 1")
        return 2
    from sandbox.languages import UnknownLanguage, canonical

    try:  # aliases (python, js, c++...) name the same languages; slots get canonical names
        names = [canonical(n) for n in (args.languages or "").split(",") if n.strip()]
    except UnknownLanguage as exc:
        log.error("%s", exc.args[0])
        return 2
    args.languages = ",".join(dict.fromkeys(names)) or None
    from sandbox.docker_sandbox import DockerSandbox

    try:  # removes what a crashed predecessor left, and stays as the janitor of dead slots
        janitor = DockerSandbox(settings, languages=[], warm=False)
    except SandboxUnavailable as exc:
        log.error("%s", exc)
        return 3
    try:
        return RunnerPool(args, settings, janitor).run()
    finally:
        janitor.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m runnerhost", description=__doc__.split("\n")[0])
    add_arguments(p)
    return run(p.parse_args(argv))
