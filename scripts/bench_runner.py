"""Sandbox overhead, measured side by side with bare execution in the same run.

    .venv/bin/python scripts/bench_runner.py [--quick] [--write docs/PERFORMANCE.md]

Bare execution is the same image's binaries run under a plain chroot on the host (see
sandbox/bare.py): same interpreter, same compiler, same flags, no container and no supervisor.
Everything is reported as medians and as differences/ratios against that baseline, because this
machine is shared and noisy: absolute times mean little from one run to the next.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.bare import bare_exec, export_rootfs, loop_bare, put_file, run_bare  # noqa: E402
from sandbox.box import Box  # noqa: E402
from sandbox.contract import EventKind, Job, Limits, TestInput  # noqa: E402
from sandbox.docker_sandbox import DockerSandbox  # noqa: E402
from sandbox.images import image_tag, rootfs_tag  # noqa: E402
from sandbox.languages import get_language  # noqa: E402
from sandbox.pool import default_memory_mb  # noqa: E402
from sandbox.settings import SandboxSettings  # noqa: E402
from seccomp.generate import path_for as seccomp_path  # noqa: E402

ECHO = b"print(input())\n"
BUSY_C = b"""#include <stdio.h>
int main(void) { unsigned long n; volatile unsigned long x = 0;
  if (scanf("%lu", &n) != 1) return 2;
  for (unsigned long i = 0; i < n; i++) x += i;
  printf("%lu\\n", (unsigned long)x); return 0; }
