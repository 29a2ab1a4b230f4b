"""`usefulwriter calibrate`: time factors against C measured in the real sandbox, stored for the
runner, and used (under a challenge's own pin) to set a submission's time limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from judge import calibrate as cal
from judge.engine import Grader, time_factor, time_limit
from sandbox.base import Sandbox
from sandbox.contract import Event, Job
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import ALIASES, LANGUAGES
from scoring.package import PackageError, load

ROOT = Path(__file__).resolve().parent.parent.parent
SUM_TWO = ROOT / "examples" / "sum-two"


def test_every_language_has_both_reference_programs() -> None:
    for language in set(LANGUAGES) - set(cal.UNCALIBRATED):
        for algorithm in cal.ALGORITHMS:
            assert cal.source(language, algorithm)


def test_calibration_measures_factors_against_c(sandbox: DockerSandbox) -> None:
    result = cal.calibrate(sandbox, ["c", "python3", "go"], runs=2, scale=0.05)
    assert result.runs == 2 and set(result.factors) == {"c", "python3", "go"}
    assert result.factors["c"].factor == 1.0
    for f in result.factors.values():
        assert len(f.runs) == 2 and f.low <= f.factor <= f.high
    # the same sieve and sort: CPython's loops are many times slower than C's
    assert result.factors["python3"].factor > 2 * result.factors["go"].factor


def test_a_reference_program_that_skips_work_is_caught(
        sandbox: DockerSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    real = cal.source

    def lazy(language: str, algorithm: str) -> bytes:
        return b"print(42)\n" if language == "python3" else real(language, algorithm)

    monkeypatch.setattr(cal, "source", lazy)
    with pytest.raises(cal.CalibrationError, match=r"python3 sieve N=\d+: printed b'42', C "
                                                   r"printed"):
        cal.calibrate(sandbox, ["python3"], runs=1, scale=0.01)


def test_saved_factors_are_loaded_merged_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "time-factors.json"
    assert cal.load(path) == {}  # never calibrated: the languages' own factors serve
    cal.save(cal.Calibration({"python3": cal.Factor(9.5, 9.0, 10.0)}, 5, "h", 0.0), path)
    cal.save(cal.Calibration({"go": cal.Factor(1.2, 1.1, 1.3)}, 5, "h", 1.0), path)
    assert cal.load(path) == {"python3": 9.5, "go": 1.2}  # a later run keeps earlier ones
    path.write_text('{"factors": {"python3": {"factor": 2}, "cobol": {"factor": 9}}}')
    assert cal.load(path) == {"python3": 2.0}  # a language this version does not serve
    path.write_text('{"factors": {"python3": "fast"}}')
    with pytest.raises(cal.CalibrationError, match="not a calibration file"):
        cal.load(path)
    path.write_text('{"factors": {"python3": {"factor": -1}}}')
    with pytest.raises(cal.CalibrationError, match="the factor of python3 is not a positive"):
        cal.load(path)


def test_a_pinned_factor_beats_the_calibrated_one_which_beats_the_languages(
        tmp_path: Path) -> None:
    package = load(SUM_TWO, tuple(LANGUAGES))
    assert time_factor(package, "python3") == (3.0, "language")
    assert time_factor(package, "py", {"python3": 7.0}) == (7.0, "calibrated")
    manifest = tmp_path / "sum-two"
    subprocess.run(["cp", "-r", str(SUM_TWO), str(manifest)], check=True)
    text = (manifest / "challenge.yaml").read_text().replace(
        "  memory: 256\n", "  memory: 256\n  time_factors: {python: 2.5, java: 1.5}\n")
    (manifest / "challenge.yaml").write_text(text)
    pinned = load(manifest, tuple(LANGUAGES), ALIASES)  # as the runner loads it
    assert pinned.time_factors == {"python3": 2.5, "java": 1.5}
    assert time_factor(pinned, "python3", {"python3": 7.0}) == (2.5, "package")
    assert time_limit(pinned, "java", {"java": 4.0}) == 1.5
    assert time_limit(pinned, "go", {"go": 1.25}) == 1.25


@pytest.mark.parametrize(("pin", "problem"), [
    ("{cobol: 2}", "limits.time_factors.cobol"), ("{python3: 0}", "limits.time_factors.python3"),
    ("[python3]", "limits.time_factors")])
def test_bad_pins_name_the_field(tmp_path: Path, pin: str, problem: str) -> None:
    manifest = tmp_path / "sum-two"
    subprocess.run(["cp", "-r", str(SUM_TWO), str(manifest)], check=True)
    text = (manifest / "challenge.yaml").read_text().replace(
        "  memory: 256\n", f"  memory: 256\n  time_factors: {pin}\n")
    (manifest / "challenge.yaml").write_text(text)
    with pytest.raises(PackageError) as info:
        load(manifest, tuple(LANGUAGES))
    assert info.value.where == problem


class Recording(Sandbox):
    def __init__(self, inner: Sandbox) -> None:
        self.inner, self.jobs = inner, list[Job]()

    def run(self, job: Job):  # type: ignore[no-untyped-def]
        self.jobs.append(job)
        events: list[Event] = list(self.inner.run(job))
        yield from events


def test_a_submission_is_judged_and_reported_with_the_calibrated_factor(
        sandbox: DockerSandbox) -> None:
    recording = Recording(sandbox)
    grader = Grader(load(SUM_TWO, tuple(LANGUAGES)), recording, {"python3": 6.0})
    report = grader.grade((SUM_TWO / "solutions" / "ok.py").read_bytes(), "python3")
    assert report.verdict.value == "AC"
    assert recording.jobs[-1].limits.time_s == 6.0  # 1 s for C, times 6
    assert (report.to_dict()["time_factor"], report.to_dict()["time_factor_source"]) == \
        (6.0, "calibrated")
    report = Grader(load(SUM_TWO, tuple(LANGUAGES)), sandbox).grade(
        (SUM_TWO / "solutions" / "ok.java").read_bytes(), "java")
    assert (report.time_factor, report.time_factor_source) == (2.0, "language")


@pytest.mark.docker
def test_the_command_stores_what_it_measured(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "cli.main", "calibrate", "c", "ruby", "--runs",
                          "1", "--scale", "0.01", "--json", "--output",
                          str(tmp_path / "tf.json")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["baseline"] == "c" and set(doc["factors"]) == {"c", "ruby"}
    assert "ruby: x" in out.stderr  # progress, one line a language
    assert cal.load(tmp_path / "tf.json") == {"c": 1.0, "ruby": doc["factors"]["ruby"]["factor"]}
