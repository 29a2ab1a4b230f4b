from __future__ import annotations

import pytest

from scoring.checkers import check, from_testlib, get_checker
from scoring.verdicts import FROM_STATUS, PRECEDENCE, Verdict, worst


@pytest.mark.parametrize(("name", "output", "expected", "ok"), [
    ("exact", b"1 2\n", b"1 2\n", True),
    ("exact", b"1 2", b"1 2\n", False),
    ("exact", b"1 2\r\n", b"1 2\n", False),
    ("lines", b"a  \nb\n\n\n", b"a\nb", True),
    ("lines", b"a\r\nb\r\n", b"a\nb\n", True),
    ("lines", b"a b\n", b"a  b\n", False),
    ("lines", b"", b"\n\n", True),
    ("lines", b"", b"x", False),
    ("tokens", b"1\n2   3", b"1 2 3\n", True),
    ("tokens", b"", b"", True),
    ("tokens", b"", b"0", False),
    ("tokens", b"1 2 3 4", b"1 2 3", False),
    ("tokens", b"\xc3\xa9t\xc3\xa9\n", "été".encode(), True),
    ("tokens", b"123456789012345678901234567890", b"123456789012345678901234567891", False),
    ("tokens", b"-0", b"0", False),
    ("floats", b"0.3333333", b"0.333333333", True),
    ("floats", b"1e9", b"1000000001", True),  # relative 1e-6
    ("floats", b"1.1", b"1.0", False),
    ("floats", b"-0", b"0", True),
    ("floats", b"nan", b"1.0", False),
    ("floats", b"nan", b"nan", True),
    ("floats", b"inf", b"1e308", False),
    ("floats", b"inf", b"inf", True),
    ("floats", b"-inf", b"inf", False),
    ("floats", b"YES 1.0", b"YES 1.0000001", True),
    ("floats", b"NO 1.0", b"YES 1.0", False),
    ("floats", b"abc", b"1.0", False),
    ("floats", b"1.0 2.0", b"1.0", False),
    ("unordered", b"b\na\n", b"a\nb\n", True),
    ("unordered", b"a\na\nb\n", b"a\nb\nb\n", False),
    ("unordered", b"a \r\n\nb", b"b\na", True),
])
def test_checkers(name: str, output: bytes, expected: bytes, ok: bool) -> None:
    assert check(name, output, expected).accepted is ok


def test_float_epsilons_are_parameters() -> None:
    assert not check("floats", b"1.01", b"1.0").accepted
    assert check("floats", b"1.01", b"1.0", abs_eps=0.02).accepted
    assert check("floats", b"101", b"100", abs_eps=0, rel_eps=0.02).accepted


def test_feedback_points_at_the_first_difference() -> None:
    r = check("tokens", b"1 2\n3 8\n", b"1 2\n3 7\n")
    assert r.verdict is Verdict.WA and r.feedback == "line 2, token 2: expected '7', got '8'"
    assert "expected 2 lines, got 1" in check("lines", b"a", b"a\nb").feedback
    assert "output ended after 1 tokens" in check("tokens", b"1", b"1 2").feedback
    assert "extra output" in check("tokens", b"1 2", b"1").feedback
    assert "missing line 'b'" in check("unordered", b"a", b"a\nb").feedback
    assert "byte 3" in check("exact", b"abX", b"abc").feedback


def test_unknown_checker() -> None:
    with pytest.raises(ValueError, match="known: exact"):
        get_checker("fuzzy")


@pytest.mark.parametrize(("code", "stdout", "verdict", "fraction"), [
    (0, b"ok", Verdict.AC, None), (1, b"wrong", Verdict.WA, None), (2, b"", Verdict.PE, None),
    (3, b"bad", Verdict.IE, None), (7, b"0.5 half", Verdict.WA, 0.5),
    (7, b"1.0", Verdict.AC, 1.0), (7, b"", Verdict.IE, None), (7, b"1.5", Verdict.IE, None),
    (42, b"", Verdict.IE, None), (None, b"", Verdict.IE, None),
])
def test_testlib_exit_codes(code: int | None, stdout: bytes, verdict: Verdict,
                            fraction: float | None) -> None:
    r = from_testlib(code, stdout)
    assert r.verdict is verdict and r.fraction == fraction


def test_precedence_and_overall_verdict() -> None:
    assert PRECEDENCE[0] is Verdict.CE and set(PRECEDENCE) == set(Verdict)
    assert worst([Verdict.AC, Verdict.WA, Verdict.TLE]) is Verdict.TLE
    assert worst([Verdict.AC, Verdict.SK]) is Verdict.AC
    assert worst([Verdict.RE, Verdict.MLE]) is Verdict.RE
    assert worst([]) is Verdict.AC
    assert set(FROM_STATUS) == {"ok", "runtime_error", "time_limit", "memory_limit",
                                "output_limit", "internal_error"}
