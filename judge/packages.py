"""Challenge packages on a runner: fetched from Redis by hash, cached on disk, loaded once.

Runners hold no database credentials: the api puts a package's zip at `package_key(sha256)`
before it enqueues a job that needs it. A runner verifies the hash, keeps the zip and its
extracted tree under `cache_dir` (shared by the slots of a host: every write is a rename), and
keeps the last few `Grader`s in memory so generated tests are computed once per slot.

The disk cache is bounded: when a new package makes it larger than `max_bytes`, the least
recently used packages (by their tree's mtime, touched at every use) are removed, except those
used in the last `min_idle_s` (a slot may be grading with them right now). Evicting is done under
a lock file, one slot at a time; a slot whose cached grader lost its tree loads it again.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import logging
import os
import re
import shutil
import time
from collections import OrderedDict
from pathlib import Path

import redis

from judge.engine import Grader
from protocol import package_key
from sandbox.base import Sandbox
from sandbox.languages import ALIASES
from scoring.package import Package, PackageError, extract, load, package_root
from scoring.points import Mode, even_points

SHA256 = re.compile(r"[0-9a-f]{64}")
log = logging.getLogger(__name__)


class PackageMissing(Exception):
    """Neither Redis nor the disk cache has the package: retriable once the api puts it back."""


class PackageStore:
    def __init__(self, client: redis.Redis, cache_dir: Path, sandbox: Sandbox,
                 known_languages: tuple[str, ...], capacity: int = 8,
                 max_bytes: int | None = None, min_idle_s: float = 600.0,
                 time_factors: dict[str, float] | None = None) -> None:
        self.client, self.cache_dir, self.sandbox = client, cache_dir.expanduser(), sandbox
        self.time_factors = time_factors or {}  # calibrated on this runner
        self.known, self.capacity = known_languages, capacity
        self.max_bytes, self.min_idle_s = max_bytes, min_idle_s
        self._graders: OrderedDict[tuple[str, bool], Grader] = OrderedDict()

    def grader(self, sha: str, samples_only: bool = False) -> Grader:
        """A grader for the package (its sample tests only, if asked); most recent kept."""
        key = (sha, samples_only)
        if key in self._graders:
            if self._touch(sha):
                self._graders.move_to_end(key)
                return self._graders[key]
            del self._graders[key]  # its files were evicted (by another slot): load again
        package = self.package(sha)
        grader = Grader(samples(package) if samples_only else package, self.sandbox,
                        self.time_factors)
        self._graders[key] = grader
        while len(self._graders) > self.capacity:
            self._graders.popitem(last=False)
        return grader

    def package(self, sha: str) -> Package:
        return load(self.directory(sha), self.known, ALIASES)

    def directory(self, sha: str) -> Path:
        """The extracted package, fetched and unpacked on first use."""
        if not SHA256.fullmatch(sha):
            raise PackageError("package_sha", "not a sha256 in lowercase hex")
        tree = self.cache_dir / sha
        if not tree.is_dir():
            self._unpack(self._zip(sha), tree)
            self.evict(keep=sha)
        self._touch(sha)
        return package_root(tree)

    def _touch(self, sha: str) -> bool:
        """Mark the package used now; False if its tree is gone."""
        try:
            os.utime(self.cache_dir / sha)
        except FileNotFoundError:
            return False
        return True

    def evict(self, keep: str = "") -> list[str]:
        """Remove least recently used packages until the cache fits `max_bytes`; returns them."""
        if self.max_bytes is None:
            return []
        with open(self.cache_dir / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = self._entries()
            total = sum(size for _, size in entries.values())
            now, removed = time.time(), []
            for sha, (used, size) in sorted(entries.items(), key=lambda e: e[1][0]):
                if total <= self.max_bytes:
                    break
                if sha == keep or now - used < self.min_idle_s:
                    continue
                self._remove(sha)
                total -= size
                removed.append(sha)
        if removed:
            log.info("package cache: evicted %d package(s), %d bytes kept", len(removed), total)
        return removed

    def _entries(self) -> dict[str, tuple[float, int]]:
        """sha -> (last used, bytes on disk) of every cached package (zip and tree)."""
        entries: dict[str, tuple[float, int]] = {}
        for path in self.cache_dir.iterdir():
            sha = path.name.removesuffix(".zip")
            if not SHA256.fullmatch(sha):
                continue
            try:
                stat = path.stat()
                size = stat.st_size if path.is_file() else _tree_bytes(path)
            except FileNotFoundError:
                continue
            used, known = entries.get(sha, (0.0, 0))
            entries[sha] = (max(used, stat.st_mtime), known + size)
        return entries

    def _remove(self, sha: str) -> None:
        (self.cache_dir / f"{sha}.zip").unlink(missing_ok=True)
        tree = self.cache_dir / sha
        doomed = tree.with_name(f"{sha}.{os.getpid()}.evicted")
        try:
            os.rename(tree, doomed)  # gone at once for every slot; deleted at leisure
        except FileNotFoundError:
            return
        shutil.rmtree(doomed, ignore_errors=True)

    def _zip(self, sha: str) -> Path:
        path = self.cache_dir / f"{sha}.zip"
        if path.is_file():
            return path
        blob = self.client.get(package_key(sha))
        if blob is None:
            raise PackageMissing(f"package {sha[:12]} is neither in Redis nor cached")
        assert isinstance(blob, bytes)
        if hashlib.sha256(blob).hexdigest() != sha:
            raise PackageError("package_sha", f"the bytes at {package_key(sha)} do not hash "
                                              "to it")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
        return path

    def _unpack(self, archive: Path, tree: Path) -> None:
        tmp = tree.with_name(f"{tree.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            extract(archive, tmp)
            os.rename(tmp, tree)
        except OSError:
            if not tree.is_dir():  # not lost to another slot unpacking the same package
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _tree_bytes(root: Path) -> int:
    return sum(os.lstat(os.path.join(d, f)).st_size for d, _, files in os.walk(root)
               for f in files)


def samples(package: Package) -> Package:
    """The package restricted to its sample tests, scored partially (every sample runs and
    counts evenly: the Run button shows them all, and says how many pass)."""
    tests = tuple(t for t in package.tests if t.sample)
    if not tests:
        raise PackageError("samples", "the package has no sample tests")
    names = [t.name for t in tests]
    return dataclasses.replace(package, tests=tests, scoring=Mode.PARTIAL,
                               points=even_points(names), groups=())