"""


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def wait_warm(sandbox: DockerSandbox, language: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while sandbox.pool.size(language) < 1:
        if time.monotonic() > deadline:
            raise RuntimeError(f"warm pool for {language} did not refill")
        time.sleep(0.01)
    time.sleep(0.3)  # let the engine settle after the refill


def per_test_python(sandbox: DockerSandbox, py_root: Path, tests: int) -> dict[str, Any]:
    put_file(py_root, "/bench/main.py", ECHO)
    put_file(py_root, "/bench/in", b"hello\n")
    cmd = "/usr/bin/python3 -B /bench/main.py < /bench/in > /bench/out"
    bare = statistics.median(loop_bare(py_root, cmd, tests) / tests for _ in range(3))
    job = Job("python3", {"main.py": ECHO}, [TestInput(f"t{i}", b"hello\n") for i in range(tests)])
    rounds = []
    for _ in range(3):
        wait_warm(sandbox, "python3")
        stamps = [time.perf_counter() for e in sandbox.run(job)
                  if e.kind is EventKind.TEST_FINISHED]
        rounds.append((stamps[-1] - stamps[0]) / (len(stamps) - 1))
    boxed = statistics.median(rounds)
    return {"bare_ms": ms(bare), "sandbox_ms": ms(boxed), "overhead_ms": ms(boxed - bare),
            "ratio": round(boxed / bare, 3), "target_overhead_ms": 2.0}


def busy_c(sandbox: DockerSandbox, c_root: Path, runs: int) -> dict[str, Any]:
    lang = get_language("c")
    put_file(c_root, "/bench/main.c", BUSY_C)
    argv = [a.replace("main.c", "/bench/main.c") for a in lang.render(lang.compile_argv or (), 0)]
    argv[argv.index("-o") + 1] = "/bench/busy"
    subprocess.run(["chroot", str(c_root), *argv], check=True)
    helper = bare_exec(c_root)
    n = 100_000_000
    put_file(c_root, "/bench/in", f"{n}\n".encode())
    n = int(n * 0.2 / run_bare(helper, c_root, ["/bench/busy"], "/bench/in").cpu)
    put_file(c_root, "/bench/in", f"{n}\n".encode())
    bare, results = [], []
    job = Job("c", {"main.c": BUSY_C}, [TestInput(f"t{i}", f"{n}\n".encode()) for i in range(2)],
              Limits(time_s=2.0))
    for _ in range(runs):  # interleaved, so that drift of the machine hits both sides alike
        bare += [run_bare(helper, c_root, ["/bench/busy"], "/bench/in") for _ in range(2)]
        wait_warm(sandbox, "c")
        results += list(sandbox.execute(job).tests.values())
    bare_cpu = statistics.median(r.cpu for r in bare)
    box_cpu = statistics.median(r.cpu_time for r in results)
    bare_wall = statistics.median(r.wall for r in bare)
    box_wall = statistics.median(r.wall_time for r in results)
    return {"bare_cpu_ms": ms(bare_cpu), "sandbox_cpu_ms": ms(box_cpu),
            "cpu_difference_ms": ms(box_cpu - bare_cpu),
            "min_cpu_difference_ms": ms(min(r.cpu_time for r in results)
                                        - min(r.cpu for r in bare)),
            "target_cpu_difference_ms": 2.0,
            "bare_wall_ms": ms(bare_wall), "sandbox_wall_ms": ms(box_wall),
            "wall_ratio": round(box_wall / bare_wall, 3)}


def one_test_submission(sandbox: DockerSandbox, py_root: Path, rounds: int) -> dict[str, Any]:
    cmd = "/usr/bin/python3 -B /bench/main.py < /bench/in > /bench/out"
    bare = statistics.median(loop_bare(py_root, cmd, 10) / 10 for _ in range(3))
    job = Job("python3", {"main.py": ECHO}, [TestInput("t0", b"hello\n")])
    times = []
    for _ in range(rounds):
        wait_warm(sandbox, "python3")
        t0 = time.perf_counter()
        outcome = sandbox.execute(job)
        times.append(time.perf_counter() - t0)
        assert outcome.tests["t0"].stdout == b"hello\n", outcome
    boxed = statistics.median(times)
    return {"bare_ms": ms(bare), "sandbox_ms": ms(boxed), "overhead_ms": ms(boxed - bare),
            "p95_sandbox_ms": ms(sorted(times)[int(len(times) * 0.95) - 1]),
            "ratio": round(boxed / bare, 3), "target_overhead_ms": 10.0}


def acquisition(sandbox: DockerSandbox, rounds: int) -> dict[str, Any]:
    warm, cold = [], []
    for _ in range(rounds):
        wait_warm(sandbox, "python3")
        t0 = time.perf_counter()
        box = sandbox.pool.acquire("python3")
        warm.append(time.perf_counter() - t0)
        sandbox.pool.release(box)
    client, settings = sandbox.client, sandbox.settings
    for _ in range(max(3, rounds // 3)):
        wait_warm(sandbox, "python3")
        t0 = time.perf_counter()
        box = Box(client, "python3", settings, default_memory_mb("python3")).start()
        cold.append(time.perf_counter() - t0)
        box.destroy()
    return {"warm_ms": round(statistics.median(warm) * 1000, 3),
            "cold_create_start_verify_ms": ms(statistics.median(cold)),
            "cold_over_warm_ratio": round(statistics.median(cold) / statistics.median(warm))}


class EngineCpu:
    """CPU of the Docker engine (dockerd, containerd, shims, runc) plus all containers.

    The engine's processes are moved into a cgroup of their own for the measurement (children
    such as shims and runc inherit it); containers are charged to Docker's parent cgroup,
    which keeps the usage of removed containers. cgroup v1 (cpuacct) and v2 (cpu.stat)."""

    V1 = Path("/sys/fs/cgroup/cpuacct")
    V2 = Path("/sys/fs/cgroup")

    def __init__(self) -> None:
        self.v1 = (self.V1 / "cpuacct.usage").exists()
        base = self.V1 if self.v1 else self.V2
        self.engine = base / "usefulwriter-engine"
        self.engine.mkdir(exist_ok=True)
        self.origin: dict[int, str] = {}
        for name in ("dockerd", "containerd"):
            for pid in _pids(name):
                self.origin[pid] = _cgroup_of(pid, self.v1)
                (self.engine / "cgroup.procs").write_text(str(pid))
        self.containers = base / "docker"

    def read(self) -> float:
        return self._usage(self.engine) + self._usage(self.containers)

    def _usage(self, path: Path) -> float:
        if self.v1:
            file = path / "cpuacct.usage"
            return int(file.read_text()) / 1e9 if file.exists() else 0.0
        stat = path / "cpu.stat"
        if not stat.exists():
            return 0.0
        usage = dict(line.split() for line in stat.read_text().splitlines())
        return int(usage["usage_usec"]) / 1e6

    def close(self) -> None:
        base = self.V1 if self.v1 else self.V2
        for pid, origin in self.origin.items():
            try:
                (base / origin.lstrip("/") / "cgroup.procs").write_text(str(pid))
            except OSError:
                pass


def _pids(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _cgroup_of(pid: int, v1: bool) -> str:
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if (v1 and "cpuacct" in controllers.split(",")) or (not v1 and controllers == ""):
            return path
    return "/"


def cpu_per_call(meter: EngineCpu, action: Callable[[], None], times: int) -> dict[str, float]:
    """Engine+container CPU and this process's CPU (host side of the runner) per call."""
    e0, p0 = meter.read(), time.process_time()
    for _ in range(times):
        action()
    engine = (meter.read() - e0) / times
    own = (time.process_time() - p0) / times
    return {"engine_and_container_ms": ms(engine), "runner_process_ms": ms(own),
            "total_ms": ms(engine + own)}


