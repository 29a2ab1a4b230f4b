"""The warm pool: pre-created, started and verified containers per language.

Creating and starting a hardened container costs about a tenth of a second and a few hundred
milliseconds of engine CPU; the pool pays it ahead of demand, off the submission's path. In
fresh mode each container takes one job. In jail mode a container whose job ended cleanly (its
supervisor found nothing of the job left) goes back to the pool for the next job, most recently
used first, until it has taken `max_jobs` jobs or is `max_age_s` old; any anomaly retires it.
Containers carry labels, so a runner that crashed leaves nothing the next one cannot find.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import docker
from docker.errors import DockerException

from sandbox.box import LABEL, OWNER_LABEL, Box, owner_gone
from sandbox.contract import COMPILE_LIMITS, Limits
from sandbox.languages import get_language
from sandbox.settings import SandboxSettings

log = logging.getLogger(__name__)


def default_memory_mb(language: str) -> int:
    """The limit a warm container is created with: what its first phase most often needs."""
    compiles = get_language(language).compile_argv is not None
    return COMPILE_LIMITS.memory_mb if compiles else Limits().memory_mb


class WarmPool:
    def __init__(self, client: docker.DockerClient, settings: SandboxSettings,
                 languages: list[str]) -> None:
        self.client, self.settings, self.languages = client, settings, list(languages)
        self._ready: dict[str, deque[Box]] = {lang: deque() for lang in self.languages}
        self._pending = dict.fromkeys(self.languages, 0)
        self._lock = threading.Lock()
        self._closed = False
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="uw-pool")

    def fill(self) -> None:
        """Top every language up to pool_size in the background."""
        for lang in self.languages:
            self._schedule(lang)

    def acquire(self, language: str) -> Box:
        while True:
            with self._lock:
                box = self._ready[language].popleft() if self._ready[language] else None
            if box is None or not self._too_old(box) or self.settings.mode == "fresh":
                break
            self._workers.submit(box.destroy)  # grew too old while it waited: retired
        if box is None:
            box = self._create(language)
        box.reusable = False
        if self.settings.mode == "fresh":
            # Refill later rather than now: creating a container costs ~150 ms of CPU across
            # the engine, which would compete with the job that just took this box. The refill
            # starts when the job ends (release) or after refill_delay_s, whichever is first.
            timer = threading.Timer(self.settings.refill_delay_s, self._schedule, [language])
            timer.daemon = True
            timer.start()
        return box

    def release(self, box: Box) -> None:
        """Back to the pool if it may take another job; otherwise destroyed off the caller's
        path, and the pool is topped up."""
        if self._closed:
            box.destroy()
            return
        if self._keep(box):
            return
        self._schedule(box.language)
        self._workers.submit(box.destroy)

    def _keep(self, box: Box) -> bool:
        s = self.settings
        if not (s.mode == "jail" and box.reusable and box.jobs < s.max_jobs
                and not self._too_old(box)):
            return False
        with self._lock:
            ready = self._ready[box.language]
            if len(ready) + self._pending[box.language] >= s.pool_size:
                return False
            ready.appendleft(box)  # most recently used first: its caches are warm
        return True

    def _too_old(self, box: Box) -> bool:
        return time.monotonic() - box.created_at >= self.settings.max_age_s

    def size(self, language: str) -> int:
        with self._lock:
            return len(self._ready[language])

    def _create(self, language: str) -> Box:
        return Box(self.client, language, self.settings, default_memory_mb(language)).start()

    def _schedule(self, language: str) -> None:
        with self._lock:
            missing = (self.settings.pool_size - len(self._ready[language])
                       - self._pending[language])
            if self._closed or missing <= 0:
                return
            self._pending[language] += missing
        for _ in range(missing):
            self._workers.submit(self._refill_one, language)

    def _refill_one(self, language: str) -> None:
        try:
            box = self._create(language)
        except Exception:  # noqa: BLE001 - logged; the next acquire creates on demand
            log.exception("warm pool: cannot create a %s sandbox", language)
            with self._lock:
                self._pending[language] -= 1
            return
        with self._lock:
            self._pending[language] -= 1
            if not self._closed:
                self._ready[language].append(box)
                return
        box.destroy()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            boxes = [b for q in self._ready.values() for b in q]
            for q in self._ready.values():
                q.clear()
        self._workers.shutdown(wait=True)
        for box in boxes:
            box.destroy()


def remove_orphans(client: docker.DockerClient, everything: bool = False) -> int:
    """Remove sandbox containers whose owning runner on this host is gone (or all of them)."""
    removed = 0
    for info in client.api.containers(all=True, filters={"label": LABEL}):
        owner = info.get("Labels", {}).get(OWNER_LABEL, "")
        if everything or not owner or owner_gone(owner):
            try:
                client.api.remove_container(info["Id"], force=True, v=True)
                removed += 1
            except DockerException:
                log.warning("cannot remove leftover sandbox %s", info["Id"][:12])
    return removed
