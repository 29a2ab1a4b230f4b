"""Our submissions as Judge0 submissions: status ids, isolate-style messages, fields, Base64.

An exec result maps onto Judge0's statuses the way Judge0 reads isolate's verdict: a fatal
signal picks the runtime-error status of that signal (11 SIGSEGV, 25 SIGXFSZ, 8 SIGFPE,
6 SIGABRT, any other: Other), a non-zero exit is NZEC. A memory limit is "Runtime Error (Other)"
with a message; an output limit is SIGXFSZ, which is what Judge0 reports when a program's output
outgrows `max_file_size`.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from grading import languages
from grading.judge0.catalog import CONFIG, Status, language_brief, status_json
from models import Submission, SubmissionStatus

DEFAULT_FIELDS = ("token", "time", "memory", "stdout", "stderr", "compile_output", "message",
                  "status")
ALL_FIELDS = (
    "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id",
    "created_at", "finished_at", "time", "memory", "stderr", "token", "number_of_runs",
    "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
    "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output",
    "exit_code", "exit_signal", "message", "wall_time", "compiler_options",
    "command_line_arguments", "redirect_stderr_to_stdout", "callback_url", "additional_files",
    "enable_network", "status", "language",
)
TEXT_FIELDS = frozenset({"source_code", "stdin", "expected_output", "stdout", "stderr",
                         "compile_output", "message"})
SIGNALS = {11: Status.SIGSEGV, 25: Status.SIGXFSZ, 8: Status.SIGFPE, 6: Status.SIGABRT}
NOT_UTF8 = ("some attributes for {} cannot be converted to UTF-8, use base64_encoded=true "
            "query parameter")


class Reply(Exception):
    """Ends a request with a Judge0-shaped body (Judge0 clients read `error`, not problems)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def requested_fields(raw: str | None) -> tuple[str, ...]:
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    if not names:
        return DEFAULT_FIELDS
    if "*" in names:
        return ALL_FIELDS
    invalid = [name for name in names if name not in ALL_FIELDS]
    if invalid:
        raise Reply(400, {"error": f"invalid fields: [{', '.join(invalid)}]"})
    return tuple(dict.fromkeys(names))


def outcome(sub: Submission) -> tuple[Status, str | None]:
    """The Judge0 status of a submission and isolate's message for it."""
    if sub.status != SubmissionStatus.DONE:
        running = sub.status == SubmissionStatus.RUNNING
        return (Status.PROCESSING if running else Status.IN_QUEUE), None
    result = sub.result or {}
    simple = {"AC": Status.ACCEPTED, "WA": Status.WRONG_ANSWER, "CE": Status.COMPILATION_ERROR}
    if sub.verdict in simple:
        return simple[sub.verdict], None
    if sub.verdict == "TLE":
        wall = result.get("limit_hit") == "wall_time"
        return Status.TIME_LIMIT_EXCEEDED, f"Time limit exceeded{' (wall clock)' if wall else ''}"
    if sub.verdict == "RE":
        return runtime_error(result)
    if sub.verdict == "MLE":
        return Status.OTHER, "Memory limit exceeded"
    if sub.verdict == "OLE":
        return Status.SIGXFSZ, "Output limit exceeded"
    return Status.INTERNAL_ERROR, result.get("error") or "the judge could not run the submission"


def runtime_error(result: dict[str, Any]) -> tuple[Status, str]:
    signal = result.get("signal")
    if signal:
        return SIGNALS.get(signal, Status.OTHER), f"Caught fatal signal {signal}"
    return Status.NZEC, f"Exited with error status {result.get('exit_code')}"


def document(sub: Submission) -> dict[str, Any]:
    """Every Judge0 attribute of a submission, text not yet encoded."""
    status, message = outcome(sub)
    offered = languages.get(sub.language)
    language = language_brief(offered) if offered else {"id": None, "name": sub.language}
    return {
        "source_code": sub.source, "language_id": language["id"], "language": language,
        "stdin": sub.stdin or None, "expected_output": sub.expected_output,
        "status_id": int(status), "status": status_json(status), "message": message,
        "created_at": stamp(sub.created_at), "finished_at": stamp(sub.finished_at),
        "token": str(sub.id), **execution(sub, status), **echoed_limits(sub.limits or {}),
        "compiler_options": None, "command_line_arguments": None,
        "redirect_stderr_to_stdout": False, "callback_url": None, "additional_files": None,
        "enable_network": False,
    }


def execution(sub: Submission, status: Status) -> dict[str, Any]:
    """What running the program left: nothing before it ran, only compiler output when it
    did not compile (and nothing measured when the judge failed)."""
    result = sub.result or {}
    done = sub.status == SubmissionStatus.DONE
    ran = done and status not in (Status.COMPILATION_ERROR, Status.INTERNAL_ERROR)
    measured: dict[str, Any] = {
        "stdout": _output(result, "stdout"), "stderr": _output(result, "stderr"),
        "time": seconds(result.get("time")), "wall_time": seconds(result.get("wall_time")),
        "memory": int(result.get("memory_kb") or 0), "exit_code": result.get("exit_code"),
        "exit_signal": result.get("signal"),
    }
    if not ran:
        measured = dict.fromkeys(measured)
    return {**measured, "compile_output": (result.get("compile_output") or None) if done
            else None}


def _output(result: dict[str, Any], name: str) -> str | bytes | None:
    """The program's text, or its exact bytes when they are not UTF-8."""
    raw = result.get(f"{name}_b64")
    if raw is not None:
        return base64.b64decode(raw)
    value: str | None = result.get(name) or None
    return value


def echoed_limits(limits: dict[str, Any]) -> dict[str, Any]:
    file_size = limits.get("file_size_bytes")
    return {
        "number_of_runs": CONFIG["number_of_runs"],
        "cpu_time_limit": decimal(limits.get("time_s")),
        "cpu_extra_time": decimal(CONFIG["cpu_extra_time"]),
        "wall_time_limit": decimal(limits.get("wall_s")),
        "memory_limit": _kb(limits.get("memory_mb")), "stack_limit": _kb(limits.get("stack_mb")),
        "max_processes_and_or_threads": CONFIG["max_processes_and_or_threads"],
        "enable_per_process_and_thread_time_limit": False,
        "enable_per_process_and_thread_memory_limit": False,
        "max_file_size": file_size // 1024 if file_size is not None else None,
    }


def _kb(mb: Any) -> int | None:
    return int(mb) * 1024 if mb is not None else None


def seconds(value: Any) -> str | None:
    """Judge0 reports times as decimal strings with isolate's millisecond precision."""
    return f"{float(value):.3f}" if value is not None else None


def decimal(value: Any) -> str | None:
    return str(float(value)) if value is not None else None


def stamp(moment: datetime | None) -> str | None:
    """Rails' JSON time: UTC, milliseconds, `Z`."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def shape(doc: dict[str, Any], fields: tuple[str, ...], b64: bool) -> dict[str, Any]:
    """The requested attributes; text Base64-encoded when asked for."""
    out = {name: doc[name] for name in fields}
    if b64:
        for name in TEXT_FIELDS & out.keys():
            value = out[name]
            if value is not None:
                data = value if isinstance(value, bytes) else value.encode()
                out[name] = base64.b64encode(data).decode("ascii")
    return out


def convertible(shaped: dict[str, Any]) -> bool:
    """False when a text attribute holds bytes that are not UTF-8 (the runner sends those
    exactly, beside their text rendering)."""
    return not any(isinstance(shaped.get(name), bytes) for name in TEXT_FIELDS)
