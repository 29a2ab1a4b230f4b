"""The golden corpus: every example package passes check-package, in real containers."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.check import check_package
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES
from scoring.package import load

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
PACKAGES = sorted(p for p in EXAMPLES.iterdir() if (p / "challenge.yaml").is_file())


@pytest.mark.parametrize("root", PACKAGES, ids=lambda p: p.name)
def test_example_package_checks(root: Path, sandbox: DockerSandbox) -> None:
    package = load(root, tuple(LANGUAGES))
    results = check_package(package, sandbox)
    assert results, "a package without solutions proves nothing"
    assert [r.reason for r in results if not r.ok] == []


def test_examples_cover_the_format() -> None:
    packages = [load(p, tuple(LANGUAGES)) for p in PACKAGES]
    assert len(packages) >= 8
    assert {p.checker.name for p in packages} >= {"exact", "lines", "tokens", "floats",
                                                  "unordered", "custom"}
    assert {p.scoring.value for p in packages} == {"icpc", "partial", "groups"}
    assert any(p.generator for p in packages)
    functions = [p for p in packages if p.type == "function"]
    assert {s.language for p in functions for s in p.solutions} >= {"python3", "javascript",
                                                                    "java"}
    stdio = [p for p in packages if p.type == "stdio"]
    for p in stdio:
        ac = {s.language for s in p.solutions if s.verdict.value == "AC"}
        assert ac >= {"python3", "cpp", "java", "javascript"}, p.id
    wrong = {s.verdict.value for p in packages for s in p.solutions}
    assert wrong >= {"WA", "TLE", "MLE", "RE", "CE"}
