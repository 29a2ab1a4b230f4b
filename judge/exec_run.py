"""Ad-hoc runs (kind "exec"): one source, one stdin, optionally compared with an expected output.

Used by the Run button on free-form code and the Judge0-compatible API. The verdict follows the
runner's status; WA only when an expected output is given and differs, ignoring trailing
whitespace on each line and trailing blank lines.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from typing import Any

from judge.timing import TimedSandbox
from protocol import EventType
from sandbox.contract import Event, EventKind, ExecResult, Job, Limits, Status, TestInput
from sandbox.errors import BadJob
from sandbox.languages import get_language
from scoring.verdicts import FROM_STATUS, Verdict

Emit = Callable[[EventType, dict[str, Any]], None]
TEST_NAME = "run"
COMPILE_OUTPUT_CHARS = 25_000


def normalized(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def limits_from(data: dict[str, Any]) -> Limits:
    """sandbox.contract.Limits from a request's `limits`; missing keys keep their defaults."""
    unknown = sorted(set(data) - {f.name for f in dataclasses.fields(Limits)})
    if unknown:
        raise BadJob(f"unknown limits: {', '.join(unknown)}")
    return Limits(**data)


def text(data: bytes) -> str:
    return data.decode(errors="replace")


def execute(sandbox: TimedSandbox, language: str, source: str, stdin: str | None,
            expected_output: str | None, limits: dict[str, Any],
            emit: Emit) -> dict[str, Any]:
    """Run once and describe it (the "final" event data of an exec request)."""
    lang = get_language(language)
    job = Job(lang.name, {lang.source_name: source.encode()},
              [TestInput(TEST_NAME, (stdin or "").encode())], limits_from(limits))

    def on_event(event: Event) -> None:
        if event.kind is EventKind.COMPILE_STARTED:
            emit(EventType.COMPILING, {})
        elif event.kind is EventKind.COMPILED and event.result is not None:
            emit(EventType.COMPILED, {"ok": event.result.status is Status.OK})

    sandbox.reset()
    outcome = sandbox.execute(job, on_event)
    timings = sandbox.timings()
    compile_output = ""
    if outcome.compile is not None:
        compile_output = (text(outcome.compile.stderr) + text(outcome.compile.stdout))
        compile_output = compile_output[-COMPILE_OUTPUT_CHARS:]
        if outcome.compile.status is not Status.OK:
            return describe(outcome.compile, Verdict.CE, compile_output, timings, run=False)
    result = outcome.tests.get(TEST_NAME)
    if result is None:  # the sandbox promised one result per test
        return {**internal_error(compile_output, timings), "error": "no result"}
    verdict = FROM_STATUS[result.status]
    if verdict is Verdict.AC and expected_output is not None \
            and normalized(text(result.stdout)) != normalized(expected_output):
        verdict = Verdict.WA
    return describe(result, verdict, compile_output, timings)


def describe(r: ExecResult, verdict: Verdict, compile_output: str,
             timings: dict[str, float], run: bool = True) -> dict[str, Any]:
    """`run=False`: `r` is a failed compile, whose output is `compile_output`, not stdout."""
    return {
        "verdict": verdict.value, "status": r.status.value,
        "stdout": text(r.stdout) if run else "", "stderr": text(r.stderr) if run else "",
        "compile_output": compile_output, "time": r.cpu_time, "wall_time": r.wall_time,
        "memory_kb": r.memory_kb, "exit_code": r.exit_code, "signal": r.signal,
        "limit_hit": r.limit_hit.value if r.limit_hit else None, "timings": timings,
        **(raw_output(r) if run else {}),
    }


def raw_output(r: ExecResult) -> dict[str, str]:
    """Output that is not UTF-8 also travels exactly, as `<name>_b64` (Judge0 clients asking
    for base64 get the program's bytes, not their text rendering)."""
    raw = {}
    for name in ("stdout", "stderr"):
        data: bytes = getattr(r, name)
        try:
            data.decode()
        except UnicodeDecodeError:
            raw[f"{name}_b64"] = base64.b64encode(data).decode("ascii")
    return raw


def internal_error(compile_output: str = "", timings: dict[str, float] | None = None,
                   ) -> dict[str, Any]:
    """The shape of an exec result, for a run that did not happen."""
    return describe(ExecResult(Status.INTERNAL_ERROR), Verdict.IE, compile_output, timings or {})
