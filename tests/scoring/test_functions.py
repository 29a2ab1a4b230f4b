"""Pure unit tests of scoring.functions: manifest parsing, the test's stdin, reading the result,
comparing values, and the generated files (no sandbox here; see test_function_challenges)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from scoring import functions as F

TWO_SUM: dict[str, Any] = {"name": "two_sum", "params": ["nums", "target"],
                           "java": {"params": ["int[]", "int"], "returns": "int[]"}}
NONCE = "0123456789abcdef0123456789abcdef"


# --- spec_from_manifest -----------------------------------------------------------------------

def test_spec_from_the_documented_manifest() -> None:
    spec = F.spec_from_manifest(TWO_SUM)
    assert spec == F.FunctionSpec("two_sum", ("nums", "target"), ("int[]", "int"), "int[]", 1e-9)


def test_spec_without_java_and_with_float_eps() -> None:
    spec = F.spec_from_manifest({"name": "mean", "params": ["xs"], "float_eps": 1e-6})
    assert spec == F.FunctionSpec("mean", ("xs",), (), "", 1e-6)
    assert F.spec_from_manifest({"name": "f", "params": [], "float_eps": 0}).float_eps == 0.0


def test_java_types_are_normalised() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["a", "b", "c", "d"], "java": {
        "params": ["int [ ]", "List< Integer >", "String[][]", "long"],
        "returns": " List<String> "}})
    assert spec.java_params == ("int[]", "List<Integer>", "String[][]", "long")
    assert spec.java_returns == "List<String>"


@pytest.mark.parametrize("java_type", [
    "int", "long", "double", "boolean", "String", "int[]", "long[]", "double[]", "boolean[]",
    "String[]", "int[][]", "long[][]", "double[][]", "boolean[][]", "String[][]",
    "List<Integer>", "List<Long>", "List<String>"])
def test_every_documented_java_type_is_accepted(java_type: str) -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["x"],
                                 "java": {"params": [java_type], "returns": java_type}})
    assert spec.java_params == (java_type,) and spec.java_returns == java_type


@pytest.mark.parametrize(("data", "message"), [
    ([], "function: must be a mapping"),
    ({"params": []}, "function.name: required"),
    ({"name": 5, "params": []}, "function.name: must be a non-empty string"),
    ({"name": "", "params": []}, "function.name: must be a non-empty string"),
    ({"name": "two-sum", "params": []}, "function.name: 'two-sum' is not an identifier"),
    ({"name": "1st", "params": []}, "function.name: '1st' is not an identifier"),
    ({"name": "class", "params": []}, "function.name: 'class' is a reserved word"),
    ({"name": "function", "params": []}, "function.name: 'function' is a reserved word"),
    ({"name": "lambda", "params": []}, "function.name: 'lambda' is a reserved word"),
    ({"name": "f"}, "function.params: required"),
    ({"name": "f", "params": "a, b"}, "function.params: must be a list"),
    ({"name": "f", "params": ["a", 2]}, "function.params[1]: must be a string"),
    ({"name": "f", "params": ["a", "a"]}, "function.params[1]: duplicate parameter 'a'"),
    ({"name": "f", "params": ["new"]}, "function.params[0]: 'new' is a reserved word"),
    ({"name": "f", "params": [], "nmae": "g"}, "function.nmae: unknown field"),
    ({"name": "f", "params": [], "java": "int"}, "function.java: must be a mapping"),
    ({"name": "f", "params": ["a"], "java": {"params": ["int"]}}, "function.java.returns: "
                                                                   "required"),
    ({"name": "f", "params": ["a"], "java": {"returns": "int"}}, "function.java.params: "
                                                                 "required"),
    ({"name": "f", "params": ["a"], "java": {"params": ["int"], "returns": "int", "x": 1}},
     "function.java.x: unknown field"),
    ({"name": "f", "params": ["a", "b"], "java": {"params": ["int"], "returns": "int"}},
     "function.java.params: 1 type(s) for 2 parameter(s)"),
    ({"name": "f", "params": ["a"], "java": {"params": "int", "returns": "int"}},
     "function.java.params: must be a list"),
    ({"name": "f", "params": ["a"], "java": {"params": ["float"], "returns": "int"}},
     "function.java.params[0]: unsupported Java type 'float'"),
    ({"name": "f", "params": ["a"], "java": {"params": ["int[][][]"], "returns": "int"}},
     "function.java.params[0]: unsupported Java type 'int[][][]'"),
    ({"name": "f", "params": ["a"], "java": {"params": ["List<Double>"], "returns": "int"}},
     "function.java.params[0]: unsupported Java type 'List<Double>'"),
    ({"name": "f", "params": ["a"], "java": {"params": ["Integer"], "returns": "int"}},
     "function.java.params[0]: unsupported Java type 'Integer'"),
    ({"name": "f", "params": ["a"], "java": {"params": ["int"], "returns": "void"}},
     "function.java.returns: unsupported Java type 'void'"),
    ({"name": "f", "params": ["a"], "java": {"params": ["int"], "returns": 3}},
     "function.java.returns: unsupported Java type 3"),
    ({"name": "f", "params": [], "float_eps": -1e-9}, "function.float_eps: must be a "
                                                       "non-negative number"),
    ({"name": "f", "params": [], "float_eps": True}, "function.float_eps: must be"),
    ({"name": "f", "params": [], "float_eps": "1e-9"}, "function.float_eps: must be a "
                                                        "non-negative number (YAML reads '1e-9'"),
    ({"name": "f", "params": [], "float_eps": "small"}, "function.float_eps: must be"),
    ({"name": "f", "params": [], "float_eps": math.nan}, "function.float_eps: must be"),
])
def test_bad_manifests_name_the_field(data: Any, message: str) -> None:
    with pytest.raises(F.FunctionSpecError) as info:
        F.spec_from_manifest(data)
    assert str(info.value).startswith(message), str(info.value)


def test_spec_error_is_a_value_error() -> None:
    assert issubclass(F.FunctionSpecError, ValueError)


# --- check_args -------------------------------------------------------------------------------

def test_check_args_accepts_fitting_arguments() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": list("abcdefgh"), "java": {
        "params": ["int", "long", "double", "boolean", "String", "int[][]", "List<Integer>",
                   "String[]"], "returns": "int"}})
    F.check_args(spec, [-2 ** 31, 2 ** 63 - 1, 2, True, None, [[1], [], None], [1, None],
                        ["x", None]])
    F.check_args(spec, [3.0, 1e3, 0.5, False, "s", None, None, None])
    F.check_args(F.spec_from_manifest({"name": "f", "params": ["x"]}), [{"any": "value"}])


@pytest.mark.parametrize(("java_type", "value", "message"), [
    ("int", 2 ** 31, "out of range for int"),
    ("int", 2.5, "expected an integer"),
    ("int", True, "expected a number"),
    ("int", None, "expected a number"),
    ("long", 2 ** 63, "out of range for long"),
    ("double", "1", "expected a number"),
    ("double", math.inf, "expected a finite number"),
    ("boolean", 1, "expected true or false"),
    ("String", 5, "expected a string"),
    ("int[]", 5, "expected an array"),
    ("int[]", [1, None], "element 1: expected a number"),
    ("int[][]", [[1], [2, "x"]], "element 1: element 1: expected a number"),
    ("List<Long>", [1, 2.5], "element 1: expected an integer"),
    ("List<String>", [1], "element 0: expected a string"),
])
def test_check_args_rejects_values_that_do_not_fit(java_type: str, value: object,
                                                    message: str) -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["x"],
                                 "java": {"params": [java_type], "returns": "int"}})
    with pytest.raises(F.FunctionSpecError, match=r"args\[0\] \(x\): not a Java") as info:
        F.check_args(spec, [value])
    assert message in str(info.value)


def test_check_args_counts_arguments() -> None:
    spec = F.spec_from_manifest(TWO_SUM)
    with pytest.raises(F.FunctionSpecError, match=r"args: 1 argument\(s\) for 2 parameter"):
        F.check_args(spec, [[1, 2]])
    with pytest.raises(F.FunctionSpecError, match="args: must be a list"):
        F.check_args(spec, {"nums": [1]})
    with pytest.raises(F.FunctionSpecError, match=r"tests/01.json args\[1\]"):
        F.check_args(spec, [[1], "9"], field="tests/01.json args")


# --- program_files ----------------------------------------------------------------------------

def test_program_files_are_the_learner_file_and_the_driver() -> None:
    spec = F.spec_from_manifest(TWO_SUM)
    source = b"def two_sum(nums, target):\n    return [0, 1]\n"
    for language in ("python3", "javascript", "java"):
        files = F.program_files(language, spec, source)
        assert set(files) == {F.LEARNER_FILE[language], F.ENTRY_FILE[language]}
        assert files[F.LEARNER_FILE[language]].startswith(source)
        assert b"two_sum" in files[F.ENTRY_FILE[language]]
    assert F.program_files("python3", spec, source)["solution.py"] == source
    assert F.program_files("java", spec, source)["Solution.java"] == source


def test_the_python_driver_is_valid_python() -> None:
    driver = F.program_files("python3", F.spec_from_manifest(TWO_SUM), b"")["main.py"]
    compile(driver, "main.py", "exec")
    assert b"_usefulwriter_main('two_sum')" in driver


def test_the_javascript_shim_follows_the_learner_code_on_a_new_line() -> None:
    files = F.program_files("javascript", F.spec_from_manifest(TWO_SUM),
                            b"function two_sum() {} // no newline at the end")
    learner = files["solution.js"].decode()
    assert learner.startswith("function two_sum() {} // no newline at the end\n;")
    assert "typeof two_sum" in learner


def test_the_java_driver_declares_the_signature() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["grid", "xs", "n"], "java": {
        "params": ["int[][]", "List<Long>", "int"], "returns": "List<String>"}})
    driver = F.program_files("java", spec, b"")["Main.java"].decode()
    assert "final int[][] a0 = (int[][]) raw[0];" in driver
    assert "final List<Long> a1 = (List<Long>) raw[1];" in driver
    assert "final int a2 = (Integer) raw[2];" in driver
    assert "final List<String> result;" in driver
    assert "result = Solution.f(a0, a1, a2);" in driver
    assert 'NAMES = {"grid", "xs", "n"}' in driver


def test_unsupported_language_and_missing_java_signature_are_spec_errors() -> None:
    spec = F.spec_from_manifest(TWO_SUM)
    with pytest.raises(F.FunctionSpecError, match="not 'bash'"):
        F.program_files("bash", spec, b"")
    no_java = F.spec_from_manifest({"name": "two_sum", "params": ["nums", "target"]})
    with pytest.raises(F.FunctionSpecError, match="function.java: required"):
        F.program_files("java", no_java, b"")
    with pytest.raises(F.FunctionSpecError, match="function.java: required to run C"):
        F.program_files("cpp", no_java, b"")
    F.program_files("python3", no_java, b"")


@pytest.mark.parametrize(("java", "returns", "signature"), [
    (["int[]", "int"], "int[]",
     "int *f(int *a, int aSize, int b, int *returnSize)"),
    (["int[][]", "String[]"], "String[][]",
     "char ***f(int **a, int aSize, int *aColSize, char **b, int bSize, int *returnSize, "
     "int **returnColumnSizes)"),
    (["String", "List<Long>"], "double",
     "double f(char *a, long long *b, int bSize)"),
    (["boolean", "long"], "String", "char *f(bool a, long long b)"),
])
def test_the_c_signature_follows_leetcodes_convention(java: list[str], returns: str,
                                                      signature: str) -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["a", "b"],
                                 "java": {"params": java, "returns": returns}})
    assert F.c_signature(spec) == signature
    driver = F.program_files("c", spec, b"")["main.c"].decode()
    assert '#include "solution.c"' in driver and "__" not in driver.replace("__attribute__", "")


def test_the_go_driver_declares_the_signature_in_go_types() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["grid", "xs", "s"], "java": {
        "params": ["int[][]", "List<Long>", "String"], "returns": "boolean[]"}})
    files = F.program_files("go", spec, b"package main\n")
    driver = files["main.go"].decode()
    assert files["solution.go"] == b"package main\n"
    assert "var a0 [][]int" in driver and "var a1 []int64" in driver
    assert 'usefulwriterArg(2, "s", &a2)' in driver
    assert "var result []bool = f(a0, a1, a2)" in driver
    assert [F.go_type(t) for t in ("long", "double[]", "List<String>")] == \
        ["int64", "[]float64", "[]string"]


def test_the_csharp_driver_declares_the_signature_in_csharp_types() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["grid", "xs"], "java": {
        "params": ["int[][]", "List<Long>"], "returns": "String[]"}})
    driver = F.program_files("csharp", spec, b"")["Main.cs"].decode()
    assert "var a0 = (int[][]) raw[0];" in driver
    assert "var a1 = (System.Collections.Generic.List<long>) raw[1];" in driver
    assert "string[] result;" in driver and "result = Solution.f(a0, a1);" in driver
    assert "Types = {new int[] {0, 2, 0}, new int[] {1, 1, 1}}" in driver


@pytest.mark.parametrize(("java", "kotlin"), [
    ("int", "Int"), ("long[]", "LongArray"), ("String[]", "Array<String>"),
    ("int[][]", "Array<IntArray>"), ("String[][]", "Array<Array<String>>"),
    ("List<Integer>", "List<Int>"), ("boolean[]", "BooleanArray")])
def test_kotlin_types_follow_the_declared_ones(java: str, kotlin: str) -> None:
    assert F.kotlin_type(java) == kotlin
    spec = F.spec_from_manifest({"name": "f", "params": ["a"],
                                 "java": {"params": [java], "returns": java}})
    driver = F.program_files("kotlin", spec, b"")["Main.kt"].decode()
    assert f"val result: {kotlin}? = try" in driver and f"f(args[0] as {kotlin})" in driver


def test_the_rust_driver_takes_owned_vecs() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["grid", "s"], "java": {
        "params": ["int[][]", "String"], "returns": "List<Long>"}})
    files = F.program_files("rust", spec, b"fn f() {}")
    driver = files["main.rs"].decode()
    assert 'include!("solution.rs");' in driver
    assert 'let a0: Vec<Vec<i32>> = d::arg(&args, 0, "grid");' in driver
    assert "let result: Vec<i64> = f(a0, a1);" in driver


def test_the_haskell_solution_gets_its_module_header_when_it_has_none() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["xs"], "java": {
        "params": ["long[][]"], "returns": "double"}})
    bare = F.program_files("haskell", spec, b"f :: [[Int]] -> Double\nf _ = 0\n")
    assert bare["Solution.hs"].startswith(b"module Solution where\n")
    headed = b"module Solution (f) where\nf _ = 0\n"
    assert F.program_files("haskell", spec, headed)["Solution.hs"] == headed
    assert '(uwArg args 0 "xs" :: IO [[Int]])' in bare["Main.hs"].decode()
    assert "(f a0 :: Double)" in bare["Main.hs"].decode()


def test_the_cpp_driver_declares_the_signature_in_cpp_types() -> None:
    spec = F.spec_from_manifest({"name": "f", "params": ["grid", "xs", "s", "ok"], "java": {
        "params": ["int[][]", "List<Long>", "String", "boolean"], "returns": "double[]"}})
    files = F.program_files("cpp", spec, b"int x;")
    assert files["solution.cpp"] == b"int x;"
    driver = files["main.cpp"].decode()
    assert "std::vector<std::vector<int>> a0{};" in driver
    assert "std::vector<long long> a1{};" in driver
    assert "std::string a2{};" in driver and "bool a3{};" in driver
    assert 'r.read(a0, "grid");' in driver and 'r.read(a3, "ok");' in driver
    assert "std::vector<double> result = f(a0, a1, a2, a3);" in driver
    assert driver.index("usefulwriter_driver") < driver.index('#include "solution.cpp"') \
        < driver.index("int main()"), "the driver's reader comes first, main after the learner"


# --- the test's stdin -------------------------------------------------------------------------

def test_stdin_is_the_nonce_line_then_the_arguments() -> None:
    data = F.test_stdin([[2, 7, 11, 15], 9, "é", None, 0.5], NONCE)
    assert data == (NONCE + '\n[[2,7,11,15],9,"\\u00e9",null,0.5]\n').encode()
    assert data.isascii()


def test_stdin_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        F.test_stdin([math.nan], NONCE)
    with pytest.raises(ValueError):
        F.test_stdin((1, 2), NONCE)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        F.test_stdin([1], "not a nonce")
    with pytest.raises(ValueError):
        F.test_stdin([1], "")


def test_nonces_are_fresh_hex() -> None:
    nonces = {F.new_nonce() for _ in range(100)}
    assert len(nonces) == 100
    for n in nonces:
        assert len(n) == 32 and int(n, 16) >= 0 and n == n.lower()


# --- read_result ------------------------------------------------------------------------------

def line(value: str, nonce: str = NONCE) -> bytes:
    return f"{nonce} {value}\n".encode()


def test_result_is_read_from_the_nonce_line() -> None:
    assert F.read_result(b"\n" + line("[0,1]"), NONCE) == (True, [0, 1], "")
    assert F.read_result(line('{"a": [1.5, null, true, "x"]}'), NONCE) == \
        (True, {"a": [1.5, None, True, "x"]}, "")
    assert F.read_result(line("null"), NONCE) == (True, None, "")
    assert F.read_result(f"{NONCE} 7".encode(), NONCE) == (True, 7, "")  # no final newline


def test_the_last_nonce_line_wins() -> None:
    out = line("[1,0]") + b"noise\n" + line("[0,1]") + b"more noise\n"
    assert F.read_result(out, NONCE) == (True, [0, 1], "")


def test_only_lines_starting_with_the_nonce_count() -> None:
    other = "f" * 32
    out = (line("[0,1]", other) + b"x" + line("[0,1]") + b" " + line("[0,1]")
           + f"{NONCE}[0,1]\n{NONCE}\t[0,1]\n".encode())
    found, value, problem = F.read_result(out, NONCE)
    assert not found and value is None
    assert "without the function returning" in problem
    # a partial line the learner left on stdout is ended by the driver's leading newline
    assert F.read_result(b"junk-without-newline\n" + line("[1,0]"), NONCE) == (True, [1, 0], "")


@pytest.mark.parametrize("payload", [b"", b"[0,1", b"NaN", b"[Infinity]", b"-Infinity",
                                     b"[0,1] trailing", b"\xff\xfe", b"'x'"])
def test_a_result_that_is_not_json_is_not_found(payload: bytes) -> None:
    found, value, problem = F.read_result(NONCE.encode() + b" " + payload + b"\n", NONCE)
    assert (found, value) == (False, None)
    assert "not valid JSON" in problem


def test_no_output_is_not_found() -> None:
    assert F.read_result(b"", NONCE)[0] is False
    with pytest.raises(ValueError):
        F.read_result(b" [0,1]\n", "")


# --- values_equal -----------------------------------------------------------------------------

@pytest.mark.parametrize(("got", "expected"), [
    (1, 1.0), (1.0, 1), (3, 3), (-0.0, 0), (0.1 + 0.2, 0.3), (1e20 + 1e5, 1e20),
    (True, True), (False, False), (None, None), ("é", "é"), ([], []), ({}, {}),
    ([1, [2.0, [3, "x"]]], [1.0, [2, [3.0, "x"]]]), ((1, 2), [1, 2]),
    ({"a": [1, 2], "b": {"c": 0.30000000000000004}}, {"b": {"c": 0.3}, "a": [1.0, 2]}),
    (math.inf, math.inf), (10 ** 400, 10 ** 400),
])
def test_equal_values(got: object, expected: object) -> None:
    assert F.values_equal(got, expected)


@pytest.mark.parametrize(("got", "expected"), [
    (True, 1), (1, True), (False, 0), (0, False), (1.0, True), (True, False),
    (None, 0), (0, None), (None, []), ([], None), (None, False), ("", None),
    ("1", 1), (1, "1"), ("a", "A"),
    (1.0, 1.0001), (10 ** 18 + 1, 10 ** 18), (2, 3),
    (10 ** 400, 1.0), (1.0, 10 ** 400), (math.inf, 1e308), (math.inf, -math.inf),
    (math.nan, math.nan), ([math.nan], [math.nan]), (math.nan, 0.0), (0.0, math.nan),
    ([1, 2], [2, 1]), ([1, 2], [1, 2, 3]), ([1, 2, 3], [1, 2]), ([[1]], [1]), ([1], 1),
    ({"a": 1}, {"a": 1, "b": 2}), ({"a": 1, "b": 2}, {"a": 1}), ({"a": 1}, {"b": 1}),
    ({"a": True}, {"a": 1}), ({}, []), ([], {}), ([0, 1], {"0": 0, "1": 1}),
])
def test_unequal_values(got: object, expected: object) -> None:
    assert not F.values_equal(got, expected)


def test_float_eps_is_absolute_or_relative_and_configurable() -> None:
    assert F.values_equal(1.0 + 5e-10, 1.0)
    assert not F.values_equal(1.0 + 5e-9, 1.0)
    assert F.values_equal(1.0 + 5e-9, 1.0, float_eps=1e-8)
    assert F.values_equal([0.001], [0.0015], float_eps=1e-3)
    assert not F.values_equal(1.0 + 1e-12, 1.0, float_eps=0.0)
    assert F.values_equal(123456789.123, 123456789.12300001)  # relative for big numbers
    assert F.values_equal(3, 3.0, float_eps=0.0)
    assert not F.values_equal(10 ** 18, 10 ** 18 + 1, float_eps=0.5)  # integers: exact


def test_values_round_trip_through_read_result() -> None:
    value = {"xs": [1, 2.5, -3e-7, 10 ** 30], "s": "line\nbreak \u2028 \"q\"", "b": [True, None]}
    found, got, _ = F.read_result(line(json.dumps(value)), NONCE)
    assert found and F.values_equal(got, value)
