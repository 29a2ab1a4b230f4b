"""The runner's job function against a real Redis and real sandboxes (and a few fakes)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

import protocol
from judge import jobs
from judge.emit import Lease
from judge.packages import samples
from protocol import (
    RESULTS_STREAM,
    RunRequest,
    decode_event,
    events_key,
    lease_key,
    package_key,
)
from sandbox.base import Sandbox
from sandbox.contract import Event, Job
from sandbox.docker_sandbox import DockerSandbox
from sandbox.errors import SandboxBroken
from sandbox.fake import FakeSandbox
from sandbox.languages import LANGUAGES
from scoring.package import load
from scoring.points import Mode
from tests.fixtures.api import wait_for

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
SUM_TWO = EXAMPLES / "sum-two"


def zipped(root: Path) -> bytes:
    """The package inside one top-level directory, as `zip -r` of the folder makes it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, f"{root.name}/{path.relative_to(root)}")
    return buf.getvalue()


def put_package(client: redis.Redis, root: Path) -> str:
    blob = zipped(root)
    sha = hashlib.sha256(blob).hexdigest()
    client.set(package_key(sha), blob)
    return sha


def events(client: redis.Redis, subject: str) -> list[protocol.Event]:
    return [decode_event(fields) for _, fields in client.xrange(events_key(subject))]


def results(client: redis.Redis) -> list[protocol.Event]:
    return [decode_event(fields) for _, fields in client.xrange(RESULTS_STREAM)]


def final(client: redis.Redis, subject: str) -> dict[str, Any]:
    last = events(client, subject)[-1]
    assert last.type == "final", last
    data: dict[str, Any] = last.data
    return data


def request(subject: str, kind: str = "grade", **fields: Any) -> dict[str, Any]:
    return RunRequest(subject=subject, attempt=1, kind=kind, **fields).to_dict()  # type: ignore[arg-type]


@pytest.fixture
def ctx(sandbox: DockerSandbox, redis_client: redis.Redis, tmp_path: Path) -> jobs.JobContext:
    return jobs.set_context(sandbox, redis_client, sandbox.languages, "test-host:1",
                            tmp_path / "cache")


@pytest.fixture
def sum_two(redis_client: redis.Redis) -> str:
    return put_package(redis_client, SUM_TWO)


# -- grade -------------------------------------------------------------------------------------
def test_grade_accepts_with_one_test_event_per_test_in_order(
        ctx: jobs.JobContext, redis_client: redis.Redis, sum_two: str) -> None:
    source = (SUM_TWO / "solutions/ok.py").read_text()
    out = jobs.run_request(request("s1", language="python3", source=source,
                                   package_sha=sum_two))
    evs = events(redis_client, "s1")
    assert [e.type for e in evs] == ["started"] + ["test"] * 6 + ["final"]
    assert evs[0].data == {"runner": "test-host:1"} and evs[0].attempt == 1
    tests = [e.data for e in evs if e.type == "test"]
    assert [(t["name"], t["index"], t["total"]) for t in tests] == [
        (f"0{i + 1}", i, 6) for i in range(6)]
    assert all(t["verdict"] == "AC" for t in tests)
    data = final(redis_client, "s1")
    assert data["verdict"] == "AC" and data["points"] == 100
    assert set(data["timings"]) >= {"package", "container", "compile", "tests", "total"}
    assert out == {"type": "final", "data": data}
    assert [(e.subject, e.type) for e in results(redis_client)] == [("s1", "started"),
                                                                           ("s1", "final")]
    assert redis_client.get(lease_key("s1")) is None
    assert ctx.busy is None and ctx.jobs_done == 1


def test_grade_wrong_answer_after_a_compile(ctx: jobs.JobContext, redis_client: redis.Redis,
                                            sum_two: str) -> None:
    source = (SUM_TWO / "solutions/wa_int_overflow.c").read_text()
    jobs.run_request(request("s2", language="c", source=source, package_sha=sum_two))
    types = [e.type for e in events(redis_client, "s2")]
    assert types[:3] == ["started", "compiling", "compiled"] and types[-1] == "final"
    assert events(redis_client, "s2")[2].data == {"ok": True}
    data = final(redis_client, "s2")
    assert data["verdict"] == "WA" and data["points"] == 0
    assert data["timings"]["compile"] > 0


def test_grade_compile_error(ctx: jobs.JobContext, redis_client: redis.Redis,
                             sum_two: str) -> None:
    jobs.run_request(request("s3", language="c", source="int main( {", package_sha=sum_two))
    evs = events(redis_client, "s3")
    assert [e.type for e in evs] == ["started", "compiling", "compiled", "final"]
    assert evs[2].data == {"ok": False}
    data = final(redis_client, "s3")
    assert data["verdict"] == "CE" and "error" in data["compile_output"]


