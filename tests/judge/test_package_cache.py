"""The runner's package cache on disk stays within its size, least recently used out first."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import redis

from judge.packages import PackageStore
from sandbox.fake import FakeSandbox
from sandbox.languages import LANGUAGES
from tests.judge.test_jobs import SUM_TWO, put_package


def variants(tmp_path: Path, count: int) -> list[Path]:
    """Copies of a package that differ in one byte of their statement (so in their hash)."""
    roots = []
    for i in range(count):
        root = tmp_path / f"v{i}" / SUM_TWO.name
        shutil.copytree(SUM_TWO, root)
        statement = root / "statement.md"
        statement.write_text(statement.read_text() + f"\n<!-- {i} -->\n")
        roots.append(root)
    return roots


def cached(cache: Path) -> set[str]:
    return {p.name for p in cache.iterdir() if p.is_dir()}


def test_least_recently_used_packages_are_evicted(redis_client: redis.Redis,
                                                  tmp_path: Path) -> None:
    a, b, c = (put_package(redis_client, root) for root in variants(tmp_path, 3))
    cache = tmp_path / "cache"
    probe = PackageStore(redis_client, cache / "probe", FakeSandbox(), tuple(LANGUAGES))
    probe.directory(a)
    one = sum(p.stat().st_size for p in (cache / "probe").rglob("*") if p.is_file())
    store = PackageStore(redis_client, cache / "host", FakeSandbox(), tuple(LANGUAGES),
                         max_bytes=int(one * 2.5), min_idle_s=0)
    store.directory(a)
    time.sleep(0.01)
    store.directory(b)
    time.sleep(0.01)
    store.directory(a)  # a is now more recent than b
    time.sleep(0.01)
    store.directory(c)
    assert cached(cache / "host") == {a, c}
    assert not (cache / "host" / f"{b}.zip").exists()
    store.directory(b)  # evicted packages come back from Redis
    assert cached(cache / "host") == {b, c}


def test_recently_used_packages_are_never_evicted(redis_client: redis.Redis,
                                                  tmp_path: Path) -> None:
    shas = [put_package(redis_client, root) for root in variants(tmp_path, 3)]
    store = PackageStore(redis_client, tmp_path / "cache", FakeSandbox(), tuple(LANGUAGES),
                         max_bytes=1, min_idle_s=600)
    for sha in shas:
        store.directory(sha)
    assert cached(tmp_path / "cache") == set(shas)  # over its size, but all in use


def test_a_cached_grader_whose_files_were_evicted_loads_again(redis_client: redis.Redis,
                                                              tmp_path: Path) -> None:
    a, b = (put_package(redis_client, root) for root in variants(tmp_path, 2))
    slot1 = PackageStore(redis_client, tmp_path / "cache", FakeSandbox(), tuple(LANGUAGES))
    slot2 = PackageStore(redis_client, tmp_path / "cache", FakeSandbox(), tuple(LANGUAGES),
                         max_bytes=1, min_idle_s=0)
    first = slot1.grader(a)
    old = time.time() - 3600
    os.utime(tmp_path / "cache" / a, (old, old))
    slot2.directory(b)  # evicts a, which slot 1 still holds a grader for
    assert a not in cached(tmp_path / "cache")
    again = slot1.grader(a)
    assert again is not first and a in cached(tmp_path / "cache")
    assert again.package.tests[0].input is None or again.package.tests[0].input.exists()
