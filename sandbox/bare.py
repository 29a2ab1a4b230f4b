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
                if hasattr(tarfile, "fully_trusted_filter"):  # Python >= 3.11.4
                    tar.extraction_filter = tarfile.fully_trusted_filter
                tar.extractall(target)
    finally:
        client.api.remove_container(cid, force=True)
    (target / ".complete").touch()
    return target


def put_file(root: Path, path: str, data: bytes, mode: int = 0o644) -> None:
    dest = root / path.lstrip("/")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    dest.chmod(mode)


# A minimal static exec-into-chroot, so that a bare run costs the program and nothing else
# (chroot(8) is dynamically linked and costs ~2 ms of CPU per start; forking Python more).
BARE_EXEC_C = b"""#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc < 3 || chroot(argv[1]) != 0 || chdir("/") != 0) { perror("bare-exec"); return 127; }
    execv(argv[2], argv + 2);
    perror("bare-exec");
    return 127;
}
"""


def bare_exec(c_root: Path) -> Path:
    """The helper binary, built (static) with the C image's own compiler, cached."""
    target = CACHE / "bare-exec"
    if target.exists():
        return target
    put_file(c_root, "/bench/bare-exec.c", BARE_EXEC_C)
    subprocess.run(["chroot", str(c_root), "gcc", "-O2", "-static", "-o", "/bench/bare-exec",
                    "/bench/bare-exec.c"], check=True)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(c_root / "bench" / "bare-exec", tmp)
    tmp.chmod(0o755)
    tmp.replace(target)
    return target


def run_bare(helper: Path, root: Path, argv: list[str], stdin_path: str | None = None) -> BareRun:
    """Run argv chrooted into root (cwd /); wall from spawn to exit, CPU of the whole tree.

    posix_spawn of the static helper, which chroots and execs the program: no Python runs in
    the child, so the measured CPU is the program's plus one static exec (~0.1 ms)."""
    stdin = os.open(root / stdin_path.lstrip("/") if stdin_path else os.devnull, os.O_RDONLY)
    out_r, out_w = os.pipe()
    try:
        t0 = time.perf_counter()
        pid = os.posix_spawn(helper, [str(helper), str(root), *argv], dict(os.environ),
                             file_actions=[(os.POSIX_SPAWN_DUP2, stdin, 0),
                                           (os.POSIX_SPAWN_DUP2, out_w, 1)])
        os.close(out_w)
        chunks = []
        while chunk := os.read(out_r, 1 << 16):
            chunks.append(chunk)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        os.close(stdin)
        os.close(out_r)
    return BareRun(wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status),
                   b"".join(chunks))


def loop_bare(root: Path, command: str, times: int) -> float:
    """Wall seconds for `times` runs of a shell command inside the chroot, from one shell."""
    script = f'i=0; while [ $i -lt {times} ]; do {command}; i=$((i+1)); done'
    t0 = time.perf_counter()
    subprocess.run(["chroot", str(root), "/bin/sh", "-c", script], check=True)
    return time.perf_counter() - t0
