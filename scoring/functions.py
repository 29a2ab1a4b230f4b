"""Function challenges (LeetCode/Codewars style): the learner writes one function and the engine
generates the program around it. Pure: standard library only, no sandbox/api/docker imports.

A test runs the generated driver (the job's entry file) with stdin

    <nonce>\\n<JSON array of the arguments>\\n

The driver reads all of stdin *before* the learner's code is loaded, then replaces stdin with an
empty stream, so learner code cannot read the nonce from it. It calls the function with the
language's stdout sent to stderr, serialises the return value with its own serialiser (captured
before the learner's code ran, so monkeypatching `json.dumps`, `JSON.stringify`, `print`,
`System.setOut`... does not change what it writes; in C++ the reader runs in a constructor
before the learner's static initialisers) and writes exactly one line

    \\n<nonce> <JSON of the return value>\\n

to the real stdout (the leading newline ends any partial line the learner left there). If the
function throws, the program exits non-zero with the exception on stderr. The value is compared
with the test's expected value outside the sandbox (`read_result`, `values_equal`).

Limit (in-process driver): the nonce is in the learner's address space while the function runs,
so a learner who searches their own process memory (frames, /proc/self/mem, a heap dump) can
find it and print a forged line. That gains nothing over returning the forged value: the
expected value never enters the sandbox, and whatever any driver reports is a value the
learner's process chose (with the nonce kept in another process, the learner's process could
write the forged value into the channel to it instead).
"""

from __future__ import annotations

import json
import keyword
import math
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRIVERS = Path(__file__).resolve().parent / "drivers"


def _template(name: str) -> str:
    """A driver's source template (scoring/drivers/), with __PLACEHOLDERS__ filled in below."""
    return (DRIVERS / name).read_text()


LEARNER_FILE: dict[str, str] = {"python3": "solution.py", "javascript": "solution.js",
                                "java": "Solution.java", "cpp": "solution.cpp", "c": "solution.c",
                                "typescript": "solution.ts", "go": "solution.go",
                                "ruby": "solution.rb", "php": "solution.php",
                                "csharp": "Solution.cs", "kotlin": "Solution.kt",
                                "rust": "solution.rs", "haskell": "Solution.hs"}
ENTRY_FILE: dict[str, str] = {"python3": "main.py", "javascript": "main.js", "java": "Main.java",
                              "cpp": "main.cpp", "c": "main.c", "typescript": "main.ts",
                              "go": "main.go", "ruby": "main.rb", "php": "main.php",
                              "csharp": "Main.cs", "kotlin": "Main.kt", "rust": "main.rs",
                              "haskell": "Main.hs"}
LANGUAGES = tuple(LEARNER_FILE)


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    params: tuple[str, ...]
    java_params: tuple[str, ...] = ()  # e.g. ("int[]", "int")
    java_returns: str = ""  # e.g. "int[]"; "" when the challenge has no Java signature
    float_eps: float = 1e-9


class FunctionSpecError(ValueError):
    """A bad `function:` manifest field (the message names it), an unsupported language, or
    test arguments that do not fit the declared signature."""


