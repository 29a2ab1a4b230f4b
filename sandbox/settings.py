"""Settings of the sandbox on a runner host (env prefix USEFULWRITER_RUNNER_): container limits
and the warm pool. Read when asked, never at import."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="USEFULWRITER_RUNNER_")

    # jail: a long-lived hardened container takes job after job, each in a jail of fresh
    # namespaces and scratch filesystems; fresh: a new container for every job.
    mode: Literal["jail", "fresh"] = "jail"
    max_jobs: int = 500  # jail mode: a container is retired after this many jobs
    max_age_s: float = 1800.0  # jail mode: ... or when it is this old
    pool_size: int = 1  # warm containers kept ready per language
    refill_delay_s: float = 0.2  # a taken container is replaced when its job ends, or after this
    cpus: float = 1.0  # CPU quota of one sandbox container
    pids: int = 128  # pids cgroup limit of one container (threads count)
    memory_slack_mb: int = 64  # container memory above the job's limit, for the supervisor & data
    tmpfs_mb: int = 64  # size of each learner-writable tmpfs (/box, /tmp, /dev/shm)
    tmpfs_inodes: int = 16384  # inodes of each of them (empty files cost kernel memory)
    judge_tmpfs_mb: int = 256  # size of the supervisor's private tmpfs (test input)
    # The languages this host builds images for and serves, comma-separated (any alias);
    # empty: every language. A runner of few languages needs only their images.
    languages: str = ""
    # `usefulwriter calibrate` writes the time factors it measures here; a runner judges with
    # them (a challenge may still pin its own). Absent: the languages' fixed factors.
    time_factors_file: str = "/var/lib/usefulwriter/time-factors.json"
    runtime: str | None = None  # e.g. "runsc" for gVisor; None is Docker's default (runc)
    # How the host talks to a container's supervisor. socket: a Unix socket the supervisor
    # connects to through a read-only bind mount of a directory of its own under `channel_dir`
    # (which must be the same path for this process and for the engine: mount it so when the
    # runner itself runs in a container); no daemon copies a byte. attach: the container's
    # attached stdin/stdout, through dockerd and containerd-shim (for engines that cannot
    # reach this host's files: a remote engine, gVisor, userns-remap).
    channel: Literal["socket", "attach"] = "socket"
    channel_dir: str = "/run/usefulwriter/channels"
    docker_url: str | None = None  # None: DOCKER_HOST or the local socket

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: str) -> str:
        from sandbox.languages import UnknownLanguage, canonical

        try:
            return ",".join(dict.fromkeys(canonical(n) for n in value.split(",") if n.strip()))
        except UnknownLanguage as exc:
            raise ValueError(str(exc).strip('"')) from None

    def enabled_languages(self) -> list[str]:
        """The languages of `languages`, canonical and in order; every language when empty."""
        from sandbox.languages import LANGUAGES

        return self.languages.split(",") if self.languages else list(LANGUAGES)
