"""Challenge packages: a directory (or zip) with `challenge.yaml`. Parsing and validation only;
every error names the manifest field it is about. See docs/PACKAGES.md."""

from __future__ import annotations

import fnmatch
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import yaml

from scoring import checkers, functions
from scoring.points import Group, Mode
from scoring.verdicts import Verdict

MANIFEST = "challenge.yaml"
EXTENSIONS = {".py": "python3", ".c": "c", ".cpp": "cpp", ".cc": "cpp", ".java": "java",
              ".js": "javascript", ".go": "go", ".rs": "rust", ".rb": "ruby", ".php": "php",
              ".cs": "csharp", ".kt": "kotlin", ".ts": "typescript", ".sh": "bash",
              ".hs": "haskell", ".sql": "sql"}
# SQL challenges run on SQLite ("sql", the default) or, where the package asks, PostgreSQL
SQL_DIALECTS = ("sql", "postgresql")


def language_of_file(path: Path, languages: tuple[str, ...]) -> str | None:
    """The language of a file, by its extension, for a package taking `languages`: a .sql file
    is in the package's own SQL dialect when the package does not take SQLite."""
    lang = EXTENSIONS.get(path.suffix)
    if lang == "sql" and "sql" not in languages:
        return next((d for d in languages if d in SQL_DIALECTS), lang)
    return lang


ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_ZIP_BYTES = 512 * 1024 * 1024
DEFAULT_OUTPUT_MB = 16.0
MAX_OUTPUT_MB = 1024.0  # the loader's own ceiling; a deployment caps lower (api settings)


class _ManifestLoader(yaml.SafeLoader):
    """YAML 1.1 reads `1e-6` (no dot) as a string; as YAML 1.2 and every JSON reader do, read
    any decimal with an exponent as a number."""


_ManifestLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."))


