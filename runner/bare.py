"""Bare execution, for benchmarks and accuracy tests: the same image's binaries, no sandbox.

An image's filesystem is exported once into a cache directory; programs then run there under a
plain chroot as the host's root, with nothing of the sandbox around them (no container, no
supervisor, no limits). That is the baseline the sandbox's overhead is measured against.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import docker

CACHE = Path(os.environ.get("USEFULWRITER_CACHE", Path.home() / ".cache" / "usefulwriter"))


@dataclass(frozen=True)
class BareRun:
    wall: float
    cpu: float
    exit_code: int
    stdout: bytes


def export_rootfs(client: docker.DockerClient, image: str) -> Path:
    """The image's filesystem as a directory (cached by tag)."""
    target = CACHE / "rootfs" / image.replace("/", "_").replace(":", "_")
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    cid = client.api.create_container(image, command=["/bin/true"])["Id"]
    try:
        with tempfile.TemporaryFile() as tmp:
            for chunk in client.api.export(cid):
                tmp.write(chunk)
            tmp.seek(0)
            with tarfile.open(fileobj=tmp) as tar:
                tar.extractall(target, filter="fully_trusted")
    finally:
        client.api.remove_container(cid, force=True)
    (target / ".complete").touch()
    return target


def put_file(root: Path, path: str, data: bytes, mode: int = 0o644) -> None:
    dest = root / path.lstrip("/")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    dest.chmod(mode)


def run_bare(root: Path, argv: list[str], stdin_path: str | None = None,
             cwd: str = "/") -> BareRun:
    """Run argv chrooted into root; wall time from spawn to exit, CPU of the whole tree."""

    def enter() -> None:
        os.chroot(root)
        os.chdir(cwd)

    stdin = open(root / stdin_path.lstrip("/"), "rb") if stdin_path else None
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=stdin or subprocess.DEVNULL, stdout=subprocess.PIPE,
                                preexec_fn=enter)
        stdout = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.stdout:
            proc.stdout.close()
    finally:
        if stdin:
            stdin.close()
    return BareRun(wall, usage.ru_utime + usage.ru_stime, proc.returncode, stdout)


def loop_bare(root: Path, command: str, times: int) -> float:
    """Wall seconds for `times` runs of a shell command inside the chroot, from one shell."""
    script = f'i=0; while [ $i -lt {times} ]; do {command}; i=$((i+1)); done'
    t0 = time.perf_counter()
    subprocess.run(["chroot", str(root), "/bin/sh", "-c", script], check=True)
    return time.perf_counter() - t0
