"""Scoring modes: icpc, partial and groups (subtasks with dependencies). Pure functions over
per-test verdicts; the engine that runs tests asks `should_stop` to cut icpc runs short."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scoring.verdicts import Verdict, worst


class Mode(StrEnum):
    ICPC = "icpc"
    PARTIAL = "partial"
    GROUPS = "groups"


@dataclass(frozen=True)
class Group:
    name: str
    points: float
    tests: tuple[str, ...]
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class TestVerdict:
    __test__ = False  # not a pytest class

    name: str
    verdict: Verdict
    fraction: float = 1.0  # of the test's points, when accepted or partially accepted


@dataclass
class GroupScore:
    name: str
    verdict: Verdict
    points: float
    max_points: float


@dataclass
class Score:
    verdict: Verdict
    points: float
    max_points: float
    tests: dict[str, Verdict]  # every test, skipped ones as SK
    groups: list[GroupScore] = field(default_factory=list)


def should_stop(mode: Mode, verdict: Verdict) -> bool:
    """After a test with this verdict, does the run stop (remaining tests skipped)?"""
    return mode is Mode.ICPC and not verdict.accepted


def score(mode: Mode, order: list[str], results: dict[str, TestVerdict],
          points: dict[str, float] | None = None, groups: list[Group] | None = None) -> Score:
    if mode is Mode.ICPC:
        return _icpc(order, results)
    if mode is Mode.PARTIAL:
        return _partial(order, results, points or even_points(order))
    return _groups(order, results, groups or [])


def even_points(order: list[str], total: float = 100.0) -> dict[str, float]:
    return {name: total / len(order) for name in order} if order else {}


def _icpc(order: list[str], results: dict[str, TestVerdict]) -> Score:
    tests: dict[str, Verdict] = {}
    failed: Verdict | None = None
    for name in order:
        if failed is not None or name not in results:
            tests[name] = Verdict.SK
            continue
        tests[name] = results[name].verdict
        if not results[name].verdict.accepted:
            failed = results[name].verdict
    verdict = failed or Verdict.AC
    return Score(verdict, 100.0 if failed is None else 0.0, 100.0, tests)


def _partial(order: list[str], results: dict[str, TestVerdict],
             points: dict[str, float]) -> Score:
    tests = {n: results[n].verdict if n in results else Verdict.SK for n in order}
    got = sum(points.get(n, 0.0) * _earned(results.get(n)) for n in order)
    return Score(worst(list(tests.values())), round(got, 6), sum(points.get(n, 0.0)
                                                                   for n in order), tests)


def _earned(result: TestVerdict | None) -> float:
    if result is None:
        return 0.0
    if result.verdict.accepted:
        return result.fraction
    return result.fraction if result.verdict is Verdict.WA and result.fraction < 1.0 else 0.0


def _groups(order: list[str], results: dict[str, TestVerdict], groups: list[Group]) -> Score:
    tests: dict[str, Verdict] = {}
    passed: set[str] = set()
    scores = []
    for group in groups:
        if not all(dep in passed for dep in group.depends_on):
            for name in group.tests:
                tests[name] = Verdict.SK
            scores.append(GroupScore(group.name, Verdict.SK, 0.0, group.points))
            continue
        verdicts = []
        failed = False
        for name in group.tests:
            v = Verdict.SK if failed or name not in results else results[name].verdict
            tests[name] = worse(tests.get(name), v)
            verdicts.append(v)
            failed = failed or not v.accepted
        ok = not failed
        if ok:
            passed.add(group.name)
        scores.append(GroupScore(group.name, worst(verdicts), group.points if ok else 0.0,
                                 group.points))
    for name in order:
        tests.setdefault(name, results[name].verdict if name in results else Verdict.SK)
    overall = worst([g.verdict for g in scores]) if scores else Verdict.AC
    return Score(overall, sum(g.points for g in scores), sum(g.max_points for g in scores),
                 tests, scores)


def worse(a: Verdict | None, b: Verdict) -> Verdict:
    """A test shared by several groups keeps its worst verdict (skipped counts least)."""
    if a is None or a is Verdict.SK:
        return b
    return worst([a, b])