def test_samples_only_grades_the_samples_with_partial_scoring(
        ctx: jobs.JobContext, redis_client: redis.Redis) -> None:
    sha = put_package(redis_client, EXAMPLES / "pair-sum")  # custom checker
    source = (EXAMPLES / "pair-sum/solutions/wa_zero_based.py").read_text()
    jobs.run_request(request("s4", language="python3", source=source, package_sha=sha,
                             samples_only=True))
    data = final(redis_client, "s4")
    assert [t["name"] for t in data["tests"]] == ["01", "02"]
    assert data["verdict"] == "WA" and data["max_points"] == 100
    assert "checker" in data["timings"]
    source = (EXAMPLES / "pair-sum/solutions/ok.py").read_text()
    jobs.run_request(request("s5", language="python3", source=source, package_sha=sha,
                             samples_only=True))
    assert final(redis_client, "s5")["verdict"] == "AC"
    assert final(redis_client, "s5")["points"] == 100


def test_packages_are_cached_on_disk_and_in_memory(ctx: jobs.JobContext,
                                                   redis_client: redis.Redis,
                                                   sum_two: str) -> None:
    source = (SUM_TWO / "solutions/ok.py").read_text()
    jobs.run_request(request("s6", language="python3", source=source, package_sha=sum_two))
    grader = ctx.packages.grader(sum_two)
    redis_client.delete(package_key(sum_two))
    jobs.run_request(request("s7", language="python3", source=source, package_sha=sum_two))
    assert final(redis_client, "s7")["verdict"] == "AC"
    assert ctx.packages.grader(sum_two) is grader
    ctx.packages._graders.clear()  # a fresh slot on the same host: from the disk cache
    jobs.run_request(request("s8", language="python3", source=source, package_sha=sum_two))
    assert final(redis_client, "s8")["verdict"] == "AC"


def test_missing_package_is_a_retriable_error(ctx: jobs.JobContext,
                                              redis_client: redis.Redis) -> None:
    out = jobs.run_request(request("s9", language="python3", source="", package_sha="a" * 64))
    evs = events(redis_client, "s9")
    assert [e.type for e in evs] == ["started", "error"]
    assert evs[1].data["retriable"] is True and "a" * 12 in evs[1].data["message"]
    assert [e.type for e in results(redis_client)] == ["started", "error"]
    assert out["type"] == "error"


@pytest.mark.parametrize("fields, error", [
    ({"package_sha": "../../etc"}, "package_sha: not a sha256"),
    ({"package_sha": None}, "package_sha: a grade request needs a package"),
    ({"language": "cobol"}, "cobol is not allowed for sum-two"),
])
def test_unrunnable_grade_requests_are_internal_errors(
        ctx: jobs.JobContext, redis_client: redis.Redis, sum_two: str,
        fields: dict[str, Any], error: str) -> None:
    payload = {"language": "python3", "source": "", "package_sha": sum_two, **fields}
    jobs.run_request(request("s10", **payload))
    data = final(redis_client, "s10")
    assert data == {"verdict": "IE", "error": data["error"]} and error in data["error"]


def test_a_package_whose_bytes_do_not_match_its_hash(ctx: jobs.JobContext,
                                                     redis_client: redis.Redis) -> None:
    redis_client.set(package_key("b" * 64), zipped(SUM_TWO))
    jobs.run_request(request("s11", language="python3", source="", package_sha="b" * 64))
    assert "do not hash" in final(redis_client, "s11")["error"]


# -- exec --------------------------------------------------------------------------------------
def test_exec_hello_world(ctx: jobs.JobContext, redis_client: redis.Redis) -> None:
    jobs.run_request(request("e1", "exec", language="python3", source="print('hello')  \n"
                                                                      "print()\n"))
    data = final(redis_client, "e1")
    assert data["verdict"] == "AC" and data["status"] == "ok" and data["exit_code"] == 0
    assert data["stdout"] == "hello\n\n" and data["stderr"] == ""
    assert set(data) == {"verdict", "status", "stdout", "stderr", "compile_output", "time",
                         "wall_time", "memory_kb", "exit_code", "signal", "limit_hit",
                         "timings"}
    jobs.run_request(request("e2", "exec", language="python3", source="print('hello ')\n",
                             expected_output="hello\n\n"))
    assert final(redis_client, "e2")["verdict"] == "AC"  # trailing whitespace is ignored


def test_exec_compares_with_the_expected_output(ctx: jobs.JobContext,
                                                redis_client: redis.Redis) -> None:
    jobs.run_request(request("e3", "exec", language="python3", stdin="2 3",
                             source="a, b = map(int, input().split())\nprint(a * b)\n",
                             expected_output="5\n"))
    data = final(redis_client, "e3")
    assert data["verdict"] == "WA" and data["status"] == "ok" and data["stdout"] == "6\n"


