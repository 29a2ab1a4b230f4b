"""The real sandbox, end to end, in real containers."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import docker
import pytest

from sandbox.box import CHANNEL_MOUNT, LABEL, Box, sweep_channels
from sandbox.contract import EventKind, Job, LimitHit, Limits, Status, TestInput
from sandbox.docker_sandbox import DockerSandbox
from sandbox.errors import BadJob, SandboxUnavailable
from sandbox.languages import LANGUAGES
from sandbox.selftest import selftest
from sandbox.settings import SandboxSettings
from tests.fixtures.api import wait_for
from tests.fixtures.sandbox import learner_processes_on_host, run_source, warm_box


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_language_passes_its_selftest(sandbox: DockerSandbox, language: str) -> None:
    result = selftest(sandbox, language)
    assert result.ok, result.detail


def test_events_arrive_in_order(sandbox: DockerSandbox) -> None:
    job = Job("c", {"main.c": b"#include <stdio.h>\nint main(){puts(\"x\");}"},
              [TestInput("one"), TestInput("two")])
    events = list(sandbox.run(job))
    assert [e.kind for e in events] == [
        EventKind.ACQUIRED, EventKind.COMPILE_STARTED, EventKind.COMPILED,
        EventKind.TEST_FINISHED, EventKind.TEST_FINISHED, EventKind.FINISHED]
    assert [e.test for e in events if e.kind is EventKind.TEST_FINISHED] == ["one", "two"]


def test_compile_error_returns_compiler_output(sandbox: DockerSandbox) -> None:
    out = run_source(sandbox, "cpp", "int main() { return undefined_thing; }\n")
    assert out.compile is not None and out.compile.status is Status.RUNTIME_ERROR
    assert b"undefined_thing" in out.compile.stderr
    assert out.tests == {}


# A broken program in each language: a compiled one fails to compile, naming what is wrong; an
# interpreted one (no compile step, as in Judge0) ends with a runtime error that says so.
BROKEN = {
    "c": "int main(void) { return undefined_thing; }\n",
    "cpp": "int main() { return undefined_thing; }\n",
    "java": "public class Main { public static void main(String[] a) { undefined_thing(); } }\n",
    "go": "package main\n\nfunc main() { undefined_thing() }\n",
    "rust": "fn main() { undefined_thing(); }\n",
    "csharp": "public class P { public static void Main() { undefined_thing(); } }\n",
    "kotlin": "fun main() { undefined_thing() }\n",
    "typescript": "const n: number = undefined_thing;\nconsole.log(n);\n",
    "haskell": "main :: IO ()\nmain = undefined_thing\n",
    "python3": "print(undefined_thing)\n",
    "javascript": "console.log(undefined_thing);\n",
    "ruby": "puts undefined_thing\n",
    "php": "<?php\necho undefined_thing();\n",
    "bash": "set -e\nundefined_thing\n",
    "sql": "SELECT undefined_thing;\n",
    "postgresql": "SELECT undefined_thing;\n",
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_broken_program_says_what_is_wrong(sandbox: DockerSandbox, language: str) -> None:
    assert set(BROKEN) == set(LANGUAGES)
    out = run_source(sandbox, language, BROKEN[language])
    if LANGUAGES[language].compile_argv is not None:
        assert out.compile is not None and out.compile.status is Status.RUNTIME_ERROR
        message = out.compile.stderr + out.compile.stdout  # tsc writes its errors to stdout
        assert out.tests == {}
    else:
        result = out.tests["t0"]
        assert result.status is Status.RUNTIME_ERROR and result.exit_code not in (None, 0)
        message = result.stderr
    assert b"undefined_thing" in message, message


def test_runtime_error_reports_exit_code_and_signal(sandbox: DockerSandbox) -> None:
    out = run_source(sandbox, "python3", "import os, sys\nif input() == 'x': sys.exit(3)\n"
                     "os.kill(os.getpid(), 11)\n", stdin=[b"x\n", b"y\n"])
    assert out.tests["t0"].status is Status.RUNTIME_ERROR and out.tests["t0"].exit_code == 3
    assert out.tests["t1"].status is Status.RUNTIME_ERROR and out.tests["t1"].signal == 11


def test_output_is_capped_and_flagged(sandbox: DockerSandbox) -> None:
    out = run_source(sandbox, "python3", "import sys\nsys.stdout.write('x' * 5000)\n",
                     output_bytes=1000)
    r = out.tests["t0"]
    assert r.status is Status.OUTPUT_LIMIT and r.limit_hit is LimitHit.OUTPUT
    assert r.stdout_truncated and len(r.stdout) == 1000


def test_stderr_is_captured_separately(sandbox: DockerSandbox) -> None:
    out = run_source(sandbox, "javascript", "console.log('out'); console.error('err');")
    assert out.tests["t0"].stdout == b"out\n" and out.tests["t0"].stderr == b"err\n"


def test_scratch_is_reset_between_tests(sandbox: DockerSandbox) -> None:
    src = ("import os\n"
           "print(sorted(os.listdir('.')), sorted(os.listdir('/tmp')), os.listdir('/dev/shm'))\n"
           "for d in ('.', '/tmp', '/dev/shm'):\n"
           "    open(os.path.join(d, 'left'), 'w').write('x')\n"
           "os.makedirs('deep/er', exist_ok=True); os.chmod('deep', 0)\n")
    out = run_source(sandbox, "python3", src, stdin=[b"", b""])
    assert out.tests["t0"].stdout == out.tests["t1"].stdout == b"[] [] []\n"


def test_fresh_mode_removes_the_container_after_the_job(fresh_sandbox: DockerSandbox) -> None:
    api = docker.from_env().api
    used = warm_box(fresh_sandbox, "python3").id
    out = run_source(fresh_sandbox, "python3", "import time; time.sleep(0.2); print('ran')")
    assert out.tests["t0"].stdout == b"ran\n"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = {c["Id"] for c in api.containers(all=True, filters={"label": LABEL})}
        if used not in now and not learner_processes_on_host():
            break
        time.sleep(0.1)
    assert used not in now, "the container used for the job was not removed"
    assert not learner_processes_on_host()


def test_jail_mode_reuses_the_container_and_retires_it_after_max_jobs() -> None:
    sb = DockerSandbox(SandboxSettings(pool_size=1, max_jobs=3), languages=["python3"])
    try:
        box = warm_box(sb, "python3")
        for i in range(3):
            out = run_source(sb, "python3", "import socket; print(socket.gethostname())")
            assert out.tests["t0"].stdout == b"sandbox\n", out.tests["t0"]
            if i < 2:
                assert warm_box(sb, "python3") is box and box.jobs == i + 1
        assert box.jobs == 3 and wait_for(lambda: box.id == "", timeout=15)  # retired and removed
        assert warm_box(sb, "python3") is not box
    finally:
        sb.close()


def test_jail_mode_retires_a_container_that_grew_old_while_it_waited() -> None:
    sb = DockerSandbox(SandboxSettings(pool_size=1, max_age_s=3600), languages=["python3"])
    try:
        box = warm_box(sb, "python3")
        box.created_at -= 7200
        out = run_source(sb, "python3", "print('ok')")
        assert out.tests["t0"].stdout == b"ok\n"
        assert wait_for(lambda: box.id == "", timeout=15) and box.jobs == 0
    finally:
        sb.close()


@pytest.mark.parametrize("anomaly", [["touch", "/tmp/outside-the-jail"],
                                     ["sh", "-c", "sleep 60 & exit 0"]],
                         ids=["file", "process"])
def test_jail_mode_retires_a_container_where_anything_is_left(anomaly: list[str]) -> None:
    """Something outside every jail (here put there through the engine, as nothing inside a jail
    can) is found by the supervisor after the next job, and the container is retired."""
    sb = DockerSandbox(SandboxSettings(pool_size=1), languages=["python3"])
    try:
        box = warm_box(sb, "python3")
        sb.client.api.exec_start(sb.client.api.exec_create(box.id, anomaly, user="0:0"))
        out = run_source(sb, "python3", "print('ok')")
        assert out.tests["t0"].stdout == b"ok\n"
        assert not box.reusable and wait_for(lambda: box.id == "", timeout=15)
        assert warm_box(sb, "python3") is not box
    finally:
        sb.close()


def test_the_channel_is_one_connection_that_leaves_nothing_behind(sandbox: DockerSandbox,
                                                                 tmp_path: Path) -> None:
    """The supervisor talks over a Unix socket under a read-only mount of a directory of its
    own; once it has connected, the socket and the directory are gone from the host, and inside
    the container the mount shows an empty directory nobody can write, learners cannot open."""
    box = Box(docker.from_env(), "python3",
              SandboxSettings(channel_dir=str(tmp_path / "channels")), 256).start()
    try:
        assert box.facts["channel_readonly"] is True
        assert os.listdir(tmp_path / "channels") == []  # nothing left to connect to
        api = docker.from_env().api

        def as_root(*argv: str) -> tuple[int, bytes]:
            run = api.exec_create(box.id, list(argv), user="0:0")
            output = api.exec_start(run)
            return api.exec_inspect(run)["ExitCode"], output

        assert as_root("ls", "-A", CHANNEL_MOUNT) == (0, b"")
        code, said = as_root("touch", f"{CHANNEL_MOUNT}/x")  # a deleted directory, read-only
        assert code != 0 and (b"No such file" in said or b"Read-only" in said), said
    finally:
        box.destroy()
    out = run_source(sandbox, "python3", "import os\ntry:\n    os.listdir('/run/uw')\n"
                     "except OSError as e:\n    print(type(e).__name__)\n")
    assert out.tests["t0"].stdout == b"PermissionError\n"


def test_channel_directories_left_by_a_killed_runner_are_swept(tmp_path: Path) -> None:
    stale, starting = tmp_path / "box-stale", tmp_path / "box-starting"
    for path in (stale, starting):
        path.mkdir()
        (path / "sock").write_text("")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    (tmp_path / "other").mkdir()  # not a channel: never touched
    os.utime(tmp_path / "other", (time.time() - 3600, time.time() - 3600))
    assert sweep_channels(str(tmp_path)) == 1
    assert sorted(os.listdir(tmp_path)) == ["box-starting", "other"]
    assert sweep_channels(str(tmp_path / "missing")) == 0


def test_the_attach_channel_still_serves() -> None:
    """channel=attach (a remote engine, gVisor): the container's attached streams, through the
    engine, as before the socket."""
    sb = DockerSandbox(SandboxSettings(pool_size=1, channel="attach"), languages=["python3"])
    try:
        assert warm_box(sb, "python3").facts["channel_readonly"] is None
        out = run_source(sb, "python3", "print(sum(map(int, input().split())))",
                         stdin=[b"1 2\n", b"3 4\n"])
        assert [t.stdout for t in out.tests.values()] == [b"3\n", b"7\n"]
    finally:
        sb.close()


def test_a_sandbox_that_cannot_reach_its_channel_is_refused_with_what_it_said(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As when the channel directory is not the same path for the engine: the container ends
    at once, and the refusal carries its log."""
    original = Box._create_args
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def astray(self: Box) -> dict[str, Any]:
        args = original(self)
        args["host_config"]["Binds"] = [f"{elsewhere}:{CHANNEL_MOUNT}:ro"]
        return args

    monkeypatch.setattr(Box, "_create_args", astray)
    started = time.monotonic()
    with pytest.raises(SandboxUnavailable,
                       match="(?s)ended before it connected.*FileNotFoundError"):
        Box(docker.from_env(), "python3", SandboxSettings(channel_dir=str(tmp_path / "c")),
            256).start()
    assert time.monotonic() - started < 20  # not the 30 s wait for a connection


