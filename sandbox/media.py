"""ffmpeg and ffprobe on untrusted uploads, inside a hardened container.

A crafted upload targets decoder bugs, so the bytes are only ever opened in a container of the
media image (`sandbox_images/media`): no network, a read-only root, every capability dropped, no
new privileges, Docker's seccomp filter, an unprivileged account, CPU, memory, process and wall
limits, the upload mounted read-only at /in/source and the results written to /out, a host
directory whose size is watched (past the limit the container is killed). The command line is
the caller's (`media.ffmpeg` builds it, with protocols limited to local files).

One run is one container, like the `fresh` mode of the runner's sandbox: media jobs are minutes
long, so the ~0.2 s of a container is noise.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docker
from docker.errors import DockerException, ImageNotFound

from sandbox.box import owner_gone, owner_id
from sandbox.errors import SandboxUnavailable
from sandbox.images import media_tag

MEDIA_UID = 60001
LABEL = "usefulwriter.media"
REPEATED = re.compile(r"Last message repeated \d+ times?")  # ffmpeg's, never the reason


@dataclass(frozen=True)
class MediaLimits:
    cpus: float = 1.0
    memory_mb: int = 1024
    wall_s: float = 900.0
    output_mb: int = 4096
    pids: int = 64


@dataclass
class MediaResult:
    exit_code: int
    stderr: str  # its last lines (ffmpeg's reason, when it fails)
    timed_out: bool = False
    output_full: bool = False
    out_of_memory: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not (self.timed_out or self.output_full
                                            or self.out_of_memory)

    @property
    def reason(self) -> str:
        if self.timed_out:
            return "took longer than the time limit"
        if self.output_full:
            return "wrote more than the output size limit"
        if self.out_of_memory:
            return "ran out of memory"
        lines = [line.strip() for line in self.stderr.splitlines()
                 if line.strip() and not REPEATED.fullmatch(line.strip())]
        return lines[-1][:300] if lines else f"exited with status {self.exit_code}"


def _size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class MediaSandbox:
    def __init__(self, client: docker.DockerClient | None = None,
                 limits: MediaLimits | None = None) -> None:
        try:
            self.client = client or docker.from_env()
            self.client.images.get(media_tag())
        except ImageNotFound:
            raise SandboxUnavailable("the media image is not built (usefulwriter images "
                                     "build)") from None
        except DockerException as exc:
            raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from None
        self.limits = limits or MediaLimits()

    def run(self, argv: list[str], source: Path | None, out_dir: Path,
            on_stdout: Callable[[str], None] | None = None,
            limits: MediaLimits | None = None) -> MediaResult:
        """Run `argv` (ffmpeg or ffprobe) on `source` (at /in/source), writing into `out_dir`
        (at /out); `on_stdout` gets each line the program prints (ffmpeg's -progress)."""
        lim = limits or self.limits
        out_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            os.chown(out_dir, MEDIA_UID, MEDIA_UID)
        else:  # a developer's account: the container's user must still write here
            out_dir.chmod(0o777)
        volumes = {str(out_dir.resolve()): {"bind": "/out", "mode": "rw"}}
        if source is not None:
            volumes[str(source.resolve())] = {"bind": "/in/source", "mode": "ro"}
        container = self.client.containers.create(
            media_tag(), argv, name=f"uw-media-{uuid.uuid4().hex[:12]}",
            network_mode="none", read_only=True, user=f"{MEDIA_UID}:{MEDIA_UID}",
            cap_drop=["ALL"], security_opt=["no-new-privileges"], pids_limit=lim.pids,
            mem_limit=f"{lim.memory_mb}m", memswap_limit=f"{lim.memory_mb}m",
            nano_cpus=int(lim.cpus * 1e9), tmpfs={"/tmp": "size=64m,mode=1777"},
            volumes=volumes, working_dir="/out", labels={LABEL: owner_id()}, environment={},
            ipc_mode="none", stdin_open=False)
        state = {"timed_out": False, "full": False}
        done = threading.Event()

        def watch() -> None:
            deadline = time.monotonic() + lim.wall_s
            while not done.wait(0.5):
                if time.monotonic() > deadline:
                    state["timed_out"] = True
                elif _size(out_dir) > lim.output_mb * 1024 * 1024:
                    state["full"] = True
                else:
                    continue
                try:
                    container.kill()
                except DockerException:
                    pass
                return

        watcher = threading.Thread(target=watch, daemon=True)
        try:
            container.start()
            watcher.start()
            if on_stdout is not None:
                pending = b""
                for chunk in container.logs(stream=True, follow=True, stdout=True,
                                            stderr=False):
                    pending += chunk
                    *lines, pending = pending.split(b"\n")
                    for line in lines:
                        on_stdout(line.decode("utf-8", "replace").rstrip("\r"))
            status = container.wait(timeout=lim.wall_s + 30)
            container.reload()
            stderr = container.logs(stdout=False, stderr=True, tail=40).decode(
                "utf-8", "replace")
            # past the limit between two looks, or in the last half second, is past it too
            full = state["full"] or _size(out_dir) > lim.output_mb * 1024 * 1024
            return MediaResult(exit_code=int(status.get("StatusCode", -1)), stderr=stderr,
                               timed_out=state["timed_out"], output_full=full,
                               out_of_memory=bool(container.attrs["State"].get("OOMKilled")))
        finally:
            done.set()
            try:
                container.remove(force=True)
            except DockerException:
                pass

    def output(self, argv: list[str], source: Path | None, out_dir: Path,
               limits: MediaLimits | None = None) -> tuple[MediaResult, str]:
        """Run and collect everything printed (ffprobe's JSON)."""
        lines: list[str] = []
        result = self.run(argv, source, out_dir, lines.append, limits)
        return result, "\n".join(lines)


def remove_media_orphans(client: docker.DockerClient | None = None) -> int:
    """Media containers whose process on this host is gone (a crashed media worker's); those of
    live processes and of other hosts are left alone."""
    client = client or docker.from_env()
    removed = 0
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        if not owner_gone(str(container.labels.get(LABEL, ""))):
            continue
        try:
            container.remove(force=True)
            removed += 1
        except DockerException:
            pass
    return removed
