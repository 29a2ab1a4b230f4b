"""The runner pool process (`python -m runnerhost`) end to end: real Redis, Docker and signals.

Each test starts its own pool of two python3-only slots with one warm container each, and
reads what it does from Redis: heartbeats, the results stream, leases.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import docker
import pytest
import redis

from cli.localservices import LocalRedis
from grading.dispatch import push
from judge import calibrate as calibration
from protocol import (
    QUEUE_INTERACTIVE,
    QUEUE_REJUDGE,
    QUEUE_SUBMISSIONS,
    RESULTS_STREAM,
    RUNNER_PREFIX,
    RunRequest,
    SlotHeartbeat,
    decode_event,
    package_key,
)
from sandbox.box import LABEL, OWNER_LABEL
from sandbox.pool import remove_orphans

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent.parent
SUM_TWO = ROOT / "examples" / "sum-two"
T = TypeVar("T")


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 90.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def heartbeats(client: redis.Redis) -> list[SlotHeartbeat]:
    """The heartbeats of the slots, by slot index (a dead slot's lingers for its TTL)."""
    out = []
    for key in client.scan_iter(f"{RUNNER_PREFIX}*"):
        fields = client.hgetall(key)
        if fields:
            out.append(SlotHeartbeat.from_hash(fields))
    return sorted(out, key=lambda h: h.slot)


def containers_of(pid: int) -> list[str]:
    """Sandboxes owned by that process (owner label host:pid:start)."""
    prefix = f"{socket.gethostname()}:{pid}:"
    api = docker.from_env().api
    return [c["Id"] for c in api.containers(all=True, filters={"label": LABEL})
            if c["Labels"].get(OWNER_LABEL, "").startswith(prefix)]


def finals(client: redis.Redis) -> dict[str, dict[str, Any]]:
    events = [decode_event(f) for _, f in client.xrange(RESULTS_STREAM)]
    return {e.subject: e.data for e in events if e.type == "final"}


def put_sum_two(client: redis.Redis, tmp_path: Path) -> str:
    archive = tmp_path / "sum-two.zip"
    subprocess.run([sys.executable, "-m", "zipfile", "-c", str(archive), str(SUM_TWO)], check=True)
    blob = archive.read_bytes()
    sha = hashlib.sha256(blob).hexdigest()
    client.set(package_key(sha), blob)
    return sha


def enqueue(client: redis.Redis, queue: str, subject: str, kind: str, **fields: Any) -> None:
    push(client, queue, RunRequest(subject=subject, attempt=1, kind=kind, **fields))  # type: ignore[arg-type]


@contextmanager
def pool_process(local_redis: LocalRedis, client: redis.Redis, tmp_path: Path,
                 *args: str) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "USEFULWRITER_RUNNER_POOL_SIZE": "1",
           "USEFULWRITER_RUNNER_REDIS_URL": local_redis.url,
           "USEFULWRITER_RUNNER_CACHE_DIR": str(tmp_path / "cache"),
           "USEFULWRITER_RUNNER_TIME_FACTORS_FILE": str(tmp_path / "time-factors.json")}
    log = (tmp_path / "runner.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "runnerhost", "--slots", "2",
                             "--languages", "python3", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    seen: set[int] = set()
    try:
        wait_for("two slot heartbeats", lambda: len(heartbeats(client)) == 2)
        yield proc
    except BaseException:
        print((tmp_path / "runner.log").read_text())
        raise
    finally:
        seen |= {h.pid for h in heartbeats(client)}
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        for pid in seen:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        remove_orphans(docker.from_env())
        log.close()


def test_pool_works_every_queue_and_reports_on_the_results_stream(
        local_redis: LocalRedis, redis_client: redis.Redis, tmp_path: Path) -> None:
    sha = put_sum_two(redis_client, tmp_path)
    ok = (SUM_TWO / "solutions/ok.py").read_text()
    calibration.save(calibration.Calibration(  # as `usefulwriter calibrate` leaves it
        {"python3": calibration.Factor(4.5, 4.1, 4.9)}, 5, "here", 0.0),
        tmp_path / "time-factors.json")
    with pool_process(local_redis, redis_client, tmp_path) as proc:
        beats = heartbeats(redis_client)
        assert beats[0].time_factors == beats[1].time_factors == {"python3": 4.5}
        assert beats[0].queues == (QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS)
        assert beats[1].queues == (QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS, QUEUE_REJUDGE)
        assert beats[0].languages == ("python3",) and beats[0].slots == 2
        assert beats[0].runner.startswith(f"{socket.gethostname()}:{beats[0].pid}:")
        assert beats[0].pool_id == beats[1].pool_id == f"{socket.gethostname()}:{proc.pid}"
        enqueue(redis_client, QUEUE_SUBMISSIONS, "sub-1", "grade", language="python3",
                source=ok, package_sha=sha)
        enqueue(redis_client, QUEUE_REJUDGE, "sub-2", "grade", language="python3",
                source="print(0)", package_sha=sha)
        enqueue(redis_client, QUEUE_INTERACTIVE, "run-1", "exec", language="python3",
                source="print(input()[::-1])", stdin="abc")
        done = wait_for("three finals", lambda: (f := finals(redis_client)) and len(f) == 3
                        and f)
    assert done["sub-1"]["verdict"] == "AC" and done["sub-2"]["verdict"] == "WA"
    assert (done["sub-1"]["time_factor"], done["sub-1"]["time_factor_source"]) == \
        (4.5, "calibrated")  # the factor the submission was judged with
    assert done["run-1"]["stdout"] == "cba\n"
    started = [decode_event(f) for _, f in redis_client.xrange(RESULTS_STREAM)]
    runners = {e.data["runner"] for e in started if e.type == "started"}
    assert runners <= {h.runner for h in beats}


def test_a_killed_slot_is_respawned_and_its_containers_removed(
        local_redis: LocalRedis, redis_client: redis.Redis, tmp_path: Path) -> None:
    with pool_process(local_redis, redis_client, tmp_path) as proc:
        enqueue(redis_client, QUEUE_INTERACTIVE, "slow-1", "exec", language="python3",
                source="import time\ntime.sleep(60)\n", limits={"wall_s": 120})
        busy = wait_for("a busy slot", lambda: next(
            (h for h in heartbeats(redis_client) if h.busy == "slow-1"), None))
        pid = busy.pid
        assert containers_of(pid)  # its warm container, and the one running the sleeper
        os.kill(pid, signal.SIGKILL)
        wait_for("a respawned slot", lambda: any(
            h.slot == busy.slot and h.pid != busy.pid
            for h in heartbeats(redis_client)))
        wait_for("the dead slot's containers removed", lambda: not containers_of(pid))
        assert proc.poll() is None


def test_sigterm_drains_the_running_job_then_exits_zero(
        local_redis: LocalRedis, redis_client: redis.Redis, tmp_path: Path) -> None:
    with pool_process(local_redis, redis_client, tmp_path) as proc:
        slot_pids = [h.pid for h in heartbeats(redis_client)]
        enqueue(redis_client, QUEUE_SUBMISSIONS, "drain-1", "exec", language="python3",
                source="import time\ntime.sleep(3)\nprint('finished')\n")
        wait_for("a busy slot", lambda: any(h.busy == "drain-1"
                                            for h in heartbeats(redis_client)))
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(90) == 0
    assert finals(redis_client)["drain-1"]["stdout"] == "finished\n"
    assert heartbeats(redis_client) == []
    api = docker.from_env().api
    leftovers = api.containers(all=True, filters={"label": LABEL})
    owners = {c["Labels"].get(OWNER_LABEL) for c in leftovers}
    assert not owners & {f"{socket.gethostname()}:{p}" for p in [proc.pid, *slot_pids]}


def test_slots_stop_when_the_pool_process_is_killed(
        local_redis: LocalRedis, redis_client: redis.Redis, tmp_path: Path) -> None:
    with pool_process(local_redis, redis_client, tmp_path) as proc:
        slot_pids = [h.pid for h in heartbeats(redis_client)]
        proc.kill()
        proc.wait()
        # this pool's slots (a slot of an earlier test may still be draining on a busy machine)
        wait_for("slots gone", lambda: not {h.pid for h in heartbeats(redis_client)}
                 & set(slot_pids), timeout=60)
        wait_for("their containers removed", lambda: not any(containers_of(p)
                                                             for p in slot_pids))


def test_burst_pool_exits_when_the_queues_are_empty(
        local_redis: LocalRedis, redis_client: redis.Redis, tmp_path: Path) -> None:
    enqueue(redis_client, QUEUE_REJUDGE, "burst-1", "exec", language="python3",
            source="print(1)")
    env = {**os.environ, "USEFULWRITER_RUNNER_POOL_SIZE": "1",
           "USEFULWRITER_RUNNER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "cli.main", "runner", "--slots", "1",
                           "--languages", "python3", "--burst", "--redis-url", local_redis.url],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert finals(redis_client)["burst-1"]["stdout"] == "1\n"


def test_a_pool_whose_time_factors_cannot_be_read_stops_and_says_why(
        local_redis: LocalRedis, tmp_path: Path) -> None:
    (tmp_path / "time-factors.json").write_text("{torn")
    env = {**os.environ, "USEFULWRITER_RUNNER_POOL_SIZE": "1",
           "USEFULWRITER_RUNNER_CACHE_DIR": str(tmp_path / "cache"),
           "USEFULWRITER_RUNNER_TIME_FACTORS_FILE": str(tmp_path / "time-factors.json")}
    done = subprocess.run([sys.executable, "-m", "cli.main", "runner", "--slots", "1",
                           "--languages", "python3", "--redis-url", local_redis.url],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    log = done.stderr.decode()
    assert done.returncode != 0, log  # not respawned over and over: the pool gives up
    assert "not a calibration file" in log and "cannot read this host's time factors" in log


def test_idle_slots_keep_blocking_on_the_queues(local_redis: LocalRedis,
                                                redis_client: redis.Redis,
                                                tmp_path: Path) -> None:
    """An idle slot waits in BLPOP for BLOCK_S; a read timeout shorter than that (redis-py's
    default) would cut every wait short with an error."""
    with pool_process(local_redis, redis_client, tmp_path):
        time.sleep(8)  # past redis-py's 5 s default read timeout
        log = (tmp_path / "runner.log").read_text()
    assert "could not connect to Redis" not in log
