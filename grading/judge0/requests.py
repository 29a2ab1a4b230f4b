"""Judge0 submission bodies: decoded, validated the way Judge0 validates them, mapped onto ours.

Invalid bodies give Judge0's 422 shape, `{"field": ["message", ...]}`, with Judge0's (Rails)
messages, because Judge0 clients show or parse them. Limits come in Judge0 units (seconds and
kilobytes), default to `catalog.CONFIG` and are refused above its caps; they are passed to the
runner as they are, not scaled by language, as Judge0 does.
"""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass
from typing import Any

from grading import languages
from grading.judge0.catalog import CONFIG
from grading.submissions.schemas import SubmissionCreate
from kit.settings import Settings

Errors = dict[str, list[str]]
BLANK = "can't be blank"
FALSE_WORDS = frozenset({"", "0", "f", "false", "off", "no", "n"})

# name: (lowest value, whether the lowest value itself is allowed); the cap is CONFIG["max_"+name]
NUMBERS: dict[str, tuple[float, bool]] = {
    "cpu_time_limit": (0, False),
    "cpu_extra_time": (0, True),
    "wall_time_limit": (1, True),
    "memory_limit": (2048, True),
    "stack_limit": (0, False),
    "max_processes_and_or_threads": (0, False),
    "max_file_size": (0, True),
    "number_of_runs": (0, False),
}
CAPS = {"max_processes_and_or_threads": "max_max_processes_and_or_threads",
        "max_file_size": "max_max_file_size"}
# Features Judge0 can switch off; here they are off, and asking for them is refused like there.
UNSUPPORTED_TEXT = {
    "compiler_options": "setting compiler options is not allowed",
    "command_line_arguments": "setting command line arguments is not allowed",
    "callback_url": "setting callback is not allowed",
    "additional_files": "setting additional files is not allowed",
}
UNSUPPORTED_FLAGS = {
    "enable_per_process_and_thread_time_limit": "this option cannot be enabled",
    "enable_per_process_and_thread_memory_limit": "this option cannot be enabled",
    "redirect_stderr_to_stdout": "this option cannot be enabled",
    "enable_network": "enabling network is not allowed",
}


@dataclass(frozen=True)
class Parsed:
    body: SubmissionCreate
    limits: dict[str, Any]  # sandbox.contract.Limits field names


def parse(data: Any, b64: bool, settings: Settings) -> Parsed | Errors:
    """A Judge0 submission body as ours, or the Judge0 validation errors."""
    if not isinstance(data, dict):
        return {"submission": ["must be a JSON object"]}
    errors: Errors = {}
    caps = {"source_code": settings.max_source_bytes, "stdin": settings.max_stdin_bytes,
            "expected_output": settings.max_stdin_bytes}
    texts = {name: _text(data.get(name), b64, cap, errors.setdefault(name, []))
             for name, cap in caps.items()}
    if not (texts["source_code"] or "").strip() and not errors["source_code"]:
        errors["source_code"].append(BLANK)
    offered = _language(data.get("language_id"), errors.setdefault("language_id", []))
    numbers = {name: _number(name, data.get(name), errors.setdefault(name, []))
               for name in NUMBERS}
    _unsupported(data, errors)
    errors = {k: v for k, v in errors.items() if v}
    if errors or offered is None:
        return errors
    body = SubmissionCreate(language=offered.name, source=texts["source_code"] or "",
                            mode="run", stdin=texts["stdin"],
                            expected_output=texts["expected_output"])
    return Parsed(body, limits_of(numbers))


def limits_of(numbers: dict[str, float]) -> dict[str, Any]:
    file_bytes = int(numbers["max_file_size"] * 1024)
    return {"time_s": numbers["cpu_time_limit"], "wall_s": numbers["wall_time_limit"],
            "memory_mb": math.ceil(numbers["memory_limit"] / 1024),
            "stack_mb": math.ceil(numbers["stack_limit"] / 1024),
            "output_bytes": file_bytes, "file_size_bytes": file_bytes}


def _text(value: Any, b64: bool, cap: int, errors: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        errors.append("must be a string")
        return None
    try:
        raw = str(value).encode()
    except UnicodeEncodeError:  # lone surrogates from a JSON escape
        errors.append("is not valid UTF-8 text")
        return None
    if b64:
        try:
            raw = base64.b64decode(b"".join(raw.split()), validate=True)
        except binascii.Error:
            errors.append("is not valid Base64")
            return None
    if len(raw) > cap:
        errors.append(f"is too long (maximum is {cap} bytes)")
        return None
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        errors.append("is not valid UTF-8 text")
        return None
    if "\x00" in text:
        errors.append("must not contain NUL characters")
        return None
    return text


def _language(value: Any, errors: list[str]) -> languages.Offered | None:
    if value is None or value == "":
        errors.append(BLANK)
        return None
    number = _integer(value)
    offered = languages.by_judge0_id(number) if number is not None else None
    if offered is None:
        errors.append(f"language with id {value} doesn't exist")
    return offered


def _integer(value: Any) -> int | None:
    """Rails' integer cast of an id: 71, 71.0 and "71" are all 71."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _number(name: str, value: Any, errors: list[str]) -> float:
    default = float(CONFIG[name])
    if value is None or value == "":
        return default
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
    except (TypeError, ValueError):
        errors.append("is not a number")
        return default
    low, inclusive = NUMBERS[name]
    cap = CONFIG[CAPS.get(name, "max_" + name)]
    if math.isnan(number):
        errors.append("is not a number")
    elif number < low or (number == low and not inclusive):
        errors.append(f"must be greater than {'or equal to ' if inclusive else ''}{low}")
    elif number > cap:
        errors.append(f"must be less than or equal to {cap}")
    return number


def _unsupported(data: dict[str, Any], errors: Errors) -> None:
    for name, message in UNSUPPORTED_TEXT.items():
        if str(data.get(name) or "").strip():
            errors.setdefault(name, []).append(message)
    for name, message in UNSUPPORTED_FLAGS.items():
        if flag(data.get(name)):
            errors.setdefault(name, []).append(message)


def flag(value: Any) -> bool:
    """Rails' boolean cast: nil and the false words are false, anything else is true."""
    if value is None or value is False:
        return False
    return str(value).strip().lower() not in FALSE_WORDS
