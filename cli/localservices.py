"""Private PostgreSQL and Redis servers in a directory of ours, for the demo and the tests.

`scripts/run` and the test suite do not depend on whatever servers the machine happens to run:
each starts its own on its own port (a test can stop or restart them without disturbing anybody)
from Debian's `postgresql` and `redis-server` packages, which `scripts/setup` installs.
PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` account.
The product's cluster is durable (fsync, synchronous_commit and full_page_writes on: a power loss
or kernel crash loses nothing committed and corrupts nothing); the tests' throwaway clusters
turn them off for speed.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (scripts/setup installs it)")
    return found[-1]


@dataclass
class LocalRedis:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        self.directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                        "--port", str(self.port), "--save", "", "--appendonly", "no",
                        "--dir", str(self.directory),
                        "--pidfile", str(self.directory / "redis.pid"),
                        "--logfile", str(self.directory / "redis.log")], check=True)
        _wait_port(self.port)
        return self

    def stop(self) -> None:
        pidfile = self.directory / "redis.pid"
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text().strip() or 0)
        try:
            os.kill(pid, 9)  # an abrupt loss, like a crashed or restarted server
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.02)
        pidfile.unlink(missing_ok=True)

    def running(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0


DURABILITY = ("fsync", "synchronous_commit", "full_page_writes")


@dataclass
class LocalPostgres:
    directory: Path
    port: int
    database: str = "usefulwriter"
    durable: bool = True  # False only for clusters whose data may be lost (tests)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _as_owner(self, argv: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return argv
        return ["runuser", "-u", "postgres", "--", *argv]

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def start(self) -> LocalPostgres:
        data = self.directory / "data"
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(data, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            self._chown(self.directory)
            sync = [] if self.durable else ["--no-sync"]
            subprocess.run(self._as_owner([pg_bin("initdb"), "-D", str(data), "-U", "postgres",
                                           "-A", "trust", *sync, "-E", "UTF8"]),
                           check=True, stdout=subprocess.DEVNULL)
        if not self.running():
            self._pg_ctl("start")
        _wait_port(self.port)
        self._ensure_database()
        if self.durable and set(self.durability().values()) != {"on"}:
            self._pg_ctl("restart")  # an older `serve` (or a test) started it without them
            _wait_port(self.port)
        return self

    def _pg_ctl(self, action: str) -> None:
        state = "on" if self.durable else "off"
        opts = " ".join([f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                         "-c max_connections=200", *(f"-c {s}={state}" for s in DURABILITY)])
        subprocess.run(self._as_owner([pg_bin("pg_ctl"), "-D", str(self.directory / "data"),
                                       "-w", "-s", "-l", str(self.directory / "postgres.log"),
                                       "-o", opts, action]), check=True)

    def durability(self) -> dict[str, str]:
        """The running server's fsync, synchronous_commit and full_page_writes."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            return {name: str(conn.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]
                    for name in DURABILITY}

    def _ensure_database(self) -> None:
        import psycopg

        for _ in range(50):
            try:
                with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                                     dbname="postgres", autocommit=True) as conn:
                    found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                         (self.database,)).fetchone()
                    if not found:
                        conn.execute(f'CREATE DATABASE "{self.database}"')
                    return
            except psycopg.OperationalError:
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL on port {self.port} does not accept connections")

    def stop(self) -> None:
        data = self.directory / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(self._as_owner([pg_bin("pg_ctl"), "-D", str(data), "-w", "-s",
                                           "-m", "immediate", "stop"]), check=False)

    def running(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0
