"""Prometheus metrics at /metrics: this process's HTTP metrics, plus fleet-wide state read from
Redis at scrape time (queue depth per queue, runner slots and warm pool, judging histograms)."""

from __future__ import annotations

import collections
import logging
from collections.abc import Iterator

import redis
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

import protocol
from kit import telemetry

log = logging.getLogger(__name__)
REGISTRY = telemetry.REGISTRY


class FleetCollector(Collector):
    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def collect(self) -> Iterator[Metric]:
        try:
            yield from self._queues()
            yield from self._runners()
            yield from self._judging()
        except redis.RedisError:
            return  # /metrics stays up when Redis is down; readiness reports it

    def _queues(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("uw_queue_depth", "Jobs waiting per queue", labels=["queue"])
        for name in protocol.QUEUES:
            depth.add_metric([name], float(self.client.llen(protocol.queue_key(name))))
        yield depth

    def _runners(self) -> Iterator[Metric]:
        beats = list(self._heartbeats())
        runners = GaugeMetricFamily("uw_runners", "Live runner pool processes")
        hosts = GaugeMetricFamily("uw_runner_hosts", "Hosts with a live runner slot")
        slots = GaugeMetricFamily("uw_runner_slots", "Runner slots", labels=["state"])
        pool = GaugeMetricFamily("uw_warm_pool_size", "Warm sandbox containers",
                                 labels=["language"])
        runners.add_metric([], len({b.pool_id for b in beats}))
        hosts.add_metric([], len({b.host for b in beats}))
        slots.add_metric(["busy"], sum(1 for b in beats if b.busy))
        slots.add_metric(["total"], len(beats))
        by_language: collections.Counter[str] = collections.Counter()
        for beat in beats:
            by_language.update(beat.pool)
        for lang, warm in sorted(by_language.items()):
            pool.add_metric([lang], warm)
        factors = GaugeMetricFamily(
            "uw_runner_time_factor", "Time factor against C calibrated on a runner host "
            "(usefulwriter calibrate)", labels=["host", "language"])
        calibrated = {(b.host, lang): f for b in beats for lang, f in b.time_factors.items()}
        for (host, lang), factor in sorted(calibrated.items()):
            factors.add_metric([host, lang], factor)
        yield from (runners, hosts, slots, pool, factors)

    def _heartbeats(self) -> Iterator[protocol.SlotHeartbeat]:
        for key in self.client.scan_iter(match=protocol.runner_key("*"), count=500):
            fields = self.client.hgetall(key)
            if not fields:
                continue  # expired between SCAN and HGETALL
            try:
                yield protocol.SlotHeartbeat.from_hash(fields)
            except protocol.BadHeartbeat as exc:
                log.warning("skipping %s: %s", key, exc)

    def _judging(self) -> Iterator[Metric]:
        for name, doc in telemetry.HISTOGRAMS.items():
            buckets, total = telemetry.read_histogram(self.client, name)
            yield HistogramMetricFamily(f"uw_{name}", doc, buckets=buckets, sum_value=total)
        for name, doc in telemetry.COUNTERS.items():
            family = CounterMetricFamily(f"uw_{name}", doc, labels=["label"])
            for label, value in sorted(telemetry.read_counter(self.client, name).items()):
                family.add_metric([label], value)
            yield family


def render(client: redis.Redis) -> bytes:
    registry = CollectorRegistry()
    registry.register(FleetCollector(client))
    return generate_latest(REGISTRY) + generate_latest(registry)