def test_a_channel_directory_that_cannot_be_made_is_named() -> None:
    with pytest.raises(SandboxUnavailable, match="USEFULWRITER_RUNNER_CHANNEL_DIR"):
        Box(docker.from_env(), "python3", SandboxSettings(channel_dir="/proc/uw-channels"),
            256).start()


def test_bad_file_name_is_refused(sandbox: DockerSandbox) -> None:
    with pytest.raises(BadJob):
        list(sandbox.run(Job("python3", {"../x.py": b""}, [TestInput("a")])))


def test_missing_image_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sandbox.box.image_tag", lambda lang: "usefulwriter/nope:missing")
    with pytest.raises(SandboxUnavailable, match="images build"):
        Box(docker.from_env(), "python3", SandboxSettings(), 256).start()


def test_weakened_sandbox_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a hardening option is silently dropped, the supervisor's facts expose it."""
    original = Box._create_args

    def weaker(self: Box) -> dict[str, object]:
        args = original(self)
        args["host_config"]["ReadonlyRootfs"] = False
        args["host_config"]["SecurityOpt"] = ["seccomp=unconfined"]
        return args

    monkeypatch.setattr(Box, "_create_args", weaker)
    with pytest.raises(SandboxUnavailable, match="seccomp filter not applied; no_new_privs"
                       ".*root filesystem is writable"):
        Box(docker.from_env(), "python3", SandboxSettings(), 256).start()
    assert not learner_processes_on_host()


