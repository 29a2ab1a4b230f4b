from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring.package import PackageError, load
from scoring.points import Mode
from scoring.verdicts import Verdict

LANGS = ("python3", "c", "cpp", "java", "javascript")


def make(tmp_path: Path, **manifest: Any) -> Path:
    base: dict[str, Any] = {"id": "sum", "title": "Sum", "statement": "statement.md",
                            "solutions": [{"file": "ok.py", "verdict": "AC"}]}
    base.update(manifest)
    base = {k: v for k, v in base.items() if v is not None}
    (tmp_path / "challenge.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "statement.md").write_text("# Sum\n")
    (tmp_path / "ok.py").write_text("print(sum(map(int, input().split())))\n")
    (tmp_path / "tests").mkdir(exist_ok=True)
    for name, (i, o) in {"01": ("1 2\n", "3\n"), "02": ("5 5\n", "10\n")}.items():
        (tmp_path / "tests" / f"{name}.in").write_text(i)
        (tmp_path / "tests" / f"{name}.out").write_text(o)
    return tmp_path


def test_a_minimal_package_loads_with_defaults(tmp_path: Path) -> None:
    pkg = load(make(tmp_path, samples=["01"]), LANGS)
    assert pkg.id == "sum" and pkg.checker.name == "tokens" and pkg.scoring is Mode.ICPC
    assert pkg.order == ["01", "02"] and pkg.test("01").sample and not pkg.test("02").sample
    assert pkg.time_limit == 1.0 and pkg.memory_mb == 256 and pkg.languages == LANGS
    assert pkg.reference is not None and pkg.reference.language == "python3"


def test_zip_packages_load(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    src = make(tmp_path / "p")
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in src.rglob("*"):
            if f.is_file():
                zf.write(f, Path("sum") / f.relative_to(src))
    assert load(archive, LANGS).id == "sum"


def test_zip_with_unsafe_paths_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/x", "boom")
    with pytest.raises(PackageError, match="unsafe path"):
        load(archive, LANGS)


@pytest.mark.parametrize(("manifest", "field"), [
    ({"id": "Bad Id"}, "id"),
    ({"title": None}, "title"),
    ({"statement": "missing.md"}, "statement"),
    ({"statement": "../../etc/passwd"}, "statement"),
    ({"limits": {"time": -1}}, "limits.time"),
    ({"limits": {"time": "fast"}}, "limits.time"),
    ({"limits": {"memory": 4}}, "limits.memory"),
    ({"limits": {"output": 0}}, "limits.output"),
    ({"limits": {"output": 4096}}, "limits.output"),
    ({"limits": {"output": "lots"}}, "limits.output"),
    ({"limits": {"tme": 1}}, "limits.tme"),
    ({"checker": "fuzzy"}, "checker.name"),
    ({"checker": {"name": "floats", "eps": 1}}, "checker.eps"),
    ({"checker": {"name": "custom"}}, "checker.source"),
    ({"scoring": "best"}, "scoring"),
    ({"scoring": "groups"}, "groups"),
    ({"scoring": "groups", "groups": [{"name": "g", "tests": ["zz*"]}]}, "groups[0].tests"),
    ({"scoring": "groups", "groups": [{"name": "g", "tests": ["0*"], "depends_on": ["h"]}]},
     "groups[0].depends_on"),
    ({"scoring": "partial", "points": {"99": 5}}, "points.99"),
    ({"samples": ["07"]}, "samples"),
    ({"languages": ["cobol"]}, "languages"),
    ({"solutions": [{"file": "ok.py", "verdict": "GOOD"}]}, "solutions[0].verdict"),
    ({"solutions": [{"file": "nope.py"}]}, "solutions[0].file"),
    ({"solutions": [{"file": "ok.py"}], "languages": ["c"]}, "solutions[0].language"),
    ({"colour": "blue"}, "colour"),
    ({"type": "quiz"}, "type"),
    ({"generator": {"source": "ok.py"}}, "generator.tests"),
])
def test_malformed_manifests_name_the_field(tmp_path: Path, manifest: dict[str, Any],
                                            field: str) -> None:
    with pytest.raises(PackageError) as err:
        load(make(tmp_path, **manifest), LANGS)
    assert err.value.where == field, str(err.value)


def test_missing_expected_output_is_named(tmp_path: Path) -> None:
    root = make(tmp_path)
    (root / "tests" / "02.out").unlink()
    with pytest.raises(PackageError, match=r"tests/02.in: has no tests/02.out"):
        load(root, LANGS)


def test_numbers_with_an_exponent_are_numbers(tmp_path: Path) -> None:
    root = make(tmp_path)
    manifest = (root / "challenge.yaml").read_text()
    (root / "challenge.yaml").write_text(
        manifest + "checker: {name: floats, abs_eps: 1e-6, rel_eps: 2E-9}\n"
                   "limits: {time: 5e-1, memory: 256, output: 1e1}\n")
    pkg = load(root, LANGS)
    assert pkg.checker.params == {"abs_eps": 1e-6, "rel_eps": 2e-9}
    assert pkg.time_limit == 0.5 and pkg.output_mb == 10.0


def test_output_limit_defaults_to_16_mb(tmp_path: Path) -> None:
    assert load(make(tmp_path), LANGS).output_mb == 16.0


def test_languages_are_named_by_any_alias_and_kept_canonical(tmp_path: Path) -> None:
    root = make(tmp_path, languages=["Python", "js", "c++"], starter={"py": "ok.py"},
                solutions=[{"file": "ok.py", "language": "python"}])
    pkg = load(root, LANGS, {"python": "python3", "py": "python3", "js": "javascript",
                             "c++": "cpp"})
    assert pkg.languages == ("python3", "javascript", "cpp")
    assert set(pkg.starter) == {"python3"} and pkg.solutions[0].language == "python3"
    with pytest.raises(PackageError) as err:
        load(root, LANGS)  # without the aliases they are unknown names
    assert err.value.where == "languages"


def test_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "challenge.yaml").write_text("id: [unclosed\n")
    with pytest.raises(PackageError, match="not valid YAML"):
        load(tmp_path, LANGS)


def test_groups_and_generated_tests(tmp_path: Path) -> None:
    root = make(tmp_path, scoring="groups", groups=[
        {"name": "samples", "points": 0, "tests": ["01"]},
        {"name": "rest", "points": 100, "tests": ["0*", "big*"], "depends_on": ["samples"]}],
        generator={"source": "ok.py", "tests": [{"name": "big1", "args": [10, "x"]}]},
        solutions=[{"file": "ok.py"}, {"file": "ok.py", "verdict": "TLE"}])
    pkg = load(root, LANGS)
    assert [g.tests for g in pkg.groups] == [("01",), ("01", "02", "big1")]
    assert pkg.test("big1").generator_args == ("10", "x")
    assert [s.verdict for s in pkg.solutions] == [Verdict.AC, Verdict.TLE]


def test_function_spec_errors_name_the_field(tmp_path: Path) -> None:
    root = make(tmp_path, type="function", function={"name": "f", "params": ["a"],
                                                     "java": {"params": ["float"],
                                                              "returns": "int"}})
    (root / "tests" / "01.json").write_text('{"args": [1], "expected": 1}')
    with pytest.raises(PackageError) as err:
        load(root, LANGS)
    assert err.value.where.startswith("function.java.params"), str(err.value)
