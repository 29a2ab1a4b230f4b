"""Settings of the runner-host deployable (env prefix USEFULWRITER_RUNNER_): the sandbox's, plus
the queue connection, the number of slots and the package cache. Read when asked."""

from __future__ import annotations

from pathlib import Path

from sandbox.settings import SandboxSettings


class RunnerHostSettings(SandboxSettings):
    # The runner pool process (`python -m runnerhost`): it talks to Redis only, never to a database.
    redis_url: str = "redis://127.0.0.1:6379/0"
    slots: int = 2  # concurrent jobs on this host: one worker process each, with its own pool
    cache_dir: Path = Path("~/.cache/usefulwriter/packages")  # package zips by sha256
    cache_max_mb: int = 2048  # the package cache's size on disk: least recently used go first
    graders_cached: int = 8  # loaded packages (with generated tests) kept per slot
