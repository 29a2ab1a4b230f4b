"""Function challenges (LeetCode/Codewars style): the learner writes one function and the engine
generates the program around it. Pure: standard library only, no runner/api/docker imports.

A test runs the generated driver (the job's entry file) with stdin

    <nonce>\\n<JSON array of the arguments>\\n

The driver reads all of stdin *before* the learner's code is loaded, then replaces stdin with an
empty stream, so learner code cannot read the nonce from it. It calls the function with the
language's stdout sent to stderr, serialises the return value with its own serialiser (captured
before the learner's code ran, so monkeypatching `json.dumps`, `JSON.stringify`, `print`,
`System.setOut`... does not change what it writes) and writes exactly one line

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
from typing import Any

LEARNER_FILE: dict[str, str] = {"python3": "solution.py", "javascript": "solution.js",
                                "java": "Solution.java"}
ENTRY_FILE: dict[str, str] = {"python3": "main.py", "javascript": "main.js", "java": "Main.java"}
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
    if language == "java":
        return {LEARNER_FILE[language]: learner_source,
                ENTRY_FILE[language]: _java_driver(spec).encode()}
    raise FunctionSpecError(f"function challenges support {', '.join(LANGUAGES)}, "
                            f"not {language!r}")


_PY_DRIVER = r'''# Generated by UsefulWriter for a function challenge: do not edit.
# Reads the nonce and the arguments, then imports solution.py and calls __NAME__(*args) with
# stdout sent to stderr; writes "<nonce> <JSON of the return value>" to the real stdout.
import os
import sys


def _usefulwriter_finisher(nonce, real_out, err):
    """Everything used after the learner's code has run, bound now: patching builtins, json,
    print, sys.stdout or os afterwards does not change what is written."""
    try:
        from _json import encode_basestring_ascii as quote
    except ImportError:  # pragma: no cover
        from json.encoder import py_encode_basestring_ascii as quote
    int_repr, float_repr = int.__repr__, float.__repr__
    list_iter, tuple_iter, dict_items = list.__iter__, tuple.__iter__, dict.items
    type_, issubclass_, memoryview_, len_ = type, issubclass, memoryview, len
    bool_, int_, float_, str_, list_, tuple_, dict_ = bool, int, float, str, list, tuple, dict
    write, exit_, select_ = os.write, os._exit, __import__("select").select
    ValueError_, TypeError_, BlockingIOError_ = ValueError, TypeError, BlockingIOError

    def number(x):
        text = float_repr(x)
        if text in ("nan", "inf", "-inf"):
            raise ValueError_(f"the function returned {text}, which is not a JSON number")
        return text

    def key(k):
        t = type_(k)
        if issubclass_(t, str_):
            return quote(k)
        if t is bool_:
            return '"true"' if k else '"false"'
        if k is None:
            return '"null"'
        if issubclass_(t, int_):
            return '"' + int_repr(k) + '"'
        if issubclass_(t, float_):
            return '"' + number(k) + '"'
        raise TypeError_(f"a dict key of type {t.__name__} cannot be a JSON object key")

    def enc(v, out):
        t = type_(v)
        if v is None:
            out.append("null")
        elif t is bool_:
            out.append("true" if v else "false")
        elif issubclass_(t, int_):
            out.append(int_repr(v))
        elif issubclass_(t, float_):
            out.append(number(v))
        elif issubclass_(t, str_):
            out.append(quote(v))
        elif issubclass_(t, list_) or issubclass_(t, tuple_):
            out.append("[")
            first = True
            for item in (list_iter(v) if issubclass_(t, list_) else tuple_iter(v)):
                if not first:
                    out.append(",")
                first = False
                enc(item, out)
            out.append("]")
        elif issubclass_(t, dict_):
            out.append("{")
            first = True
            for k, item in dict_items(v):
                if not first:
                    out.append(",")
                first = False
                out.append(key(k))
                out.append(":")
                enc(item, out)
            out.append("}")
        else:
            raise TypeError_(f"the function returned a {t.__name__}, which is not a JSON value "
                             f"(return None, bool, int, float, str, list, tuple or dict)")

    def finish(result):
        out = []
        enc(result, out)
        line = memoryview_(b"\n" + nonce + b" " + "".join(out).encode("ascii") + b"\n")
        while len_(line):
            try:
                line = line[write(real_out, line):]
            except BlockingIOError_:
                select_([], [real_out], [], 1.0)
        try:
            err.flush()
        finally:
            exit_(0)

    return finish


def _usefulwriter_main(name):
    import importlib
    import json

    err = sys.stderr
    getattr_, callable_, exit_ = getattr, callable, os._exit

    def fail(message, code=2):
        err.write("usefulwriter: " + message + "\n")
        err.flush()
        exit_(code)

    chunks = []
    while True:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    data = b"".join(chunks)
    del chunks
    null = os.open(os.devnull, os.O_RDONLY)  # stdin is now empty: the nonce is not there
    os.dup2(null, 0)
    os.close(null)
    newline = data.find(b"\n")
    if newline <= 0:
        fail("the test input has no nonce line")
    nonce = data[:newline]
    try:
        args = json.loads(data[newline + 1:])
    except ValueError as exc:
        fail(f"the test arguments are not JSON: {exc}")
    del data
    if type(args) is not list:
        fail("the test arguments are not a JSON array")
    real_out = os.dup(1)
    os.dup2(2, 1)  # the learner's prints, even at the file-descriptor level, go to stderr
    sys.stdout = sys.stderr
    finish = _usefulwriter_finisher(nonce, real_out, err)
    del nonce

    module = importlib.import_module("solution")
    function = getattr_(module, name, None)
    if not callable_(function):
        fail(f"solution.py does not define a function named {name!r}", 1)
    finish(function(*args))


if __name__ == "__main__":
    _usefulwriter_main(__NAME_REPR__)
'''


def _python_driver(spec: FunctionSpec) -> str:
    return (_PY_DRIVER.replace("__NAME_REPR__", repr(spec.name))
            .replace("__NAME__", spec.name))


_JS_SHIM_KEY = "__usefulwriterFunction"


def _js_export_shim(spec: FunctionSpec) -> str:
    """Appended to solution.js: hands a top-level (not exported) function to the driver. Runs in
    the module's own scope, after its code; harmless if the function is exported instead."""
    return (f"\n;try {{ module.{_JS_SHIM_KEY} = typeof {spec.name} === 'undefined' ? undefined "
            f": {spec.name}; }} catch (usefulwriterIgnored) {{ /* not declared */ }}\n")


