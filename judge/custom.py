"""Custom checkers: the instructor's program, untrusted, run in a sandbox of its own.

Every test to check is one test of a single checker job: its stdin is a bundle of the test's
input, the learner's output and the expected output, which a small wrapper writes to the files
`input`, `output` and `expected` in the checker's working directory before running the checker
with those names as arguments (testlib's order).
"""

from __future__ import annotations

from sandbox.base import Sandbox
from sandbox.contract import Job, Limits, Status, TestInput
from scoring.checkers import CheckResult, from_testlib
from scoring.package import Package
from scoring.verdicts import Verdict

WRAPPER = b'''import os, runpy, sys
data = sys.stdin.buffer.read()
head, _, rest = data.partition(b"\\n")
sizes = [int(x) for x in head.split()]
for name, size in zip(("input", "output", "expected"), sizes):
    with open(name, "wb") as f:
        f.write(rest[:size])
    rest = rest[size:]
sys.stdin = open(os.devnull)
sys.argv = ["checker", "input", "output", "expected"]
runpy.run_path("/sub/checker.py", run_name="__main__")
'''
CHECKER_LIMITS = Limits(time_s=10.0, memory_mb=512, output_bytes=64 * 1024)


def bundle(test_input: bytes, output: bytes, expected: bytes) -> bytes:
    return f"{len(test_input)} {len(output)} {len(expected)}\n".encode() + test_input + output \
        + expected


def run_checker(sandbox: Sandbox, package: Package,
                items: list[tuple[str, bytes, bytes, bytes]]) -> dict[str, CheckResult]:
    """items: (test name, input, learner output, expected output) -> result per test."""
    program = package.checker.program
    if not items:
        return {}
    if program is None or program.language != "python3":
        return {name: CheckResult(Verdict.IE, "custom checkers must be Python programs")
                for name, *_ in items}
    job = Job("python3", {"main.py": WRAPPER, "checker.py": program.path.read_bytes()},
              [TestInput(name, bundle(i, o, e)) for name, i, o, e in items], CHECKER_LIMITS)
    outcome = sandbox.execute(job)
    checked = {}
    for name, *_ in items:
        r = outcome.tests.get(name)
        if r is None:
            checked[name] = CheckResult(Verdict.IE, "checker did not run")
        elif r.status is Status.OK:
            checked[name] = from_testlib(0, r.stdout)
        elif r.status is Status.RUNTIME_ERROR and r.signal is None:
            checked[name] = from_testlib(r.exit_code, r.stdout)
        else:
            checked[name] = CheckResult(Verdict.IE, f"checker failed: {r.status}")
    return checked
