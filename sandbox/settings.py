"""Settings of a runner host (env prefix USEFULWRITER_RUNNER_). Read when asked, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class RunnerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="USEFULWRITER_RUNNER_")

    pool_size: int = 1  # warm containers kept ready per language
    refill_delay_s: float = 0.2  # a taken container is replaced when its job ends, or after this
    cpus: float = 1.0  # CPU quota of one sandbox container
    pids: int = 128  # pids cgroup limit of one container (threads count)
    memory_slack_mb: int = 64  # container memory above the job's limit, for the supervisor & data
    tmpfs_mb: int = 64  # size of each learner-writable tmpfs (/box, /tmp, /dev/shm)
    tmpfs_inodes: int = 16384  # inodes of each of them (empty files cost kernel memory)
    judge_tmpfs_mb: int = 256  # size of the supervisor's private tmpfs (test input)
    runtime: str | None = None  # e.g. "runsc" for gVisor; None is Docker's default (runc)
    docker_url: str | None = None  # None: DOCKER_HOST or the local socket
    # The runner pool process (`python -m runnerhost`): it talks to Redis only, never to a database.
    redis_url: str = "redis://127.0.0.1:6379/0"
    slots: int = 2  # concurrent jobs on this host: one worker process each, with its own pool
    cache_dir: Path = Path("~/.cache/usefulwriter/packages")  # package zips by sha256
    graders_cached: int = 8  # loaded packages (with generated tests) kept per slot
