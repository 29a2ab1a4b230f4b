"""The grading engine against the scripted fake sandbox: no Docker involved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from judge.engine import Grader, GradingError, Progress, time_limit
from sandbox.contract import ExecResult, Job, LimitHit, Status, TestInput
from sandbox.fake import FakeSandbox
from sandbox.languages import LANGUAGES
from scoring.package import load
from scoring.verdicts import Verdict

LANGS = tuple(LANGUAGES)


def package(tmp_path: Path, tests: dict[str, tuple[str, str]], **manifest: Any) -> Path:
    base: dict[str, Any] = {"id": "t", "title": "T", "statement": "s.md"}
    base.update(manifest)
    (tmp_path / "challenge.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "s.md").write_text("x")
    (tmp_path / "tests").mkdir()
    for name, (i, o) in tests.items():
        (tmp_path / "tests" / f"{name}.in").write_text(i)
        (tmp_path / "tests" / f"{name}.out").write_text(o)
    return tmp_path


def answers(table: dict[bytes, ExecResult]) -> FakeSandbox:
    """A fake whose program maps each test input to a scripted result."""
    return FakeSandbox(lambda job, test: table[test.stdin])


def ok(out: bytes) -> ExecResult:
    return ExecResult(Status.OK, exit_code=0, stdout=out, cpu_time=0.01, memory_kb=1000)


TESTS = {"1": ("a", "A"), "2": ("b", "B"), "3": ("c", "C")}


def test_all_correct_is_accepted_with_full_score(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS, samples=["1"]), LANGS)
    sb = answers({b"a": ok(b"A\n"), b"b": ok(b"B"), b"c": ok(b" C ")})
    events: list[Progress] = []
    report = Grader(pkg, sb).grade(b"src", "python3", events.append)
    assert report.verdict is Verdict.AC and report.points == 100
    assert [e.kind for e in events] == ["test", "test", "test", "done"]
    job = sb.jobs[0]
    assert job.limits.time_s == 3.0 and job.files == {"main.py": b"src"}


def test_icpc_stops_and_hides_hidden_feedback(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS, samples=["1"]), LANGS)
    sb = answers({b"a": ok(b"A"), b"b": ok(b"X"), b"c": ok(b"C")})
    report = Grader(pkg, sb).grade(b"src", "c")
    assert report.verdict is Verdict.WA and report.points == 0
    assert [t.verdict for t in report.tests] == [Verdict.AC, Verdict.WA, Verdict.SK]
    assert report.tests[1].feedback == "", "hidden tests reveal nothing"


def test_sample_feedback_names_the_difference(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS, samples=["1"]), LANGS)
    report = Grader(pkg, answers({b"a": ok(b"Z")})).grade(b"src", "cpp")
    assert "expected 'A', got 'Z'" in report.tests[0].feedback


@pytest.mark.parametrize(("result", "verdict"), [
    (ExecResult(Status.TIME_LIMIT, signal=9, limit_hit=LimitHit.CPU_TIME), Verdict.TLE),
    (ExecResult(Status.MEMORY_LIMIT, limit_hit=LimitHit.MEMORY), Verdict.MLE),
    (ExecResult(Status.OUTPUT_LIMIT, limit_hit=LimitHit.OUTPUT), Verdict.OLE),
    (ExecResult(Status.RUNTIME_ERROR, exit_code=3), Verdict.RE),
    (ExecResult(Status.INTERNAL_ERROR), Verdict.IE),
])
def test_limits_map_to_verdicts(tmp_path: Path, result: ExecResult, verdict: Verdict) -> None:
    pkg = load(package(tmp_path, TESTS, scoring="partial"), LANGS)
    sb = answers({b"a": ok(b"A"), b"b": result, b"c": ok(b"C")})
    report = Grader(pkg, sb).grade(b"src", "java")
    assert report.verdict is verdict and report.tests[1].verdict is verdict
    assert report.points == pytest.approx(200 / 3)
    if verdict is Verdict.RE:
        assert report.tests[1].exit_code == 3


def test_compile_error(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS), LANGS)
    sb = FakeSandbox(compile_result=ExecResult(Status.RUNTIME_ERROR, exit_code=1,
                                               stderr=b"main.cpp:1: error: oops"))
    report = Grader(pkg, sb).grade(b"src", "cpp")
    assert report.verdict is Verdict.CE and "oops" in report.compile_output
    assert all(t.verdict is Verdict.SK for t in report.tests)


def test_language_not_allowed(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS, languages=["c"]), LANGS)
    with pytest.raises(GradingError, match="python3 is not allowed"):
        Grader(pkg, FakeSandbox()).grade(b"", "python3")


def test_time_limits_follow_language_factors(tmp_path: Path) -> None:
    pkg = load(package(tmp_path, TESTS, limits={"time": 1.5, "memory": 128}), LANGS)
    assert [time_limit(pkg, lang) for lang in ("c", "cpp", "java", "javascript", "python3")] \
        == [1.5, 1.5, 3.0, 3.0, 4.5]


def test_generated_tests_take_the_reference_answers(tmp_path: Path) -> None:
    root = package(tmp_path, {"1": ("a", "A")}, generator={
        "source": "gen.py", "tests": [{"name": "g1", "args": [3, "x"]}]},
        solutions=[{"file": "ref.py"}])
    (root / "gen.py").write_text("gen")
    (root / "ref.py").write_text("ref")

    def script(job: Job, test: TestInput) -> ExecResult:
        if job.files["main.py"] == b"gen":
            return ok(b"generated(" + test.stdin.strip() + b")")
        return ok(test.stdin.upper())

    report = Grader(load(root, LANGS), FakeSandbox(script)).grade(b"ref", "python3")
    assert report.verdict is Verdict.AC
    assert [t.name for t in report.tests] == ["1", "g1"]
