"""Where an idle submission's latency goes, step by step: the whole service (`usefulwriter
serve`, 2 runner slots, jail mode) takes 1-test submissions one at a time, half a second apart,
each with `wait=true`, and this prints the median of each step:

- the client's send to the row's `created_at` (HTTP, authentication, the challenge's lookups);
- `created_at` to the `queued` event (the insert, the commit, the package and the job to Redis);
- `queued` to `started` (a slot takes the job), `started` to the test's event (the run),
  the test's event to `final`, `final` to the api's `finished_at`, and that to the client.

Event times are their Redis stream ids (milliseconds); all clocks are this machine's.

    .venv/bin/python scripts/latency_timeline.py [--count 25]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from attribute_service import ENV  # noqa: E402
from bench_service import package_zip, submit  # noqa: E402

import protocol  # noqa: E402
from cli.demo import INSTRUCTOR  # noqa: E402
from loadtests.service import Service, login, publish, register_learners  # noqa: E402

STEPS = ("client → created_at", "created_at → queued", "queued → started", "started → test",
         "test → final", "final → api's finished_at", "finished_at → client")


def seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=25, help="submissions measured (default 25)")
    args = p.parse_args()
    service = Service(slots=2, env=ENV)
    marks: list[list[float]] = []
    try:
        service.start()
        client = redis.Redis(port=service.redis_port)
        with httpx.Client(base_url=service.base, timeout=60) as http:
            challenge = publish(http, login(http, *INSTRUCTOR), "timeline-1",
                                package_zip("timeline-1", 1))
            (learner,) = register_learners(http, 1, "timeline-learner-password")
            for _ in range(5):  # warm: package cached, jails ready
                submit(http, learner, challenge, wait=True)
            for _ in range(args.count):
                time.sleep(0.5)
                sent = time.time()
                sub = submit(http, learner, challenge, wait=True)
                answered = time.time()
                first: dict[str, float] = {}
                for entry_id, fields in client.xrange(protocol.events_key(sub["id"])):
                    event = protocol.decode_event(fields)
                    first.setdefault(event.type, int(entry_id.decode().split("-")[0]) / 1000)
                marks.append([sent, seconds(sub["created_at"]), first["queued"], first["started"],
                              first["test"], first["final"], seconds(sub["finished_at"]),
                              answered])
    finally:
        service.stop()
    print(f"{args.count} idle 1-test submissions, medians:\n\n| step | ms |\n|---|---|")
    for i, step in enumerate(STEPS):
        print(f"| {step} | {1000 * statistics.median(m[i + 1] - m[i] for m in marks):.1f} |")
    print(f"| total | {1000 * statistics.median(m[-1] - m[0] for m in marks):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