_JS_DRIVER = r"""'use strict';
// Generated by UsefulWriter for a function challenge: do not edit.
// Reads the nonce and the arguments, then loads solution.js and calls __NAME__(...args) with
// stdout sent to stderr; writes "<nonce> <JSON of the return value>" to the real stdout.
(function usefulwriterDriver() {
  const fs = require('fs');
  const path = require('path');
  const { Console } = require('console');
  // Everything used after the learner's code has run, bound now: overriding JSON.stringify,
  // process.stdout.write, fs.writeSync... afterwards does not change what is written.
  const readFileSync = fs.readFileSync, writeSync = fs.writeSync;
  const openSync = fs.openSync, closeSync = fs.closeSync;
  const reallyExit = process.reallyExit.bind(process);
  const stderr = process.stderr;
  const quote = JSON.stringify, parse = JSON.parse;
  const isArray = Array.isArray, isView = ArrayBuffer.isView, objectKeys = Object.keys;
  const isFinite = Number.isFinite, reflectApply = Reflect.apply, StringOf = String;
  const { isPromise, isMap, isSet, isDataView } = require('util').types;
  const promiseThen = Promise.prototype.then;
  const encoder = new TextEncoder(), encodeInto = TextEncoder.prototype.encodeInto;
  const Uint8ArrayCtor = Uint8Array;
  const sleepCell = new Int32Array(new SharedArrayBuffer(4)), atomicsWait = Atomics.wait;
  // fs.writeSync calls through node's internal fs binding, which process.binding('fs') hands
  // out: freeze it so that learner code cannot wrap writeBuffer to rewrite what is written.
  Object.freeze(process.binding('fs'));

  function writeText(fd, text) {  // no Buffer method, no length getter: nothing to patch
    const bytes = new Uint8ArrayCtor(text.length * 3);
    const size = reflectApply(encodeInto, encoder, [text, bytes]).written;
    let at = 0;
    while (at < size) {
      try {
        at += writeSync(fd, bytes, at, size - at);
      } catch (e) {
        if (!e || e.code !== 'EAGAIN') throw e;
        atomicsWait(sleepCell, 0, 0, 1);
      }
    }
  }

  function fail(message, code) {
    try {
      writeText(2, 'usefulwriter: ' + message + '\n');
    } finally {
      reallyExit(code);
    }
  }

  const data = readFileSync(0);
  closeSync(0);  // stdin is now empty: the nonce is not there
  const nullFd = openSync('/dev/null', 'r');
  if (nullFd !== 0) closeSync(nullFd);
  const newline = data.indexOf(10);
  if (newline <= 0) fail('the test input has no nonce line', 2);
  const nonce = data.toString('latin1', 0, newline);
  let args;
  try {
    args = parse(data.toString('utf8', newline + 1));
  } catch (e) {
    fail('the test arguments are not JSON: ' + e.message, 2);
  }
  if (!isArray(args)) fail('the test arguments are not a JSON array', 2);

  function encode(v, depth) {
    if (depth > 100000) throw new RangeError('the return value is nested too deeply (or circular)');
    if (v === null || v === undefined) return 'null';
    switch (typeof v) {
      case 'boolean': return v ? 'true' : 'false';
      case 'number':
        if (!isFinite(v)) {
          throw new TypeError('the function returned ' + v + ', which is not a JSON number');
        }
        return '' + v;
      case 'bigint': return '' + v;
      case 'string': return quote(v);
      case 'object': break;
      default:
        throw new TypeError('the function returned a ' + typeof v + ', which is not a JSON value');
    }
    if (isMap(v) || isSet(v) || isDataView(v)) {
      throw new TypeError('the function returned a Map, Set or DataView: '
                          + 'return an array or a plain object');
    }
    if (isArray(v) || isView(v)) {
      let s = '[';
      const n = v.length;
      for (let i = 0; i < n; i++) {
        const item = v[i];
        if (i) s += ',';
        s += (item === undefined || typeof item === 'function' || typeof item === 'symbol')
          ? 'null' : encode(item, depth + 1);
      }
      return s + ']';
    }
    const keys = objectKeys(v);
    let s = '{', first = true;
    for (let i = 0; i < keys.length; i++) {
      const item = v[keys[i]];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      s += (first ? '' : ',') + quote(keys[i]) + ':' + encode(item, depth + 1);
      first = false;
    }
    return s + '}';
  }

  function describe(e) {
    try {
      if (e && typeof e.stack === 'string') return e.stack;
      return 'Uncaught ' + StringOf(e);
    } catch (_) {
      return 'Uncaught exception';
    }
  }

  function finish(result) {
    let json;
    try {
      json = encode(result, 0);
    } catch (e) {
      fail(describe(e), 1);
    }
    writeText(1, '\n' + nonce + ' ' + json + '\n');
    reallyExit(0);
  }

  function thrown(e) {  // the learner's exception, reported as node would
    try {
      writeText(2, describe(e) + '\n');
    } finally {
      reallyExit(1);
    }
  }

  // The learner's console.log and process.stdout go to stderr.
  const errConsole = new Console({ stdout: stderr, stderr: stderr });
  Object.defineProperty(globalThis, 'console', {
    value: errConsole, writable: true, configurable: true, enumerable: false,
  });
  Object.defineProperty(process, 'stdout',
                        { get() { return stderr; }, configurable: true, enumerable: true });

  const file = path.join(__dirname, 'solution.js');
  let fn;
  try {
    const exported = require(file);
    if (exported !== null && (typeof exported === 'object' || typeof exported === 'function')
        && typeof exported[__NAME_JSON__] === 'function') {
      fn = exported[__NAME_JSON__];
    } else {
      const mod = require.cache[file];
      if (mod && typeof mod.__SHIM_KEY__ === 'function') fn = mod.__SHIM_KEY__;
      else if (typeof exported === 'function') fn = exported;
    }
  } catch (e) {
    thrown(e);
  }
  if (typeof fn !== 'function') {
    fail('solution.js does not define a function named ' + quote(__NAME_JSON__)
         + ' (declare it at top level or export it)', 1);
  }
  let result;
  try {
    result = reflectApply(fn, undefined, args);
  } catch (e) {
    thrown(e);
  }
  if (isPromise(result)) reflectApply(promiseThen, result, [finish, thrown]);
  else finish(result);
})();
"""


