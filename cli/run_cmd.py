"""`usefulwriter run`: run one program once in a real sandbox and print what happened."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.args import language
from sandbox.contract import Event, EventKind, Job, Limits, TestInput
from sandbox.errors import RunnerError
from sandbox.languages import UnknownLanguage, get_language


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run one program once in the sandbox")
    p.add_argument("file", type=Path, help="source file")
    p.add_argument("--lang", required=True, type=language,
                   help="python3, c, cpp, java, javascript, or an alias (python, js, c++...)")
    p.add_argument("--stdin", type=Path, help="file fed to the program's standard input")
    p.add_argument("--time-limit", type=float, default=2.0, metavar="S", help="CPU seconds")
    p.add_argument("--memory-limit", type=int, default=256, metavar="MB")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sandbox.docker_sandbox import DockerSandbox
    from sandbox.settings import SandboxSettings

    try:
        lang = get_language(args.lang)
        source = args.file.read_bytes()
        stdin = args.stdin.read_bytes() if args.stdin else b""
    except (OSError, UnknownLanguage) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.time_limit <= 0 or args.memory_limit < 16:
        print("error: --time-limit must be > 0 and --memory-limit at least 16", file=sys.stderr)
        return 2
    job = Job(language=lang.name, files={lang.source_name: source},
              tests=[TestInput("run", stdin)],
              limits=Limits(time_s=args.time_limit, memory_mb=args.memory_limit))
    try:
        sandbox = DockerSandbox(SandboxSettings(pool_size=0), languages=[lang.name], warm=False)
        try:
            outcome = sandbox.execute(job, on_event=None if args.json else _progress)
        finally:
            sandbox.close()
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps({
            "language": lang.name,
            "compile": outcome.compile.to_dict() if outcome.compile else None,
            "result": outcome.tests["run"].to_dict() if "run" in outcome.tests else None,
        }, indent=2))
    else:
        _report(outcome.compile, outcome.tests.get("run"))
    result = outcome.tests.get("run")
    return 0 if result is not None and result.status == "ok" else 1


def _progress(event: Event) -> None:
    if event.kind is EventKind.COMPILE_STARTED:
        print("compiling...", file=sys.stderr)


def _report(compile_result: Any, result: Any) -> None:
    if compile_result is not None and compile_result.status != "ok":
        print(f"compilation failed ({compile_result.status})")
        sys.stdout.write(compile_result.stderr.decode(errors="replace"))
        return
    if result is None:
        return
    sys.stdout.write(result.stdout.decode(errors="replace"))
    if result.stdout_truncated:
        print("\n[stdout truncated]")
    sys.stderr.write(result.stderr.decode(errors="replace"))
    limit = f", limit hit: {result.limit_hit}" if result.limit_hit else ""
    code = f"signal {result.signal}" if result.signal is not None else f"exit {result.exit_code}"
    print(f"--- {result.status} ({code}{limit}) cpu {result.cpu_time:.3f}s "
          f"wall {result.wall_time:.3f}s memory {result.memory_kb} KiB", file=sys.stderr)
