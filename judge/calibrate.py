"""Time factors measured on the machine that judges: each language against C, in the real sandbox.

A problem's time limit is written for C and C++; a slower language gets it multiplied by its
factor. The fixed factors in `sandbox/languages/` are guesses made on some machine; `usefulwriter
calibrate` measures them here, with the reference programs in `judge/calibration/` (the same
algorithms, written idiomatically in every language), and the runner uses what it measured.

For every algorithm and language, one job runs the program `runs` times at its size and `runs`
times with N = 0 (the runtime's start-up alone), interleaved. A language too slow to run C's
full size runs a share of it (`SHARE`), and its work time is scaled up to the full size:

    estimate = startup + (measured - startup) / share

so start-up counts once, as it does in a real test. A run's factor is the geometric mean over the
algorithms of estimate / C's time in the same run; the factor is the median of the runs, with
their lowest and highest as its spread. Every program must print what C prints for its size: a
program that skips work is caught.
"""

from __future__ import annotations

import json
import math
import os
import socket
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.base import Sandbox
from sandbox.contract import Job, Limits, Status, TestInput
from sandbox.languages import ALIASES, canonical, get_language

REFERENCE = Path(__file__).resolve().parent / "calibration"
ALGORITHMS = ("sieve", "sort")
SIZES = {"sieve": 20_000_000, "sort": 2_000_000}  # C needs 0.1 to 0.3 s of CPU for each
# The share of the size a language runs (the rest is extrapolated): about a second each.
SHARE = {"python3": 0.1, "ruby": 0.1, "php": 0.2, "bash": 0.002}
LIMITS = Limits(time_s=30.0, wall_s=60.0, memory_mb=1024)
BASELINE = "c"
# SQL is not a language a time limit is written for in C terms: both dialects keep their fixed
# factor.
UNCALIBRATED = ("sql", "postgresql")

Log = Callable[[str], None]


class CalibrationError(RuntimeError):
    """A reference program failed or printed the wrong answer: no factor can be trusted."""


@dataclass(frozen=True)
class Factor:
    factor: float  # the median over the runs
    low: float
    high: float
    runs: list[float] = field(default_factory=list)


@dataclass
class Calibration:
    factors: dict[str, Factor]
    runs: int
    host: str
    measured_at: float
    scale: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "measured_at": self.measured_at, "runs": self.runs,
                "scale": self.scale, "baseline": BASELINE,
                "factors": {name: {"factor": f.factor, "low": f.low, "high": f.high,
                                   "runs": f.runs} for name, f in self.factors.items()}}


def source(language: str, algorithm: str) -> bytes:
    lang = get_language(language)
    suffix = Path(lang.source_name).suffix
    found = [p for p in (REFERENCE / algorithm).iterdir() if p.suffix == suffix]
    if len(found) != 1:
        raise CalibrationError(f"no reference {algorithm} program in {language}")
    return found[0].read_bytes()


def _job(language: str, algorithm: str, stdins: list[bytes]) -> Job:
    lang = get_language(language)
    return Job(lang.name, {lang.source_name: source(language, algorithm)},
               [TestInput(f"t{i}", s) for i, s in enumerate(stdins)], LIMITS)


def _run(sandbox: Sandbox, language: str, algorithm: str, sizes: list[int]
         ) -> list[tuple[float, bytes]]:
    outcome = sandbox.execute(_job(language, algorithm, [f"{n}\n".encode() for n in sizes]))
    if not outcome.compiled:
        assert outcome.compile is not None
        raise CalibrationError(f"{language} {algorithm}: does not compile: "
                               f"{outcome.compile.stderr.decode(errors='replace')[-300:]}")
    out = []
    for i, n in enumerate(sizes):
        r = outcome.tests[f"t{i}"]
        if r.status is not Status.OK:
            raise CalibrationError(f"{language} {algorithm} N={n}: {r.status} "
                                   f"{r.stderr.decode(errors='replace')[-300:]}")
        out.append((r.cpu_time, r.stdout.strip()))
    return out


