"""/metrics' fleet collector against heartbeats written by real slot Heartbeat objects: busy and
idle slots, one host and two, and a heartbeat it cannot read."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from app.metrics import render
from judge import jobs
from protocol import SlotHeartbeat, runner_key
from runnerhost.slot import Heartbeat
from sandbox.fake import FakeSandbox


def scrape(client: redis.Redis) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(render(client).decode()):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def runners(metrics: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> dict[str, float]:
    return {"runners": metrics[("uw_runners", ())],
            "hosts": metrics[("uw_runner_hosts", ())],
            "busy": metrics[("uw_runner_slots", (("state", "busy"),))],
            "total": metrics[("uw_runner_slots", (("state", "total"),))],
            "warm": metrics.get(("uw_warm_pool_size", (("language", "python3"),)), 0.0)}


def start_slot(client: redis.Redis, tmp_path: Path, host: str, parent: int, index: int,
               slots: int, busy: str | None = None,
               time_factors: dict[str, float] | None = None) -> Heartbeat:
    """One slot of the pool process `parent` on `host`, beating once (busy on `busy`)."""
    runner = f"{host}:{parent + 1 + index}:123.4"
    ctx = jobs.set_context(FakeSandbox(), client, ["python3"], runner, tmp_path / runner)
    identity = SlotHeartbeat(runner=runner, host=host, pid=parent + 1 + index, parent_pid=parent,
                             slot=index, slots=slots, queues=("uw-interactive",),
                             languages=("python3",), busy=None, jobs=0, pool={},
                             started_at=1.0, updated_at=1.0, time_factors=time_factors or {})
    beat = Heartbeat(client, ctx, lambda: {"python3": 1}, identity)
    if busy:
        ctx.set_busy(busy)
    beat.beat()
    return beat


def test_a_busy_slot_is_scraped_and_slots_are_counted_once(redis_client: redis.Redis,
                                                            tmp_path: Path) -> None:
    subject = str(uuid.uuid4())  # what a slot's heartbeat carries while it works
    start_slot(redis_client, tmp_path, "host-a", 100, 0, 2, busy=subject)
    start_slot(redis_client, tmp_path, "host-a", 100, 1, 2)
    assert runners(scrape(redis_client)) == {"runners": 1, "hosts": 1, "busy": 1, "total": 2,
                                             "warm": 2}


def test_calibrated_time_factors_are_reported_per_host(redis_client: redis.Redis,
                                                       tmp_path: Path) -> None:
    start_slot(redis_client, tmp_path, "host-a", 100, 0, 2, time_factors={"python3": 9.5})
    start_slot(redis_client, tmp_path, "host-a", 100, 1, 2, time_factors={"python3": 9.5})
    start_slot(redis_client, tmp_path, "host-b", 200, 0, 1)  # never calibrated
    factors = {labels: v for (name, labels), v in scrape(redis_client).items()
               if name == "uw_runner_time_factor"}
    assert factors == {(("host", "host-a"), ("language", "python3")): 9.5}


def test_two_hosts_with_busy_and_idle_slots(redis_client: redis.Redis, tmp_path: Path) -> None:
    start_slot(redis_client, tmp_path, "host-a", 100, 0, 2, busy=str(uuid.uuid4()))
    start_slot(redis_client, tmp_path, "host-a", 100, 1, 2, busy=f"check-{uuid.uuid4()}")
    start_slot(redis_client, tmp_path, "host-b", 100, 0, 2)
    start_slot(redis_client, tmp_path, "host-b", 100, 1, 2)
    start_slot(redis_client, tmp_path, "host-b", 300, 0, 1)  # a second pool on host-b
    assert runners(scrape(redis_client)) == {"runners": 3, "hosts": 2, "busy": 2, "total": 5,
                                             "warm": 5}


def test_a_slot_that_finished_its_job_is_idle_again(redis_client: redis.Redis,
                                                     tmp_path: Path) -> None:
    beat = start_slot(redis_client, tmp_path, "host-a", 100, 0, 1, busy="sub-1")
    assert runners(scrape(redis_client))["busy"] == 1
    beat.ctx.set_busy(None)
    beat.beat()
    record = SlotHeartbeat.from_hash(redis_client.hgetall(runner_key(beat.ctx.runner_id)))
    assert record.busy is None and record.jobs == 1 and record.pool == {"python3": 1}
    assert runners(scrape(redis_client))["busy"] == 0


@pytest.mark.parametrize("fields", [{"runner": "x"}, {"busy": "sub", "slots": "two"}])
def test_an_unreadable_heartbeat_is_skipped_not_fatal(redis_client: redis.Redis, tmp_path: Path,
                                                      fields: dict[str, str]) -> None:
    start_slot(redis_client, tmp_path, "host-a", 100, 0, 1)
    redis_client.hset(runner_key("old-version"), mapping=fields)
    assert runners(scrape(redis_client)) == {"runners": 1, "hosts": 1, "busy": 0, "total": 1,
                                             "warm": 1}
