"""Challenge packages on a runner: fetched from Redis by hash, cached on disk, loaded once.

Runners hold no database credentials: the api puts a package's zip at `package_key(sha256)`
before it enqueues a job that needs it. A runner verifies the hash, keeps the zip and its
extracted tree under `cache_dir` (shared by the slots of a host: every write is a rename), and
keeps the last few `Grader`s in memory so generated tests are computed once per slot.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
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


class PackageMissing(Exception):
    """Neither Redis nor the disk cache has the package: retriable once the api puts it back."""


class PackageStore:
    def __init__(self, client: redis.Redis, cache_dir: Path, sandbox: Sandbox,
                 known_languages: tuple[str, ...], capacity: int = 8) -> None:
        self.client, self.cache_dir, self.sandbox = client, cache_dir.expanduser(), sandbox
        self.known, self.capacity = known_languages, capacity
        self._graders: OrderedDict[tuple[str, bool], Grader] = OrderedDict()

    def grader(self, sha: str, samples_only: bool = False) -> Grader:
        """A grader for the package (its sample tests only, if asked); most recent kept."""
        key = (sha, samples_only)
        if key in self._graders:
            self._graders.move_to_end(key)
            return self._graders[key]
        package = self.package(sha)
        grader = Grader(samples(package) if samples_only else package, self.sandbox)
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
        return package_root(tree)

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


def samples(package: Package) -> Package:
    """The package restricted to its sample tests, scored partially (every sample runs and
    counts evenly: the Run button shows them all, and says how many pass)."""
    tests = tuple(t for t in package.tests if t.sample)
    if not tests:
        raise PackageError("samples", "the package has no sample tests")
    names = [t.name for t in tests]
    return dataclasses.replace(package, tests=tests, scoring=Mode.PARTIAL,
                               points=even_points(names), groups=())