def measure(sandbox: Sandbox, language: str, runs: int, scale: float = 1.0,
            expected: Mapping[tuple[str, int], bytes] | None = None
            ) -> dict[str, list[float]]:
    """Per algorithm, the CPU seconds of `runs` runs at the full size (extrapolated from a
    share of it where the language needs one)."""
    share = SHARE.get(language, 1.0)
    times: dict[str, list[float]] = {}
    for algorithm in ALGORITHMS:
        n = max(1, int(SIZES[algorithm] * scale * share))
        results = _run(sandbox, language, algorithm, [0, n] * runs)
        if expected is not None and (algorithm, n) in expected:
            got = results[1][1]
            if got != expected[(algorithm, n)]:
                raise CalibrationError(f"{language} {algorithm} N={n}: printed {got!r}, C "
                                       f"printed {expected[(algorithm, n)]!r}")
        times[algorithm] = [
            start + max(0.0, work - start) / share
            for (start, _), (work, _) in zip(results[0::2], results[1::2], strict=True)]
    return times


def calibrate(sandbox: Sandbox, languages: list[str], runs: int = 5, scale: float = 1.0,
              log: Log = lambda _: None) -> Calibration:
    if runs < 1:
        raise ValueError("runs must be at least 1")
    names = [get_language(n).name for n in languages]
    # C's answers for every size another language runs, so that each program is checked
    sizes = {(a, max(1, int(SIZES[a] * scale * SHARE.get(n, 1.0))))
             for a in ALGORITHMS for n in names}
    expected: dict[tuple[str, int], bytes] = {}
    for algorithm, n in sorted(sizes):
        expected[(algorithm, n)] = _run(sandbox, BASELINE, algorithm, [n])[0][1]
    log(f"{BASELINE}: the baseline, {runs} run(s)")
    base = measure(sandbox, BASELINE, runs, scale, expected)
    factors: dict[str, Factor] = {}
    for name in names:
        if name == BASELINE:
            factors[name] = Factor(1.0, 1.0, 1.0, [1.0] * runs)
            continue
        t0 = time.monotonic()
        mine = measure(sandbox, name, runs, scale, expected)
        per_run = [
            round(math.exp(statistics.fmean(
                math.log(max(mine[a][r], 1e-6) / max(base[a][r], 1e-6)) for a in ALGORITHMS)), 3)
            for r in range(runs)]
        # the median of values on a 0.001 grid, on that grid too: never outside their range
        f = Factor(round(statistics.median(per_run), 3), min(per_run), max(per_run), per_run)
        factors[name] = f
        log(f"{name}: x{f.factor} ({f.low} to {f.high}) in {time.monotonic() - t0:.0f} s")
    return Calibration(factors, runs, socket.gethostname(), time.time(), scale)


# --- the runner's stored factors ---------------------------------------------------------------

def save(calibration: Calibration, path: Path) -> None:
    """Write atomically (a runner may be reading it), keeping languages measured before."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = calibration.to_dict()
    try:
        old = json.loads(path.read_text())
        data["factors"] = {**old.get("factors", {}), **data["factors"]}
    except (OSError, ValueError, AttributeError):
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".time-factors-")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def load(path: Path) -> dict[str, float]:
    """language -> calibrated factor; empty when the host was never calibrated. A file that
    cannot be read is an error: a runner must not judge with factors it cannot see."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        return {}
    try:
        factors = json.loads(text)["factors"]
        out = {canonical(name): float(f["factor"]) for name, f in factors.items()
               if name in ALIASES}  # a language this version does not serve is skipped
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CalibrationError(f"{path}: not a calibration file ({exc})") from None
    bad = sorted(name for name, factor in out.items() if not 0 < factor < 10_000)
    if bad:
        raise CalibrationError(f"{path}: the factor of {bad[0]} is not a positive number")
    return out
