"""Process metrics (Prometheus: HTTP requests, on REGISTRY), and fleet-wide metrics kept in
Redis, so every worker and api process adds to one set and any api process can export them
(runners report timings inside their results).

Histograms are hashes `uw:metrics:h:<name>` with one counter per bucket plus sum and count;
counters are hashes `uw:metrics:c:<name>` keyed by label value.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis
from prometheus_client import CollectorRegistry, Counter, Histogram

import protocol

REGISTRY = CollectorRegistry()  # this process's own metrics, exported by /metrics
HTTP_REQUESTS = Counter("uw_http_requests_total", "HTTP requests", ["method", "route", "status"],
                        registry=REGISTRY)
HTTP_LATENCY = Histogram("uw_http_request_seconds", "HTTP request latency", ["method", "route"],
                         registry=REGISTRY)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
HISTOGRAMS = {
    "queue_wait_seconds": "Time from enqueue to a runner starting the job",
    "container_seconds": "Time to get a sandbox container (warm pool or cold start)",
    "compile_seconds": "Compile time",
    "test_seconds": "Wall time of one test run",
    "checker_seconds": "Time spent in custom checkers",
    "judge_seconds": "Accept to final verdict",
}
COUNTERS = {"verdicts": "Final verdicts by verdict", "retries": "Jobs re-enqueued by reason"}


def observe(client: redis.Redis, name: str, seconds: float) -> None:
    observe_many(client, name, [seconds])


def observe_many(client: redis.Redis, name: str, values: Iterable[float]) -> None:
    key = protocol.histogram_key(name)
    pipe = client.pipeline(transaction=False)
    for value in values:
        for bound in BUCKETS:
            if value <= bound:
                pipe.hincrby(key, f"{bound}", 1)
        pipe.hincrby(key, "count", 1)
        pipe.hincrbyfloat(key, "sum", value)
    pipe.execute()


def count(client: redis.Redis, name: str, label: str, amount: int = 1) -> None:
    client.hincrby(protocol.counter_key(name), label, amount)


def read_histogram(client: redis.Redis, name: str) -> tuple[list[tuple[str, float]], float]:
    raw = {k.decode(): v.decode() for k, v in client.hgetall(protocol.histogram_key(name)).items()}
    buckets = [(str(b), float(raw.get(f"{b}", 0))) for b in BUCKETS]
    buckets.append(("+Inf", float(raw.get("count", 0))))
    return buckets, float(raw.get("sum", 0.0))


def read_counter(client: redis.Redis, name: str) -> dict[str, float]:
    return {k.decode(): float(v) for k, v in client.hgetall(protocol.counter_key(name)).items()}
