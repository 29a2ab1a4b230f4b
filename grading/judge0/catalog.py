"""What a Judge0 CE 1.13.1 server says about itself: statuses, languages, about, config_info.

The configuration is the contract the request validation enforces (defaults and caps), and it
tells clients which Judge0 features this surface does not offer (compiler options, command-line
arguments, callbacks, additional files, network, per-process limits, several runs).
"""

from __future__ import annotations

import os
import platform
from enum import IntEnum
from typing import Any

from grading import languages
from sandbox.languages import LANGUAGES

VERSION = "1.13.1"  # the Judge0 CE release whose language ids and API this surface follows


class Status(IntEnum):
    IN_QUEUE = 1
    PROCESSING = 2
    ACCEPTED = 3
    WRONG_ANSWER = 4
    TIME_LIMIT_EXCEEDED = 5
    COMPILATION_ERROR = 6
    SIGSEGV = 7
    SIGXFSZ = 8
    SIGFPE = 9
    SIGABRT = 10
    NZEC = 11
    OTHER = 12
    INTERNAL_ERROR = 13
    EXEC_FORMAT_ERROR = 14


DESCRIPTIONS: dict[Status, str] = {
    Status.IN_QUEUE: "In Queue",
    Status.PROCESSING: "Processing",
    Status.ACCEPTED: "Accepted",
    Status.WRONG_ANSWER: "Wrong Answer",
    Status.TIME_LIMIT_EXCEEDED: "Time Limit Exceeded",
    Status.COMPILATION_ERROR: "Compilation Error",
    Status.SIGSEGV: "Runtime Error (SIGSEGV)",
    Status.SIGXFSZ: "Runtime Error (SIGXFSZ)",
    Status.SIGFPE: "Runtime Error (SIGFPE)",
    Status.SIGABRT: "Runtime Error (SIGABRT)",
    Status.NZEC: "Runtime Error (NZEC)",
    Status.OTHER: "Runtime Error (Other)",
    Status.INTERNAL_ERROR: "Internal Error",
    Status.EXEC_FORMAT_ERROR: "Exec Format Error",
}


def status_json(status: Status) -> dict[str, Any]:
    return {"id": int(status), "description": DESCRIPTIONS[status]}


def statuses() -> list[dict[str, Any]]:
    return [status_json(s) for s in Status]


def language_brief(offered: languages.Offered) -> dict[str, Any]:
    return {"id": offered.judge0_id, "name": offered.display}


def language_detail(offered: languages.Offered) -> dict[str, Any]:
    lang = LANGUAGES[offered.name]
    compile_cmd = " ".join(lang.compile_argv) if lang.compile_argv else None
    return {**language_brief(offered), "is_archived": False, "source_file": offered.source_file,
            "compile_cmd": compile_cmd, "run_cmd": " ".join(lang.run_argv)}


def language_list() -> list[dict[str, Any]]:
    return sorted((language_brief(o) for o in languages.offered()), key=lambda d: d["name"])


def about() -> dict[str, Any]:
    return {"version": VERSION, "homepage": "/docs", "source_code": None,
            "maintainer": "UsefulWriter",
            "note": "a Judge0 CE compatible surface of the UsefulWriter grading service"}


# Defaults and caps of the request limits (Judge0 units: seconds, kilobytes).
CONFIG: dict[str, Any] = {
    "maintenance_mode": False,
    "enable_wait_result": True,
    "enable_compiler_options": False,
    "allowed_languages_for_compile_options": [],
    "enable_command_line_arguments": False,
    "enable_submission_delete": False,
    "enable_callbacks": False,
    "callbacks_max_tries": 0,
    "callbacks_timeout": 0.0,
    "enable_additional_files": False,
    "max_queue_size": 10000,
    "cpu_time_limit": 5.0,
    "max_cpu_time_limit": 15.0,
    "cpu_extra_time": 0.0,
    "max_cpu_extra_time": 5.0,
    "wall_time_limit": 10.0,
    "max_wall_time_limit": 20.0,
    "memory_limit": 262144,
    "max_memory_limit": 524288,
    "stack_limit": 65536,
    "max_stack_limit": 131072,
    "max_processes_and_or_threads": 60,
    "max_max_processes_and_or_threads": 120,
    "enable_per_process_and_thread_time_limit": False,
    "allow_enable_per_process_and_thread_time_limit": False,
    "enable_per_process_and_thread_memory_limit": False,
    "allow_enable_per_process_and_thread_memory_limit": False,
    "max_file_size": 1024,
    "max_max_file_size": 4096,
    "number_of_runs": 1,
    "max_number_of_runs": 1,
    "redirect_stderr_to_stdout": False,
    "max_extract_size": 0,
    "enable_batched_submissions": True,
    "max_submission_batch_size": 20,
    "submission_cache_duration": 0.0,
    "use_docs_as_homepage": False,
    "enable_network": False,
    "allow_enable_network": False,
}


def system_info() -> dict[str, Any]:
    """The few lscpu/free lines Judge0 reports, from what the api host can tell cheaply."""
    pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    return {"Architecture": platform.machine(), "CPU(s)": str(os.cpu_count() or 0),
            "Mem": f"{pages * page_size // 2**20}M", "Kernel": platform.release()}
