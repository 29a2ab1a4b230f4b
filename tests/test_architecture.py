"""Import rules that keep the architecture honest (see shared/STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level modules it must never import
FORBIDDEN = {
    "grader": {"runner", "judge", "api", "lms", "docker", "redis", "rq", "sqlalchemy"},
    "runner": {"grader", "judge", "api", "lms"},
    "seccomp": {"runner", "grader", "judge", "api", "lms", "docker"},
}
# Only these may talk to the Docker engine.
DOCKER_ALLOWED = {"sandbox/box.py", "sandbox/pool.py",
                  "sandbox/docker_sandbox.py", "sandbox/images.py", "sandbox/bare.py",
                  "cli/images_cmd.py", "cli/selftest_cmd.py"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layering(package: str) -> None:
    bad = {str(p.relative_to(ROOT)): sorted(imports(p) & FORBIDDEN[package])
           for p in (ROOT / package).rglob("*.py")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_docker_is_imported_only_by_the_sandbox_seam() -> None:
    users = {str(p.relative_to(ROOT)) for pkg in ("runner", "grader", "judge", "cli", "seccomp")
             for p in (ROOT / pkg).rglob("*.py") if "docker" in imports(p)}
    assert users <= DOCKER_ALLOWED, users - DOCKER_ALLOWED


def runner_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "runner"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "runner":
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", ["api", "lms"])
def test_service_side_never_touches_the_sandbox(package: str) -> None:
    """The database side enqueues by dotted path: no Docker, no sandbox, and of the runner only
    its declarative language registry (the runner holds no database credentials either)."""
    bad = {}
    for path in (ROOT / package).rglob("*.py"):
        names = imports(path)
        wrong = (names & {"docker"}) | (runner_modules(path) - {"sandbox.languages"})
        if "judge" in names:
            judge = {n.module for n in ast.walk(ast.parse(path.read_text()))
                     if isinstance(n, ast.ImportFrom) and n.module
                     and n.module.startswith("judge")}
            wrong |= judge - {"judge", "protocol"}
        if wrong:
            bad[str(path.relative_to(ROOT))] = sorted(wrong)
    assert bad == {}


def test_services_never_raise_http_exceptions() -> None:
    """Services raise kit.errors; one place (kit.web.problems) maps them to problem+json."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "lms").rglob("*.py")
                 for n in ast.walk(ast.parse(p.read_text()))
                 if isinstance(n, ast.ImportFrom) and any(a.name == "HTTPException"
                                                          for a in n.names)]
    assert offenders == []