class PackageError(ValueError):
    """A malformed package; the message starts with the field it is about."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class

    name: str
    sample: bool = False
    input: Path | None = None  # stdio: NAME.in
    output: Path | None = None  # stdio: NAME.out; None for generated tests
    generator_args: tuple[str, ...] | None = None
    function_case: Path | None = None  # function: NAME.json


@dataclass(frozen=True)
class Program:
    path: Path
    language: str


@dataclass(frozen=True)
class Solution(Program):
    verdict: Verdict = Verdict.AC


@dataclass(frozen=True)
class CheckerSpec:
    name: str = "tokens"
    params: dict[str, Any] = field(default_factory=dict)
    program: Program | None = None


@dataclass(frozen=True)
class Package:
    root: Path
    id: str
    title: str
    statement: str
    type: str
    time_limit: float
    memory_mb: int
    checker: CheckerSpec
    scoring: Mode
    tests: tuple[TestCase, ...]
    points: dict[str, float]
    groups: tuple[Group, ...]
    languages: tuple[str, ...]
    starter: dict[str, str]
    solutions: tuple[Solution, ...]
    generator: Program | None = None
    function: functions.FunctionSpec | None = None
    output_mb: float = DEFAULT_OUTPUT_MB  # stdout cap per test: OLE past it
    # limits.time_factors: a factor pinned per language, over the runner's calibrated one
    time_factors: dict[str, float] = field(default_factory=dict)

    @property
    def reference(self) -> Solution | None:
        return next((s for s in self.solutions if s.verdict is Verdict.AC), None)

    @property
    def order(self) -> list[str]:
        return [t.name for t in self.tests]

    def test(self, name: str) -> TestCase:
        return next(t for t in self.tests if t.name == name)


def load(path: Path, known_languages: tuple[str, ...],
         aliases: Mapping[str, str] | None = None) -> Package:
    """Load a package directory, or a zip (extracted to a temporary directory that lives as
    long as the process). `aliases` maps other names of a language (lower case: "python",
    "js", "c++") to one of `known_languages`; the package holds only those canonical names."""
    if path.is_file() and zipfile.is_zipfile(path):
        path = _extract(path)
    if not path.is_dir():
        raise PackageError(str(path), "not a package directory or zip")
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise PackageError(MANIFEST, f"missing in {path}")
    try:
        data = yaml.load(manifest.read_text(), Loader=_ManifestLoader)  # a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PackageError(MANIFEST, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise PackageError(MANIFEST, "must be a mapping")
    return _Parser(path.resolve(), data, known_languages, aliases or {}).package()


_KEEP: list[tempfile.TemporaryDirectory[str]] = []


def _extract(archive: Path) -> Path:
    tmp = tempfile.TemporaryDirectory(prefix="uw-package-")
    _KEEP.append(tmp)
    return extract(archive, Path(tmp.name))


def extract(archive: Path | IO[bytes], into: Path) -> Path:
    """Unpack a package zip safely (no absolute or `..` paths, bounded size); returns the
    package root (see package_root)."""
    where = str(archive) if isinstance(archive, Path) else "package"
    try:
        with zipfile.ZipFile(archive) as zf:
            total = 0
            for info in zf.infolist():
                name = PurePosixPath(info.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise PackageError(info.filename, "unsafe path in zip")
                total += info.file_size
                if total > MAX_ZIP_BYTES:
                    raise PackageError(where, "zip expands beyond 512 MiB")
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise PackageError(where, f"not a zip: {exc}") from None
    return package_root(into)


def package_root(tree: Path) -> Path:
    """A zip may hold the package at its top or inside one directory."""
    entries = list(tree.iterdir())
    if not (tree / MANIFEST).exists() and len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return tree


class _Parser:
    def __init__(self, root: Path, data: dict[str, Any], known: tuple[str, ...],
                 aliases: Mapping[str, str]) -> None:
        self.root, self.data, self.known, self.aliases = root, data, known, aliases

    def canon(self, lang: Any) -> Any:
        return self.aliases.get(lang.strip().lower(), lang) if isinstance(lang, str) else lang

    def package(self) -> Package:
        d = self.data
        unknown = set(d) - {"id", "title", "statement", "type", "limits", "checker", "scoring",
                            "samples", "points", "groups", "languages", "starter", "generator",
                            "solutions", "function", "tests"}
        if unknown:
            raise PackageError(sorted(unknown)[0], "unknown field")
        pid = self.text("id")
        if not ID.fullmatch(pid):
            raise PackageError("id", "lowercase letters, digits and dashes, at most 64")
        kind = d.get("type", "stdio")
        if kind not in ("stdio", "function", "sql"):
            raise PackageError("type", "must be stdio, function or sql")
        languages = self.languages(kind)
        generator = self.generator() if "generator" in d else None
        if generator is not None and kind == "sql":
            raise PackageError("generator", "SQL challenges have their tests in tests/*.json")
        tests = self.tests(kind, generator)
        scoring = self.scoring()
        order = [t.name for t in tests]
        return Package(
            root=self.root, id=pid, title=self.text("title"),
            statement=self.file("statement").read_text(), type=kind,
            time_limit=self.number("limits.time", self.limits().get("time", 1.0)),
            memory_mb=int(self.number("limits.memory", self.limits().get("memory", 256),
                                      low=16, high=8192)),
            output_mb=self.number("limits.output", self.limits().get("output", DEFAULT_OUTPUT_MB),
                                  low=0.001, high=MAX_OUTPUT_MB),
            time_factors=self.time_factors(),
            checker=self.checker(kind), scoring=scoring, tests=tuple(tests),
            points=self.points(order) if scoring is Mode.PARTIAL else {},
            groups=tuple(self.groups(order)) if scoring is Mode.GROUPS else (),
            languages=languages, starter=self.starter(languages),
            solutions=tuple(self.solutions(languages)), generator=generator,
            function=self.function() if kind == "function" else None,
        )

    def function(self) -> functions.FunctionSpec:
        value = self.data.get("function")
        if not isinstance(value, dict):
            raise PackageError("function", "function challenges need a function: mapping")
        try:
            return functions.spec_from_manifest(value)
        except functions.FunctionSpecError as exc:
            where, _, problem = str(exc).partition(": ")
            raise PackageError(where if problem else "function", problem or str(exc)) from None

    # -- helpers -----------------------------------------------------------------------------
    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PackageError(key, "required text")
        return value

    def path(self, where: str, rel: Any) -> Path:
        if not isinstance(rel, str) or not rel:
            raise PackageError(where, "must be a relative file path")
        p = (self.root / rel).resolve()
        if self.root not in p.parents:
            raise PackageError(where, f"{rel!r} points outside the package")
        if not p.is_file():
            raise PackageError(where, f"file {rel!r} not found")
        return p

    def file(self, key: str) -> Path:
        return self.path(key, self.data.get(key))

    def limits(self) -> dict[str, Any]:
        limits = self.data.get("limits", {})
        if not isinstance(limits, dict):
            raise PackageError("limits", "must be a mapping with time, memory and output")
        for key in limits:
            if key not in ("time", "memory", "output", "time_factors"):
                raise PackageError(f"limits.{key}", "unknown field (time, memory, output, "
                                   "time_factors)")
        return limits

    def time_factors(self) -> dict[str, float]:
        value = self.limits().get("time_factors", {})
        if not isinstance(value, dict):
            raise PackageError("limits.time_factors", "must be a mapping of language to factor")
        out = {}
        for name, factor in value.items():
            lang = self.canon(str(name))
            if lang not in self.known:
                raise PackageError(f"limits.time_factors.{name}",
                                   f"not one of {', '.join(self.known)}")
            out[lang] = self.number(f"limits.time_factors.{name}", factor, low=0.1, high=100.0)
        return out

    @staticmethod
    def number(where: str, value: Any, low: float = 0.01, high: float = 60.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PackageError(where, "must be a number")
        if not low <= value <= high:
            raise PackageError(where, f"must be between {low} and {high}")
        return float(value)

    def language_of(self, where: str, path: Path, explicit: Any) -> str:
        lang = self.canon(explicit) if explicit is not None else EXTENSIONS.get(path.suffix)
        if lang not in self.known:
            raise PackageError(where, f"language {lang!r} is not one of {', '.join(self.known)}")
        return str(lang)

    def program(self, where: str, spec: Any) -> Program:
        if not isinstance(spec, dict):
            raise PackageError(where, "must be a mapping with source (and language)")
        path = self.path(f"{where}.source", spec.get("source"))
        return Program(path, self.language_of(f"{where}.language", path, spec.get("language")))

    # -- sections ----------------------------------------------------------------------------
    def languages(self, kind: str) -> tuple[str, ...]:
        allowed = functions.LANGUAGES if kind == "function" else \
            SQL_DIALECTS if kind == "sql" else self.known
        value = self.data.get("languages", ["sql"] if kind == "sql" else list(allowed))
        if not isinstance(value, list) or not value:
            raise PackageError("languages", "must be a non-empty list")
        value = list(dict.fromkeys(self.canon(v) for v in value))
        for lang in value:
            if lang not in allowed:
                raise PackageError("languages", f"{lang!r} is not one of {', '.join(allowed)}")
        return tuple(value)

    def checker(self, kind: str) -> CheckerSpec:
        value = self.data.get("checker", "tokens")
        spec = {"name": value} if isinstance(value, str) else value
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise PackageError("checker", "a checker name or a mapping with name")
        name = spec["name"]
        if name not in checkers.ALL:
            raise PackageError("checker.name", f"{name!r} is not one of {', '.join(checkers.ALL)}")
        if kind == "sql" and "checker" in self.data:
            raise PackageError("checker", "SQL challenges compare result tables")
        if kind == "function" and "checker" in self.data:
            raise PackageError("checker", "function challenges compare return values")
        params = {k: v for k, v in spec.items() if k not in ("name", "source", "language")}
        if name == "custom":
            return CheckerSpec(name, {}, self.program("checker", spec))
        allowed = checkers.PARAMS.get(name, set())
        for key, val in params.items():
            if key not in allowed:
                raise PackageError(f"checker.{key}", f"not a parameter of {name}")
            self.number(f"checker.{key}", val, low=0.0, high=1e9)
        return CheckerSpec(name, params)

    def scoring(self) -> Mode:
        value = self.data.get("scoring", "icpc")
        try:
            return Mode(value)
        except ValueError:
            raise PackageError("scoring", "must be icpc, partial or groups") from None

    def generator(self) -> Program:
        spec = self.data["generator"]
        program = self.program("generator", spec)
        if not isinstance(spec.get("tests"), list) or not spec["tests"]:
            raise PackageError("generator.tests", "must list tests: {name, args}")
        return program

    def tests(self, kind: str, generator: Program | None) -> list[TestCase]:
        if "tests" in self.data:
            raise PackageError("tests", "tests are files in tests/ (or generator.tests)")
        samples = self.data.get("samples", [])
        if not isinstance(samples, list):
            raise PackageError("samples", "must be a list of test names")
        samples = [str(s) for s in samples]
        folder = self.root / "tests"
        found: list[TestCase] = []
        if kind in ("function", "sql"):  # tests/NAME.json (scoring.functions, scoring.tables)
            for case in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                found.append(TestCase(case.stem, case.stem in samples, function_case=case))
        else:
            for inp in sorted(folder.glob("*.in")) if folder.is_dir() else []:
                out = inp.with_suffix(".out")
                if not out.is_file():
                    raise PackageError(f"tests/{inp.name}", f"has no tests/{out.name}")
                found.append(TestCase(inp.stem, inp.stem in samples, input=inp, output=out))
        if generator is not None:
            for i, spec in enumerate(self.data["generator"]["tests"]):
                where = f"generator.tests[{i}]"
                if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                    raise PackageError(where, "must be {name, args}")
                args = spec.get("args", [])
                if not isinstance(args, list):
                    raise PackageError(f"{where}.args", "must be a list")
                found.append(TestCase(spec["name"], spec["name"] in samples,
                                      generator_args=tuple(str(a) for a in args)))
        names = [t.name for t in found]
        if not found:
            raise PackageError("tests", "the package has no tests")
        if len(set(names)) != len(names):
            raise PackageError("tests", "test names must be unique")
        for s in samples:
            if s not in names:
                raise PackageError("samples", f"no test named {s!r}")
        return found

    def points(self, order: list[str]) -> dict[str, float]:
        value = self.data.get("points")
        if value is None:
            return {n: 100.0 / len(order) for n in order}
        if not isinstance(value, dict):
            raise PackageError("points", "must map test names to points")
        for name in value:
            if str(name) not in order:
                raise PackageError(f"points.{name}", "no such test")
        return {n: self.number(f"points.{n}", value.get(n, 0), low=0, high=1e6) for n in order}

    def groups(self, order: list[str]) -> list[Group]:
        value = self.data.get("groups")
        if not isinstance(value, list) or not value:
            raise PackageError("groups", "groups scoring needs a list of groups")
        groups: list[Group] = []
        for i, g in enumerate(value):
            where = f"groups[{i}]"
            if not isinstance(g, dict) or not isinstance(g.get("name"), str):
                raise PackageError(where, "must be {name, points, tests, depends_on}")
            patterns = g.get("tests")
            if not isinstance(patterns, list) or not patterns:
                raise PackageError(f"{where}.tests", "must list test names or patterns")
            tests = [n for n in order if any(fnmatch.fnmatchcase(n, str(p)) for p in patterns)]
            if not tests:
                raise PackageError(f"{where}.tests", f"{patterns} match no test")
            deps = g.get("depends_on", [])
            known = {x.name for x in groups}
            for dep in deps:
                if dep not in known:
                    raise PackageError(f"{where}.depends_on", f"{dep!r} is not an earlier group")
            points = self.number(f"{where}.points", g.get("points", 0), low=0, high=1e6)
            groups.append(Group(g["name"], points, tuple(tests), tuple(deps)))
        return groups

    def starter(self, languages: tuple[str, ...]) -> dict[str, str]:
        value = self.data.get("starter", {})
        if not isinstance(value, dict):
            raise PackageError("starter", "must map languages to files")
        out = {}
        for name, rel in value.items():
            lang = self.canon(name)
            if lang not in languages:
                raise PackageError(f"starter.{name}", "not an allowed language")
            out[lang] = self.path(f"starter.{name}", rel).read_text()
        return out

    def solutions(self, languages: tuple[str, ...]) -> list[Solution]:
        value = self.data.get("solutions", [])
        if not isinstance(value, list):
            raise PackageError("solutions", "must be a list of {file, verdict}")
        out = []
        for i, s in enumerate(value):
            where = f"solutions[{i}]"
            if not isinstance(s, dict):
                raise PackageError(where, "must be {file, verdict}")
            path = self.path(f"{where}.file", s.get("file"))
            lang = self.language_of(f"{where}.language", path,
                                    s.get("language") or language_of_file(path, languages))
            if lang not in languages:
                raise PackageError(f"{where}.language", f"{lang} is not allowed by languages")
            try:
                verdict = Verdict(s.get("verdict", "AC"))
            except ValueError:
                raise PackageError(f"{where}.verdict", "must be a verdict such as AC, WA, TLE, "
                                                       "MLE, RE, CE") from None
            out.append(Solution(path, lang, verdict))
        return out
