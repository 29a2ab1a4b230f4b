"""The whole service (`usefulwriter serve`, 2 runner slots) against baselines from the same run,
in each sandbox mode (jail: a jail per submission in reused containers; fresh: a container per
submission).

    .venv/bin/python scripts/bench_service.py [--quick] [--modes jail,fresh] [--json out.json]

Baselines, measured in this run on this machine:
- bare execution: the same Python solution run by the host's python3, one process per test, on
  the same inputs, for a 1-test and a 10-test package (also `slots` at a time, for throughput);
- the CPU floor of one container lifecycle (scripts/bench_runner.py's measurement: create, start,
  wait, remove a plain container, with the engine's CPU counted).

Measured through the HTTP API, as learners see it:
- idle latency: sequential `wait=true` submissions, 1 s apart (and back to back);
  accept→verdict p50/p95 client-side (request start to response) and server-side
  (finished_at - created_at);
- throughput: a burst of submissions from several learners, each waiting for its verdict;
  graded submissions/s, and CPU per submission: the service's own processes (api, worker,
  runner, PostgreSQL, Redis) plus the Docker engine and containers, and, for reference, the whole
  machine's busy time from /proc/stat (which also holds the load generator and anything else
  running on the machine);
- latency under load: open-loop arrivals at increasing rates, p50/p95 per rate.

The machine is shared and small: absolute numbers drift from run to run, and within a run (another
tenant's load comes and goes within minutes). So the baselines are measured interleaved with
what they are compared to: each spaced idle submission right after one bare run, and each
throughput burst between bare bursts (ROUNDS times, alternating); every ratio is the median of
the rounds' own ratios. The ratios are the result.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_runner import EngineCpu, lifecycle_cpu  # noqa: E402

from cli.demo import INSTRUCTOR  # noqa: E402
from loadtests.service import (  # noqa: E402
    Service,
    login,
    publish,
    register_learners,
    tree_cpu_ms,
)

SOLUTION = (ROOT / "examples" / "sum-two" / "solutions" / "ok.py").read_text()
HOST_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
SLOTS = 2
ROUNDS = 3  # throughput: bare and graded bursts, alternating; ratios are the rounds' median
LEARNERS = 4
PASSWORD = "bench-learner-password"
IDLE_GAP_S = 1.0
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


# --- small helpers ---------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def summary_ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(values, 0.5) * 1000, 1),
            "p95_ms": round(pct(values, 0.95) * 1000, 1), "n": len(values)}


def busy_ticks() -> int:
    """Busy jiffies of the whole machine (user, nice, system, irq, softirq, steal)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:3]) + sum(fields[5:8])


def server_seconds(sub: dict[str, Any]) -> float:
    created = datetime.fromisoformat(sub["created_at"])
    return (datetime.fromisoformat(sub["finished_at"]) - created).total_seconds()


# --- packages and accounts -------------------------------------------------------------------

def inputs(tests: int) -> list[tuple[str, str]]:
    pairs = [(i * 1_000_003 % 99_991, -(i * 7919) % 65_537) for i in range(1, tests + 1)]
    return [(f"{a} {b}\n", f"{a + b}\n") for a, b in pairs]