def test_pool_hands_out_fresh_containers(sandbox: DockerSandbox) -> None:
    a = sandbox.pool.acquire("python3")
    b = sandbox.pool.acquire("python3")
    try:
        assert a.id != b.id
    finally:
        sandbox.pool.release(a)
        sandbox.pool.release(b)


def test_memory_limit_follows_the_job(sandbox: DockerSandbox) -> None:
    src = ("import os\n"
           "v1 = '/sys/fs/cgroup/memory/memory.limit_in_bytes'\n"
           "print(open(v1 if os.path.exists(v1) else '/sys/fs/cgroup/memory.max').read())")
    out = run_source(sandbox, "python3", src, memory_mb=100)
    slack = sandbox.settings.memory_slack_mb
    assert int(out.tests["t0"].stdout) == (100 + slack) * 1024 * 1024


def test_limits_validation_time(sandbox: DockerSandbox) -> None:
    out = run_source(sandbox, "c", "int main(){for(;;);}", time_s=0.3, wall_s=30)
    r = out.tests["t0"]
    assert r.status is Status.TIME_LIMIT and r.limit_hit is LimitHit.CPU_TIME
    assert 0.3 <= r.cpu_time < 1.0


def test_job_limits_are_plain_data() -> None:
    assert Limits().to_dict()["memory_mb"] == 256


