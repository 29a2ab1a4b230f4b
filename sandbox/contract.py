"""The wire contract of the runner: limits, jobs, per-test results and progress events.

Everything here is plain data that round-trips through JSON, so the api can enqueue a job by
dotted path and read results back from Redis without importing runner internals.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """What happened to one execution (a compile or one test). Verdicts are the grader's job."""

    OK = "ok"
    RUNTIME_ERROR = "runtime_error"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    INTERNAL_ERROR = "internal_error"


class LimitHit(StrEnum):
    """Which limit ended an execution."""

    CPU_TIME = "cpu_time"
    WALL_TIME = "wall_time"
    MEMORY = "memory"
    OUTPUT = "output"
    FILE_SIZE = "file_size"


@dataclass(frozen=True)
class Limits:
    """Per-execution limits. Wall time defaults to a multiple of CPU time."""

    time_s: float = 2.0
    memory_mb: int = 256
    wall_s: float | None = None
    output_bytes: int = 16 * 1024 * 1024
    file_size_bytes: int = 16 * 1024 * 1024
    open_files: int = 256
    stack_mb: int | None = None  # None: as large as the memory limit

    @property
    def wall(self) -> float:
        return self.wall_s if self.wall_s is not None else self.time_s * 2 + 1

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        return cls(**data)


COMPILE_LIMITS = Limits(time_s=15.0, wall_s=30.0, memory_mb=1024, output_bytes=64 * 1024,
                        file_size_bytes=64 * 1024 * 1024, open_files=512)


@dataclass(frozen=True)
class TestInput:
    __test__ = False  # not a pytest class

    name: str
    stdin: bytes = b""


@dataclass(frozen=True)
class Job:
    """One submission to run: source files compiled once, then run against every test."""

    language: str
    files: dict[str, bytes]
    tests: list[TestInput]
    limits: Limits = Limits()
    compile_limits: Limits = COMPILE_LIMITS

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "files": {k: _b64(v) for k, v in self.files.items()},
            "tests": [{"name": t.name, "stdin": _b64(t.stdin)} for t in self.tests],
            "limits": self.limits.to_dict(),
            "compile_limits": self.compile_limits.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        return cls(
            language=data["language"],
            files={k: _unb64(v) for k, v in data["files"].items()},
            tests=[TestInput(t["name"], _unb64(t["stdin"])) for t in data["tests"]],
            limits=Limits.from_dict(data["limits"]),
            compile_limits=Limits.from_dict(data["compile_limits"]),
        )


@dataclass(frozen=True)
class ExecResult:
    """Honest measurement of one execution: the whole process tree, every limit accounted."""

    status: Status
    exit_code: int | None = None
    signal: int | None = None
    cpu_time: float = 0.0
    wall_time: float = 0.0
    memory_kb: int = 0
    stdout: bytes = b""
    stderr: bytes = b""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    limit_hit: LimitHit | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["stdout"], d["stderr"] = _b64(self.stdout), _b64(self.stderr)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExecResult:
        d = dict(data)
        d["status"] = Status(d["status"])
        d["limit_hit"] = LimitHit(d["limit_hit"]) if d.get("limit_hit") else None
        d["stdout"], d["stderr"] = _unb64(d["stdout"]), _unb64(d["stderr"])
        return cls(**d)


class EventKind(StrEnum):
    ACQUIRED = "acquired"
    COMPILE_STARTED = "compile_started"
    COMPILED = "compiled"
    TEST_FINISHED = "test_finished"
    FINISHED = "finished"


@dataclass(frozen=True)
class Event:
    """A progress event. `result` is set for COMPILED and TEST_FINISHED."""

    kind: EventKind
    test: str | None = None
    index: int | None = None
    result: ExecResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "test": self.test, "index": self.index,
                "result": self.result.to_dict() if self.result else None}


@dataclass
class RunOutcome:
    """Everything a job produced: the compile result (if any) and one result per test run."""

    compile: ExecResult | None = None
    tests: dict[str, ExecResult] = field(default_factory=dict)

    @property
    def compiled(self) -> bool:
        return self.compile is None or self.compile.status is Status.OK


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