# --- names and Java types ---------------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_JS_RESERVED = frozenset("""
await break case catch class const continue debugger default delete do else enum export extends
false finally for function if implements import in instanceof interface let new null package
private protected public return static super switch this throw true try typeof var void while
with yield arguments eval undefined NaN Infinity
""".split())
_JAVA_RESERVED = frozenset("""
abstract assert boolean break byte case catch char class const continue default do double else
enum extends final finally float for goto if implements import instanceof int interface long
native new package private protected public return short static strictfp super switch
synchronized this throw throws transient try void volatile while true false null var yield
_
""".split())
_RESERVED = frozenset(keyword.kwlist) | _JS_RESERVED | _JAVA_RESERVED

_JAVA_BASES = ("int", "long", "double", "boolean", "String")
_JAVA_LIST_ELEMENTS = {"Integer": "int", "Long": "long", "String": "String"}
_JAVA_TYPES_HELP = ("int, long, double, boolean, String, their arrays (int[], int[][], "
                    "String[], ...) and List<Integer>, List<Long>, List<String>")
_INT_RANGE = {"int": (-(2 ** 31), 2 ** 31 - 1), "long": (-(2 ** 63), 2 ** 63 - 1)}


@dataclass(frozen=True)
class _JavaType:
    base: str  # one of _JAVA_BASES (for a List: its element's primitive or String)
    dims: int  # array dimensions, 0..2
    is_list: bool = False

    @property
    def source(self) -> str:
        if self.is_list:
            boxed = {"int": "Integer", "long": "Long", "String": "String"}[self.base]
            return f"List<{boxed}>"
        return self.base + "[]" * self.dims


def _parse_java_type(text: str) -> _JavaType | None:
    t = re.sub(r"\s+", "", text)
    m = re.fullmatch(r"List<(\w+)>", t)
    if m:
        element = _JAVA_LIST_ELEMENTS.get(m.group(1))
        return _JavaType(element, 1, True) if element else None
    m = re.fullmatch(r"(\w+)((?:\[\])*)", t)
    if m and m.group(1) in _JAVA_BASES and len(m.group(2)) // 2 <= 2:
        return _JavaType(m.group(1), len(m.group(2)) // 2)
    return None


def _check_identifier(field: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise FunctionSpecError(f"{field}: must be a non-empty string")
    if not _IDENT.fullmatch(value):
        raise FunctionSpecError(f"{field}: {value!r} is not an identifier (letters, digits and "
                                f"underscores, not starting with a digit)")
    if value in _RESERVED:
        raise FunctionSpecError(f"{field}: {value!r} is a reserved word in Python, JavaScript "
                                f"or Java")
    return value


def _string_list(field: str, value: object) -> list[str]:
    if not isinstance(value, list):
        raise FunctionSpecError(f"{field}: must be a list")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise FunctionSpecError(f"{field}[{i}]: must be a string")
    return list(value)


def spec_from_manifest(data: dict[str, Any]) -> FunctionSpec:
    """The spec from the manifest's `function:` mapping:

        {name: two_sum, params: [nums, target],
         java: {params: ["int[]", "int"], returns: "int[]"},   # optional: needed for Java
         float_eps: 1.0e-9}                                    # optional
    """
    if not isinstance(data, dict):
        raise FunctionSpecError("function: must be a mapping with name and params")
    unknown = sorted(set(data) - {"name", "params", "java", "float_eps"}, key=str)
    if unknown:
        raise FunctionSpecError(f"function.{unknown[0]}: unknown field (known: name, params, "
                                f"java, float_eps)")
    if "name" not in data:
        raise FunctionSpecError("function.name: required")
    name = _check_identifier("function.name", data["name"])
    if "params" not in data:
        raise FunctionSpecError("function.params: required (a list of parameter names)")
    params = _string_list("function.params", data["params"])
    for i, p in enumerate(params):
        _check_identifier(f"function.params[{i}]", p)
        if p in params[:i]:
            raise FunctionSpecError(f"function.params[{i}]: duplicate parameter {p!r}")

    java_params: tuple[str, ...] = ()
    java_returns = ""
    if "java" in data:
        java = data["java"]
        if not isinstance(java, dict):
            raise FunctionSpecError("function.java: must be a mapping with params and returns")
        unknown = sorted(set(java) - {"params", "returns"}, key=str)
        if unknown:
            raise FunctionSpecError(f"function.java.{unknown[0]}: unknown field (known: "
                                    f"params, returns)")
        for key in ("params", "returns"):
            if key not in java:
                raise FunctionSpecError(f"function.java.{key}: required")
        types = _string_list("function.java.params", java["params"])
        if len(types) != len(params):
            raise FunctionSpecError(f"function.java.params: {len(types)} type(s) for "
                                    f"{len(params)} parameter(s) {params}")
        parsed = []
        for i, t in enumerate(types):
            jt = _parse_java_type(t)
            if jt is None:
                raise FunctionSpecError(f"function.java.params[{i}]: unsupported Java type "
                                        f"{t!r}; supported: {_JAVA_TYPES_HELP}")
            parsed.append(jt.source)
        java_params = tuple(parsed)
        ret = java["returns"]
        jr = _parse_java_type(ret) if isinstance(ret, str) else None
        if jr is None:
            raise FunctionSpecError(f"function.java.returns: unsupported Java type {ret!r}; "
                                    f"supported: {_JAVA_TYPES_HELP}")
        java_returns = jr.source

    float_eps = 1e-9
    if "float_eps" in data:
        eps = data["float_eps"]
        if isinstance(eps, str) and re.fullmatch(r"\s*\d+(\.\d*)?[eE][-+]?\d+\s*", eps):
            raise FunctionSpecError(f"function.float_eps: must be a non-negative number (YAML "
                                    f"reads {eps!r} as a string: write it with a dot, 1.0e-6)")
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not math.isfinite(eps) \
                or eps < 0:
            raise FunctionSpecError("function.float_eps: must be a non-negative number")
        float_eps = float(eps)
    return FunctionSpec(name, tuple(params), java_params, java_returns, float_eps)


def check_args(spec: FunctionSpec, args: object, field: str = "args") -> None:
    """Raise FunctionSpecError unless `args` is a list with one value per parameter that fits the
    Java parameter type (when the spec has a Java signature). For checking test files."""
    if not isinstance(args, list):
        raise FunctionSpecError(f"{field}: must be a list of the arguments")
    if len(args) != len(spec.params):
        raise FunctionSpecError(f"{field}: {len(args)} argument(s) for {len(spec.params)} "
                                f"parameter(s) {list(spec.params)}")
    for i, (value, jt_text) in enumerate(zip(args, spec.java_params, strict=False)):
        jt = _parse_java_type(jt_text)
        assert jt is not None
        problem = _java_value_problem(jt, value)
        if problem:
            raise FunctionSpecError(f"{field}[{i}] ({spec.params[i]}): not a Java {jt.source}: "
                                    f"{problem}")


def _java_value_problem(jt: _JavaType, value: object) -> str:
    if jt.is_list or jt.dims:
        if value is None:
            return ""
        if not isinstance(value, list):
            return f"expected an array, got {_show(value)}"
        inner = _JavaType(jt.base, 0) if jt.is_list else _JavaType(jt.base, jt.dims - 1)
        for k, item in enumerate(value):
            if jt.is_list and item is None:
                continue
            problem = _java_value_problem(inner, item)
            if problem:
                return f"element {k}: {problem}"
        return ""
    if jt.base == "String":
        return "" if value is None or isinstance(value, str) else \
            f"expected a string, got {_show(value)}"
    if jt.base == "boolean":
        return "" if isinstance(value, bool) else f"expected true or false, got {_show(value)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected a number, got {_show(value)}"
    if jt.base == "double":
        return "" if math.isfinite(value) else f"expected a finite number, got {value}"
    if isinstance(value, float) and not value.is_integer():
        return f"expected an integer, got {value}"
    low, high = _INT_RANGE[jt.base]
    return "" if low <= value <= high else f"{value} is out of range for {jt.base}"


def _show(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- the test's stdin and its result ---------------------------------------------------------

_NONCE = re.compile(r"[0-9a-f]{16,128}")


def new_nonce() -> str:
    return secrets.token_hex(16)


def test_stdin(args: list[Any], nonce: str) -> bytes:
    """What the driver reads on stdin: the nonce line, then the arguments as one JSON array."""
    if not _NONCE.fullmatch(nonce):
        raise ValueError("the nonce must be lowercase hex (new_nonce())")
    if not isinstance(args, list):
        raise ValueError("args must be a list")
    text = json.dumps(args, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return f"{nonce}\n{text}\n".encode("ascii")


test_stdin.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def read_result(stdout: bytes, nonce: str) -> tuple[bool, object, str]:
    """(found, value, problem): the value of the LAST stdout line that starts with the nonce.
    Not found (with the reason in `problem`) when there is no such line or it is not JSON."""
    if not _NONCE.fullmatch(nonce):
        raise ValueError("the nonce must be lowercase hex (new_nonce())")
    prefix = nonce.encode("ascii") + b" "
    at = stdout.rfind(b"\n" + prefix)
    if at >= 0:
        start = at + 1
    elif stdout.startswith(prefix):
        start = 0
    else:
        return False, None, "the program ended without the function returning a value"
    end = stdout.find(b"\n", start)
    payload = stdout[start + len(prefix):end if end >= 0 else len(stdout)]
    try:
        value = json.loads(payload.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        return False, None, f"the result line is not valid JSON ({exc})"
    return True, value, ""


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _numbers_close(a: int | float, b: int | float, eps: float) -> bool:
    if a == b:  # exact, also for big ints against floats
        return True
    if isinstance(a, int) and isinstance(b, int):
        return False  # integers compare exactly
    try:
        fa, fb = float(a), float(b)
    except OverflowError:
        return False
    if math.isnan(fa) or math.isnan(fb) or math.isinf(fa) or math.isinf(fb):
        return False
    diff = abs(fa - fb)
    return diff <= eps or diff <= eps * max(abs(fa), abs(fb))


def values_equal(got: object, expected: object, float_eps: float = 1e-9) -> bool:
    """JSON-value equality. Numbers (not booleans) are equal within `float_eps`, absolute or
    relative (int 3 == float 3.0; two integers compare exactly); NaN equals nothing; lists
    elementwise; objects by the same keys with equal values."""
    if isinstance(got, bool) or isinstance(expected, bool):
        return isinstance(got, bool) and isinstance(expected, bool) and got is expected
    if _is_number(got) and _is_number(expected):
        return _numbers_close(got, expected, float_eps)  # type: ignore[arg-type]
    if expected is None or got is None:
        return got is None and expected is None
    if isinstance(expected, str) or isinstance(got, str):
        return isinstance(got, str) and isinstance(expected, str) and got == expected
    if isinstance(expected, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(expected)
                and all(values_equal(g, e, float_eps) for g, e in zip(got, expected,
                                                                      strict=True)))
    if isinstance(expected, dict):
        return (isinstance(got, dict) and got.keys() == expected.keys()
                and all(values_equal(got[k], expected[k], float_eps) for k in expected))
    return False


# --- the generated programs ------------------------------------------------------------------

def program_files(language: str, spec: FunctionSpec, learner_source: bytes) -> dict[str, bytes]:
    """The job's files: the learner's file and the generated driver (the entry file)."""
    if language == "python3":
        return {LEARNER_FILE[language]: learner_source,
                ENTRY_FILE[language]: _python_driver(spec).encode()}
    if language == "javascript":
        return {LEARNER_FILE[language]: learner_source + _js_export_shim(spec).encode(),
                ENTRY_FILE[language]: _js_driver(spec).encode()}
    if language == "typescript":  # type-checked by tsc, then the JavaScript driver runs it
        return {LEARNER_FILE[language]: learner_source + _ts_export_shim(spec).encode(),
                ENTRY_FILE[language]: _ts_driver(spec).encode()}
    if language == "java":
        return {LEARNER_FILE[language]: learner_source,
                ENTRY_FILE[language]: _java_driver(spec).encode()}
    drivers = {"cpp": _cpp_driver, "c": _c_driver, "go": _go_driver, "ruby": _ruby_driver,
               "php": _php_driver, "csharp": _csharp_driver, "kotlin": _kotlin_driver,
               "rust": _rust_driver, "haskell": _haskell_driver}
    if language == "haskell" and not _HS_MODULE.search(learner_source):
        learner_source = b"module Solution where\n" + learner_source  # the header, if left out
    if language in drivers:
        driver = drivers[language](spec)
        return {LEARNER_FILE[language]: learner_source, ENTRY_FILE[language]: driver.encode()}
    raise FunctionSpecError(f"function challenges support {', '.join(LANGUAGES)}, "
                            f"not {language!r}")


def _fill(template: str, **parts: str) -> str:
    """A driver template with each `__KEY__` replaced by its part, in the order given (the
    learner's function name last, so that no part is read as a placeholder)."""
    for key, value in parts.items():
        template = template.replace(f"__{key.upper()}__", value)
    return template


def _call_args(n: int, sep: str = ", ") -> str:
    """The driver's variables a0, a1... passed to the learner's function."""
    return sep.join(f"a{k}" for k in range(n))


_PY_DRIVER = _template("driver.py.tmpl")


def _python_driver(spec: FunctionSpec) -> str:
    return _fill(_PY_DRIVER, name_repr=repr(spec.name), name=spec.name)


_JS_SHIM_KEY = "__usefulwriterFunction"


def _js_export_shim(spec: FunctionSpec) -> str:
    """Appended to solution.js: hands a top-level (not exported) function to the driver. Runs in
    the module's own scope, after its code; harmless if the function is exported instead."""
    return (f"\n;try {{ module.{_JS_SHIM_KEY} = typeof {spec.name} === 'undefined' ? undefined "
            f": {spec.name}; }} catch (usefulwriterIgnored) {{ /* not declared */ }}\n")


def _ts_export_shim(spec: FunctionSpec) -> str:
    """The JavaScript shim for solution.ts, on one line that tsc does not check (the function
    may not exist, and `module` has no such property in its types)."""
    return ("\n// @ts-ignore\n" + _js_export_shim(spec).strip().lstrip(";")
            .replace("module.", "(module as any).") + "\n")


def _ts_driver(spec: FunctionSpec) -> str:
    """main.ts: the JavaScript driver, unchecked (it is ours), with solution.ts compiled (and
    type-checked) beside it as solution.js, which the driver loads."""
    return ('// @ts-nocheck\n/// <reference path="./solution.ts" />\n' + _js_driver(spec))


_JS_DRIVER = _template("driver.js.tmpl")


def _js_driver(spec: FunctionSpec) -> str:
    return _fill(_JS_DRIVER, name_json=json.dumps(spec.name), name=spec.name,
                 shim_key=_JS_SHIM_KEY)


_JAVA_CODES = {"int": "INT", "long": "LONG", "double": "DOUBLE", "boolean": "BOOLEAN",
               "String": "STRING"}
_JAVA_BOXED = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean",
               "String": "String"}