def package_zip(slug: str, tests: int) -> bytes:
    """A package shaped like examples/sum-two: ICPC, tokens checker, one Python solution."""
    manifest = {"id": slug, "title": f"Sum of two numbers ({tests} tests)",
                "statement": "statement.md", "type": "stdio",
                "limits": {"time": 1.0, "memory": 256}, "checker": "tokens", "scoring": "icpc",
                "samples": ["01"], "languages": ["python3"],
                "solutions": [{"file": "solutions/ok.py", "verdict": "AC"}]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("challenge.yaml", yaml.safe_dump(manifest, sort_keys=False))
        zf.writestr("statement.md", "Print the sum of two integers.\n")
        zf.writestr("solutions/ok.py", SOLUTION)
        for i, (given, expected) in enumerate(inputs(tests), 1):
            zf.writestr(f"tests/{i:02}.in", given)
            zf.writestr(f"tests/{i:02}.out", expected)
    return buf.getvalue()


# --- a. bare execution -----------------------------------------------------------------------

def bare_submission(solution: Path, cases: list[tuple[str, str]]) -> None:
    for given, expected in cases:
        out = subprocess.run([HOST_PYTHON, str(solution)], input=given, capture_output=True,
                             text=True, check=True)
        assert out.stdout.split() == expected.split(), (given, out.stdout)


def bare_throughput(solution: Path, cases: list[tuple[str, str]],
                    count: int) -> dict[str, Any]:
    """`count` submissions' tests run `SLOTS` at a time, as the runner pool would. CPU is that
    of the python3 processes (the machine's /proc/stat is shared with other work)."""
    cpu0, ticks, t0 = children_cpu(), busy_ticks(), time.perf_counter()
    with ThreadPoolExecutor(SLOTS) as pool:
        list(pool.map(lambda _: bare_submission(solution, cases), range(count)))
    wall = time.perf_counter() - t0
    return {"per_s": round(count / wall, 2),
            "cpu_ms_per_submission": round((children_cpu() - cpu0) * 1000 / count, 1),
            "machine_cpu_ms_per_submission": round((busy_ticks() - ticks) * TICK_MS / count, 1)}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- c. idle latency -------------------------------------------------------------------------

def submit(client: httpx.Client, who: dict[str, str], challenge: str,
           wait: bool) -> dict[str, Any]:
    r = client.post(f"/api/v1/submissions{'?wait=true' if wait else ''}", headers=who,
                    json={"challenge_id": challenge, "language": "python3", "source": SOLUTION})
    r.raise_for_status()
    sub: dict[str, Any] = r.json()
    return sub


def until_done(client: httpx.Client, who: dict[str, str], sub: dict[str, Any]) -> dict[str, Any]:
    while sub["status"] != "done":
        time.sleep(0.05)
        sub = client.get(f"/api/v1/submissions/{sub['id']}", headers=who).json()
    if sub["verdict"] != "AC":
        raise RuntimeError(f"submission {sub['id']}: {sub['verdict']}, expected AC")
    return sub


def graded(client: httpx.Client, who: dict[str, str], challenge: str) -> tuple[float, float]:
    """One submission with wait=true: (client seconds, server seconds)."""
    t0 = time.perf_counter()
    sub = until_done(client, who, submit(client, who, challenge, wait=True))
    return time.perf_counter() - t0, server_seconds(sub)


def idle_latency(client: httpx.Client, who: dict[str, str], challenge: str, count: int,
                 solution: Path, cases: list[tuple[str, str]]) -> dict[str, Any]:
    """Submissions one at a time: spaced IDLE_GAP_S apart (an idle system: the warm pools have
    been refilled), each just after one bare run of the same tests (the bare baseline, measured
    at the same moments), and back to back (each arrives while the last one's container is
    being made ready for the next)."""
    graded(client, who, challenge)  # warm-up: the runners load and cache the package
    spaced, bare = [], []
    for _ in range(count):
        time.sleep(IDLE_GAP_S)
        t0 = time.perf_counter()
        bare_submission(solution, cases)
        bare.append(time.perf_counter() - t0)
        spaced.append(graded(client, who, challenge))
    back_to_back = [graded(client, who, challenge) for _ in range(count)]
    return {"bare": summary_ms(bare),
            "client": summary_ms([c for c, _ in spaced]),
            "server": summary_ms([s for _, s in spaced]),
            "back_to_back_client": summary_ms([c for c, _ in back_to_back]),
            "back_to_back_server": summary_ms([s for _, s in back_to_back])}


def throughput(client: httpx.Client, service: Service, accounts: list[dict[str, str]],
               challenge: str, count: int, solution: Path,
               cases: list[tuple[str, str]]) -> dict[str, Any]:
    """ROUNDS rounds of a bare burst then a graded one, so that each ratio compares bursts a
    few seconds apart; the rounds' median ratios, and each round."""
    rounds = []
    for _ in range(ROUNDS):
        time.sleep(1.0)  # the service settles what the last burst left (writes, warm boxes)
        bare = bare_throughput(solution, cases, count)
        graded_burst = burst(client, service, accounts, challenge, count)
        rounds.append({"bare": bare, "graded": graded_burst,
                       "ratio": graded_burst["per_s_server"] / bare["per_s"],
                       "cpu_ratio": graded_burst["service_cpu_ms_per_submission"]
                       / bare["cpu_ms_per_submission"]})
    middle = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    return {"ratio": round(statistics.median(r["ratio"] for r in rounds), 3),
            "cpu_ratio": round(statistics.median(r["cpu_ratio"] for r in rounds), 3),
            "median_round": middle, "rounds": rounds}


# --- d. throughput ---------------------------------------------------------------------------

class ServiceCpu:
    """CPU used by the service by part: its process trees (loadtests.service.tree_cpu_ms) and
    the Docker engine with every container (bench_runner.EngineCpu, which also sees any other
    containers running on this machine)."""

    def __init__(self, service: Service) -> None:
        self.roots = service.parts()
        self.engine = EngineCpu()

    def read(self) -> dict[str, float]:
        return {"docker engine and containers": self.engine.read() * 1000,
                **tree_cpu_ms(self.roots)}

    def close(self) -> None:
        self.engine.close()


def burst(client: httpx.Client, service: Service, accounts: list[dict[str, str]],
          challenge: str, count: int) -> dict[str, Any]:
    meter = ServiceCpu(service)
    try:
        time.sleep(1.0)  # the engine's processes just changed cgroup; let that settle
        before, ticks, own = meter.read(), busy_ticks(), time.process_time()
        t0 = time.perf_counter()
        done = submit_and_wait(client, accounts, challenge, count)
        wall = time.perf_counter() - t0
        after, busy_ms = meter.read(), (busy_ticks() - ticks) * TICK_MS
        own_ms = (time.process_time() - own) * 1000
    finally:
        meter.close()
    parts = {k: round((after[k] - before[k]) / count, 1) for k in before}
    first = min(datetime.fromisoformat(s["created_at"]) for s in done)
    last = max(datetime.fromisoformat(s["finished_at"]) for s in done)
    return {"submissions": count, "per_s_client": round(count / wall, 2),
            "per_s_server": round(count / (last - first).total_seconds(), 2),
            "service_cpu_ms_per_submission": round(sum(parts.values()), 1),
            "service_cpu_ms_per_submission_by_part": parts,
            "machine_cpu_ms_per_submission": round(busy_ms / count, 1),
            "load_generator_cpu_ms_per_submission": round(own_ms / count, 1)}


def submit_and_wait(client: httpx.Client, accounts: list[dict[str, str]], challenge: str,
                    count: int) -> list[dict[str, Any]]:
    """`count` submissions at once from all accounts, each waiting for its verdict
    (`wait=true`, as the web app's and Judge0's clients do). Polling lists of full results
    instead cost the api more than grading the submissions it was measuring."""
    owner = [accounts[i % len(accounts)] for i in range(count)]
    with ThreadPoolExecutor(min(count, 64)) as pool:
        done = list(pool.map(lambda who: until_done(client, who, submit(client, who, challenge,
                                                                         wait=True)), owner))
    return done


# --- e. latency under load -------------------------------------------------------------------

def open_loop(client: httpx.Client, accounts: list[dict[str, str]], challenge: str,
              rate: float, seconds: float) -> dict[str, Any]:
    """Arrivals every 1/rate s whatever the service does (each in its own thread)."""
    results: list[tuple[float, float]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def arrival(i: int) -> None:
        try:
            pair = graded(client, accounts[i % len(accounts)], challenge)
            with lock:
                results.append(pair)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(repr(exc))

    threads = []
    count = max(1, round(rate * seconds))
    start = time.perf_counter()
    for i in range(count):
        time.sleep(max(0.0, start + i / rate - time.perf_counter()))
        thread = threading.Thread(target=arrival, args=(i,), daemon=True)
        thread.start()
        threads.append(thread)
    offered_s = time.perf_counter() - start + 1 / rate  # the last arrival's own interval
    for thread in threads:
        thread.join()
    out: dict[str, Any] = {"rate_per_s": rate, "offered_per_s": round(count / offered_s, 2),
                           "submissions": count, "errors": len(errors)}
    if results:
        out |= {"client": summary_ms([c for c, _ in results]),
                "server": summary_ms([s for _, s in results])}
    if errors:
        out["first_error"] = errors[0]
    return out


# --- the run ---------------------------------------------------------------------------------

def step(title: str, action: Callable[..., Any], *args: Any) -> Any:
    print(f"... {title}", file=sys.stderr, flush=True)
    return action(*args)


def container_floor(rounds: int) -> dict[str, Any]:
    from sandbox.docker_sandbox import DockerSandbox
    from sandbox.settings import SandboxSettings

    sandbox = DockerSandbox(SandboxSettings(pool_size=1), languages=["python3"])
    try:
        result: dict[str, Any] = lifecycle_cpu(sandbox, rounds)
        return result
    finally:
        sandbox.close()


def run(quick: bool, modes: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {"quick": quick, "slots": SLOTS, "cpus": os.cpu_count(),
                               "modes": modes}
    floor = step("container lifecycle CPU floor", container_floor, 5 if quick else 10)
    results["container_floor"] = floor
    for mode in modes:
        results[mode] = run_mode(quick, mode)
    return results


def run_mode(quick: bool, mode: str) -> dict[str, Any]:
    """The service with its runners in one sandbox mode, each measure beside its bare
    baseline."""
    sizes = {"1_test": 1, "10_tests": 10}
    n_idle, n_burst = (10, 20) if quick else (30, 60)
    rates, seconds = ([1.0, 2.0, 4.0], 5.0) if quick else ([1.0, 2.0, 4.0, 6.0, 8.0], 10.0)
    results: dict[str, Any] = {"mode": mode}
    env = {"USEFULWRITER_SUBMISSIONS_PER_MINUTE": "1000000",
           "USEFULWRITER_REQUESTS_PER_MINUTE": "1000000", "USEFULWRITER_RUNNER_MODE": mode}
    service = Service(slots=SLOTS, env=env)
    with tempfile.TemporaryDirectory() as tmp:
        solution = Path(tmp) / "ok.py"
        solution.write_text(SOLUTION)
        try:
            step("starting the service", service.start)
            limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
            with httpx.Client(base_url=service.base, timeout=120, limits=limits) as client:
                instructor = login(client, *INSTRUCTOR)
                challenges = {k: step(f"publishing bench-{n}", publish, client, instructor,
                                      f"bench-{n}", package_zip(f"bench-{n}", n))
                              for k, n in sizes.items()}
                accounts = register_learners(client, LEARNERS, PASSWORD)
                for key, n in sizes.items():
                    cid, cases = challenges[key], inputs(n)
                    results[key] = {
                        "idle": step(f"{mode}: idle latency {key} (and bare)", idle_latency,
                                     client, accounts[0], cid, n_idle, solution, cases),
                        "throughput": step(f"{mode}: bursts {key} (and bare)", throughput,
                                           client, service, accounts, cid, n_burst, solution,
                                           cases),
                    }
                results["load"] = []
                for rate in rates:
                    row = step(f"{mode}: open loop at {rate}/s", open_loop, client, accounts,
                               challenges["1_test"], rate, seconds)
                    results["load"].append(row)
                    if row.get("client", {}).get("p95_ms", math.inf) > 10_000:
                        break  # saturated: higher rates only queue longer
        finally:
            step("stopping the service", service.stop)
    ok = [r["rate_per_s"] for r in results["load"]
          if not r["errors"] and r.get("client", {}).get("p95_ms", math.inf) < 2000]
    results["max_rate_p95_under_2s"] = max(ok) if ok else None
    return results


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def graded_round(x: dict[str, Any]) -> dict[str, Any]:
    """The graded burst of the round whose ratio is the median."""
    found: dict[str, Any] = x["throughput"]["median_round"]["graded"]
    return found


def bare_round(x: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = x["throughput"]["median_round"]["bare"]
    return found


def cpu_part(x: dict[str, Any], part: str) -> float:
    value: float = graded_round(x)["service_cpu_ms_per_submission_by_part"][part]
    return value


def table(results: dict[str, Any]) -> str:
    floor = results["container_floor"]["plain_container_lifecycle"]["total_ms"]
    return "\n\n".join(
        f"### sandbox mode `{mode}`\n\n"
        + mode_table(results[mode] | {k: results[k] for k in ("slots", "cpus")}, floor)
        for mode in results["modes"])


def mode_table(r: dict[str, Any], floor: float) -> str:
    lines = ["| measure | 1 test | 10 tests |", "|---|---|---|"]

    def row(label: str, get: Callable[[dict[str, Any]], Any]) -> None:
        lines.append(f"| {label} | {get(r['1_test'])} | {get(r['10_tests'])} |")

    def p50_95(x: dict[str, Any]) -> str:
        return f"{x['p50_ms']} / {x['p95_ms']}"

    row("bare execution, per submission p50 / p95 (ms; each just before one below)",
        lambda x: p50_95(x["idle"]["bare"]))
    row(f"idle accept→verdict p50 / p95, client (ms; {IDLE_GAP_S:g} s apart)",
        lambda x: p50_95(x["idle"]["client"]))
    row("idle accept→verdict p50 / p95, server (ms)", lambda x: p50_95(x["idle"]["server"]))
    row("idle p50, client / bare", lambda x: ratio(x["idle"]["client"]["p50_ms"],
                                                   x["idle"]["bare"]["p50_ms"]))
    row("idle p50, client − bare (ms; target ≤ +15 at 1 test)", lambda x: format(
        x["idle"]["client"]["p50_ms"] - x["idle"]["bare"]["p50_ms"], "+.1f"))
    row("back-to-back accept→verdict p50 / p95, client (ms)",
        lambda x: p50_95(x["idle"]["back_to_back_client"]))
    row(f"throughput rounds ({ROUNDS}, bare then graded): graded / bare each",
        lambda x: ", ".join(f"{r['ratio']:.2f}" for r in x["throughput"]["rounds"]))
    row("**graded / bare throughput, median of the rounds** (targets ≥ 0.5 / ≥ 0.8)",
        lambda x: f"**{x['throughput']['ratio']:.2f}**")
    row("the median round: graded submissions/s (server span; client)",
        lambda x: f"{graded_round(x)['per_s_server']}; {graded_round(x)['per_s_client']}")
    row(f"the median round: bare submissions/s ({r['slots']} at a time)",
        lambda x: bare_round(x)["per_s"])
    row("service CPU per submission (ms)",
        lambda x: graded_round(x)["service_cpu_ms_per_submission"])
    parts = graded_round(r["1_test"])["service_cpu_ms_per_submission_by_part"]
    for part in parts:
        row(f"  {part} (ms)", partial(cpu_part, part=part))
    row("machine busy CPU per submission, /proc/stat, all tenants (ms)",
        lambda x: graded_round(x)["machine_cpu_ms_per_submission"])
    row("  of which this load generator (ms)",
        lambda x: graded_round(x)["load_generator_cpu_ms_per_submission"])
    row("bare CPU per submission (ms)", lambda x: bare_round(x)["cpu_ms_per_submission"])
    row("**service CPU / bare CPU, median of the rounds** (target ≤ 3 at 1 test)",
        lambda x: f"**{x['throughput']['cpu_ratio']:.2f}**")
    row(f"service CPU / container lifecycle floor ({floor} ms)",
        lambda x: ratio(graded_round(x)["service_cpu_ms_per_submission"], floor))
    lines += ["", "| offered rate (/s) | achieved | submissions | client p50 / p95 (ms) "
              "| server p50 / p95 (ms) | errors |", "|---|---|---|---|---|---|"]
    for x in r["load"]:
        c, s = x.get("client"), x.get("server")
        lines.append(f"| {x['rate_per_s']:g} | {x['offered_per_s']} | {x['submissions']} | "
                     f"{p50_95(c) if c else '-'} | {p50_95(s) if s else '-'} | {x['errors']} |")
    best = r["max_rate_p95_under_2s"]
    lines.append(f"\nhighest offered rate with client p95 < 2 s: "
                 f"{f'{best:g}/s' if best else 'none'} (1-test submissions, {r['slots']} slots, "
                 f"{r['cpus']} CPUs)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer and shorter rounds")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--modes", default="jail,fresh",
                        help="sandbox modes to measure, in order (default: jail,fresh)")
    args = parser.parse_args()
    try:
        results = run(args.quick, args.modes.split(","))
    except KeyboardInterrupt:
        print("interrupted; the service was stopped", file=sys.stderr)
        return 130
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
