"""The attack corpus: hostile programs in real containers, each asserting the verdict AND the
host state afterwards (no container or learner process left, host files untouched, no
connection reached a listener opened on the host).

Each case is a directory `tests/golden/attacks/<case>/` holding one source file (`main.*`) and
`case.json`:

    {"language": "c", "why": "...",
     "limits": {"time_s": 1, "memory_mb": 256},          # optional
     "stdin": ["first test's stdin", "second's"],         # optional; placeholders below
     "compile": ["runtime_error", "time_limit"],          # optional: expected compile status
     "expect": [{"status": ["time_limit"], "limit_hit": "cpu_time", "exit_code": 3,
                 "stdout_contains": ["..."], "stdout_excludes": ["..."],
                 "stderr_contains": ["..."]}],                                   # one per test
     "then": {"language": "python3", "file": "check.py", "expect": [...]}}   # a later submission

Placeholders in stdin: {HOST_TCP} {GATEWAY} {GATEWAY_TCP} {HOST_UDP} {GATEWAY_UDP}.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import pytest

from sandbox.contract import ExecResult, Job, Limits, RunOutcome, TestInput
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES, get_language
from tests.fixtures.sandbox import learner_processes_on_host, own_sandboxes

CASES = Path(__file__).resolve().parent.parent / "golden" / "attacks"
CANARY = Path(f"/tmp/uw-canary-{os.getpid()}")
PWNED = "uw-pwned"  # attacks try to create files with this name anywhere they can


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.json").is_file())


@dataclass
class Listeners:
    sockets: dict[str, socket.socket]
    values: dict[str, str]

    def reached(self) -> list[str]:
        hits = []
        for name, sock in self.sockets.items():
            sock.setblocking(False)
            try:
                if sock.type == socket.SOCK_STREAM:
                    conn, peer = sock.accept()
                    conn.close()
                    hits.append(f"{name} accepted {peer}")
                else:
                    data, peer = sock.recvfrom(4096)
                    hits.append(f"{name} received {data[:40]!r} from {peer}")
            except BlockingIOError:
                pass
        return hits


def gateway() -> str:
    """The host's address on Docker's default bridge (what a bridged container would reach)."""
    config = docker.from_env().api.inspect_network("bridge")["IPAM"]["Config"][0]
    if config.get("Gateway"):
        return str(config["Gateway"]).split("/")[0]
    net = ipaddress.ip_network(config["Subnet"])
    return str(next(net.hosts()))


@pytest.fixture(scope="module")
def listeners() -> Iterator[Listeners]:
    gw = gateway()
    socks: dict[str, socket.socket] = {}
    values = {"GATEWAY": gw}
    for name, addr, kind in (("HOST_TCP", "127.0.0.1", socket.SOCK_STREAM),
                             ("GATEWAY_TCP", gw, socket.SOCK_STREAM),
                             ("HOST_UDP", "127.0.0.1", socket.SOCK_DGRAM),
                             ("GATEWAY_UDP", gw, socket.SOCK_DGRAM)):
        s = socket.socket(socket.AF_INET, kind)
        s.bind((addr, 0))
        if kind == socket.SOCK_STREAM:
            s.listen(16)
        socks[name] = s
        values[name] = str(s.getsockname()[1])
    yield Listeners(socks, values)
    for s in socks.values():
        s.close()


@pytest.fixture(scope="module", autouse=True)
def canary() -> Iterator[bytes]:
    content = f"canary {time.time()}".encode()
    CANARY.write_bytes(content)
    yield content
    CANARY.unlink(missing_ok=True)


def render(text: str, values: dict[str, str]) -> bytes:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text.encode()


def run_case(sandbox: DockerSandbox, language: str, source: Path, stdins: list[bytes],
             limits: dict[str, Any]) -> RunOutcome:
    lang = get_language(language)
    job = Job(language=lang.name, files={lang.source_name: source.read_bytes()},
              tests=[TestInput(f"t{i}", s) for i, s in enumerate(stdins)],
              limits=Limits(**limits))
    return sandbox.execute(job)


def check_result(result: ExecResult, want: dict[str, Any], where: str) -> None:
    shown = (f"{where}: {result.status} exit={result.exit_code} sig={result.signal} "
             f"limit={result.limit_hit} cpu={result.cpu_time:.3f} "
             f"stdout={result.stdout[:300]!r} stderr={result.stderr[-300:]!r}")
    assert str(result.status) in want["status"], shown
    if "exit_code" in want:
        assert result.exit_code == want["exit_code"], shown
    if "limit_hit" in want:
        assert str(result.limit_hit) == want["limit_hit"], shown
    if "max_cpu_time" in want:  # a limit hit is caught promptly, however busy the box is
        assert result.cpu_time <= want["max_cpu_time"], shown
    for text in want.get("stdout_contains", []):
        assert text.encode() in result.stdout, shown
    for text in want.get("stdout_excludes", []):
        assert text.encode() not in result.stdout, shown
    for text in want.get("stderr_contains", []):
        assert text.encode() in result.stderr, shown


def check_outcome(outcome: RunOutcome, spec: dict[str, Any], where: str) -> None:
    if "compile" in spec:
        assert outcome.compile is not None, where
        assert str(outcome.compile.status) in spec["compile"], \
            f"{where}: compile {outcome.compile.status} {outcome.compile.stderr[-300:]!r}"
    for i, want in enumerate(spec.get("expect", [])):
        assert f"t{i}" in outcome.tests, f"{where}: test t{i} did not run"
        check_result(outcome.tests[f"t{i}"], want, f"{where} t{i}")


def host_is_clean(sandbox: DockerSandbox, canary: bytes, listeners: Listeners) -> list[str]:
    problems = []
    deadline = time.monotonic() + 15
    while True:
        procs = learner_processes_on_host()
        ready = sum(len(q) for q in sandbox.pool._ready.values())
        boxes = own_sandboxes()
        if not procs and boxes <= ready + sum(sandbox.pool._pending.values()):
            break
        if time.monotonic() > deadline:
            problems.append(f"left behind: {len(procs)} learner processes {procs[:3]}, "
                            f"{boxes} sandbox containers for {ready} warm ones")
            break
        time.sleep(0.1)
    if CANARY.read_bytes() != canary:
        problems.append("host canary file changed")
    pwned = [str(p) for d in (Path("/tmp"), Path("/"), Path("/root"))
             for p in d.glob(f"{PWNED}*")]
    if pwned:
        problems.append(f"files appeared on the host: {pwned}")
    problems += listeners.reached()
    return problems


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_attack(case: Path, sandbox: DockerSandbox, canary: bytes,
                listeners: Listeners) -> None:
    spec = json.loads((case / "case.json").read_text())
    lang = get_language(spec["language"])
    source = next(case.glob("main.*"))
    stdins = [render(s, listeners.values) for s in spec.get("stdin", [""])]
    outcome = run_case(sandbox, lang.name, source, stdins, spec.get("limits", {}))
    check_outcome(outcome, spec, case.name)
    then = spec.get("then")
    if then:
        later = run_case(sandbox, then["language"], case / then["file"],
                         [render(s, listeners.values) for s in then.get("stdin", [""])],
                         then.get("limits", {}))
        check_outcome(later, then, f"{case.name} (later submission)")
    assert host_is_clean(sandbox, canary, listeners) == []


def test_corpus_is_large_and_covers_every_language() -> None:
    cases = case_dirs()
    languages = {json.loads((c / "case.json").read_text())["language"] for c in cases}
    assert len(cases) >= 40
    assert languages == set(LANGUAGES)