_JAVA_DRIVER = _template("Main.java.tmpl")


def _java_driver(spec: FunctionSpec) -> str:
    if not spec.java_returns:
        raise FunctionSpecError("function.java: required to run Java solutions (the Java "
                                "parameter and return types)")
    types = [_parse_java_type(t) for t in spec.java_params]
    ret = _parse_java_type(spec.java_returns)
    if ret is None or any(t is None for t in types) or len(types) != len(spec.params):
        raise FunctionSpecError("function.java: bad Java signature")
    decls = []
    for k, t in enumerate(types):
        assert t is not None
        cast = _JAVA_BOXED[t.base] if not t.is_list and t.dims == 0 else t.source
        decls.append(f"        final {t.source} a{k} = ({cast}) raw[{k}];")
    return _fill(_JAVA_DRIVER,
                 param_names=", ".join(json.dumps(p) for p in spec.params),
                 param_types=", ".join(
                     f"{{Json.{_JAVA_CODES[t.base]}, {t.dims}, {int(t.is_list)}}}"
                     for t in types if t is not None),
                 param_decls="\n".join(decls), returns=ret.source,
                 call_args=_call_args(len(types)), name=spec.name)


_CPP_BASES = {"int": "int", "long": "long long", "double": "double", "boolean": "bool",
              "String": "std::string"}
