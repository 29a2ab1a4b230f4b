"""The architecture's rules, checked on the code (README "Layout"; shared/STYLE.md).

Every first-party package may import only the packages listed for it: the sandbox, the scorer
and the protocol stand alone; the judge and the runner host never reach the database side; the
kit and the models know no feature; the grading service never imports the learning product;
nothing but the command line imports the composition root (`app`).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"sandbox", "scoring", "judge", "runnerhost", "protocol", "kit", "models", "accounts",
        "grading", "lms", "app", "cli", "seccomp", "media"}
ALLOWED = {
    "seccomp": set(),
    "protocol": set(),
    "scoring": set(),
    "sandbox": {"seccomp"},
    "media": {"sandbox"},  # ffmpeg's command lines, run in the media sandbox
    "judge": {"sandbox", "scoring", "protocol"},
    "runnerhost": {"judge", "sandbox", "protocol"},
    "kit": {"protocol"},
    "models": {"kit"},
    "accounts": {"kit", "models"},
    "grading": {"kit", "models", "accounts", "protocol", "scoring", "sandbox"},
    "lms": {"kit", "models", "accounts", "protocol", "grading", "media"},
    "app": {"kit", "models", "accounts", "protocol", "grading", "lms"},
    "cli": OURS - {"cli"},
}
DATABASE_SIDE = ("kit", "models", "accounts", "grading", "lms", "app")
THIRD_PARTY_LIMITS = {  # package -> third-party modules it must never import
    "scoring": {"docker", "redis", "rq", "sqlalchemy", "fastapi", "httpx"},
    "protocol": {"docker", "redis", "rq", "sqlalchemy", "fastapi", "httpx", "pydantic"},
    "sandbox": {"redis", "rq", "sqlalchemy", "fastapi"},
    "media": {"docker", "redis", "rq", "sqlalchemy", "fastapi"},
    "judge": {"sqlalchemy", "fastapi"},
    "runnerhost": {"sqlalchemy", "fastapi"},
}
DOCKER_ALLOWED = {"sandbox/box.py", "sandbox/pool.py", "sandbox/docker_sandbox.py",
                  "sandbox/media.py",
                  "sandbox/images.py", "sandbox/bare.py", "cli/images_cmd.py",
                  "cli/selftest_cmd.py"}


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every absolute import, at module level or inside a function (a lazy import counts)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def tops(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_every_package_is_covered() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} - {"tests"}
    assert packages == OURS == set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_follow_the_layers(package: str) -> None:
    bad = {rel(p): sorted((tops(p) & OURS) - ALLOWED[package] - {package})
           for p in sources(package)}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.mark.parametrize("package", sorted(THIRD_PARTY_LIMITS))
def test_pure_packages_stay_pure(package: str) -> None:
    bad = {rel(p): sorted(tops(p) & THIRD_PARTY_LIMITS[package]) for p in sources(package)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_nothing_imports_the_composition_root() -> None:
    users = {rel(p) for pkg in OURS - {"app", "cli"} for p in sources(pkg) if "app" in tops(p)}
    assert users == set()


def test_docker_is_imported_only_by_the_sandbox_seam() -> None:
    users = {rel(p) for pkg in OURS for p in sources(pkg) if "docker" in tops(p)}
    assert users <= DOCKER_ALLOWED, users - DOCKER_ALLOWED


@pytest.mark.parametrize("package", DATABASE_SIDE)
def test_the_database_side_never_touches_the_sandbox(package: str) -> None:
    """It hands runners a RunRequest as data (protocol.queues): of the sandbox only its
    declarative language registry, nothing of the judge or the runner host, no Docker."""
    bad = {}
    for path in sources(package):
        sandbox = {m for m in imported_modules(path) if m.split(".")[0] == "sandbox"}
        wrong = (sandbox - {"sandbox.languages"}) | (tops(path) & {"docker", "judge",
                                                                   "runnerhost"})
        if wrong:
            bad[rel(path)] = sorted(wrong)
    assert bad == {}


def test_no_import_cycles() -> None:
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" /
                                                  "import_graph.py")
    assert spec is not None and spec.loader is not None
    graph = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = graph
    spec.loader.exec_module(graph)
    for depth in (1, 2):
        edges, _ = graph.graph(depth)
        assert graph.cycles(edges) == [], f"import cycles at depth {depth}"


def test_services_never_raise_http_exceptions() -> None:
    """Services raise kit.errors; one place (kit.web.problems) maps them to problem+json."""
    offenders = [rel(p) for pkg in DATABASE_SIDE if pkg != "app" for p in sources(pkg)
                 for n in ast.walk(ast.parse(p.read_text()))
                 if isinstance(n, ast.ImportFrom) and any(a.name == "HTTPException"
                                                          for a in n.names)
                 and rel(p) != "kit/web/problems.py"]
    assert offenders == []


# -- the wire contract is spelled in protocol/ only ---------------------------------------------
EVENT_TYPES = {"queued", "started", "compiling", "compiled", "test", "final", "error"}
WIRE_LITERAL = re.compile(r"^(uw:|check-([0-9a-f]|$))")  # "check-" alone: an f-string's head


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def wire_literals(path: Path) -> list[str]:
    """Redis keys and subjects spelled as strings, and event types compared or emitted as
    strings (`event.type == "final"`, `emit("test", ...)`), instead of protocol's names."""
    tree = ast.parse(path.read_text())
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in skip and WIRE_LITERAL.match(node.value):
            found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Compare) and _is_event_type(node.left):
            found += [f"{node.lineno}: compares {c.value!r}" for c in node.comparators
                      if isinstance(c, ast.Constant) and c.value in EVENT_TYPES]
        elif isinstance(node, ast.Call) and _callee(node) in {"emit", "encode_event", "encode"} \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and node.args[0].value in EVENT_TYPES:
            found.append(f"{node.lineno}: {_callee(node)}({node.args[0].value!r})")
    return found