# Managed runtimes at their heap cap collect garbage until the time runs out: that is memory.
JAVA_FULL_HEAP = """import java.util.*;
public class Main { public static void main(String[] a) {
  List<long[]> keep = new ArrayList<>();
  Runtime rt = Runtime.getRuntime();
  boolean fill = new Scanner(System.in).next().equals("fill");
  while (fill && rt.totalMemory() - rt.freeMemory() < rt.maxMemory() * 0.9)
    keep.add(new long[16384]);
  long x = 0;
  while (true) { x += keep.size() + 1; if (x == 42) System.out.println(x); }
} }
"""
JS_FULL_HEAP = """const fill = require('fs').readFileSync(0, 'utf8').trim() === 'fill';
const cap = require('v8').getHeapStatistics().heap_size_limit;
const keep = [];
while (fill && process.memoryUsage().heapUsed < cap * 0.8) keep.push(new Array(16384).fill(1.5));
let x = 0;
for (;;) { x += keep.length + 1; if (x === 42) console.log(x); }
"""
JAVA_GROWING_LIST = """import java.util.*;
public class Main { public static void main(String[] a) {
  ArrayList<Long> list = new ArrayList<>();
  for (long i = 0; ; i++) list.add(i);
} }
"""
JS_GROWING_OBJECTS = """const keep = [];
for (let i = 0; ; i++) keep.push({i, name: 'item' + i, tags: [i, i + 1]});
"""


@pytest.mark.parametrize("language,source", [("java", JAVA_FULL_HEAP),
                                             ("javascript", JS_FULL_HEAP)])
def test_time_running_out_at_the_heap_cap_is_a_memory_limit(sandbox: DockerSandbox,
                                                            language: str, source: str) -> None:
    out = run_source(sandbox, language, source, stdin=[b"fill\n", b"spin\n"], time_s=2,
                     memory_mb=256)
    full, spin = out.tests["t0"], out.tests["t1"]
    assert full.status is Status.MEMORY_LIMIT and full.limit_hit is LimitHit.MEMORY, full
    assert "heap was full (192 MiB" in full.message and "collecting garbage" in full.message
    # the same loop with a small heap is what it looks like: a time limit
    assert spin.status is Status.TIME_LIMIT and spin.limit_hit is LimitHit.CPU_TIME, spin


@pytest.mark.parametrize("language,source", [("java", JAVA_GROWING_LIST),
                                             ("javascript", JS_GROWING_OBJECTS)])
def test_a_heap_growing_to_its_cap_is_a_memory_limit(sandbox: DockerSandbox, language: str,
                                                     source: str) -> None:
    out = run_source(sandbox, language, source, time_s=2, memory_mb=256)
    r = out.tests["t0"]
    assert r.status is Status.MEMORY_LIMIT and r.limit_hit is LimitHit.MEMORY, r


def test_a_consumer_that_stops_early_leaves_a_reusable_box(sandbox: DockerSandbox) -> None:
    """An ICPC judge stops at the first failed test, and a compile error ends a job at once:
    the unwanted tests never run, and the container takes the next job."""
    src = b"import sys, time\nn = input()\nprint('ran', n)\nif n != '0': time.sleep(5)\n"
    job = Job("python3", {"main.py": src}, [TestInput(f"t{i}", f"{i}\n".encode())
                                            for i in range(3)], Limits(time_s=5, wall_s=10))
    box = warm_box(sandbox, "python3")
    jobs = box.jobs
    events = sandbox.run(job)
    for event in events:
        if event.kind is EventKind.TEST_FINISHED:
            assert event.result is not None and event.result.stdout == b"ran 0\n"
            break
    started = time.monotonic()
    events.close()  # type: ignore[attr-defined]
    assert time.monotonic() - started < 2.0  # t1 was stopped, t2 never ran
    assert box.jobs == jobs + 1 and box.reusable and warm_box(sandbox, "python3") is box
    broken = Job("c", {"main.c": b"int main( {"}, [TestInput("t0")])
    c_box = warm_box(sandbox, "c")
    c_jobs = c_box.jobs
    events = sandbox.run(broken)
    for event in events:
        if event.kind is EventKind.COMPILED:
            break
    events.close()  # type: ignore[attr-defined]
    assert c_box.jobs == c_jobs + 1 and warm_box(sandbox, "c") is c_box
    out = run_source(sandbox, "python3", "print(input())", [b"again\n"])
    assert out.tests["t0"].stdout == b"again\n"
