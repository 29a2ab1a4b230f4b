"""A package's `limits.output` is the stdout cap of each test, enforced in the real sandbox as
OLE; without it, the default (16 MB) holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.engine import Grader
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import ALIASES, LANGUAGES
from scoring.package import load
from scoring.verdicts import Verdict

LINES = 40_000  # 80 kB of "y\n"
YES = f"import sys\nsys.stdout.write('y\\n' * {LINES})\n"


def package(root: Path, limits: str) -> Path:
    (root / "challenge.yaml").write_text(
        "id: many-y\ntitle: Many y\nstatement: s.md\n"
        f"limits: {{time: 1, memory: 256{limits}}}\n"
        "solutions: [{file: yes.py}]\n")
    (root / "s.md").write_text("Print y, many times.\n")
    (root / "yes.py").write_text(YES)
    (root / "tests").mkdir()
    (root / "tests" / "01.in").write_text("")
    (root / "tests" / "01.out").write_text("y\n" * LINES)
    return root


@pytest.mark.parametrize(("limits", "verdict"), [
    (", output: 0.05", Verdict.OLE),  # 50 kB
    (", output: 1", Verdict.AC),
    ("", Verdict.AC),
])
def test_output_limit_from_the_manifest(sandbox: DockerSandbox, tmp_path: Path, limits: str,
                                        verdict: Verdict) -> None:
    pkg = load(package(tmp_path, limits), tuple(LANGUAGES), ALIASES)
    report = Grader(pkg, sandbox).grade(YES.encode(), "python3")
    assert report.verdict is verdict, report.to_dict()