_CPP_DRIVER = _template("main.cpp.tmpl")


def cpp_type(java_type: str) -> str:
    """The C++ type of a declared (Java) type: int[][] is std::vector<std::vector<int>>,
    List<Long> is std::vector<long long>, String is std::string."""
    return _nested(java_type, _CPP_BASES, "std::vector<{}>")


def _nested(java_type: str, bases: dict[str, str], wrap: str) -> str:
    """A declared (Java) type in a language whose arrays and lists are one generic container:
    its base type wrapped once per dimension (`wrap` is e.g. "Vec<{}>" or "[]{}")."""
    jt = _parse_java_type(java_type)
    if jt is None:
        raise FunctionSpecError(f"unsupported type {java_type!r}")
    text = bases[jt.base]
    for _ in range(1 if jt.is_list else jt.dims):
        text = wrap.format(text)
    return text


def _typed_signature(spec: FunctionSpec, language: str) -> tuple[list[str], str]:
    if not spec.java_returns:
        raise FunctionSpecError(f"function.java: required to run {language} solutions (the "
                                f"parameter and return types, written as Java types)")
    return list(spec.java_params), spec.java_returns


def _cpp_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "C++")
    decls = [f"    {cpp_type(t)} a{k}{{}};" for k, t in enumerate(params)]
    reads = []
    for k, p in enumerate(spec.params):
        if k:
            reads.append("        r.expect(',');")
        reads.append(f"        r.read(a{k}, {json.dumps(p)});")
    return _fill(_CPP_DRIVER, param_decls="\n".join(decls), param_reads="\n".join(reads),
                 returns=cpp_type(returns), call_args=_call_args(len(params)), name=spec.name)


