"""The offline hint engine on real grader results: the example packages' wrong solutions judged
in the real sandbox, then each rung of the ladder read from what the grader reported (the
compiler's message, the exception and its line, the first difference, the input size of a time
limit), never from a hidden test's content."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from grading.challenges.package import read, references
from judge.engine import Grader
from lms.hints import offline
from lms.hints.context import Context, read_result
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES
from scoring.package import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def zipped(root: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


def judged(sandbox: DockerSandbox, package: str, solution: str) -> Context:
    root = EXAMPLES / package
    pkg = load(root, tuple(LANGUAGES))
    program = next(s for s in pkg.solutions if s.path.name == solution)
    code = program.path.read_text()
    report = Grader(pkg, sandbox).grade(code.encode(), program.language).to_dict()
    blob = zipped(root)
    manifest = read(blob, 64 << 20, 64)
    ctx = Context(title=manifest["title"], statement=manifest["statement"],
                  kind=manifest["type"], time_limit=manifest["time_limit"],
                  memory_mb=manifest["memory_mb"])
    read_result(ctx, manifest, report, code, program.language)
    ctx.references = references(blob)
    assert ctx.verdict == program.verdict.value, report
    return ctx


def ladder(ctx: Context) -> list[str]:
    return [offline.hint(ctx, rung) for rung in (1, 2, 3, 4)]


@pytest.mark.timeout(600)
def test_the_ladder_reads_what_the_grader_reported(sandbox: DockerSandbox) -> None:
    # a compile error: where, what it usually means, the message, the line itself
    ce = ladder(judged(sandbox, "sum-two", "ce_missing_semicolon.cpp"))
    assert "did not compile" in ce[0] and "semicolon" in ce[1]
    assert "expected ';'" in ce[2]
    assert ce[3].startswith("Line ") and "`" in ce[3]

    # a runtime error: Python's IndexError and its line, from the visible test's error output
    crash = judged(sandbox, "mean-stddev", "re_off_by_one.py")
    re_ = ladder(crash)
    assert "crashed on sample test" in re_[0]
    assert "index past the end" in re_[1]
    assert "IndexError" in re_[2] and "at line 6" in re_[2]
    assert "total += a[i]" in re_[3]

    # a wrong answer off by one on a visible test (a function challenge)
    wa = ladder(judged(sandbox, "two-sum", "wa_one_based.py"))
    assert "sample test" in wa[0] and "off by one" in wa[1]
    assert "expected" in wa[2]
    assert "return" in wa[3]

    # a time limit: the size of the input that timed out, and the nested loops in the code
    slow = judged(sandbox, "pair-sum", "tle_quadratic.py")
    tle = ladder(slow)
    numbers = slow.timed_out_input[1]
    assert numbers is not None and numbers > 100_000
    assert "too slow" in tle[0] and f"{numbers:,} values" in tle[1]
    assert "loop inside a loop" in tle[2] and tle[3].startswith("Line ")

    # integer overflow in C: only hidden tests fail, so no content, but the type is named
    overflow = judged(sandbox, "sum-two", "wa_int_overflow.c")
    assert overflow.failed == [] and overflow.hidden_failed
    assert "2,147,483,647" in offline.hint(overflow, 2)

    # memory: the limit, then where memory usually goes
    mle = ladder(judged(sandbox, "big-sum", "mle_huge_buffer.cpp"))
    assert "MB" in mle[0] and "recursion" in mle[1]
    for hints in (ce, re_, wa, tle, mle):
        assert len(set(hints)) == 4, hints  # each rung says something new


def test_hidden_tests_stay_out_of_every_hint(tmp_path: Path) -> None:
    """A result whose hidden test carries (for instructors) feedback and error output: the
    context keeps its verdict only."""
    ctx = Context(title="T", statement="S", kind="io")
    read_result(ctx, {"samples": []}, {"verdict": "WA", "tests": [
        {"name": "secret", "verdict": "WA", "sample": False, "feedback": "",
         "private_feedback": "expected 'SECRET-42', got '41'", "stderr": ""}]},
        "print(41)", "python3")
    assert ctx.failed == [] and ctx.hidden_failed == ["WA"]
    assert all("SECRET" not in offline.hint(ctx, rung) for rung in (1, 2, 3, 4))
