"""Nothing of one submission reaches the next one in the same container (jail mode), nor the next
test of the same submission.

For every language, submission A runs the probe (`tests/golden/cross/probe.py`, started by a
small program in that language) in "plant" mode: files in every writable path, a double-forked
daemon that ignores signals, holds loopback TCP/UDP listeners, abstract and path Unix sockets and
inotify watches, lowers its rlimits, plants more files from a timer and signals everything it can
see; a stopped process and one with every signal blocked; SysV and POSIX IPC, a key in the user
keyring, the hostname, the environment; and it tries to leave the jail (clone into a new user
namespace, unshare, clone3, mount). Submission B, another learner's, runs the probe in "find"
mode in the same container and must find none of it. The same pair runs as two tests of one
submission.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.contract import Job, Limits, RunOutcome, Status, TestInput
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES, get_language
from tests.fixtures.sandbox import learner_processes_on_host, warm_box

CROSS = Path(__file__).resolve().parent.parent / "golden" / "cross"
PROBE = (CROSS / "probe.py").read_text()
LIMITS = Limits(time_s=5, wall_s=10)


def probe_stdin(mode: str) -> bytes:
    return f"MODE = {mode!r}\n{PROBE}".encode()


def wrapper(language: str) -> tuple[str, bytes]:
    lang = get_language(language)
    suffix = Path(lang.source_name).suffix
    source = next(p for p in CROSS.iterdir() if p.suffix == suffix and p.name != "probe.py")
    return lang.source_name, source.read_bytes()


def submit(sandbox: DockerSandbox, language: str, modes: list[str]) -> RunOutcome:
    name, source = wrapper(language)
    job = Job(language=language, files={name: source}, limits=LIMITS,
              tests=[TestInput(f"t{i}", probe_stdin(m)) for i, m in enumerate(modes)])
    outcome = sandbox.execute(job)
    if outcome.compile is not None:
        assert outcome.compile.status is Status.OK, outcome.compile.stderr[-500:]
    return outcome


def check_planted(stdout: bytes, where: str) -> None:
    text = stdout.decode(errors="replace")
    assert text.startswith("planted: files in "), f"{where}: {text[-500:]}"
    for escape in ("clone newuser", "unshare", "clone3", "mount", "keyring", "hostname"):
        assert f"{escape} refused" in text, f"{where}: {escape} was not refused: {text}"


# SQL runs no program of the learner's: only statements against a database that lives in its
# process's memory (SQLite), or in a server started for the run on a fresh copy of a template
# cluster and killed with it (PostgreSQL). There is no probe to start: the sql_* and
# postgresql_* cases of tests/golden/attacks attack them.
@pytest.mark.parametrize("language", [lang for lang in LANGUAGES
                                      if lang not in ("sql", "postgresql")])
def test_a_later_submission_in_the_same_container_finds_nothing(
        sandbox: DockerSandbox, language: str) -> None:
    assert sandbox.settings.mode == "jail"
    box = warm_box(sandbox, language)
    jobs = box.jobs
    planted = submit(sandbox, language, ["plant"]).tests["t0"]
    check_planted(planted.stdout, f"{language} A")
    assert warm_box(sandbox, language) is box, "the container was not reused"
    later = submit(sandbox, language, ["find"]).tests["t0"]
    assert later.stdout == b"nothing found\n", (later.stdout, later.stderr[-500:])
    assert box.jobs == jobs + 2 and box.reusable, "the same container served both submissions"
    assert not learner_processes_on_host()


@pytest.mark.parametrize("language", ["python3", "c"])
def test_a_later_test_of_the_same_submission_finds_nothing(
        sandbox: DockerSandbox, language: str) -> None:
    outcome = submit(sandbox, language, ["plant", "find"])
    check_planted(outcome.tests["t0"].stdout, f"{language} t0")
    assert outcome.tests["t1"].stdout == b"nothing found\n", outcome.tests["t1"]


def test_the_probe_finds_what_is_left(fresh_sandbox: DockerSandbox) -> None:
    """The probe can fail: state left in the same process tree and box is found."""
    name, source = wrapper("python3")
    both = probe_stdin("plant") + b"\nMODE = 'find'\n" + PROBE.encode()
    job = Job(language="python3", files={name: source}, limits=LIMITS,
              tests=[TestInput("t0", both)])
    out = fresh_sandbox.execute(job).tests["t0"]
    text = out.stdout.decode()
    assert "planted: " in text and "FOUND " in text, text
    for left in ("/box/uw-leak", "/tmp/uw-leak", "tcp listener", "abstract socket",
                 "environment", "uw-leak-d"):
        assert left in text, (left, text)