_C_BASES = {"int": ("int", "int"), "long": ("long long", "long"), "double": ("double", "double"),
            "boolean": ("bool", "bool"), "String": ("char *", "string")}
_C_DRIVER = _template("main.c.tmpl")


def c_signature(spec: FunctionSpec) -> str:
    """The C declaration the learner writes, in LeetCode's convention: an array parameter is
    the pointer and its size (a matrix also its column sizes), a returned array's size comes
    back through `int *returnSize` (a matrix's column sizes through `int **returnColumnSizes`)."""
    params, returns = _typed_signature(spec, "C")
    parts = []
    for name, t in zip(spec.params, params, strict=True):
        jt = _parse_java_type(t)
        assert jt is not None
        base = _C_BASES[jt.base][0]
        dims = 1 if jt.is_list else jt.dims
        star = "" if base.endswith("*") else " "
        if dims == 0:
            parts.append(f"{base}{star}{name}")
        elif dims == 1:
            parts += [f"{base}{star}*{name}", f"int {name}Size"]
        else:
            parts += [f"{base}{star}**{name}", f"int {name}Size", f"int *{name}ColSize"]
    rt = _parse_java_type(returns)
    assert rt is not None
    base = _C_BASES[rt.base][0]
    dims = 1 if rt.is_list else rt.dims
    if dims >= 1:
        parts.append("int *returnSize")
    if dims == 2:
        parts.append("int **returnColumnSizes")
    star = "" if base.endswith("*") else " "
    return f"{base}{star}{'*' * dims}{spec.name}({', '.join(parts)})"