def _js_driver(spec: FunctionSpec) -> str:
    return (_JS_DRIVER.replace("__NAME_JSON__", json.dumps(spec.name))
            .replace("__NAME__", spec.name).replace("__SHIM_KEY__", _JS_SHIM_KEY))


_JAVA_CODES = {"int": "INT", "long": "LONG", "double": "DOUBLE", "boolean": "BOOLEAN",
               "String": "STRING"}
_JAVA_BOXED = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean",
               "String": "String"}

_JAVA_DRIVER = r"""// Generated by UsefulWriter for a function challenge: do not edit.
// Reads the nonce and the arguments, then calls Solution.__NAME__(...) with System.out sent to
// System.err; writes "<nonce> <JSON of the return value>" to the real stdout.
// Every type is imported by its full name, so that classes the learner declares in the default
// package (a class System, String, List...) cannot stand in for them here.
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ArithmeticException;
import java.lang.Boolean;
import java.lang.Byte;
import java.lang.Character;
import java.lang.Double;
import java.lang.Exception;
import java.lang.Float;
import java.lang.Integer;
import java.lang.Iterable;
import java.lang.Long;
import java.lang.Number;
import java.lang.NumberFormatException;
import java.lang.Object;
import java.lang.Runtime;
import java.lang.Short;
import java.lang.String;
import java.lang.StringBuilder;
import java.lang.SuppressWarnings;
import java.lang.System;
import java.lang.Throwable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Main {
    private Main() {
    }

    private static final String[] NAMES = {__PARAM_NAMES__};
    private static final int[][] TYPES = {__PARAM_TYPES__};  // {base, dims, list}

    private static void fail(PrintStream err, String message, int code) {
        err.println("usefulwriter: " + message);
        err.flush();
        Runtime.getRuntime().halt(code);
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] argv) {
        final PrintStream err = System.err;
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        final byte[] nonce;
        final String argsText;
        try {
            FileInputStream in = new FileInputStream(FileDescriptor.in);
            byte[] data = new byte[1 << 16];
            int size = 0;
            while (true) {
                if (size == data.length) data = Arrays.copyOf(data, size * 2);
                int got = in.read(data, size, data.length - size);
                if (got < 0) break;
                size += got;
            }
            in.close();  // fd 0 becomes /dev/null: the nonce is not there any more
            System.setIn(new ByteArrayInputStream(new byte[0]));
            int newline = 0;
            while (newline < size && data[newline] != '\n') newline++;
            if (newline == 0 || newline == size) {
                fail(err, "the test input has no nonce line", 2);
                return;
            }
            nonce = Arrays.copyOfRange(data, 0, newline);
            argsText = new String(data, newline + 1, size - newline - 1,
                                  StandardCharsets.UTF_8);
            Arrays.fill(data, (byte) 0);
        } catch (IOException e) {
            fail(err, "cannot read the test input: " + e, 2);
            return;
        }
        final Object[] raw = new Object[NAMES.length];
        try {
            Json r = new Json(argsText);
            r.expect('[');
            for (int k = 0; k < NAMES.length; k++) {
                if (k > 0) r.expect(',');
                raw[k] = r.read(TYPES[k][0], TYPES[k][1], TYPES[k][2] != 0, NAMES[k]);
            }
            r.expect(']');
            r.end();
        } catch (Json.Bad e) {
            fail(err, "bad test arguments: " + e.getMessage(), 2);
            return;
        }
__PARAM_DECLS__
        System.setOut(err);  // the learner's prints go to stderr
        final __RETURNS__ result;
        try {
            result = Solution.__NAME__(__CALL_ARGS__);
        } catch (Throwable t) {
            err.print("Exception in thread \"main\" ");
            t.printStackTrace(err);
            err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }
        final StringBuilder json = new StringBuilder();
        try {
            Json.write(json, result);
        } catch (Json.Bad e) {
            fail(err, e.getMessage(), 1);
            return;
        }
        final byte[] payload = json.toString().getBytes(StandardCharsets.US_ASCII);
        final byte[] line = new byte[nonce.length + payload.length + 3];
        line[0] = '\n';
        System.arraycopy(nonce, 0, line, 1, nonce.length);
        line[nonce.length + 1] = ' ';
        System.arraycopy(payload, 0, line, nonce.length + 2, payload.length);
        line[line.length - 1] = '\n';
        try {
            out.write(line);
        } catch (IOException e) {
            fail(err, "cannot write the result: " + e, 1);
            return;
        }
        err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** A small JSON reader that builds the declared Java types directly, and a writer. */
    static final class Json {
        static final int INT = 0, LONG = 1, DOUBLE = 2, BOOLEAN = 3, STRING = 4;
        private static final String[] TYPE_NAMES = {"int", "long", "double", "boolean", "String"};

        static final class Bad extends Exception {
            private static final long serialVersionUID = 1L;

            Bad(String message) {
                super(message, null, false, false);
            }
        }

        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        private void ws() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                i++;
            }
        }

        private boolean peek(char c) {
            ws();
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(char c) throws Bad {
            ws();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new Bad("expected '" + c + "' at offset " + i);
            }
            i++;
        }

        void end() throws Bad {
            ws();
            if (i != s.length()) throw new Bad("unexpected text at offset " + i);
        }

        private boolean literal(String word) {
            ws();
            if (s.startsWith(word, i)) {
                i += word.length();
                return true;
            }
            return false;
        }

        private boolean comma() throws Bad {
            if (peek(',')) {
                i++;
                return true;
            }
            return false;
        }

        private String number(String what) throws Bad {
            ws();
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') i++;
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            boolean ok = i > digits && (s.charAt(digits) != '0' || i == digits + 1);
            if (ok && i < s.length() && s.charAt(i) == '.') {
                int f = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                ok = i > f;
            }
            if (ok && i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                int e = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                ok = i > e;
            }
            if (!ok) throw new Bad(what + ": expected a number at offset " + start);
            return s.substring(start, i);
        }

        private long integer(String what, int type) throws Bad {
            String t = number(what);
            long v;
            try {
                if (t.length() <= 18 && t.indexOf('.') < 0 && t.indexOf('e') < 0
                        && t.indexOf('E') < 0) {
                    v = Long.parseLong(t);
                } else {
                    v = new BigDecimal(t).longValueExact();
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw new Bad(what + ": " + t + " is not a " + TYPE_NAMES[type]);
            }
            if (type == INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new Bad(what + ": " + t + " is not an int");
            }
            return v;
        }

        private String string(String what) throws Bad {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw new Bad(what + ": expected a string at offset " + i);
            }
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new Bad(what + ": unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c < 0x20) throw new Bad(what + ": control character in a string");
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) throw new Bad(what + ": unterminated string");
                char e = s.charAt(i++);
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) throw new Bad(what + ": bad \\u escape");
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw new Bad(what + ": bad \\u escape");
                        }
                        i += 4;
                        break;
                    default:
                        throw new Bad(what + ": bad escape \\" + e);
                }
            }
        }

        private Object scalar(int type, String what) throws Bad {
            switch (type) {
                case INT: return Integer.valueOf((int) integer(what, INT));
                case LONG: return Long.valueOf(integer(what, LONG));
                case DOUBLE:
                    try {
                        return Double.valueOf(Double.parseDouble(number(what)));
                    } catch (NumberFormatException e) {
                        throw new Bad(what + ": not a double");
                    }
                case BOOLEAN:
                    if (literal("true")) return Boolean.TRUE;
                    if (literal("false")) return Boolean.FALSE;
                    throw new Bad(what + ": expected true or false at offset " + i);
                default:
                    if (literal("null")) return null;
                    return string(what);
            }
        }

        Object read(int type, int dims, boolean list, String what) throws Bad {
            if (dims == 0) return scalar(type, what);
            if (literal("null")) return null;
            expect('[');
            if (list) {
                List<Object> items = new ArrayList<>();
                if (!peek(']')) {
                    do {
                        items.add(literal("null") ? null : scalar(type, what));
                    } while (comma());
                }
                expect(']');
                return items;
            }
            if (dims == 2) {
                List<Object> rows = new ArrayList<>();
                if (!peek(']')) {
                    do {
                        rows.add(read(type, 1, false, what));
                    } while (comma());
                }
                expect(']');
                switch (type) {
                    case INT: return rows.toArray(new int[0][]);
                    case LONG: return rows.toArray(new long[0][]);
                    case DOUBLE: return rows.toArray(new double[0][]);
                    case BOOLEAN: return rows.toArray(new boolean[0][]);
                    default: return rows.toArray(new String[0][]);
                }
            }
            int n = 0;
            switch (type) {
                case INT: {
                    int[] a = new int[8];
                    if (!peek(']')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, n * 2);
                            a[n++] = (int) integer(what, INT);
                        } while (comma());
                    }
                    expect(']');
                    return Arrays.copyOf(a, n);
                }
                case LONG: {
                    long[] a = new long[8];
                    if (!peek(']')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, n * 2);
                            a[n++] = integer(what, LONG);
                        } while (comma());
                    }
                    expect(']');
                    return Arrays.copyOf(a, n);
                }
                case DOUBLE: {
                    double[] a = new double[8];
                    if (!peek(']')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, n * 2);
                            a[n++] = (Double) scalar(DOUBLE, what);
                        } while (comma());
                    }
                    expect(']');
                    return Arrays.copyOf(a, n);
                }
                case BOOLEAN: {
                    boolean[] a = new boolean[8];
                    if (!peek(']')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, n * 2);
                            a[n++] = (Boolean) scalar(BOOLEAN, what);
                        } while (comma());
                    }
                    expect(']');
                    return Arrays.copyOf(a, n);
                }
                default: {
                    List<String> items = new ArrayList<>();
                    if (!peek(']')) {
                        do {
                            items.add((String) scalar(STRING, what));
                        } while (comma());
                    }
                    expect(']');
                    return items.toArray(new String[0]);
                }
            }
        }

        static void write(StringBuilder b, Object v) throws Bad {
            if (v == null) {
                b.append("null");
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short
                    || v instanceof Byte) {
                b.append(v.toString());
            } else if (v instanceof Double || v instanceof Float) {
                writeDouble(b, ((Number) v).doubleValue());
            } else if (v instanceof Boolean) {
                b.append(((Boolean) v).booleanValue() ? "true" : "false");
            } else if (v instanceof String) {
                writeString(b, (String) v);
            } else if (v instanceof Character) {
                writeString(b, String.valueOf(((Character) v).charValue()));
            } else if (v instanceof int[]) {
                int[] a = (int[]) v;
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) b.append(',');
                    b.append(a[k]);
                }
                b.append(']');
            } else if (v instanceof long[]) {
                long[] a = (long[]) v;
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) b.append(',');
                    b.append(a[k]);
                }
                b.append(']');
            } else if (v instanceof double[]) {
                double[] a = (double[]) v;
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) b.append(',');
                    writeDouble(b, a[k]);
                }
                b.append(']');
            } else if (v instanceof boolean[]) {
                boolean[] a = (boolean[]) v;
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) b.append(',');
                    b.append(a[k] ? "true" : "false");
                }
                b.append(']');
            } else if (v instanceof Object[]) {
                Object[] a = (Object[]) v;
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) b.append(',');
                    write(b, a[k]);
                }
                b.append(']');
            } else if (v instanceof Iterable) {
                b.append('[');
                boolean first = true;
                for (Object item : (Iterable<?>) v) {
                    if (!first) b.append(',');
                    first = false;
                    write(b, item);
                }
                b.append(']');
            } else {
                throw new Bad("the function returned a " + v.getClass().getName()
                              + ", which has no JSON form");
            }
        }

        private static void writeDouble(StringBuilder b, double d) throws Bad {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new Bad("the function returned " + d + ", which is not a JSON number");
            }
            b.append(Double.toString(d));
        }

        private static void writeString(StringBuilder b, String t) {
            b.append('"');
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c >= 0x20 && c < 0x7f) {
                    b.append(c);
                } else {
                    String hex = Integer.toHexString(c);
                    b.append("\\u");
                    for (int p = hex.length(); p < 4; p++) b.append('0');
                    b.append(hex);
                }
            }
            b.append('"');
        }
    }
}
"""


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
    return (_JAVA_DRIVER
            .replace("__PARAM_NAMES__", ", ".join(json.dumps(p) for p in spec.params))
            .replace("__PARAM_TYPES__", ", ".join(
                f"{{Json.{_JAVA_CODES[t.base]}, {t.dims}, {int(t.is_list)}}}"
                for t in types if t is not None))
            .replace("__PARAM_DECLS__", "\n".join(decls))
            .replace("__RETURNS__", ret.source)
            .replace("__CALL_ARGS__", ", ".join(f"a{k}" for k in range(len(types))))
            .replace("__NAME__", spec.name))
