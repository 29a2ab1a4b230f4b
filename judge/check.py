"""`check-package`: every declared solution must get exactly the verdict the package says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from judge.engine import Grader, GradeReport, OnProgress
from sandbox.base import Sandbox
from scoring.package import Package, Solution


@dataclass
class SolutionCheck:
    solution: Solution
    report: GradeReport

    @property
    def ok(self) -> bool:
        return self.report.verdict is self.solution.verdict

    @property
    def reason(self) -> str:
        if self.ok:
            return ""
        failing = next((t for t in self.report.tests if t.verdict is self.report.verdict), None)
        where = f" on test {failing.name}" if failing and self.report.verdict.value != "CE" else ""
        return (f"{self.solution.path.name}: declared {self.solution.verdict}, "
                f"got {self.report.verdict}{where}")


def check_package(package: Package, sandbox: Sandbox,
                  on_solution: Callable[[Solution], OnProgress | None] | None = None,
                  on_done: Callable[[SolutionCheck], None] | None = None,
                  ) -> list[SolutionCheck]:
    grader = Grader(package, sandbox)
    grader.tests()  # generated tests (and the reference's answers) first, once
    checks = []
    for solution in package.solutions:
        progress = on_solution(solution) if on_solution else None
        report = grader.grade(solution.path.read_bytes(), solution.language, progress)
        checks.append(SolutionCheck(solution, report))
        if on_done is not None:
            on_done(checks[-1])
    return checks
