from __future__ import annotations

from scoring.points import Group, Mode, TestVerdict, score, should_stop
from scoring.verdicts import Verdict

AC, WA, TLE, SK = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.SK


def results(**verdicts: Verdict) -> dict[str, TestVerdict]:
    return {k: TestVerdict(k, v) for k, v in verdicts.items()}


def test_icpc_stops_at_the_first_failure() -> None:
    s = score(Mode.ICPC, ["a", "b", "c"], results(a=AC, b=TLE, c=AC))
    assert s.verdict is TLE and s.points == 0 and s.tests == {"a": AC, "b": TLE, "c": SK}
    assert should_stop(Mode.ICPC, WA) and not should_stop(Mode.PARTIAL, WA)
    assert score(Mode.ICPC, ["a"], results(a=AC)).points == 100


def test_partial_awards_points_per_test() -> None:
    s = score(Mode.PARTIAL, ["a", "b", "c", "d"], results(a=AC, b=WA, c=AC, d=AC),
              {"a": 10, "b": 20, "c": 30, "d": 40})
    assert s.points == 80 and s.max_points == 100 and s.verdict is WA


def test_partial_fraction_from_custom_checker() -> None:
    r = {"a": TestVerdict("a", WA, 0.5), "b": TestVerdict("b", AC, 1.0)}
    assert score(Mode.PARTIAL, ["a", "b"], r, {"a": 50, "b": 50}).points == 75


def test_groups_all_or_nothing_with_dependencies() -> None:
    groups = [Group("samples", 0, ("s1",)), Group("small", 40, ("a1", "a2"), ("samples",)),
              Group("large", 60, ("b1", "b2"), ("small",)),
              Group("other", 10, ("c1",), ("samples",))]
    order = ["s1", "a1", "a2", "b1", "b2", "c1"]
    s = score(Mode.GROUPS, order, results(s1=AC, a1=WA, a2=AC, b1=AC, b2=AC, c1=AC),
              groups=groups)
    assert s.points == 10 and s.max_points == 110
    assert [g.verdict for g in s.groups] == [AC, WA, SK, AC]
    assert s.tests["a2"] is SK, "a group stops at its first failure"
    assert s.tests["b1"] is SK, "a group whose dependency failed is skipped"
    full = score(Mode.GROUPS, order, results(s1=AC, a1=AC, a2=AC, b1=AC, b2=AC, c1=AC),
                 groups=groups)
    assert full.points == 110 and full.verdict is AC
