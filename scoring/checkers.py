"""Output checkers: plain functions `check(output, expected, **params) -> CheckResult`,
resolved by name. The `custom` checker is a program run in a sandbox by the layer that owns one;
here it is only declared (see judge.custom)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scoring.verdicts import Verdict


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    feedback: str = ""  # where the first difference is; shown for visible tests only
    fraction: float | None = None  # share of the test's points (custom checkers, exit 7)

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.AC


ACCEPTED = CheckResult(Verdict.AC)
Checker = Callable[..., CheckResult]


class UnknownChecker(ValueError):
    pass


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _show(token: str, limit: int = 40) -> str:
    return repr(token if len(token) <= limit else token[:limit] + "...")


def exact(output: bytes, expected: bytes) -> CheckResult:
    if output == expected:
        return ACCEPTED
    n = next((i for i, (a, b) in enumerate(zip(output, expected, strict=False)) if a != b),
             min(len(output), len(expected)))
    line = output[:n].count(b"\n") + 1
    return CheckResult(Verdict.WA, f"byte {n + 1} (line {line}) differs "
                                   f"(output {len(output)} bytes, expected {len(expected)})")


def _lines(data: bytes) -> list[str]:
    lines = [ln.rstrip() for ln in _decode(data).replace("\r\n", "\n").split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def lines(output: bytes, expected: bytes) -> CheckResult:
    got, want = _lines(output), _lines(expected)
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            return CheckResult(Verdict.WA, f"line {i + 1}: expected {_show(w)}, got {_show(g)}")
    if len(got) != len(want):
        return CheckResult(Verdict.WA, f"expected {len(want)} lines, got {len(got)}")
    return ACCEPTED


def _token_positions(data: bytes) -> list[tuple[int, int, str]]:
    """(line, token index in line, token) for every whitespace-separated token."""
    out = []
    for ln, text in enumerate(_decode(data).splitlines(), start=1):
        for col, tok in enumerate(text.split(), start=1):
            out.append((ln, col, tok))
    return out


def _compare_tokens(output: bytes, expected: bytes,
                    same: Callable[[str, str], bool]) -> CheckResult:
    got, want = _token_positions(output), _token_positions(expected)
    for (gl, gc, g), (_, _, w) in zip(got, want, strict=False):
        if not same(g, w):
            return CheckResult(Verdict.WA, f"line {gl}, token {gc}: expected {_show(w)}, "
                                           f"got {_show(g)}")
    if len(got) < len(want):
        return CheckResult(Verdict.WA, f"output ended after {len(got)} tokens; expected "
                                       f"{len(want)} (next: {_show(want[len(got)][2])})")
    if len(got) > len(want):
        gl, gc, g = got[len(want)]
        return CheckResult(Verdict.WA, f"line {gl}, token {gc}: extra output {_show(g)}")
    return ACCEPTED


def tokens(output: bytes, expected: bytes) -> CheckResult:
    return _compare_tokens(output, expected, str.__eq__)


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)",
                     re.IGNORECASE)


def floats(output: bytes, expected: bytes, abs_eps: float = 1e-6,
           rel_eps: float = 1e-6) -> CheckResult:
    def same(got: str, want: str) -> bool:
        if not _NUMBER.fullmatch(want):
            return got == want
        if not _NUMBER.fullmatch(got):
            return False
        g, w = float(got), float(want)
        if math.isnan(w) or math.isnan(g):
            return math.isnan(w) and math.isnan(g)
        if math.isinf(w) or math.isinf(g):
            return g == w
        return abs(g - w) <= abs_eps or abs(g - w) <= rel_eps * abs(w)

    return _compare_tokens(output, expected, same)


def unordered(output: bytes, expected: bytes) -> CheckResult:
    got = Counter(ln for ln in _lines(output) if ln)
    want = Counter(ln for ln in _lines(expected) if ln)
    if got == want:
        return ACCEPTED
    missing = want - got
    extra = got - want
    if missing:
        return CheckResult(Verdict.WA, f"missing line {_show(next(iter(missing)))}")
    return CheckResult(Verdict.WA, f"unexpected line {_show(next(iter(extra)))}")


CHECKERS: dict[str, Checker] = {
    "exact": exact,
    "lines": lines,
    "tokens": tokens,
    "floats": floats,
    "unordered": unordered,
}
PARAMS: dict[str, set[str]] = {"floats": {"abs_eps", "rel_eps"}}
BUILTIN = tuple(CHECKERS)
ALL = (*BUILTIN, "custom")


def get_checker(name: str) -> Checker:
    try:
        return CHECKERS[name]
    except KeyError:
        raise UnknownChecker(f"unknown checker {name!r}; known: {', '.join(ALL)}") from None


def check(name: str, output: bytes, expected: bytes, **params: Any) -> CheckResult:
    return get_checker(name)(output, expected, **params)


# testlib's exit codes, spoken by custom checker programs.
TESTLIB_EXIT: dict[int, Verdict] = {0: Verdict.AC, 1: Verdict.WA, 2: Verdict.PE, 3: Verdict.IE,
                                    7: Verdict.AC}


def from_testlib(exit_code: int | None, stdout: bytes) -> CheckResult:
    """Interpret a custom checker's exit code (7: points, the fraction on stdout's first line)."""
    feedback = _decode(stdout).strip()[:500]
    if exit_code == 7:
        first = feedback.splitlines()[0] if feedback else ""
        try:
            fraction = float(first.split()[0])
        except (ValueError, IndexError):
            return CheckResult(Verdict.IE, "checker exited 7 without a points fraction")
        if not 0.0 <= fraction <= 1.0:
            return CheckResult(Verdict.IE, f"checker gave points fraction {fraction} outside 0..1")
        verdict = Verdict.AC if fraction >= 1.0 else Verdict.WA
        return CheckResult(verdict, feedback, fraction)
    known = TESTLIB_EXIT.get(exit_code if exit_code is not None else -1)
    if known is None:
        return CheckResult(Verdict.IE, f"checker failed (exit {exit_code}): {feedback[:200]}")
    return CheckResult(known, feedback)