def _c_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "C")
    decls, reads, args = [], [], []
    for k, (name, t) in enumerate(zip(spec.params, params, strict=True)):
        jt = _parse_java_type(t)
        assert jt is not None
        ctype, code = _C_BASES[jt.base]
        dims = 1 if jt.is_list else jt.dims
        what = json.dumps(name)
        if k:
            reads.append(f"    usefulwriter_expect(',', {what});")
        if dims == 0:
            decls.append(f"    {ctype} a{k};")
            reads.append(f"    usefulwriter_e_{code}(&a{k}, {what});")
            args.append(f"a{k}")
        elif dims == 1:
            decls.append(f"    {ctype} *a{k};\n    int a{k}_n;")
            reads.append(f"    a{k} = usefulwriter_array(sizeof(*a{k}), usefulwriter_e_{code}, "
                         f"&a{k}_n, {what});")
            args += [f"a{k}", f"a{k}_n"]
        else:
            decls.append(f"    {ctype} **a{k};\n    int a{k}_n, *a{k}_cols;")
            reads.append(f"    a{k} = usefulwriter_matrix(sizeof(**a{k}), usefulwriter_e_{code}, "
                         f"&a{k}_n, &a{k}_cols, {what});")
            args += [f"a{k}", f"a{k}_n", f"a{k}_cols"]
    rt = _parse_java_type(returns)
    assert rt is not None
    ctype, code = _C_BASES[rt.base]
    dims = 1 if rt.is_list else rt.dims
    if dims == 0:
        call = f"    {ctype} result = {spec.name}({', '.join(args)});"
        write = f"    usefulwriter_w_{code}(&result);"
    elif dims == 1:
        call = (f"    int result_n = 0;\n"
                f"    {ctype} *result = {spec.name}({', '.join([*args, '&result_n'])});")
        write = (f"    usefulwriter_w_array(result, result_n, sizeof(*result), "
                 f"usefulwriter_w_{code});")
    else:
        call = (f"    int result_n = 0, *result_cols = NULL;\n"
                f"    {ctype} **result = "
                f"{spec.name}({', '.join([*args, '&result_n', '&result_cols'])});")
        write = (f"    usefulwriter_w_matrix((void *const *)result, result_n, result_cols, "
                 f"sizeof(**result), usefulwriter_w_{code});")
    return _fill(_C_DRIVER, param_decls="\n".join(decls), param_reads="\n".join(reads),
                 call=call, write=write, name=spec.name)


