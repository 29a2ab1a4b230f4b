"""Where a graded submission's cost goes, process by process: the whole service (`usefulwriter
serve`, 2 runner slots, jail mode) takes a burst of submissions, and this prints

- the CPU each part used per submission (api, worker, runner slots, the in-container
  supervisors, the learners' programs, the jails' launcher, dockerd, containerd, PostgreSQL,
  Redis), from /proc, so it is per process rather than per cgroup;
- the Redis commands per submission, by command (Redis's own counters: a count, not a time, so
  it does not drift with the machine's load).

    .venv/bin/python scripts/attribute_service.py [--tests 1] [--count 100]

It complements scripts/bench_service.py (ratios against bare execution) when deciding what to
change: it says which process to look at, not how fast the whole is.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_service import package_zip, submit  # noqa: E402

from cli.demo import INSTRUCTOR  # noqa: E402
from loadtests.service import (  # noqa: E402
    Service,
    login,
    publish,
    register_learners,
)

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
ENV = {"USEFULWRITER_SUBMISSIONS_PER_MINUTE": "1000000",  # the service as these scripts run it
       "USEFULWRITER_REQUESTS_PER_MINUTE": "1000000", "USEFULWRITER_RUNNER_MODE": "jail"}
PARTS = (("supervisor.py", "supervisor (in the containers)"), ("runnerhost.slot", "runner slots"),
         ("cli.main api", "api"), ("cli.main worker", "worker"))


def part(comm: str, cmdline: str) -> str | None:
    for needle, name in PARTS:
        if needle in cmdline:
            return name
    if comm == "launcher":
        return "launcher and jails"
    if comm.startswith("containerd-shim"):
        return "containerd-shim"
    if comm in ("dockerd", "containerd"):
        return comm
    if comm.startswith("postgres"):
        return "postgres"
    if comm.startswith("redis"):
        return "redis"
    return None


def cpu_by_part() -> dict[int, tuple[str, float, float]]:
    """pid -> (part, own CPU ms, reaped children's CPU ms) for every process of a part."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        name = part(comm, cmdline)
        if name is None:
            continue
        f = stat[stat.rindex(")") + 2:].split()
        out[int(pid)] = (name, (int(f[11]) + int(f[12])) * TICK_MS,
                         (int(f[13]) + int(f[14])) * TICK_MS)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tests", type=int, default=1, help="tests in the challenge (default 1)")
    p.add_argument("--count", type=int, default=100, help="submissions in the burst")
    args = p.parse_args()
    service = Service(slots=2, env=ENV)
    try:
        service.start()
        client = redis.Redis(port=service.redis_port)
        with httpx.Client(base_url=service.base, timeout=60) as http:
            slug = f"attribute-{args.tests}"
            challenge = publish(http, login(http, *INSTRUCTOR), slug,
                                package_zip(slug, args.tests))
            learners = register_learners(http, 4, "attribute-learner-password")
            for _ in range(5):  # warm: packages cached, jails ready
                submit(http, learners[0], challenge, wait=True)
            time.sleep(1.0)
            cpu0 = cpu_by_part()
            calls0 = {k: v["calls"] for k, v in client.info("commandstats").items()}
            started = time.perf_counter()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda i: submit(http, learners[i % 4], challenge, wait=True),
                              range(args.count)))
            wall = time.perf_counter() - started
            time.sleep(0.5)  # the worker's and the api's writes after the answers
            cpu1 = cpu_by_part()
            calls1 = {k: v["calls"] for k, v in client.info("commandstats").items()}
    finally:
        service.stop()
    n = args.count
    own: collections.Counter[str] = collections.Counter()
    for pid, (name, mine, reaped) in cpu1.items():
        before = cpu0.get(pid, (name, 0.0, 0.0))
        own[name] += mine - before[1]
        if name == "launcher and jails":  # the learners' programs, reaped by the jails
            own["learners' programs"] += reaped - before[2]
    print(f"{n} submissions of {args.tests} test(s), 8 at a time, in {wall:.1f} s "
          f"({n / wall:.1f}/s)\n")
    print("| part | CPU ms per submission |\n|---|---|")
    for name, ms in own.most_common():
        print(f"| {name} | {ms / n:.1f} |")
    print(f"| all | {sum(own.values()) / n:.1f} |")
    calls = collections.Counter({k.removeprefix("cmdstat_"): calls1.get(k, 0) - calls0.get(k, 0)
                                 for k in calls1})
    calls.pop("info", None)
    print(f"\nRedis commands per submission: {sum(calls.values()) / n:.1f}")
    print(", ".join(f"{k} {v / n:.1f}" for k, v in calls.most_common() if v / n >= 0.5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
