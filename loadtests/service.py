"""The whole service for a load run: `usefulwriter serve` on free ports, ready, then stopped;
and the few API steps a load run needs first (accounts, a published challenge).

Shared by the locust smoke test and scripts/bench_service.py. The service runs in a session of
its own, so a Ctrl-C meant for the load generator does not reach it half-way; `stop()` drains it
with SIGTERM and then stops the private PostgreSQL and Redis that `serve` leaves running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from cli.demo import LEARNER
from cli.localservices import LocalPostgres, LocalRedis, free_port

ROOT = Path(__file__).resolve().parent.parent
DEMO = "sum-two"
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


@dataclass
class Service:
    slots: int = 2
    env: dict[str, str] = field(default_factory=dict)  # extra USEFULWRITER_* settings
    port: int = field(default_factory=free_port)
    pg_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    data: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="uw-load-")))
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data / "serve.log"

    def start(self, timeout: float = 600.0) -> Service:
        os.chmod(self.data, 0o755)  # the postgres account must reach its data directory
        env = {k: v for k, v in os.environ.items() if not k.startswith("USEFULWRITER_")}
        env.update(self.env)
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(self.port),
             "--slots", str(self.slots), "--data-dir", str(self.data),
             "--pg-port", str(self.pg_port), "--redis-port", str(self.redis_port)],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_ready(timeout)
        return self

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_ready(self, timeout: float) -> None:
        """Until /readyz answers 200 and the demo challenge is published (seen by its learner)."""
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.base, timeout=10) as client:
            headers: dict[str, str] | None = None
            while time.monotonic() < deadline:
                assert self.proc is not None
                if self.proc.poll() is not None:
                    raise RuntimeError(f"serve exited with {self.proc.returncode}:\n"
                                       f"{self.log_tail()}")
                try:
                    if client.get("/readyz").status_code == 200 and _runners(client) > 0:
                        headers = headers or _try_login(client, *LEARNER)
                        if headers and _published(client, headers):
                            return
                except httpx.HTTPError:
                    pass
                time.sleep(2.0)
        raise RuntimeError(f"the service was not ready in {timeout:.0f} s:\n{self.log_tail()}")

    def parts(self) -> dict[int, str]:
        """The service's process trees by name: serve's children (api, worker, runner), serve
        itself, PostgreSQL and Redis (both run apart from serve, as daemons)."""
        assert self.proc is not None
        pg = (self.data / "pg" / "data" / "postmaster.pid").read_text().split()[0]
        redis = (self.data / "redis" / "redis.pid").read_text().strip()
        roots = {self.proc.pid: "serve", int(pg): "postgres", int(redis): "redis"}
        for pid, (ppid, _) in proc_table().items():
            if ppid == self.proc.pid:
                args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                role = next((a.decode() for a in args if a in (b"api", b"worker", b"runner")),
                            None)
                if role is not None:  # any other child counts in serve's own tree
                    roots[pid] = role
        return roots

    def stop(self) -> None:
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(120)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait()
        finally:
            LocalPostgres(self.data / "pg", self.pg_port).stop()
            LocalRedis(self.data / "redis", self.redis_port).stop()
            if self._log is not None:
                self._log.close()
            shutil.rmtree(self.data, ignore_errors=True)


def proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, CPU ticks of the process and of its children that it has reaped)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return table


def tree_cpu_ms(roots: dict[int, str]) -> dict[str, float]:
    """CPU so far of each root's whole process tree; children that exited count through their
    parents' counters, so differences of two readings are the CPU used in between."""
    table = proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    usage = {}
    for root, name in roots.items():
        todo, ticks = [root], 0
        while todo:
            pid = todo.pop()
            ticks += table.get(pid, (0, 0))[1]
            todo += [c for c in children.get(pid, []) if c not in roots]
        usage[name] = ticks * TICK_MS
    return usage


def login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def register_learners(client: httpx.Client, count: int, password: str) -> list[dict[str, str]]:
    """`count` new learner accounts, logged in (the service allows 30 registrations a minute
    per address)."""
    accounts = []
    for i in range(count):
        email = f"load-{i}-{uuid.uuid4().hex[:12]}@load.example.com"
        client.post("/api/v1/auth/register", json={"email": email, "password": password,
                                                   "name": f"Load {i}"}).raise_for_status()
        accounts.append(login(client, email, password))
    return accounts


def publish(client: httpx.Client, instructor: dict[str, str], slug: str,
            package: bytes) -> str:
    """Create, upload, wait for the package check, publish; the challenge's id."""
    client.post("/api/v1/challenges", json={"slug": slug, "title": slug},
                headers=instructor).raise_for_status()
    client.put(f"/api/v1/challenges/{slug}/package", content=package,
               headers={**instructor, "Content-Type": "application/zip"}).raise_for_status()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        challenge = client.get(f"/api/v1/challenges/{slug}", headers=instructor).json()
        status = (challenge.get("latest_version") or {}).get("status")
        if status == "invalid":
            raise RuntimeError(f"{slug}: package rejected: {challenge['latest_version']}")
        if challenge["version"] is not None and status == "valid":
            client.post(f"/api/v1/challenges/{slug}/publish",
                        headers=instructor).raise_for_status()
            return str(challenge["id"])
        time.sleep(0.25)
    raise RuntimeError(f"{slug}: the package check did not finish in 5 minutes")


def _runners(client: httpx.Client) -> float:
    """Runner pools with a live slot (past its self-tests); the demo is seeded once there are."""
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("uw_runners "):
            return float(line.split()[1])
    return 0.0


def _try_login(client: httpx.Client, email: str, password: str) -> dict[str, str] | None:
    """The demo accounts appear once the service has started seeding; None until then."""
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    if r.status_code == 429:  # 20 logins a minute per account and address
        time.sleep(float(r.headers.get("retry-after") or 5))
        return None
    if r.status_code != 200:
        return None
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _published(client: httpx.Client, headers: dict[str, str]) -> bool:
    r = client.get(f"/api/v1/challenges/{DEMO}", headers=headers)
    body: dict[str, Any] = r.json() if r.status_code == 200 else {}
    return body.get("status") == "published"


@contextmanager
def running_service(**kwargs: Any) -> Iterator[Service]:
    service = Service(**kwargs)
    try:
        yield service.start()
    finally:
        service.stop()
