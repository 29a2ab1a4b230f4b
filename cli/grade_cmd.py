"""`usefulwriter grade` and `usefulwriter check-package`: grading with no server, only Docker."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from cli.args import language as language_arg
from judge.engine import GradeReport, GradingError, Progress
from sandbox.errors import RunnerError
from sandbox.languages import ALIASES, LANGUAGES
from scoring.package import PackageError, language_of_file, load


def register(sub: Any) -> None:
    g = sub.add_parser("grade", help="grade a solution against a challenge package")
    g.add_argument("package", type=Path, help="package directory or zip")
    g.add_argument("solution", type=Path, help="source file")
    g.add_argument("--lang", type=language_arg,
                   help="a language or an alias (python, js, c++...); default: from the extension")
    g.add_argument("--json", action="store_true", help="JSON lines: progress, then the report")
    g.set_defaults(handler=grade)
    c = sub.add_parser("check-package", help="validate a package by running its solutions")
    c.add_argument("package", type=Path)
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=check)


def _fail(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def grade(args: argparse.Namespace) -> int:
    from judge.engine import Grader
    from sandbox.docker_sandbox import DockerSandbox
    from sandbox.settings import SandboxSettings

    try:
        package = load(args.package, tuple(LANGUAGES), ALIASES)
        source = args.solution.read_bytes()
    except (PackageError, OSError) as exc:
        return _fail(str(exc))
    language = args.lang or language_of_file(args.solution, package.languages)
    if language is None:
        return _fail(f"cannot tell the language of {args.solution.name}; use --lang")
    view = JsonLines(sys.stdout) if args.json else Live(sys.stderr)
    try:
        # One job: no warm pool to keep (a refill would only compete with the job).
        sandbox = DockerSandbox(SandboxSettings(pool_size=0), languages=_needed(package, language),
                                warm=False)
        try:
            report = Grader(package, sandbox).grade(source, language, view.progress)
        finally:
            sandbox.close()
    except (GradingError, RunnerError) as exc:
        return _fail(str(exc), 3)
    if args.json:
        print(json.dumps({"event": "report", **report.to_dict()}), flush=True)
    else:
        print_summary(report, sys.stdout)
    return 0 if report.verdict.value == "AC" else 1


def check(args: argparse.Namespace) -> int:
    from judge.check import check_package
    from sandbox.docker_sandbox import DockerSandbox

    try:
        package = load(args.package, tuple(LANGUAGES), ALIASES)
    except PackageError as exc:
        return _fail(str(exc))
    if not package.solutions:
        return _fail("solutions: the package declares no solutions to check")
    langs = sorted({s.language for s in package.solutions} | _checker_langs(package))
    try:
        sandbox = DockerSandbox(languages=langs)
        try:
            results = check_package(package, sandbox,
                                    on_done=None if args.json else _print_check)
        finally:
            sandbox.close()
    except (GradingError, RunnerError) as exc:
        return _fail(str(exc), 3)
    bad = [r for r in results if not r.ok]
    if args.json:
        print(json.dumps({"package": package.id, "ok": not bad, "solutions": [
            {"file": r.solution.path.name, "language": r.solution.language,
             "declared": r.solution.verdict.value, "got": r.report.verdict.value,
             "ok": r.ok} for r in results]}))
    else:
        for r in bad:
            print(f"error: {r.reason}", file=sys.stderr)
        print(f"{package.id}: {'OK' if not bad else 'FAILED'} "
              f"({len(results) - len(bad)}/{len(results)} solutions as declared)")
    return 1 if bad else 0


def _print_check(r: Any) -> None:
    mark = "ok " if r.ok else "BAD"
    print(f"{mark} {r.solution.path.name:<28} {r.solution.language:<11} "
          f"declared {r.solution.verdict:<4} got {r.report.verdict:<4} "
          f"{r.report.points:g}/{r.report.max_points:g}", flush=True)


def _checker_langs(package: Any) -> set[str]:
    langs = {package.checker.program.language} if package.checker.program else set()
    if package.generator:
        langs.add(package.generator.language)
    if package.generator and package.reference:
        langs.add(package.reference.language)
    return langs


def _needed(package: Any, language: str) -> list[str]:
    return sorted({language} | _checker_langs(package))


class JsonLines:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def progress(self, p: Progress) -> None:
        if p.kind == "done":
            return
        doc: dict[str, Any] = {"event": p.kind, "total": p.total}
        if p.test is not None:
            doc["test"] = p.test.to_dict()
        print(json.dumps(doc), file=self.out, flush=True)


class Live:
    """A one-line live progress display on a terminal; plain lines otherwise."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.done = out, 0
        self.tty = out.isatty()

    def progress(self, p: Progress) -> None:
        if p.kind == "compiling":
            self._line("compiling...")
        elif p.kind == "test" and p.test is not None:
            self.done += 1
            t = p.test
            bar = "#" * (20 * self.done // max(p.total, 1))
            self._line(f"[{bar:<20}] {self.done}/{p.total} {t.name}: {t.verdict.value} "
                       f"{t.time:.3f}s", final=not self.tty)
        elif p.kind == "done" and self.tty:
            self.out.write("\n")

    def _line(self, text: str, final: bool = False) -> None:
        if self.tty:
            self.out.write("\r\033[K" + text)
        else:
            self.out.write(text + "\n")
        self.out.flush()


def print_summary(report: GradeReport, out: TextIO) -> None:
    if report.verdict.value == "CE":
        print("Compilation error:", file=out)
        print(report.compile_output.rstrip(), file=out)
    print(f"{'test':<16} {'verdict':<8} {'time':>8} {'memory':>10}  feedback", file=out)
    for t in report.tests:
        memory = f"{t.memory_kb / 1024:.1f} MB" if t.memory_kb else "-"
        time = f"{t.time:.3f}s" if t.verdict.value != "SK" else "-"
        name = t.name + (" *" if t.sample else "")
        print(f"{name:<16} {t.verdict.value:<8} {time:>8} {memory:>10}  {t.feedback}", file=out)
    for g in report.groups:
        print(f"group {g['name']}: {g['verdict']} {g['points']:g}/{g['max_points']:g}", file=out)
    print(f"verdict: {report.verdict.value}   score: {report.points:g}/{report.max_points:g}   "
          f"({report.language}; * = sample)", file=out)
