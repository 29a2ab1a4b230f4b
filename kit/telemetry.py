"""Process metrics (Prometheus: HTTP requests, on REGISTRY), and fleet-wide metrics kept in
Redis, so every worker and api process adds to one set and any api process can export them
(runners report timings inside their results).

Histograms are hashes `uw:metrics:h2:<name>` with one counter per bucket (each value counted
once, in the smallest bucket it fits; reading adds them up) plus sum and count;
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


class Tally:
    """Observations gathered in memory and written in one round trip (`flush`), summed by
    field: a batch of results costs one pipeline, not a few commands per value."""

    def __init__(self) -> None:
        self.fields: dict[tuple[str, str], int] = {}
        self.sums: dict[str, float] = {}

    def observe(self, name: str, seconds: float) -> None:
        self.observe_many(name, [seconds])

    def observe_many(self, name: str, values: Iterable[float]) -> None:
        key = protocol.histogram_key(name)
        for value in values:
            self._add(key, bucket(value), 1)
            self._add(key, "count", 1)
            self.sums[key] = self.sums.get(key, 0.0) + value

    def count(self, name: str, label: str, amount: int = 1) -> None:
        self._add(protocol.counter_key(name), label, amount)

    def _add(self, key: str, field: str, amount: int) -> None:
        self.fields[(key, field)] = self.fields.get((key, field), 0) + amount

    def merge(self, other: Tally) -> None:
        for (key, field), amount in other.fields.items():
            self._add(key, field, amount)
        for key, total in other.sums.items():
            self.sums[key] = self.sums.get(key, 0.0) + total

    def __bool__(self) -> bool:
        return bool(self.fields)

    def flush(self, client: redis.Redis) -> None:
        if not self.fields:
            return
        pipe = client.pipeline(transaction=False)
        for (key, field), amount in self.fields.items():
            pipe.hincrby(key, field, amount)
        for key, total in self.sums.items():
            pipe.hincrbyfloat(key, "sum", total)
        pipe.execute()
        self.fields.clear()
        self.sums.clear()


def bucket(value: float) -> str:
    """The one bucket a value is counted in (the smallest bound it does not exceed); reading
    adds them up into Prometheus's cumulative buckets."""
    return next((f"{bound}" for bound in BUCKETS if value <= bound), "+Inf")


def count(client: redis.Redis, name: str, label: str, amount: int = 1) -> None:
    client.hincrby(protocol.counter_key(name), label, amount)


def read_histogram(client: redis.Redis, name: str) -> tuple[list[tuple[str, float]], float]:
    raw = {k.decode(): v.decode() for k, v in client.hgetall(protocol.histogram_key(name)).items()}
    buckets, running = [], 0.0
    for bound in BUCKETS:
        running += float(raw.get(f"{bound}", 0))
        buckets.append((str(bound), running))
    buckets.append(("+Inf", float(raw.get("count", 0))))
    return buckets, float(raw.get("sum", 0.0))


def read_counter(client: redis.Redis, name: str) -> dict[str, float]:
    return {k.decode(): float(v) for k, v in client.hgetall(protocol.counter_key(name)).items()}
