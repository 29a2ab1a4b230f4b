"""Grading a submission: the runner executes, the grader decides.

This is the glue between the two (the grader stays pure): it turns a package and a source into
runner jobs, maps execution results to verdicts, checks output, and scores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.base import Sandbox
from sandbox.contract import EventKind, ExecResult, Job, Limits, Status, TestInput
from sandbox.languages import get_language
from scoring import functions, tables
from scoring.checkers import CheckResult, check
from scoring.package import Package, TestCase
from scoring.points import Score, TestVerdict, score, should_stop
from scoring.verdicts import FROM_STATUS, Verdict

# Runs the package's generator with one test's arguments as sys.argv (they arrive on stdin:
# one job runs every test with the same command line).
GENERATOR_WRAPPER = b"""import json, os, runpy, sys
args = json.loads(sys.stdin.read())
sys.stdin = open(os.devnull)
sys.argv = ["gen.py", *args]
runpy.run_path("/sub/gen.py", run_name="__main__")
"""


STDERR_TAIL = 2000  # bytes of a visible test's error output kept in its report


class GradingError(Exception):
    """The package cannot be graded (bad generator, no reference solution, ...)."""


@dataclass
class TestReport:
    name: str
    verdict: Verdict
    sample: bool
    time: float = 0.0
    wall_time: float = 0.0
    memory_kb: int = 0
    limit_hit: str | None = None
    exit_code: int | None = None
    signal: int | None = None
    feedback: str = ""  # visible tests only
    private_feedback: str = ""  # hidden tests: for instructors, never shown to learners
    stderr: str = ""  # the program's error output's tail, visible tests only (hints read it)
    input_bytes: int = 0  # the size of the input (never its content): complexity hints
    input_tokens: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "verdict": self.verdict.value, "sample": self.sample,
                "time": self.time, "wall_time": self.wall_time, "memory_kb": self.memory_kb,
                "limit_hit": self.limit_hit, "exit_code": self.exit_code, "signal": self.signal,
                "feedback": self.feedback, "private_feedback": self.private_feedback,
                "stderr": self.stderr, "input_bytes": self.input_bytes,
                "input_tokens": self.input_tokens}


@dataclass
class GradeReport:
    verdict: Verdict
    points: float
    max_points: float
    language: str
    compile_output: str = ""
    tests: list[TestReport] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    time_factor: float = 1.0  # the limit was the package's time limit times this
    time_factor_source: str = "language"  # "package" (pinned), "calibrated" or "language"

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict.value, "points": self.points,
                "max_points": self.max_points, "language": self.language,
                "compile_output": self.compile_output,
                "tests": [t.to_dict() for t in self.tests], "groups": self.groups,
                "time_factor": self.time_factor, "time_factor_source": self.time_factor_source}


@dataclass(frozen=True)
class Progress:
    kind: str  # "compiling" | "compiled" | "test" | "done"
    test: TestReport | None = None
    report: GradeReport | None = None
    total: int = 0


OnProgress = Callable[[Progress], None]


@dataclass
class PreparedTest:
    case: TestCase
    stdin: bytes
    expected: bytes | None = None  # stdio
    expected_value: Any = None  # function
    args: list[Any] = field(default_factory=list)
    sql: tables.SqlTest | None = None  # SQL challenges


def time_factor(package: Package, language: str,
                calibrated: Mapping[str, float] | None = None) -> tuple[float, str]:
    """(factor, where it came from): the package's pinned factor, else the one calibrated on
    this runner (`usefulwriter calibrate`), else the language's fixed one."""
    name = get_language(language).name
    if name in package.time_factors:
        return package.time_factors[name], "package"
    if calibrated and name in calibrated:
        return calibrated[name], "calibrated"
    return get_language(name).time_factor, "language"


def time_limit(package: Package, language: str,
               calibrated: Mapping[str, float] | None = None) -> float:
    """The manifest's limit is for C/C++; other languages get it times their factor."""
    return round(package.time_limit * time_factor(package, language, calibrated)[0], 3)