def _is_event_type(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "type") or (
        isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
        and node.slice.value == "type")


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_no_wire_literals_outside_the_protocol() -> None:
    bad = {rel(p): wire_literals(p) for pkg in OURS - {"protocol"} for p in sources(pkg)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_wire_literal_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('key = "uw:events:x"\nif event.type == "final": pass\nemit("test", {})\n'
                      'subject = f"check-{vid}"\n')
    assert len(wire_literals(sample)) == 4


# -- one clock on the database side -------------------------------------------------------------
CLOCK_READS = {("datetime", "now"), ("datetime", "utcnow"), ("time", "time"),
               ("time", "monotonic")}


def clock_reads(path: Path) -> list[int]:
    return [n.lineno for n in ast.walk(ast.parse(path.read_text()))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name) and (n.func.value.id, n.func.attr)
            in CLOCK_READS]


def test_the_database_side_reads_time_only_through_the_clock() -> None:
    bad = {rel(p): clock_reads(p) for pkg in DATABASE_SIDE for p in sources(pkg)
           if rel(p) != "kit/clock.py"}
    assert {k: v for k, v in bad.items() if v} == {}


# -- outside services and queues only behind their seams ----------------------------------------
SEAMS = {  # third-party client -> the only database-side modules that may import it
    "boto3": {"kit/storage.py"}, "botocore": {"kit/storage.py"},
    "smtplib": {"kit/mail.py"},
    "rq": {"kit/dispatch.py"},
}


@pytest.mark.parametrize("client", sorted(SEAMS))
def test_outside_clients_live_in_their_seam(client: str) -> None:
    users = {rel(p) for pkg in DATABASE_SIDE for p in sources(pkg) if client in tops(p)}
    assert users <= SEAMS[client], users - SEAMS[client]


def test_services_hand_work_over_through_the_dispatcher() -> None:
    """A service enqueues through a dispatcher (kit.dispatch, grading.dispatch: after commit, by
    itself), never a raw client."""
    bad = {rel(p): sorted(tops(p) & {"redis", "rq"}) for pkg in DATABASE_SIDE
           for p in sources(pkg) if p.name == "service.py"}
    assert {k: v for k, v in bad.items() if v} == {}
