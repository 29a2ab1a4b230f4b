"""Verdicts are data: a StrEnum and one precedence order for a submission's overall verdict."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    PE = "PE"  # presentation error (custom checkers)
    TLE = "TLE"  # time limit exceeded (CPU or wall)
    MLE = "MLE"  # memory limit exceeded
    OLE = "OLE"  # output (or file size) limit exceeded
    RE = "RE"  # runtime error: non-zero exit or signal
    CE = "CE"  # compilation error
    IE = "IE"  # internal error: the judge failed, not the learner
    SK = "SK"  # skipped

    @property
    def accepted(self) -> bool:
        return self is Verdict.AC


# In words, for people (mail, hints); the web app has its own with advice (web/lib/verdicts.ts).
NAMES: dict[str, str] = {
    "AC": "Accepted", "WA": "Wrong answer", "PE": "Presentation error",
    "TLE": "Time limit exceeded", "MLE": "Memory limit exceeded",
    "OLE": "Output limit exceeded", "RE": "Runtime error", "CE": "Compilation error",
    "IE": "Internal error", "SK": "Skipped", "PA": "Partially accepted",
}

# Worst first: a submission's verdict is that of its worst test.
PRECEDENCE: tuple[Verdict, ...] = (
    Verdict.CE, Verdict.IE, Verdict.RE, Verdict.MLE, Verdict.OLE, Verdict.TLE, Verdict.WA,
    Verdict.PE, Verdict.AC, Verdict.SK,
)

# The runner's execution statuses (sandbox.contract.Status values) as verdicts.
FROM_STATUS: dict[str, Verdict] = {
    "ok": Verdict.AC,
    "runtime_error": Verdict.RE,
    "time_limit": Verdict.TLE,
    "memory_limit": Verdict.MLE,
    "output_limit": Verdict.OLE,
    "internal_error": Verdict.IE,
}


def worst(verdicts: list[Verdict]) -> Verdict:
    """The overall verdict of a set of test verdicts (skipped tests do not count)."""
    ran = [v for v in verdicts if v is not Verdict.SK]
    if not ran:
        return Verdict.SK if verdicts else Verdict.AC
    return min(ran, key=PRECEDENCE.index)