def limits_for(package: Package, language: str,
               calibrated: Mapping[str, float] | None = None) -> Limits:
    return Limits(time_s=time_limit(package, language, calibrated), memory_mb=package.memory_mb,
                  output_bytes=int(package.output_mb * 1024 * 1024))


class Grader:
    """Grades sources against one package; generated tests are made once and reused."""

    def __init__(self, package: Package, sandbox: Sandbox,
                 time_factors: Mapping[str, float] | None = None) -> None:
        self.package, self.sandbox = package, sandbox
        self.time_factors = dict(time_factors or {})  # calibrated on this runner
        self._tests: list[PreparedTest] | None = None

    # -- tests -------------------------------------------------------------------------------
    def tests(self) -> list[PreparedTest]:
        if self._tests is None:
            self._tests = self._prepare()
        return self._tests

    def _prepare(self) -> list[PreparedTest]:
        pkg = self.package
        prepared: list[PreparedTest] = []
        for case in pkg.tests:
            if case.function_case is not None and pkg.type == "sql":
                try:
                    prepared.append(PreparedTest(case, b"", sql=tables.parse_test(
                        case.function_case)))
                except tables.SqlTestError as exc:
                    raise GradingError(str(exc)) from None
            elif case.function_case is not None:
                data = json.loads(case.function_case.read_text())
                if not isinstance(data, dict) or "args" not in data or "expected" not in data:
                    raise GradingError(f"tests/{case.name}.json: needs args and expected")
                assert pkg.function is not None  # function tests only in function packages
                try:
                    functions.check_args(pkg.function, data["args"],
                                         f"tests/{case.name}.json: args")
                except functions.FunctionSpecError as exc:
                    raise GradingError(str(exc)) from None
                prepared.append(PreparedTest(case, b"", None, data["expected"], data["args"]))
            elif case.input is not None and case.output is not None:
                prepared.append(PreparedTest(case, case.input.read_bytes(),
                                             case.output.read_bytes()))
            else:
                prepared.append(PreparedTest(case, b""))
        generated = [t for t in prepared if t.case.generator_args is not None]
        if generated:
            self._generate(generated)
        return prepared

    def _generate(self, tests: list[PreparedTest]) -> None:
        gen, ref = self.package.generator, self.package.reference
        if gen is None:
            raise GradingError("generated tests without a generator")
        if ref is None:
            raise GradingError("generated tests need a reference solution (verdict AC)")
        if gen.language != "python3":
            raise GradingError("generator.language: generators are Python programs")
        job = Job("python3", {"main.py": GENERATOR_WRAPPER, "gen.py": gen.path.read_bytes()},
                  [TestInput(t.case.name, json.dumps(list(t.case.generator_args or ())).encode())
                   for t in tests], Limits(time_s=30.0, memory_mb=1024,
                                           output_bytes=256 * 1024 * 1024))
        outcome = self.sandbox.execute(job)
        if not outcome.compiled:
            raise GradingError("the generator does not compile")
        for t in tests:
            r = outcome.tests.get(t.case.name)
            if r is None or r.status is not Status.OK:
                detail = f"{r.status}: {r.stderr[-300:]!r}" if r else "did not run"
                raise GradingError(f"generator failed for test {t.case.name}: {detail}")
            t.stdin = r.stdout
        ref_lang = get_language(ref.language)
        job = Job(ref.language, {ref_lang.source_name: ref.path.read_bytes()},
                  [TestInput(t.case.name, t.stdin) for t in tests],
                  Limits(time_s=time_limit(self.package, ref.language, self.time_factors) * 2,
                         memory_mb=self.package.memory_mb, output_bytes=256 * 1024 * 1024))
        outcome = self.sandbox.execute(job)
        for t in tests:
            r = outcome.tests.get(t.case.name)
            if r is None or r.status is not Status.OK:
                raise GradingError(f"reference solution failed on generated test {t.case.name}")
            t.expected = r.stdout

    # -- grading -----------------------------------------------------------------------------
    def grade(self, source: bytes, language: str,
              on_progress: OnProgress | None = None) -> GradeReport:
        notify = on_progress or (lambda p: None)
        pkg = self.package
        if language not in pkg.languages:
            raise GradingError(f"{language} is not allowed for {pkg.id} "
                               f"(allowed: {', '.join(pkg.languages)})")
        tests = self.tests()
        job, nonce = self._job(source, language, tests)
        results: dict[str, ExecResult] = {}
        compile_output = ""
        reports: dict[str, TestReport] = {}
        verdicts: dict[str, TestVerdict] = {}
        custom = pkg.checker.name == "custom"
        events = self.sandbox.run(job)
        try:
            for event in events:
                if event.kind is EventKind.COMPILE_STARTED:
                    notify(Progress("compiling", total=len(tests)))
                elif event.kind is EventKind.COMPILED and event.result is not None:
                    compile_output = event.result.stderr.decode(errors="replace")[-20000:]
                    compile_output += event.result.stdout.decode(errors="replace")[-5000:]
                    if event.result.status is not Status.OK:
                        return self._compile_error(language, compile_output, tests, notify)
                    notify(Progress("compiled", total=len(tests)))
                elif event.kind is EventKind.TEST_FINISHED and event.result and event.test:
                    results[event.test] = event.result
                    if custom:
                        continue
                    prepared = tests[event.index or 0]
                    rep, tv = self._verdict(prepared, event.result, nonce)
                    reports[event.test], verdicts[event.test] = rep, tv
                    notify(Progress("test", test=rep, total=len(tests)))
                    if should_stop(pkg.scoring, tv.verdict):
                        break
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
        if custom:
            for prepared, (rep, tv) in zip(tests, self._custom(tests, results), strict=False):
                reports[prepared.case.name], verdicts[prepared.case.name] = rep, tv
                notify(Progress("test", test=rep, total=len(tests)))
        final = score(pkg.scoring, pkg.order, verdicts, dict(pkg.points), list(pkg.groups))
        report = self._report(final, language, compile_output, tests, reports)
        notify(Progress("done", report=report, total=len(tests)))
        return report

    def _job(self, source: bytes, language: str,
             tests: list[PreparedTest]) -> tuple[Job, str]:
        lang = get_language(language)
        nonce = ""
        if self.package.function is not None:
            files = functions.program_files(language, self.package.function, source)
            nonce = functions.new_nonce()
            inputs = [TestInput(t.case.name, functions.test_stdin(t.args, nonce)) for t in tests]
        elif self.package.type == "sql":
            files = {lang.source_name: source}
            nonce = functions.new_nonce()
            inputs = [TestInput(t.case.name, t.sql.stdin(nonce) if t.sql else b"")
                      for t in tests]
        else:
            files = {lang.source_name: source}
            inputs = [TestInput(t.case.name, t.stdin) for t in tests]
        return Job(language, files, inputs,
                   limits_for(self.package, language, self.time_factors)), nonce

    def _verdict(self, t: PreparedTest, r: ExecResult,
                 nonce: str) -> tuple[TestReport, TestVerdict]:
        verdict = FROM_STATUS[r.status]
        feedback, fraction = "", 1.0
        if verdict is Verdict.AC:
            result = self._check(t, r, nonce)
            verdict, feedback = result.verdict, result.feedback
            fraction = result.fraction if result.fraction is not None else 1.0
        elif verdict is Verdict.RE:
            code = f"signal {r.signal}" if r.signal is not None else f"exit code {r.exit_code}"
            feedback = f"runtime error ({code})"
        elif verdict is Verdict.IE:
            feedback = "internal error"
        return self._test_report(t, r, verdict, feedback), TestVerdict(t.case.name, verdict,
                                                                       fraction)

    def _check(self, t: PreparedTest, r: ExecResult, nonce: str) -> CheckResult:
        if self.package.function is not None:
            found, value, problem = functions.read_result(r.stdout, nonce)
            if not found:
                return CheckResult(Verdict.WA, f"no result: {problem}")
            if functions.values_equal(value, t.expected_value, self.package.function.float_eps):
                return CheckResult(Verdict.AC)
            return CheckResult(Verdict.WA, f"returned {json.dumps(value)[:200]}, expected "
                                           f"{json.dumps(t.expected_value)[:200]}")
        if t.sql is not None:
            found, table, problem = functions.read_result(r.stdout, nonce)
            if not found:
                return CheckResult(Verdict.WA, f"no result: {problem}")
            difference = tables.compare(table, t.sql.expected, t.sql.ordered,
                                        t.sql.float_eps)
            return CheckResult(Verdict.WA, difference) if difference else \
                CheckResult(Verdict.AC)
        checker = self.package.checker
        return check(checker.name, r.stdout, t.expected or b"", **checker.params)

    def _test_report(self, t: PreparedTest, r: ExecResult | None, verdict: Verdict,
                     feedback: str) -> TestReport:
        sample = t.case.sample
        return TestReport(
            t.case.name, verdict, sample,
            time=r.cpu_time if r else 0.0, wall_time=r.wall_time if r else 0.0,
            memory_kb=r.memory_kb if r else 0, limit_hit=str(r.limit_hit) if r and r.limit_hit
            else None, exit_code=r.exit_code if r else None, signal=r.signal if r else None,
            feedback=feedback if sample else "", private_feedback="" if sample else feedback,
            stderr=r.stderr[-STDERR_TAIL:].decode(errors="replace") if r and sample else "",
            input_bytes=len(t.stdin), input_tokens=len(t.stdin.split()))

    def _custom(self, tests: list[PreparedTest],
                results: dict[str, ExecResult]) -> Iterator[tuple[TestReport, TestVerdict]]:
        """Run the instructor's checker (sandboxed, one container for all tests)."""
        from judge.custom import run_checker

        to_check = [t for t in tests if t.case.name in results
                    and results[t.case.name].status is Status.OK]
        checked = run_checker(self.sandbox, self.package, [
            (t.case.name, t.stdin, results[t.case.name].stdout, t.expected or b"")
            for t in to_check])
        for t in tests:
            r = results.get(t.case.name)
            if r is None:
                yield self._test_report(t, None, Verdict.SK, ""), TestVerdict(t.case.name,
                                                                              Verdict.SK)
            elif t.case.name in checked:
                c = checked[t.case.name]
                fraction = c.fraction if c.fraction is not None else 1.0
                yield (self._test_report(t, r, c.verdict, c.feedback),
                       TestVerdict(t.case.name, c.verdict, fraction))
            else:
                yield self._verdict(t, r, "")

    def _compile_error(self, language: str, output: str, tests: list[PreparedTest],
                       notify: OnProgress) -> GradeReport:
        pkg = self.package
        max_points = score(pkg.scoring, pkg.order, {}, dict(pkg.points),
                           list(pkg.groups)).max_points
        report = GradeReport(Verdict.CE, 0.0, max_points, language, output,
                             [TestReport(t.case.name, Verdict.SK, t.case.sample) for t in tests],
                             **self._factor(language))
        notify(Progress("done", report=report, total=len(tests)))
        return report

    def _report(self, final: Score, language: str, compile_output: str,
                tests: list[PreparedTest], reports: dict[str, TestReport]) -> GradeReport:
        out = []
        for t in tests:
            rep = reports.get(t.case.name) or TestReport(t.case.name, Verdict.SK, t.case.sample)
            rep.verdict = final.tests.get(t.case.name, rep.verdict)
            out.append(rep)
        groups = [{"name": g.name, "verdict": g.verdict.value, "points": g.points,
                   "max_points": g.max_points} for g in final.groups]
        return GradeReport(final.verdict, final.points, final.max_points, language,
                           compile_output, out, groups, **self._factor(language))

    def _factor(self, language: str) -> dict[str, Any]:
        """What a report records of the time limit: its factor and where that came from."""
        factor, source = time_factor(self.package, language, self.time_factors)
        return {"time_factor": factor, "time_factor_source": source}