def test_exec_infinite_loop_is_tle(ctx: jobs.JobContext, redis_client: redis.Redis) -> None:
    jobs.run_request(request("e4", "exec", language="python3", source="while True: pass\n",
                             limits={"time_s": 0.5}))
    data = final(redis_client, "e4")
    assert data["verdict"] == "TLE" and data["status"] == "time_limit"
    assert data["limit_hit"] in ("cpu_time", "wall_time")


def test_exec_compile_error(ctx: jobs.JobContext, redis_client: redis.Redis) -> None:
    jobs.run_request(request("e5", "exec", language="c", source="int main( {"))
    data = final(redis_client, "e5")
    assert data["verdict"] == "CE" and data["compile_output"] and data["stdout"] == ""


def test_exec_bad_requests_are_internal_errors(ctx: jobs.JobContext,
                                               redis_client: redis.Redis) -> None:
    jobs.run_request(request("e6", "exec", language="cobol", source="x"))
    assert final(redis_client, "e6")["error"].startswith("unknown language 'cobol'")
    jobs.run_request(request("e7", "exec", language="python3", source="x",
                             limits={"cpu": 1}))
    data = final(redis_client, "e7")
    assert data["verdict"] == "IE" and data["error"] == "unknown limits: cpu"


# -- check -------------------------------------------------------------------------------------
def test_check_runs_every_solution(ctx: jobs.JobContext, redis_client: redis.Redis) -> None:
    # customer-totals: five SQL solutions, quick to run (sum-two's 25 are checked elsewhere,
    # tests/judge/test_examples.py)
    package = EXAMPLES / "customer-totals"
    jobs.run_request(request("check-1", "check", package_sha=put_package(redis_client,
                                                                          package)))
    evs = events(redis_client, "check-1")
    progress = [e.data for e in evs if e.type == "test"]
    n = len(load(package, tuple(LANGUAGES)).solutions)
    assert n >= 5 and [(p["index"], p["total"]) for p in progress] == [(i, n) for i in range(n)]
    assert progress[0] == {"solution": "solutions/ok.sql", "index": 0, "total": n,
                           "verdict": "AC"}
    data = final(redis_client, "check-1")
    assert data["ok"] is True and data["error"] is None and data["tests"] == 3
    assert len(data["solutions"]) == n
    assert {"path": "solutions/re_deletes.sql", "language": "sql", "declared": "RE",
            "got": "RE", "ok": True, "reason": ""} in data["solutions"]


# -- failures of the infrastructure, and the pieces --------------------------------------------
class BrokenSandbox(Sandbox):
    def run(self, job: Job) -> Iterator[Event]:
        raise SandboxBroken("the supervisor died")


def test_sandbox_failures_are_reported_retriable_and_reraised(
        redis_client: redis.Redis, tmp_path: Path) -> None:
    jobs.set_context(BrokenSandbox(), redis_client, ["python3"], "h:2", tmp_path)
    with pytest.raises(SandboxBroken):
        jobs.run_request(request("x1", "exec", language="python3", source="print(1)"))
    evs = events(redis_client, "x1")
    assert [e.type for e in evs] == ["started", "error"]
    assert evs[1].data == {"message": "SandboxBroken: the supervisor died",
                              "retriable": True}
    assert redis_client.get(lease_key("x1")) is None


def test_bugs_end_in_internal_error_and_are_reraised(redis_client: redis.Redis,
                                                     tmp_path: Path) -> None:
    def crash(job: Job, test: Any) -> Any:
        raise ZeroDivisionError

    jobs.set_context(FakeSandbox(crash), redis_client, ["python3"], "h:3", tmp_path)
    with pytest.raises(ZeroDivisionError):
        jobs.run_request(request("x2", "exec", language="python3", source="print(1)"))
    data = final(redis_client, "x2")
    assert data["verdict"] == "IE" and data["error"] == "internal error: ZeroDivisionError"


def test_lease_is_refreshed_until_released(redis_client: redis.Redis) -> None:
    key = lease_key("l1")
    with Lease(redis_client, "l1", "h:4", ttl_s=1):
        for _ in range(2):  # no sleeping past the TTL: see the refresh itself, twice
            redis_client.persist(key)
            assert redis_client.pttl(key) == -1
            wait_for(lambda: redis_client.pttl(key) > 0, 30, 0.01)
            assert redis_client.get(key) == b"h:4"
    assert redis_client.get(key) is None


def test_samples_of_a_groups_package_are_scored_partially() -> None:
    package = samples(load(EXAMPLES / "inversions", tuple(LANGUAGES)))
    assert [t.name for t in package.tests] == ["01", "02"]
    assert package.scoring is Mode.PARTIAL and package.groups == ()
    assert package.points == {"01": 50.0, "02": 50.0}