def lifecycle_cpu(sandbox: DockerSandbox, rounds: int) -> dict[str, Any]:
    client = sandbox.client
    plain_image = rootfs_tag()

    def plain() -> None:
        cid = client.api.create_container(plain_image, command=["/bin/true"],
                                          network_disabled=True)["Id"]
        client.api.start(cid)
        client.api.wait(cid)
        client.api.remove_container(cid, force=True)

    def hardened() -> None:
        Box(client, "python3", sandbox.settings, default_memory_mb("python3")).start().destroy()

    job = Job("python3", {"main.py": ECHO}, [TestInput("t0", b"hello\n")])
    sub_sandbox = DockerSandbox(SandboxSettings(pool_size=1, mode=sandbox.settings.mode),
                                languages=["python3"])

    def submission() -> None:
        sub_sandbox.execute(job)
        wait_warm(sub_sandbox, "python3")

    meter = EngineCpu()
    try:
        wait_warm(sub_sandbox, "python3")
        floor = cpu_per_call(meter, plain, rounds)
        box = cpu_per_call(meter, hardened, rounds)
        time.sleep(1)  # let destroys issued by earlier steps finish outside the measurement
        per_submission = cpu_per_call(meter, submission, rounds)
    finally:
        meter.close()
        sub_sandbox.close()
    return {"plain_container_lifecycle": floor, "hardened_box_lifecycle": box,
            "one_test_submission_incl_refill": per_submission,
            "submission_over_plain_ratio": round(per_submission["total_ms"]
                                                 / floor["total_ms"], 2)}


def lifecycle_breakdown(rounds: int) -> dict[str, Any]:
    """Where a hardened container's CPU goes: a plain lifecycle plus one ingredient at a time."""
    client = docker.from_env()
    api = client.api
    seccomp = seccomp_path("python3").read_text()
    tmpfs = "rw,nosuid,nodev,noexec,size=64m,nr_inodes=16384"

    def life(image: str, cmd: list[str], **host: Any) -> Callable[[], None]:
        def run() -> None:
            config = api.create_host_config(**host) if host else None
            cid = api.create_container(image, command=cmd, network_disabled=True,
                                       host_config=config)["Id"]
            api.start(cid)
            api.wait(cid)
            api.remove_container(cid, force=True)
        return run

    variants = {
        "plain /bin/true": life(rootfs_tag(), ["/bin/true"]),
        "+ python3 -I -S -c pass": life(image_tag("python3"),
                                        ["/usr/bin/python3", "-I", "-S", "-c", "pass"]),
        "+ our seccomp profile": life(rootfs_tag(), ["/bin/true"], security_opt=[
            f"seccomp={seccomp}", "no-new-privileges:true"]),
        "+ five tmpfs mounts": life(rootfs_tag(), ["/bin/true"], tmpfs=dict.fromkeys(
            ["/box", "/tmp", "/dev/shm", "/sub", "/judge"], tmpfs)),
        "+ cgroup limits, read-only, no caps": life(
            rootfs_tag(), ["/bin/true"], mem_limit=512 * 2**20, memswap_limit=512 * 2**20,
            pids_limit=128, nano_cpus=10**9, read_only=True, network_mode="none",
            cap_drop=["ALL"], ipc_mode="private"),
        "hardened Box (all, supervisor, warm-up)": lambda: Box(
            client, "python3", SandboxSettings(), default_memory_mb("python3")).start().destroy(),
    }
    meter = EngineCpu()
    try:
        out = {}
        for name, action in variants.items():
            action()  # warm the image's pages
            out[name] = cpu_per_call(meter, action, rounds)["total_ms"]
        return out
    finally:
        meter.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (smoke test)")
    parser.add_argument("--write", type=Path, help="append the results to this markdown file")
    parser.add_argument("--mode", choices=("jail", "fresh"), default="jail",
                        help="the sandbox mode measured (default: jail)")
    parser.add_argument("--breakdown", action="store_true",
                        help="only: where a hardened container's lifecycle CPU goes")
    args = parser.parse_args()
    rounds = 5 if args.quick else 20
    if args.breakdown:
        print(json.dumps(lifecycle_breakdown(rounds), indent=2))
        return 0
    client = docker.from_env()
    py_root = export_rootfs(client, image_tag("python3"))
    c_root = export_rootfs(client, image_tag("c"))
    sandbox = DockerSandbox(SandboxSettings(pool_size=1, mode=args.mode),
                            languages=["python3", "c"])
    try:
        results = {
            "mode": args.mode,
            "per_test_python_50_tests": per_test_python(sandbox, py_root, 50),
            "c_200ms_cpu": busy_c(sandbox, c_root, 5 if args.quick else 10),
            "one_test_python_submission": one_test_submission(sandbox, py_root, rounds),
            "pool_acquisition": acquisition(sandbox, rounds),
            "container_lifecycle_cpu": lifecycle_cpu(sandbox, 5 if args.quick else 10),
        }
    finally:
        sandbox.close()
    text = json.dumps(results, indent=2)
    print(text)
    if args.write:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        with args.write.open("a") as f:
            f.write(f"\n### Run of {stamp}\n\n```json\n{text}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