_GO_BASES = {"int": "int", "long": "int64", "double": "float64", "boolean": "bool",
             "String": "string"}
_GO_DRIVER = _template("main.go.tmpl")


def go_type(java_type: str) -> str:
    """The Go type of a declared (Java) type: int[][] is [][]int, List<Long> is []int64."""
    return _nested(java_type, _GO_BASES, "[]{}")


def _go_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "Go")
    decls = []
    for k, (name, t) in enumerate(zip(spec.params, params, strict=True)):
        decls.append(f"\tvar a{k} {go_type(t)}\n\tusefulwriterArg({k}, {json.dumps(name)}, &a{k})")
    return _fill(_GO_DRIVER, param_decls="\n".join(decls), returns=go_type(returns),
                 arity=str(len(params)), call_args=_call_args(len(params)), name=spec.name)


_RUBY_DRIVER = _template("main.rb.tmpl")
_PHP_DRIVER = _template("main.php.tmpl")


def _ruby_driver(spec: FunctionSpec) -> str:
    """main.rb: loads solution.rb, whose top-level `def NAME(...)` it calls."""
    return _fill(_RUBY_DRIVER, name_sym=f":{spec.name}", name=spec.name)


def _php_driver(spec: FunctionSpec) -> str:
    """main.php: requires solution.php, whose `function NAME(...)` it calls."""
    return _fill(_PHP_DRIVER, name_php=f"'{spec.name}'", name=spec.name)


_CS_BASES = {"int": "int", "long": "long", "double": "double", "boolean": "bool",
             "String": "string"}
_CS_DRIVER = _template("Main.cs.tmpl")


def csharp_type(java_type: str) -> str:
    """The C# type of a declared (Java) type: int[][] is int[][], List<Long> is List<long>."""
    jt = _parse_java_type(java_type)
    if jt is None:
        raise FunctionSpecError(f"unsupported type {java_type!r}")
    if jt.is_list:
        return f"System.Collections.Generic.List<{_CS_BASES[jt.base]}>"
    return _CS_BASES[jt.base] + "[]" * jt.dims


def _csharp_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "C#")
    types = [_parse_java_type(t) for t in params]
    codes = []
    for t in types:
        assert t is not None
        codes.append(f"new int[] {{{list(_JAVA_CODES).index(t.base)}, {t.dims}, "
                     f"{int(t.is_list)}}}")
    decls = [f"        var a{k} = ({csharp_type(t)}) raw[{k}];" for k, t in enumerate(params)]
    return _fill(_CS_DRIVER, param_names=", ".join(json.dumps(p) for p in spec.params),
                 param_types=", ".join(codes), param_decls="\n".join(decls),
                 returns=csharp_type(returns), call_args=_call_args(len(params)),
                 name=spec.name)


_KT_BASES = {"int": "Int", "long": "Long", "double": "Double", "boolean": "Boolean",
             "String": "String"}
_KT_DRIVER = _template("Main.kt.tmpl")


