"""`usefulwriter serve`: the whole service on one machine, with the demo challenge ready.

Starts a private PostgreSQL and Redis (unless USEFULWRITER_DATABASE_URL / USEFULWRITER_REDIS_URL
point elsewhere), migrates as the owner and gives the api and the worker their own database roles
(row-level security: docs/LMS.md), runs the api, the worker, a media worker and a runner pool as
child processes, publishes examples/sum-two as the demo challenge, grades its reference solution
through the HTTP API, prints how to use it, and serves until Ctrl-C. Every step is idempotent.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the whole service locally with the demo challenge")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--slots", type=int, default=2, help="runner slots")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="where the private PostgreSQL and Redis keep their files")
    p.add_argument("--pg-port", type=int, default=55432)
    p.add_argument("--redis-port", type=int, default=56379)
    p.add_argument("--web-port", type=int, default=3000,
                   help="the web app's port (0: don't serve it)")
    p.add_argument("--once", action="store_true",
                   help="exit after grading the demo (a smoke test of the whole service)")
    p.set_defaults(handler=serve)


def default_data_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/usefulwriter")  # the postgres account must reach it
    return Path.home() / ".local" / "share" / "usefulwriter"


def backing_services(args: argparse.Namespace) -> dict[str, str]:
    from cli.localservices import LocalPostgres, LocalRedis

    env: dict[str, str] = {}
    data = args.data_dir or default_data_dir()
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o755)
    if "USEFULWRITER_DATABASE_URL" not in os.environ:
        from models.migrate import as_role

        owner = LocalPostgres(data / "pg", args.pg_port).start().url
        env["USEFULWRITER_OWNER_DATABASE_URL"] = owner
        env["USEFULWRITER_DATABASE_URL"] = as_role(owner, "usefulwriter_api")
        env["USEFULWRITER_WORKER_DATABASE_URL"] = as_role(owner, "usefulwriter_worker")
    if "USEFULWRITER_REDIS_URL" not in os.environ:
        server = LocalRedis(data / "redis", args.redis_port)
        if not server.running():
            server.start()
        env["USEFULWRITER_REDIS_URL"] = server.url
    if "USEFULWRITER_STORAGE__ROOT" not in os.environ:
        env["USEFULWRITER_STORAGE__ROOT"] = str(data / "blobs")
    for name, where in (("WORK_DIR", "media-work"), ("UPLOAD_DIR", "uploads")):
        if f"USEFULWRITER_VIDEO__{name}" not in os.environ:  # videos' scratch and partial uploads
            env[f"USEFULWRITER_VIDEO__{name}"] = str(data / where)
    redis_url = env.get("USEFULWRITER_REDIS_URL") or os.environ["USEFULWRITER_REDIS_URL"]
    env.setdefault("USEFULWRITER_RUNNER_REDIS_URL", redis_url)
    return env


WEB_SERVER = ROOT / "web" / ".next" / "standalone" / "server.js"


def web_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen[bytes] | None:
    """The web app's production server (built by scripts/setup), proxying /api to the api."""
    if not args.web_port or args.once:
        return None
    if not WEB_SERVER.exists():
        print("web app: not built (scripts/setup builds it); serving the API only", flush=True)
        return None
    web_env = {**env, "PORT": str(args.web_port), "HOSTNAME": args.host,
               "API_ORIGIN": f"http://{args.host}:{args.port}", "NEXT_TELEMETRY_DISABLED": "1"}
    return subprocess.Popen(["node", str(WEB_SERVER)], env=web_env, cwd=WEB_SERVER.parent,
                            stdout=subprocess.DEVNULL)


def serve(args: argparse.Namespace) -> int:
    env = {**os.environ, **backing_services(args)}
    from kit.settings import Settings
    from models import migrate

    owner = env.get("USEFULWRITER_OWNER_DATABASE_URL") or env["USEFULWRITER_DATABASE_URL"]
    migrate.prepare(Settings(database_url=env["USEFULWRITER_DATABASE_URL"],
                             worker_database_url=env.get("USEFULWRITER_WORKER_DATABASE_URL"),
                             owner_database_url=owner))
    exe = [sys.executable, "-m", "cli.main"]
    children = [
        subprocess.Popen([*exe, "api", "--host", args.host, "--port", str(args.port)], env=env,
                         cwd=ROOT),
        subprocess.Popen([*exe, "worker"], env=env, cwd=ROOT),
        subprocess.Popen([*exe, "runner", "--slots", str(args.slots)], env=env, cwd=ROOT),
        subprocess.Popen([*exe, "media-worker"], env=env, cwd=ROOT),
    ]
    web = web_server(args, env)
    if web is not None:
        children.append(web)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        base = f"http://{args.host}:{args.port}"
        from cli.demo import seed_and_grade

        seed_and_grade(base, owner, children)
        if args.once:
            return 0
        if web is not None:
            print(f"\nweb app: http://{args.host}:{args.web_port}", flush=True)
        print(f"\nserving on {base} (docs: {base}/docs); Ctrl-C stops everything", flush=True)
        while not stop["now"] and all(c.poll() is None for c in children):
            time.sleep(0.5)
        return 0 if stop["now"] else 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(60)
            except subprocess.TimeoutExpired:
                child.kill()