def kotlin_type(java_type: str) -> str:
    """The Kotlin type of a declared (Java) type: int[] is IntArray, int[][] Array<IntArray>,
    String[] Array<String>, List<Long> List<Long>."""
    jt = _parse_java_type(java_type)
    if jt is None:
        raise FunctionSpecError(f"unsupported type {java_type!r}")
    base = _KT_BASES[jt.base]
    if jt.is_list:
        return f"List<{base}>"
    if jt.dims == 0:
        return base
    inner = f"Array<{base}>" if jt.base == "String" else f"{base}Array"
    return inner if jt.dims == 1 else f"Array<{inner}>"


def _kotlin_conversion(jt: _JavaType, expr: str, what: str, depth: int = 0) -> str:
    """A Kotlin expression turning the parsed JSON `expr` into the declared type."""
    one = f"uw{_KT_BASES[jt.base]}"
    x = f"x{depth}"
    if jt.is_list:
        return f"uwList({expr}, {what}).map {{ {x} -> {one}({x}, {what}) }}"
    if jt.dims == 0:
        return f"{one}({expr}, {what})"
    if jt.dims == 1:
        items = f"uwList({expr}, {what}).map {{ {x} -> {one}({x}, {what}) }}"
        return items + (".toTypedArray()" if jt.base == "String" else
                        f".to{_KT_BASES[jt.base]}Array()")
    row = _kotlin_conversion(_JavaType(jt.base, jt.dims - 1), x, what, depth + 1)
    return f"uwList({expr}, {what}).map {{ {x} -> {row} }}.toTypedArray()"


def _kotlin_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "Kotlin")
    conversions, calls = [], []
    for k, (name, t) in enumerate(zip(spec.params, params, strict=True)):
        jt = _parse_java_type(t)
        assert jt is not None
        conversions.append(_kotlin_conversion(jt, f"raw[{k}]", json.dumps(name)))
        calls.append(f"args[{k}] as {kotlin_type(t)}")
    return _fill(_KT_DRIVER, arg_conversions=", ".join(conversions), arity=str(len(params)),
                 returns=kotlin_type(returns), call_args=", ".join(calls), name=spec.name)


_RS_BASES = {"int": "i32", "long": "i64", "double": "f64", "boolean": "bool",
             "String": "String"}
_RS_DRIVER = _template("main.rs.tmpl")


def rust_type(java_type: str) -> str:
    """The Rust type of a declared (Java) type: int[][] is Vec<Vec<i32>>, List<Long> Vec<i64>."""
    return _nested(java_type, _RS_BASES, "Vec<{}>")


def _rust_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "Rust")
    decls = [f"    let a{k}: {rust_type(t)} = d::arg(&args, {k}, {json.dumps(name)});"
             for k, (name, t) in enumerate(zip(spec.params, params, strict=True))]
    return _fill(_RS_DRIVER, param_decls="\n".join(decls), arity=str(len(params)),
                 returns=rust_type(returns), call_args=_call_args(len(params)), name=spec.name)


_HS_BASES = {"int": "Int", "long": "Int", "double": "Double", "boolean": "Bool",
             "String": "String"}
_HS_DRIVER = _template("Main.hs.tmpl")
_HS_MODULE = re.compile(rb"^\s*module\s+Solution\b", re.MULTILINE)


def haskell_type(java_type: str) -> str:
    """The Haskell type of a declared (Java) type: int[][] is [[Int]], long is Int (64 bits)."""
    return _nested(java_type, _HS_BASES, "[{}]")


def _haskell_driver(spec: FunctionSpec) -> str:
    params, returns = _typed_signature(spec, "Haskell")
    decls = [f"  a{k} <- (uwArg args {k} {json.dumps(name)} :: IO {haskell_type(t)})"
             for k, (name, t) in enumerate(zip(spec.params, params, strict=True))]
    return _fill(_HS_DRIVER, param_decls="\n".join(decls), arity=str(len(params)),
                 returns=haskell_type(returns), call_args=_call_args(len(params), " "),
                 name=spec.name)
