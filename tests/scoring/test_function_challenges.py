"""Function challenges in the real sandbox: the generated drivers for Python, JavaScript and Java
return the learner's value, report exceptions as runtime errors, and cannot be made to report a
value the learner's function did not return (the tamper tests)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from sandbox.base import Sandbox
from sandbox.contract import ExecResult, Job, Limits, Status, TestInput
from scoring import functions as F

LANGS = ("python3", "javascript", "java", "cpp", "c", "typescript", "go", "ruby", "php",
         "csharp", "kotlin", "rust", "haskell")

TWO_SUM = F.spec_from_manifest({"name": "two_sum", "params": ["nums", "target"],
                                "java": {"params": ["int[]", "int"], "returns": "int[]"}})
TWO_SUM_TESTS: list[tuple[list[Any], Any]] = [
    ([[2, 7, 11, 15], 9], [0, 1]),
    ([[3, 2, 4], 6], [1, 2]),
    ([[-1, -2, -3, -4, -5], -8], [2, 4]),
]


@dataclass
class Ran:
    result: ExecResult
    nonce: str

    @property
    def value(self) -> tuple[bool, object, str]:
        return F.read_result(self.result.stdout, self.nonce)

    def passes(self, expected: object, eps: float = 1e-9) -> bool:
        found, value, _ = self.value
        return found and F.values_equal(value, expected, eps)

    def explain(self) -> str:
        r = self.result
        return (f"status={r.status} exit={r.exit_code} signal={r.signal}\n"
                f"stdout={r.stdout[-2000:]!r}\nstderr={r.stderr[-3000:].decode(errors='replace')}")


def run(sandbox: Sandbox, language: str, spec: F.FunctionSpec, source: str,
        tests: list[list[Any]], time_s: float = 5.0) -> list[Ran]:
    """One job (like the engine: one nonce for all its tests), one Ran per test."""
    nonce = F.new_nonce()
    job = Job(language, F.program_files(language, spec, source.encode()),
              [TestInput(f"t{i}", F.test_stdin(args, nonce)) for i, args in enumerate(tests)],
              Limits(time_s=time_s, memory_mb=256))
    outcome = sandbox.execute(job)
    assert outcome.compiled, outcome.compile.stderr.decode() + outcome.compile.stdout.decode() \
        if outcome.compile else ""
    return [Ran(outcome.tests[f"t{i}"], nonce) for i in range(len(tests))]


# --- correct, wrong and throwing solutions ---------------------------------------------------

TWO_SUM_OK = {
    "python3": """
def two_sum(nums, target):
    print("debug: looking for", target)        # learner prints go to stderr
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
    return []
""",
    "javascript": """
function two_sum(nums, target) {
  console.log('debug: looking for', target);
  process.stdout.write('more debug\\n');
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    if (seen.has(target - nums[j])) return [seen.get(target - nums[j]), j];
    seen.set(nums[j], j);
  }
  return [];
}
""",
    "java": """
import java.util.HashMap;
import java.util.Map;

public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        System.out.println("debug: looking for " + target);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);
            if (i != null) return new int[] {i, j};
            seen.put(nums[j], j);
        }
        return new int[0];
    }
}
""",
    "cpp": r"""
#include <iostream>
#include <unordered_map>
#include <vector>
std::vector<int> two_sum(const std::vector<int> &nums, int target) {
    std::cout << "debug: looking for " << target << std::endl;  // learner prints go to stderr
    std::unordered_map<int, int> seen;
    for (int j = 0; j < (int)nums.size(); j++) {
        auto it = seen.find(target - nums[j]);
        if (it != seen.end()) return {it->second, j};
        seen[nums[j]] = j;
    }
    return {};
}
""",
    "c": r"""
#include <stdio.h>
#include <stdlib.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    printf("debug: looking for %d\n", target);  /* learner prints go to stderr */
    int *answer = malloc(2 * sizeof *answer);
    for (int i = 0; i < numsSize; i++)
        for (int j = i + 1; j < numsSize; j++)
            if (nums[i] + nums[j] == target) {
                answer[0] = i;
                answer[1] = j;
                *returnSize = 2;
                return answer;
            }
    *returnSize = 0;
    return answer;
}
""",
    "typescript": r"""
function two_sum(nums: number[], target: number): number[] {
  console.log('debug: looking for', target);
  const seen = new Map<number, number>();
  for (let j = 0; j < nums.length; j++) {
    const i = seen.get(target - nums[j]);
    if (i !== undefined) return [i, j];
    seen.set(nums[j], j);
  }
  return [];
}
""",
    "go": r"""
package main

import "fmt"

func two_sum(nums []int, target int) []int {
	fmt.Println("debug: looking for", target) // learner prints go to stderr
	seen := map[int]int{}
	for j, x := range nums {
		if i, ok := seen[target-x]; ok {
			return []int{i, j}
		}
		seen[x] = j
	}
	return []int{}
}
""",
    "ruby": r"""
def two_sum(nums, target)
  puts "debug: looking for #{target}"  # learner prints go to stderr
  seen = {}
  nums.each_with_index do |x, j|
    return [seen[target - x], j] if seen.key?(target - x)
    seen[x] = j
  end
  []
end
""",
    "php": r"""<?php
function two_sum(array $nums, int $target): array {
    echo "debug: looking for $target\n";  // learner prints go to stderr
    $seen = [];
    foreach ($nums as $j => $x) {
        if (array_key_exists($target - $x, $seen)) return [$seen[$target - $x], $j];
        $seen[$x] = $j;
    }
    return [];
}
""",
    "csharp": r"""
using System;
using System.Collections.Generic;

public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        Console.WriteLine("debug: looking for " + target);  // learner prints go to stderr
        var seen = new Dictionary<int, int>();
        for (int j = 0; j < nums.Length; j++) {
            int i;
            if (seen.TryGetValue(target - nums[j], out i)) return new[] {i, j};
            seen[nums[j]] = j;
        }
        return new int[0];
    }
}
""",
    "kotlin": r"""
fun two_sum(nums: IntArray, target: Int): IntArray {
    println("debug: looking for $target")  // learner prints go to stderr
    val seen = HashMap<Int, Int>()
    for ((j, x) in nums.withIndex()) {
        val i = seen[target - x]
        if (i != null) return intArrayOf(i, j)
        seen[x] = j
    }
    return intArrayOf()
}
""",
    "rust": r"""
use std::collections::HashMap;

fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    println!("debug: looking for {}", target); // learner prints go to stderr
    let mut seen = HashMap::new();
    for (j, &x) in nums.iter().enumerate() {
        if let Some(&i) = seen.get(&(target - x)) {
            return vec![i as i32, j as i32];
        }
        seen.insert(x, j);
    }
    vec![]
}
""",
    "haskell": r"""
module Solution where

import qualified Data.Map as M
import Debug.Trace (trace)

two_sum :: [Int] -> Int -> [Int]
two_sum nums target = trace ("debug: looking for " ++ show target) (go M.empty (zip [0 ..] nums))
  where
    go _ [] = []
    go seen ((j, x) : rest) = case M.lookup (target - x) seen of
      Just i -> [i, j]
      Nothing -> go (M.insert x j seen) rest
""",
}

TWO_SUM_WRONG = {  # one-based indices
    "python3": """
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i + 1, j + 1]
""",
    "javascript": """
module.exports.two_sum = function (nums, target) {
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++)
      if (nums[i] + nums[j] === target) return [i + 1, j + 1];
};
""",
    "java": """
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        for (int i = 0; i < nums.length; i++)
            for (int j = i + 1; j < nums.length; j++)
                if (nums[i] + nums[j] == target) return new int[] {i + 1, j + 1};
        return null;
    }
}
""",
    "cpp": r"""
#include <vector>
std::vector<int> two_sum(std::vector<int> nums, int target) {
    for (size_t i = 0; i < nums.size(); i++)
        for (size_t j = i + 1; j < nums.size(); j++)
            if (nums[i] + nums[j] == target) return {(int)i + 1, (int)j + 1};
    return {};
}
""",
    "c": r"""
#include <stdlib.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    for (int i = 0; i < numsSize; i++)
        for (int j = i + 1; j < numsSize; j++)
            if (nums[i] + nums[j] == target) {
                int *answer = malloc(2 * sizeof *answer);
                answer[0] = i + 1;
                answer[1] = j + 1;
                *returnSize = 2;
                return answer;
            }
    *returnSize = 0;
    return NULL;
}
""",
    "typescript": r"""
export function two_sum(nums: number[], target: number): number[] | null {
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++)
      if (nums[i] + nums[j] === target) return [i + 1, j + 1];
  return null;
}
""",
    "go": r"""
package main

func two_sum(nums []int, target int) []int {
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if nums[i]+nums[j] == target {
				return []int{i + 1, j + 1}
			}
		}
	}
	return nil
}
""",
    "ruby": r"""
def two_sum(nums, target)
  nums.each_index do |i|
    ((i + 1)...nums.size).each do |j|
      return [i + 1, j + 1] if nums[i] + nums[j] == target
    end
  end
  nil
end
""",
    "php": r"""<?php
function two_sum($nums, $target) {
    for ($i = 0; $i < count($nums); $i++)
        for ($j = $i + 1; $j < count($nums); $j++)
            if ($nums[$i] + $nums[$j] == $target) return [$i + 1, $j + 1];
    return null;
}
""",
    "csharp": r"""
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        for (int i = 0; i < nums.Length; i++)
            for (int j = i + 1; j < nums.Length; j++)
                if (nums[i] + nums[j] == target) return new[] {i + 1, j + 1};
        return null;
    }
}
""",
    "kotlin": r"""
fun two_sum(nums: IntArray, target: Int): IntArray? {
    for (i in nums.indices)
        for (j in i + 1 until nums.size)
            if (nums[i] + nums[j] == target) return intArrayOf(i + 1, j + 1)
    return null
}
""",
    "rust": r"""
fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    for i in 0..nums.len() {
        for j in i + 1..nums.len() {
            if nums[i] + nums[j] == target {
                return vec![i as i32 + 1, j as i32 + 1];
            }
        }
    }
    Vec::new()
}
""",
    "haskell": r"""
two_sum :: [Int] -> Int -> [Int]
two_sum nums target =
  take 2 [k | (i, a) <- zip [1 ..] nums, (j, b) <- zip [1 ..] nums, i < j, a + b == target,
              k <- [i, j]]
""",
}

TWO_SUM_THROWS = {
    "python3": """
def two_sum(nums, target):
    raise ValueError("no idea how to solve " + str(target))
""",
    "javascript": """
function two_sum(nums, target) {
  throw new Error('no idea how to solve ' + target);
}
""",
    "java": """
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        throw new IllegalStateException("no idea how to solve " + target);
    }
}
""",
    "cpp": r"""
#include <stdexcept>
#include <string>
#include <vector>
std::vector<int> two_sum(std::vector<int> &nums, int target) {
    throw std::runtime_error("no idea how to solve " + std::to_string(target));
}
""",
    "c": r"""
#include <stdio.h>
#include <stdlib.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    fprintf(stderr, "no idea how to solve %d\n", target);  /* C has no exceptions */
    exit(1);
}
""",
    "typescript": r"""
const two_sum = (nums: number[], target: number): number[] => {
  throw new Error(`no idea how to solve ${target}`);
};
""",
    "go": r"""
package main

import "fmt"

func two_sum(nums []int, target int) []int {
	panic(fmt.Sprintf("no idea how to solve %d", target))
}
""",
    "ruby": r"""
def two_sum(nums, target)
  raise ArgumentError, "no idea how to solve #{target}"
end
""",
    "php": r"""<?php
function two_sum($nums, $target) {
    throw new RuntimeException("no idea how to solve $target");
}
""",
    "csharp": r"""
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        throw new System.InvalidOperationException("no idea how to solve " + target);
    }
}
""",
    "kotlin": r"""
fun two_sum(nums: IntArray, target: Int): IntArray =
    throw IllegalStateException("no idea how to solve $target")
""",
    "rust": r"""
fn two_sum(_nums: Vec<i32>, target: i32) -> Vec<i32> {
    panic!("no idea how to solve {}", target);
}
""",
    "haskell": r"""
two_sum :: [Int] -> Int -> [Int]
two_sum _ target = error ("no idea how to solve " ++ show target)
""",
}


@pytest.mark.parametrize("language", LANGS)
def test_a_correct_solution_returns_the_expected_values(sandbox: Sandbox, language: str) -> None:
    runs = run(sandbox, language, TWO_SUM, TWO_SUM_OK[language],
               [args for args, _ in TWO_SUM_TESTS])
    for ran, (_, expected) in zip(runs, TWO_SUM_TESTS, strict=True):
        assert ran.result.status is Status.OK, ran.explain()
        assert ran.value == (True, expected, ""), ran.explain()
        compact = json.dumps(expected, separators=(",", ":"))
        assert ran.result.stdout == f"\n{ran.nonce} {compact}\n".encode()  # exactly one line
        assert b"debug: looking for" in ran.result.stderr  # prints went to stderr...
        assert b"debug" not in ran.result.stdout  # ...not into the result
        assert b"Warning" not in ran.result.stderr, ran.explain()


@pytest.mark.parametrize("language", LANGS)
def test_a_wrong_solution_returns_its_own_value(sandbox: Sandbox, language: str) -> None:
    runs = run(sandbox, language, TWO_SUM, TWO_SUM_WRONG[language],
               [args for args, _ in TWO_SUM_TESTS] + [[[1, 2], 100]])
    for ran, (_, expected) in zip(runs, TWO_SUM_TESTS, strict=False):
        assert ran.result.status is Status.OK, ran.explain()
        found, value, _ = ran.value
        assert found and value == [expected[0] + 1, expected[1] + 1], ran.explain()
        assert not ran.passes(expected)
    nothing = [] if language in ("cpp", "c", "rust", "haskell") else None  # no null array there
    assert runs[-1].value == (True, nothing, ""), runs[-1].explain()  # None / undefined / null


@pytest.mark.parametrize("language", LANGS)
def test_a_throwing_solution_is_a_runtime_error(sandbox: Sandbox, language: str) -> None:
    (ran,) = run(sandbox, language, TWO_SUM, TWO_SUM_THROWS[language], [TWO_SUM_TESTS[0][0]])
    assert ran.result.status is Status.RUNTIME_ERROR, ran.explain()
    assert ran.result.exit_code not in (0, None)
    assert b"no idea how to solve 9" in ran.result.stderr, ran.explain()
    assert not ran.value[0]


NEVER_RETURNS = {
    "python3": "def two_sum(nums, target):\n    while True:\n        pass\n",
    "javascript": "function two_sum(nums, target) { for (;;) {} }\n",
    "java": "public class Solution {\n"
            "  public static int[] two_sum(int[] nums, int target) { for (;;) { } }\n}\n",
    "cpp": "#include <vector>\nstd::vector<int> two_sum(std::vector<int> n, int t) {\n"
           "  volatile long x = 0;\n  for (;;) x++;\n}\n",
    "c": "int *two_sum(int *n, int size, int t, int *returnSize) {\n"
         "  volatile long x = 0;\n  for (;;) x++;\n}\n",
    "typescript": "function two_sum(nums: number[], target: number): number[] {\n"
                  "  for (;;) {}\n}\n",
    "go": "package main\n\nfunc two_sum(nums []int, target int) []int {\n"
          "\tx := 0\n\tfor {\n\t\tx++\n\t}\n}\n",
    "ruby": "def two_sum(nums, target)\n  loop {}\nend\n",
    "php": "<?php\nfunction two_sum($nums, $target) { while (true) {} }\n",
    "csharp": "public class Solution {\n"
              "  public static int[] two_sum(int[] nums, int target) { for (;;) { } }\n}\n",
    "kotlin": "fun two_sum(nums: IntArray, target: Int): IntArray {\n  while (true) { }\n}\n",
    "rust": "fn two_sum(_n: Vec<i32>, _t: i32) -> Vec<i32> {\n"
            "    let mut x: u64 = 0;\n"
            "    loop { x = unsafe { std::ptr::read_volatile(&x) } + 1; }\n}\n",
    "haskell": "two_sum :: [Int] -> Int -> [Int]\n"
               "two_sum _ t = [length (takeWhile (/= t - 1) (iterate (+ 1) t))]\n",
}


@pytest.mark.parametrize("language", LANGS)
def test_a_function_that_never_returns_hits_the_time_limit(sandbox: Sandbox,
                                                            language: str) -> None:
    (ran,) = run(sandbox, language, TWO_SUM, NEVER_RETURNS[language], [TWO_SUM_TESTS[0][0]],
                 time_s=0.5)
    assert ran.result.status is Status.TIME_LIMIT, ran.explain()
    assert not ran.value[0]


MISSING_FUNCTION = {
    "python3": "def twoSum(nums, target):\n    return [0, 1]\n",
    "javascript": "function twoSum(nums, target) { return [0, 1]; }\n",
    "typescript": "function twoSum(nums: number[], target: number) { return [0, 1]; }\n",
    "ruby": "def twoSum(nums, target)\n  [0, 1]\nend\n",
    "php": "<?php\nfunction twoSum($nums, $target) { return [0, 1]; }\n",
}


@pytest.mark.parametrize("language", ["python3", "javascript", "typescript", "ruby", "php"])
def test_a_missing_function_is_a_runtime_error_that_says_so(sandbox: Sandbox,
                                                             language: str) -> None:
    (ran,) = run(sandbox, language, TWO_SUM, MISSING_FUNCTION[language], [TWO_SUM_TESTS[0][0]])
    assert ran.result.status is Status.RUNTIME_ERROR, ran.explain()
    assert b"does not define a function named 'two_sum'" in ran.result.stderr.replace(
        b'"', b"'"), ran.explain()


def test_a_java_signature_mismatch_is_a_compile_error(sandbox: Sandbox) -> None:
    source = ("public class Solution {\n"
              "  public static long[] two_sum(int[] a, int t) { return null; }\n}\n")
    job = Job("java", F.program_files("java", TWO_SUM, source.encode()),
              [TestInput("t0", F.test_stdin(TWO_SUM_TESTS[0][0], F.new_nonce()))])
    outcome = sandbox.execute(job)
    assert outcome.compile is not None and outcome.compile.status is not Status.OK
    assert b"incompatible types" in outcome.compile.stderr + outcome.compile.stdout


def test_a_c_signature_mismatch_is_a_compile_error(sandbox: Sandbox) -> None:
    source = "long long *two_sum(int *a, int n, int t, int *returnSize) { return 0; }\n"
    job = Job("c", F.program_files("c", TWO_SUM, source.encode()),
              [TestInput("t0", F.test_stdin(TWO_SUM_TESTS[0][0], F.new_nonce()))])
    outcome = sandbox.execute(job)
    assert outcome.compile is not None and outcome.compile.status is not Status.OK
    assert b"incompatible-pointer-types" in outcome.compile.stderr, outcome.compile.stderr


RETURNS_NAN = {
    "python3": "def two_sum(nums, target):\n    return [float('nan'), 1]\n",
    "javascript": "function two_sum(nums, target) { return [0 / 0, 1]; }\n",
    "ruby": "def two_sum(nums, target)\n  [Float::NAN, 1]\nend\n",
}


@pytest.mark.parametrize("language", ["python3", "javascript", "ruby"])
def test_nan_is_not_a_json_value(sandbox: Sandbox, language: str) -> None:
    (ran,) = run(sandbox, language, TWO_SUM, RETURNS_NAN[language], [TWO_SUM_TESTS[0][0]])
    assert ran.result.status is Status.RUNTIME_ERROR, ran.explain()
    assert b"not a JSON number" in ran.result.stderr, ran.explain()


# JavaScript: the function may be declared at top level in any form, or exported.
JS_FORMS = {
    "declaration": "function two_sum(nums, t) { return [0, 1]; }",
    "const arrow": "const two_sum = (nums, t) => [0, 1];",
    "let function": "let two_sum = function (nums, t) { return [0, 1]; };",
    "exports object": "module.exports = { two_sum(nums, t) { return [0, 1]; } };",
    "exports property": "module.exports.two_sum = (nums, t) => [0, 1];",
    "exports shorthand": "exports.two_sum = (nums, t) => [0, 1];",
    "export wins": "function two_sum() { return [9, 9]; }\n"
                   "module.exports = { two_sum: () => [0, 1] };",
    "async": "async function two_sum(nums, t) { await null; return [0, 1]; }",
    "strict, no final newline": "'use strict';\nfunction two_sum() { return [0, 1]; } // end",
}


@pytest.mark.parametrize("form", JS_FORMS)
def test_javascript_function_forms(sandbox: Sandbox, form: str) -> None:
    (ran,) = run(sandbox, "javascript", TWO_SUM, JS_FORMS[form], [TWO_SUM_TESTS[0][0]])
    assert ran.value == (True, [0, 1], ""), ran.explain()


def test_a_typescript_type_error_is_a_compile_error(sandbox: Sandbox) -> None:
    source = "function two_sum(nums: number[], target: number): string { return nums; }\n"
    job = Job("typescript", F.program_files("typescript", TWO_SUM, source.encode()),
              [TestInput("t0", F.test_stdin(TWO_SUM_TESTS[0][0], F.new_nonce()))])
    outcome = sandbox.execute(job)
    assert outcome.compile is not None and outcome.compile.status is not Status.OK
    assert b"solution.ts" in outcome.compile.stdout and b"TS2322" in outcome.compile.stdout


# --- argument and return types ----------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    spec: F.FunctionSpec
    sources: dict[str, str]
    tests: list[tuple[list[Any], Any]]


def spec(name: str, params: list[str], java_params: list[str], returns: str) -> F.FunctionSpec:
    return F.spec_from_manifest({"name": name, "params": params,
                                 "java": {"params": java_params, "returns": returns}})


CASES = {
    "String, long, List<String> -> String": Case(
        spec("label", ["name", "count", "parts"], ["String", "long", "List<String>"], "String"),
        {"python3": "def label(name, count, parts):\n"
                    "    return name + ':' + str(count) + ':' + '|'.join(parts)\n",
         "javascript": "const label = (name, count, parts) => "
                       "name + ':' + count + ':' + parts.join('|');",
         "typescript": "const label = (name: string, count: number, parts: string[]): string =>"
                       " name + ':' + count + ':' + parts.join('|');",
         "ruby": "def label(name, count, parts) = \"#{name}:#{count}:#{parts.join('|')}\"\n",
         "php": "<?php\nfunction label($name, $count, $parts) {\n"
                "  return $name . ':' . $count . ':' . implode('|', $parts);\n}\n",
         "csharp": "using System.Collections.Generic;\npublic class Solution {\n"
                   "  public static string label(string name, long count, List<string> parts)"
                   " {\n    return name + \":\" + count + \":\" + string.Join(\"|\", parts);"
                   "\n  }\n}\n",
         "kotlin": "fun label(name: String, count: Long, parts: List<String>): String =\n"
                   "    name + \":\" + count + \":\" + parts.joinToString(\"|\")\n",
         "rust": "fn label(name: String, count: i64, parts: Vec<String>) -> String {\n"
                 "    format!(\"{}:{}:{}\", name, count, parts.join(\"|\"))\n}\n",
         "haskell": "import Data.List (intercalate)\n"
                    "label :: String -> Int -> [String] -> String\n"
                    "label name count parts = name ++ \":\" ++ show count ++ \":\" ++"
                    " intercalate \"|\" parts\n",
         "go": "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n"
               "func label(name string, count int64, parts []string) string {\n"
               "\treturn fmt.Sprintf(\"%s:%d:%s\", name, count, strings.Join(parts, \"|\"))\n}\n",
         "java": "import java.util.List;\n"
                 "public class Solution {\n"
                 "  public static String label(String name, long count, List<String> parts) {\n"
                 "    return name + \":\" + count + \":\" + String.join(\"|\", parts);\n  }\n}\n",
         "cpp": "#include <string>\n#include <vector>\nusing namespace std;\n"
                "string label(const string &name, long long count, vector<string> parts) {\n"
                "  string out = name + ':' + to_string(count) + ':';\n"
                "  for (size_t i = 0; i < parts.size(); i++)\n"
                "    out += (i ? \"|\" : \"\") + parts[i];\n"
                "  return out;\n}\n",
         "c": "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
              "char *label(char *name, long long count, char **parts, int partsSize) {\n"
              "  size_t n = strlen(name) + 48;\n"
              "  for (int i = 0; i < partsSize; i++) n += strlen(parts[i]) + 1;\n"
              "  char *out = malloc(n);\n"
              "  int at = sprintf(out, \"%s:%lld:\", name, count);\n"
              "  for (int i = 0; i < partsSize; i++)\n"
              "    at += sprintf(out + at, \"%s%s\", i ? \"|\" : \"\", parts[i]);\n"
              "  return out;\n}\n"},
        [(["h\u00e9llo \u2713 \"q\"\n\\ \U0001F600", 2 ** 40 + 3, ["a", "b c", ""]],
          "h\u00e9llo \u2713 \"q\"\n\\ \U0001F600:1099511627779:a|b c|"),
         (["", -7, []], ":-7:")]),
    "int[][] -> List<Long>": Case(
        spec("row_sums", ["grid"], ["int[][]"], "List<Long>"),
        {"python3": "def row_sums(grid):\n    return [sum(row) for row in grid]\n",
         "javascript": "function row_sums(grid) {\n"
                       "  return grid.map(row => row.reduce((a, b) => a + b, 0));\n}",
         "typescript": "function row_sums(grid: number[][]): number[] {\n"
                       "  return grid.map(row => row.reduce((a, b) => a + b, 0));\n}",
         "ruby": "def row_sums(grid) = grid.map(&:sum)\n",
         "php": "<?php\nfunction row_sums($grid) { return array_map('array_sum', $grid); }\n",
         "csharp": "using System.Collections.Generic;\npublic class Solution {\n"
                   "  public static List<long> row_sums(int[][] grid) {\n"
                   "    var o = new List<long>();\n"
                   "    foreach (var row in grid) { long s = 0; foreach (var x in row) s += x;"
                   " o.Add(s); }\n    return o;\n  }\n}\n",
         "kotlin": "fun row_sums(grid: Array<IntArray>): List<Long> =\n"
                   "    grid.map { row -> row.fold(0L) { a, x -> a + x } }\n",
         "rust": "fn row_sums(grid: Vec<Vec<i32>>) -> Vec<i64> {\n"
                 "    grid.iter().map(|r| r.iter().map(|&x| x as i64).sum()).collect()\n}\n",
         "haskell": "row_sums :: [[Int]] -> [Int]\nrow_sums = map sum\n",
         "go": "package main\n\nfunc row_sums(grid [][]int) []int64 {\n"
               "\tout := []int64{}\n\tfor _, row := range grid {\n\t\tvar s int64\n"
               "\t\tfor _, x := range row {\n\t\t\ts += int64(x)\n\t\t}\n"
               "\t\tout = append(out, s)\n\t}\n\treturn out\n}\n",
         "java": "import java.util.*;\n"
                 "public class Solution {\n"
                 "  public static List<Long> row_sums(int[][] grid) {\n"
                 "    List<Long> out = new ArrayList<>();\n"
                 "    for (int[] row : grid) {\n"
                 "      long s = 0;\n"
                 "      for (int x : row) s += x;\n"
                 "      out.add(s);\n"
                 "    }\n"
                 "    return out;\n  }\n}\n",
         "cpp": "#include <vector>\n"
                "std::vector<long long> row_sums(const std::vector<std::vector<int>> &grid) {\n"
                "  std::vector<long long> out;\n"
                "  for (auto &row : grid) { long long s = 0; for (int x : row) s += x;"
                " out.push_back(s); }\n"
                "  return out;\n}\n",
         "c": "#include <stdlib.h>\n"
              "long long *row_sums(int **grid, int gridSize, int *gridColSize, int *returnSize) {\n"
              "  long long *out = malloc((gridSize + 1) * sizeof *out);\n"
              "  for (int i = 0; i < gridSize; i++) {\n"
              "    out[i] = 0;\n"
              "    for (int j = 0; j < gridColSize[i]; j++) out[i] += grid[i][j];\n"
              "  }\n"
              "  *returnSize = gridSize;\n  return out;\n}\n"},
        [([[[2_000_000_000, 2_000_000_000, 147_483_647], [], [-5, 3]]], [4_147_483_647, 0, -2]),
         ([[]], [])]),
    "double[], double -> double[]": Case(
        spec("scale", ["xs", "k"], ["double[]", "double"], "double[]"),
        {"python3": "def scale(xs, k):\n    return [x * k for x in xs]\n",
         "javascript": "module.exports = { scale: (xs, k) => xs.map(x => x * k) };",
         "typescript": "export const scale = (xs: number[], k: number) => xs.map(x => x * k);",
         "ruby": "def scale(xs, k) = xs.map { |x| x * k }\n",
         "php": "<?php\nfunction scale($xs, $k) { return array_map(fn($x) => $x * $k, $xs); }\n",
         "csharp": "public class Solution {\n"
                   "  public static double[] scale(double[] xs, double k) {\n"
                   "    for (int i = 0; i < xs.Length; i++) xs[i] *= k;\n    return xs;\n  }\n}\n",
         "kotlin": "fun scale(xs: DoubleArray, k: Double): DoubleArray =\n"
                   "    xs.map { it * k }.toDoubleArray()\n",
         "rust": "fn scale(xs: Vec<f64>, k: f64) -> Vec<f64> {\n"
                 "    xs.into_iter().map(|x| x * k).collect()\n}\n",
         "haskell": "scale :: [Double] -> Double -> [Double]\nscale xs k = map (* k) xs\n",
         "go": "package main\n\nfunc scale(xs []float64, k float64) []float64 {\n"
               "\tfor i := range xs {\n\t\txs[i] *= k\n\t}\n\treturn xs\n}\n",
         "java": "public class Solution {\n"
                 "  public static double[] scale(double[] xs, double k) {\n"
                 "    double[] out = new double[xs.length];\n"
                 "    for (int i = 0; i < xs.length; i++) out[i] = xs[i] * k;\n"
                 "    return out;\n  }\n}\n",
         "cpp": "#include <vector>\n"
                "std::vector<double> scale(std::vector<double> xs, double k) {\n"
                "  for (double &x : xs) x *= k;\n  return xs;\n}\n",
         "c": "double *scale(double *xs, int xsSize, double k, int *returnSize) {\n"
              "  for (int i = 0; i < xsSize; i++) xs[i] *= k;\n"
              "  *returnSize = xsSize;\n  return xs;\n}\n"},
        [([[0.1, 0.2, 1e300, -2.5e-8, 1], 3], [0.3, 0.6, 3e300, -7.5e-8, 3]),
         ([[1, 2], 2], [2, 4])]),
    "int[][] -> int[][]": Case(
        spec("transpose", ["grid"], ["int[][]"], "int[][]"),
        {"python3": "def transpose(grid):\n    return [list(col) for col in zip(*grid)]\n",
         "javascript": "function transpose(g) {\n"
                       "  return g.length ? g[0].map((_, j) => g.map(row => row[j])) : [];\n}",
         "typescript": "function transpose(g: number[][]): number[][] {\n"
                       "  return g.length ? g[0].map((_, j) => g.map(row => row[j])) : [];\n}",
         "ruby": "def transpose(g) = g.empty? ? [] : g.transpose\n",
         "php": "<?php\nfunction transpose($g) {\n"
                "  if (!$g) return [];\n"
                "  return array_map(null, ...(count($g) === 1 ? [$g[0], []] : $g));\n}\n",
         "csharp": "public class Solution {\n"
                   "  public static int[][] transpose(int[][] g) {\n"
                   "    if (g.Length == 0) return new int[0][];\n"
                   "    var t = new int[g[0].Length][];\n"
                   "    for (int j = 0; j < t.Length; j++) {\n"
                   "      t[j] = new int[g.Length];\n"
                   "      for (int i = 0; i < g.Length; i++) t[j][i] = g[i][j];\n    }\n"
                   "    return t;\n  }\n}\n",
         "kotlin": "fun transpose(g: Array<IntArray>): Array<IntArray> =\n"
                   "    if (g.isEmpty()) arrayOf()\n"
                   "    else Array(g[0].size) { j -> IntArray(g.size) { i -> g[i][j] } }\n",
         "rust": "fn transpose(g: Vec<Vec<i32>>) -> Vec<Vec<i32>> {\n"
                 "    if g.is_empty() { return vec![]; }\n"
                 "    (0..g[0].len()).map(|j| g.iter().map(|r| r[j]).collect()).collect()\n}\n",
         "haskell": "import qualified Data.List as L\n"
                    "transpose :: [[Int]] -> [[Int]]\ntranspose = L.transpose\n",
         "go": "package main\n\nfunc transpose(g [][]int) [][]int {\n"
               "\tt := [][]int{}\n\tif len(g) == 0 {\n\t\treturn t\n\t}\n"
               "\tfor j := range g[0] {\n\t\tcol := make([]int, len(g))\n"
               "\t\tfor i := range g {\n\t\t\tcol[i] = g[i][j]\n\t\t}\n"
               "\t\tt = append(t, col)\n\t}\n\treturn t\n}\n",
         "java": "public class Solution {\n"
                 "  public static int[][] transpose(int[][] g) {\n"
                 "    if (g.length == 0) return new int[0][];\n"
                 "    int[][] t = new int[g[0].length][g.length];\n"
                 "    for (int i = 0; i < g.length; i++)\n"
                 "      for (int j = 0; j < g[0].length; j++) t[j][i] = g[i][j];\n"
                 "    return t;\n  }\n}\n",
         "cpp": "#include <vector>\nusing namespace std;\n"
                "vector<vector<int>> transpose(const vector<vector<int>> &g) {\n"
                "  if (g.empty()) return {};\n"
                "  vector<vector<int>> t(g[0].size(), vector<int>(g.size()));\n"
                "  for (size_t i = 0; i < g.size(); i++)\n"
                "    for (size_t j = 0; j < g[0].size(); j++) t[j][i] = g[i][j];\n"
                "  return t;\n}\n",
         "c": "#include <stdlib.h>\n"
              "int **transpose(int **g, int gSize, int *gColSize, int *returnSize,\n"
              "                int **returnColumnSizes) {\n"
              "  int cols = gSize ? gColSize[0] : 0;\n"
              "  int **t = malloc((cols + 1) * sizeof *t);\n"
              "  *returnColumnSizes = malloc((cols + 1) * sizeof **returnColumnSizes);\n"
              "  for (int j = 0; j < cols; j++) {\n"
              "    t[j] = malloc(gSize * sizeof **t);\n"
              "    (*returnColumnSizes)[j] = gSize;\n"
              "    for (int i = 0; i < gSize; i++) t[j][i] = g[i][j];\n"
              "  }\n"
              "  *returnSize = cols;\n  return t;\n}\n"},
        [([[[1, 2, 3], [4, 5, 6]]], [[1, 4], [2, 5], [3, 6]]), ([[]], [])]),
    "List<Integer>, String[], boolean -> boolean[]": Case(
        spec("at_least", ["values", "words", "strict"], ["List<Integer>", "String[]", "boolean"],
             "boolean[]"),
        {"python3": "def at_least(values, words, strict):\n"
                    "    n = len(words)\n"
                    "    return [v > n if strict else v >= n for v in values]\n",
         "javascript": "function at_least(values, words, strict) {\n"
                       "  return values.map(v => strict ? v > words.length : v >= words.length);\n"
                       "}",
         "typescript": "function at_least(values: number[], words: string[], strict: boolean) {\n"
                       "  return values.map(v => strict ? v > words.length : v >= words.length);\n"
                       "}",
         "ruby": "def at_least(values, words, strict)\n"
                 "  values.map { |v| strict ? v > words.size : v >= words.size }\nend\n",
         "php": "<?php\nfunction at_least($values, $words, $strict) {\n"
                "  return array_map(fn($v) => $strict ? $v > count($words) : $v >= count($words),"
                " $values);\n}\n",
         "csharp": "using System.Collections.Generic;\npublic class Solution {\n"
                   "  public static bool[] at_least(List<int> values, string[] words, bool strict)"
                   " {\n    var o = new bool[values.Count];\n"
                   "    for (int i = 0; i < o.Length; i++)\n"
                   "      o[i] = strict ? values[i] > words.Length : values[i] >= words.Length;\n"
                   "    return o;\n  }\n}\n",
         "kotlin": "fun at_least(values: List<Int>, words: Array<String>, strict: Boolean):"
                   " BooleanArray =\n"
                   "    values.map { if (strict) it > words.size else it >= words.size }"
                   ".toBooleanArray()\n",
         "rust": "fn at_least(values: Vec<i32>, words: Vec<String>, strict: bool) -> Vec<bool>"
                 " {\n    let n = words.len() as i32;\n"
                 "    values.iter().map(|&v| if strict { v > n } else { v >= n }).collect()\n}\n",
         "haskell": "at_least :: [Int] -> [String] -> Bool -> [Bool]\n"
                    "at_least values words strict =\n"
                    "  map (\\v -> if strict then v > length words else v >= length words)"
                    " values\n",
         "go": "package main\n\nfunc at_least(values []int, words []string, strict bool) []bool {\n"
               "\tout := make([]bool, len(values))\n\tfor i, v := range values {\n"
               "\t\tout[i] = v > len(words) || (!strict && v == len(words))\n\t}\n"
               "\treturn out\n}\n",
         "java": "import java.util.List;\n"
                 "public class Solution {\n"
                 "  public static boolean[] at_least(List<Integer> values, String[] words,\n"
                 "                                   boolean strict) {\n"
                 "    boolean[] out = new boolean[values.size()];\n"
                 "    for (int i = 0; i < out.length; i++)\n"
                 "      out[i] = strict ? values.get(i) > words.length\n"
                 "                      : values.get(i) >= words.length;\n"
                 "    return out;\n  }\n}\n",
         "cpp": "#include <string>\n#include <vector>\n"
                "std::vector<bool> at_least(std::vector<int> values,"
                " std::vector<std::string> words, bool strict) {\n"
                "  std::vector<bool> out;\n"
                "  int n = (int)words.size();\n"
                "  for (int v : values) out.push_back(strict ? v > n : v >= n);\n"
                "  return out;\n}\n",
         "c": "#include <stdbool.h>\n#include <stdlib.h>\n"
              "bool *at_least(int *values, int valuesSize, char **words, int wordsSize,\n"
              "               bool strict, int *returnSize) {\n"
              "  bool *out = malloc(valuesSize + 1);\n"
              "  for (int i = 0; i < valuesSize; i++)\n"
              "    out[i] = strict ? values[i] > wordsSize : values[i] >= wordsSize;\n"
              "  *returnSize = valuesSize;\n  return out;\n}\n"},
        [([[1, 2, 3], ["a", "b"], True], [False, False, True]),
         ([[1, 2, 3], ["a", "b"], False], [False, True, True])]),
}

LONG_CASE = Case(  # beyond 2^53: exact in Python and Java (JavaScript numbers are doubles)
    spec("shift", ["base", "deltas"], ["long", "List<Long>"], "long[]"),
    {"python3": "def shift(base, deltas):\n    return [base + d for d in deltas]\n",
     "java": "import java.util.List;\n"
             "public class Solution {\n"
             "  public static long[] shift(long base, List<Long> deltas) {\n"
             "    long[] out = new long[deltas.size()];\n"
             "    for (int i = 0; i < out.length; i++) out[i] = base + deltas.get(i);\n"
             "    return out;\n  }\n}\n",
     "cpp": "#include <vector>\n"
            "std::vector<long long> shift(long long base, const std::vector<long long> &d) {\n"
            "  std::vector<long long> out;\n  for (long long x : d) out.push_back(base + x);\n"
            "  return out;\n}\n",
     "c": "long long *shift(long long base, long long *d, int dSize, int *returnSize) {\n"
          "  for (int i = 0; i < dSize; i++) d[i] += base;\n"
          "  *returnSize = dSize;\n  return d;\n}\n",
     "go": "package main\n\nfunc shift(base int64, deltas []int64) []int64 {\n"
           "\tfor i := range deltas {\n\t\tdeltas[i] += base\n\t}\n\treturn deltas\n}\n",
     "ruby": "def shift(base, deltas) = deltas.map { |d| base + d }\n",
     "php": "<?php\nfunction shift($base, $deltas) {\n"
            "  return array_map(fn($d) => $base + $d, $deltas);\n}\n",
     "csharp": "using System.Collections.Generic;\npublic class Solution {\n"
               "  public static long[] shift(long b, List<long> d) {\n"
               "    var o = new long[d.Count];\n"
               "    for (int i = 0; i < o.Length; i++) o[i] = b + d[i];\n    return o;\n  }\n}\n",
     "kotlin": "fun shift(base: Long, deltas: List<Long>): LongArray =\n"
               "    deltas.map { base + it }.toLongArray()\n",
     "rust": "fn shift(base: i64, deltas: Vec<i64>) -> Vec<i64> {\n"
             "    deltas.iter().map(|d| base + d).collect()\n}\n",
     "haskell": "shift :: Int -> [Int] -> [Int]\nshift base = map (base +)\n"},
    [([2 ** 62, [1, -(2 ** 62), 2 ** 62 - 1]], [2 ** 62 + 1, 0, 2 ** 63 - 1])])


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_argument_and_return_types(sandbox: Sandbox, case: str, language: str) -> None:
    c = CASES[case]
    runs = run(sandbox, language, c.spec, c.sources[language], [args for args, _ in c.tests])
    for ran, (_, expected) in zip(runs, c.tests, strict=True):
        assert ran.result.status is Status.OK, ran.explain()
        assert ran.passes(expected), ran.explain()


@pytest.mark.parametrize("language", ["python3", "java", "cpp", "c", "go", "ruby", "php",
                                      "csharp", "kotlin", "rust", "haskell"])
def test_longs_beyond_double_precision_are_exact(sandbox: Sandbox, language: str) -> None:
    (ran,) = run(sandbox, language, LONG_CASE.spec, LONG_CASE.sources[language],
                 [LONG_CASE.tests[0][0]])
    assert ran.value == (True, LONG_CASE.tests[0][1], ""), ran.explain()


def test_java_rejects_arguments_that_do_not_fit_the_declared_types(sandbox: Sandbox) -> None:
    runs = run(sandbox, "java", TWO_SUM, TWO_SUM_OK["java"],
               [[[1, 2.5], 3], [[1, 2], 2 ** 31], [[1, 2]], [[1, 2], 3, 4], [None, 3]])
    for ran in runs[:4]:
        assert ran.result.status is Status.RUNTIME_ERROR, ran.explain()
        assert b"usefulwriter: bad test arguments" in ran.result.stderr, ran.explain()
    # a null array is passed as null: this solution then throws a NullPointerException
    assert b"NullPointerException" in runs[4].result.stderr, runs[4].explain()


# --- tampering: the learner's code must not be able to fake a pass ---------------------------
#
# In each, the learner's function does not return the expected [0, 1] for the first two-sum
# test: it returns [1, 0] or never returns. A pass would need the driver's nonce line with [0, 1].

EXPECTED = [0, 1]
WRONG = [1, 0]

TAMPER: dict[str, dict[str, str]] = {
    # (a) print a fake result line, then exit 0 before the function returns
    "a: fake line, then exit 0": {
        "python3": r"""
import os, sys
def two_sum(nums, target):
    for fake in ("[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"):
        print(fake)
        sys.__stdout__.write(fake + "\n")
        for fd in range(1, 32):
            try:
                os.write(fd, ("\n" + fake + "\n").encode())
            except OSError:
                pass
    sys.stdout.flush()
    os._exit(0)
""",
        "javascript": r"""
const fs = require('fs');
function two_sum(nums, target) {
  for (const fake of ['[0, 1]', '0 [0, 1]', 'RESULT [0, 1]', 'nonce [0,1]']) {
    console.log(fake);
    process.stdout.write(fake + '\n');
    for (let fd = 1; fd < 32; fd++) {
      try { fs.writeSync(fd, '\n' + fake + '\n'); } catch (e) { /* not open */ }
    }
  }
  process.exit(0);
}
""",
        "java": r"""
import java.io.*;
public class Solution {
    public static int[] two_sum(int[] nums, int target) throws Exception {
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        for (String fake : new String[] {"[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"}) {
            System.out.println(fake);
            out.write(("\n" + fake + "\n").getBytes());
        }
        System.exit(0);
        return new int[] {1, 0};
    }
}
""",
        "cpp": r"""
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>
#include <unistd.h>
std::vector<int> two_sum(std::vector<int> nums, int target) {
    for (const char *fake : {"[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"}) {
        std::cout << fake << std::endl;
        std::printf("%s\n", fake);
        std::string line = std::string("\n") + fake + "\n";
        for (int fd = 1; fd < 32; fd++) (void)!::write(fd, line.data(), line.size());
    }
    std::fflush(stdout);
    std::_Exit(0);
}
""",
        "c": r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    const char *fakes[] = {"[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"};
    for (int k = 0; k < 4; k++) {
        printf("%s\n", fakes[k]);
        char line[64];
        int n = snprintf(line, sizeof line, "\n%s\n", fakes[k]);
        for (int fd = 1; fd < 32; fd++) (void)!write(fd, line, (size_t)n);
    }
    fflush(stdout);
    _exit(0);
}
""",
        "go": r"""
package main

import (
	"fmt"
	"os"
	"syscall"
)

func two_sum(nums []int, target int) []int {
	for _, fake := range []string{"[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"} {
		fmt.Println(fake)
		for fd := 1; fd < 32; fd++ {
			syscall.Write(fd, []byte("\n"+fake+"\n"))
		}
	}
	os.Exit(0)
	return nil
}
""",
    },
    # (a) guess the nonce's format (hex of the usual lengths, a UUID), then exit 0
    "a: guessed nonces, then exit 0": {
        "python3": r"""
import os, secrets, sys, uuid
def two_sum(nums, target):
    guesses = [secrets.token_hex(n) for n in (8, 16, 16, 32)]
    guesses += [uuid.uuid4().hex, str(uuid.uuid4()), "0" * 32, "f" * 32]
    text = "".join(f"\n{g} [0, 1]\n{g} [0,1]\n" for g in guesses).encode()
    for fd in range(1, 32):
        try:
            os.write(fd, text)
        except OSError:
            pass
    sys.exit(0)
""",
        "javascript": r"""
const fs = require('fs');
const crypto = require('crypto');
function two_sum(nums, target) {
  const guesses = [8, 16, 16, 32].map(n => crypto.randomBytes(n).toString('hex'));
  guesses.push(crypto.randomUUID(), crypto.randomUUID().replace(/-/g, ''), '0'.repeat(32));
  const text = guesses.map(g => `\n${g} [0, 1]\n${g} [0,1]\n`).join('');
  for (let fd = 1; fd < 32; fd++) {
    try { fs.writeSync(fd, text); } catch (e) { /* not open */ }
  }
  process.reallyExit(0);
}
""",
        "java": r"""
import java.io.*;
import java.security.SecureRandom;
import java.util.*;
public class Solution {
    public static int[] two_sum(int[] nums, int target) throws Exception {
        List<String> guesses = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int n : new int[] {8, 16, 16, 32}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            StringBuilder hex = new StringBuilder();
            for (byte x : b) hex.append(String.format("%02x", x));
            guesses.add(hex.toString());
        }
        guesses.add(UUID.randomUUID().toString().replace("-", ""));
        guesses.add("0".repeat(32));
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        for (String g : guesses) out.write(("\n" + g + " [0, 1]\n" + g + " [0,1]\n").getBytes());
        Runtime.getRuntime().halt(0);
        return new int[] {1, 0};
    }
}
""",
        "cpp": r"""
#include <cstdlib>
#include <random>
#include <string>
#include <vector>
#include <unistd.h>
std::vector<int> two_sum(std::vector<int> nums, int target) {
    std::random_device rd;
    std::vector<std::string> guesses = {std::string(32, '0'), std::string(32, 'f')};
    for (int n : {16, 32, 32, 64}) {
        std::string g;
        for (int i = 0; i < n; i++) g += "0123456789abcdef"[rd() % 16];
        guesses.push_back(g);
    }
    std::string text;
    for (auto &g : guesses) text += "\n" + g + " [0, 1]\n" + g + " [0,1]\n";
    for (int fd = 1; fd < 32; fd++) (void)!::write(fd, text.data(), text.size());
    std::exit(0);
}
""",
        "c": r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/random.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    char text[4096];
    int at = 0;
    for (int g = 0; g < 6; g++) {
        char guess[65];
        int n = g < 2 ? 32 : g == 5 ? 64 : 32;
        unsigned char random[32];
        (void)!getrandom(random, sizeof random, 0);
        for (int i = 0; i < n; i++)
            guess[i] = g == 0 ? '0' : g == 1 ? 'f' : "0123456789abcdef"[random[i % 32] % 16];
        guess[n] = '\0';
        at += snprintf(text + at, sizeof text - at, "\n%s [0, 1]\n%s [0,1]\n", guess, guess);
    }
    for (int fd = 1; fd < 32; fd++) (void)!write(fd, text, (size_t)at);
    exit(0);
}
""",
    },
    # (b) read stdin when the learner's code is loaded, looking for the nonce
    "b: read stdin at load time": {
        "python3": r"""
import os, sys
found = []
def grab(how, f):
    try:
        data = f()
    except Exception as exc:
        data = repr(exc)
    found.append((how, data))
grab("sys.stdin", lambda: sys.stdin.read())
grab("sys.stdin.buffer", lambda: sys.stdin.buffer.read())
grab("os.read", lambda: os.read(0, 1 << 16))
grab("/proc/self/fd/0", lambda: open("/proc/self/fd/0", "rb").read())
grab("/dev/stdin", lambda: open("/dev/stdin", "rb").read())
for fd in range(0, 32):
    grab(f"pread {fd}", lambda fd=fd: os.pread(fd, 1 << 16, 0))
sys.stderr.write(f"FOUND {found!r}\n")
for how, data in found:
    if isinstance(data, bytes) and b"\n" in data:
        nonce = data.split(b"\n")[0].strip()
        for fd in range(1, 32):
            try:
                os.write(fd, b"\n" + nonce + b" [9, 9]\n")
            except OSError:
                pass
        os._exit(0)
def two_sum(nums, target):
    return [1, 0]
""",
        "javascript": r"""
const fs = require('fs');
const found = [];
function grab(how, f) {
  try { found.push([how, f()]); } catch (e) { found.push([how, String(e)]); }
}
grab('readFileSync(0)', () => fs.readFileSync(0));
grab('/dev/stdin', () => fs.readFileSync('/dev/stdin'));
grab('/proc/self/fd/0', () => fs.readFileSync('/proc/self/fd/0'));
for (let fd = 0; fd < 32; fd++) {
  grab('pread ' + fd, () => {
    const b = Buffer.alloc(65536);
    return b.subarray(0, fs.readSync(fd, b, 0, b.length, 0));
  });
}
grab('process.stdin', () => process.stdin.read());
process.stderr.write('FOUND ' + JSON.stringify(found.map(([h, d]) => [h, String(d)])) + '\n');
for (const [, data] of found) {
  if (Buffer.isBuffer(data) && data.includes(10)) {
    const nonce = data.subarray(0, data.indexOf(10)).toString();
    fs.writeSync(1, '\n' + nonce + ' [9, 9]\n');
    process.exit(0);
  }
}
function two_sum(nums, target) { return [1, 0]; }
""",
        "java": r"""
import java.io.*;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
public class Solution {
    static final List<String> found = new ArrayList<>();
    interface Grab { byte[] get() throws Exception; }
    static void grab(String how, Grab g) {
        try {
            byte[] data = g.get();
            String text = new String(data);
            found.add(how + "=" + text);
            if (text.contains("\n")) {
                String nonce = text.substring(0, text.indexOf('\n'));
                byte[] line = ("\n" + nonce + " [0, 1]\n").getBytes();
                new FileOutputStream(FileDescriptor.out).write(line);
                Runtime.getRuntime().halt(0);
            }
        } catch (Exception e) {
            found.add(how + "=" + e);
        }
    }
    static {
        grab("System.in", () -> System.in.readAllBytes());
        grab("FileDescriptor.in", () -> new FileInputStream(FileDescriptor.in).readAllBytes());
        grab("/proc/self/fd/0", () -> Files.readAllBytes(Paths.get("/proc/self/fd/0")));
        grab("/dev/stdin", () -> new FileInputStream("/dev/stdin").readAllBytes());
        grab("channel at 0", () -> {
            FileChannel ch = new FileInputStream(FileDescriptor.in).getChannel();
            ByteBuffer b = ByteBuffer.allocate(65536);
            int n = ch.read(b, 0);
            return Arrays.copyOf(b.array(), Math.max(n, 0));
        });
        grab("Main's fields", () -> {
            StringBuilder s = new StringBuilder();
            for (java.lang.reflect.Field f : Class.forName("Main").getDeclaredFields()) {
                f.setAccessible(true);
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
                Object v = f.get(null);
                s.append(f.getName()).append('=');
                s.append(v instanceof Object[] ? Arrays.deepToString((Object[]) v) : "" + v);
            }
            return s.toString().getBytes();
        });
        System.err.println("FOUND " + found);
    }
    public static int[] two_sum(int[] nums, int target) {
        return new int[] {1, 0};
    }
}
""",
        "cpp": r"""
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>
// A static initialiser: it runs before main, like the learner's own globals would.
static std::vector<std::string> found = [] {
    std::vector<std::string> out;
    std::string s;
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::read(0, buf, sizeof buf)) > 0) s.append(buf, (size_t)n);
    out.push_back(s);
    std::stringstream in;
    in << std::cin.rdbuf();
    out.push_back(in.str());
    for (const char *path : {"/proc/self/fd/0", "/dev/stdin"}) {
        std::ifstream f(path);
        std::stringstream t;
        t << f.rdbuf();
        out.push_back(t.str());
    }
    for (int fd = 0; fd < 32; fd++) {
        n = ::pread(fd, buf, sizeof buf, 0);
        if (n > 0) out.push_back(std::string(buf, (size_t)n));
    }
    for (auto &data : out) {
        std::cerr << "FOUND " << data << std::endl;
        size_t nl = data.find('\n');
        if (nl == std::string::npos || nl == 0) continue;
        std::string line = "\n" + data.substr(0, nl) + " [9, 9]\n";
        for (int fd = 1; fd < 32; fd++) (void)!::write(fd, line.data(), line.size());
        ::_exit(0);
    }
    return out;
}();
std::vector<int> two_sum(std::vector<int> nums, int target) { return {1, 0}; }
""",
        "c": r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* A constructor: it runs before main, like the learner's own initialisation would. */
__attribute__((constructor)) static void grab(void) {
    static char buf[1 << 16];
    for (int way = 0; way < 35; way++) {
        ssize_t n = -1;
        if (way == 0) n = read(0, buf, sizeof buf - 1);
        else if (way == 1) n = (ssize_t)fread(buf, 1, sizeof buf - 1, stdin);
        else if (way == 2 || way == 3) {
            FILE *f = fopen(way == 2 ? "/proc/self/fd/0" : "/dev/stdin", "r");
            if (f) { n = (ssize_t)fread(buf, 1, sizeof buf - 1, f); fclose(f); }
        } else n = pread(way - 4, buf, sizeof buf - 1, 0);
        if (n <= 0) continue;
        buf[n] = '\0';
        fprintf(stderr, "FOUND %s\n", buf);
        char *nl = strchr(buf, '\n');
        if (!nl || nl == buf) continue;
        *nl = '\0';
        char line[1024];
        int len = snprintf(line, sizeof line, "\n%s [9, 9]\n", buf);
        for (int fd = 1; fd < 32; fd++) (void)!write(fd, line, (size_t)len);
        _exit(0);
    }
}
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    int *answer = malloc(2 * sizeof *answer);
    answer[0] = 1;
    answer[1] = 0;
    *returnSize = 2;
    return answer;
}
""",
        "go": r"""
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"
)

// Package-level variables and init functions run before main, like the learner's own would.
var found = grab()

func grab() [][]byte {
	var out [][]byte
	data, _ := io.ReadAll(os.Stdin)
	out = append(out, data)
	for _, path := range []string{"/proc/self/fd/0", "/dev/stdin"} {
		d, _ := os.ReadFile(path)
		out = append(out, d)
	}
	for fd := 0; fd < 32; fd++ {
		buf := make([]byte, 1<<16)
		if n, err := syscall.Pread(fd, buf, 0); err == nil && n > 0 {
			out = append(out, buf[:n])
		}
	}
	return out
}

func init() {
	for _, data := range found {
		fmt.Fprintf(os.Stderr, "FOUND %q\n", data)
		if nl := bytes.IndexByte(data, '\n'); nl > 0 {
			for fd := 1; fd < 32; fd++ {
				syscall.Write(fd, append(append([]byte("\n"), data[:nl]...), " [9, 9]\n"...))
			}
			os.Exit(0)
		}
	}
}

func two_sum(nums []int, target int) []int { return []int{1, 0} }
""",
    },
    # (c) monkeypatch what a driver would use to write its result
    "c: monkeypatch the serialiser and stdout": {
        "python3": r"""
import builtins, json, os, sys

def fix(text):
    return text.replace("[1, 0]", "[0, 1]").replace("[1,0]", "[0,1]")

json.dumps = lambda *a, **k: "[0, 1]"
json.JSONEncoder.encode = lambda self, o: "[0, 1]"
json.encoder.encode_basestring_ascii = lambda s: '"[0, 1]"'
_print = builtins.print
builtins.print = lambda *a, **k: _print(*(fix(str(x)) for x in a), **k)
builtins.repr = lambda o: "[0, 1]"
builtins.str = type("str", (str,), {})
builtins.memoryview = lambda b: memoryview(bytes(b).replace(b"[1,0]", b"[0,1]"))
_write = os.write
os.write = lambda fd, data: _write(fd, bytes(data).replace(b"[1,0]", b"[0,1]"))

class Rewriter:
    def __init__(self, inner):
        self.inner = inner
    def write(self, s):
        return self.inner.write(fix(s))
    def flush(self):
        self.inner.flush()

sys.stdout = Rewriter(sys.stdout)
sys.__stdout__ = Rewriter(sys.__stdout__)

class Sneaky(list):  # looks like [0, 1] from the outside, holds [1, 0]
    def __iter__(self):
        return iter([0, 1])
    def __repr__(self):
        return "[0, 1]"
    __str__ = __repr__
    def __eq__(self, other):
        return True
    __hash__ = None

def two_sum(nums, target):
    return Sneaky([1, 0])
""",
        "javascript": r"""
const fs = require('fs');
const fix = s => s.replace('[1,0]', '[0,1]').replace('[1, 0]', '[0, 1]');
JSON.stringify = () => '[0,1]';
Array.prototype.toJSON = function () { return [0, 1]; };
Number.prototype.toString = function () { return '0'; };
const writeSync = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (typeof data === 'string') data = fix(data);
  else if (Buffer.isBuffer(data)) {
    data = Buffer.from(fix(data.toString('latin1')), 'latin1');
  }
  return writeSync.call(fs, fd, data);
};
const from = Buffer.from;
Buffer.from = function (v, ...rest) {
  return from.call(Buffer, typeof v === 'string' ? fix(v) : v, ...rest);
};
const concat = Buffer.concat;
Buffer.concat = function (list) {
  return from.call(Buffer, fix(concat.call(Buffer, list).toString('latin1')), 'latin1');
};
process.stdout.write = (s) => process.stderr.write(fix(String(s)));
// deeper: node's internal fs binding (under fs.writeSync) and Buffer's string writer
try {
  const binding = process.binding('fs');
  const writeBuffer = binding.writeBuffer;
  binding.writeBuffer = function (fd, buf, ...rest) {
    const text = Buffer.prototype.toString.call(buf, 'latin1');
    return writeBuffer.call(this, fd, from.call(Buffer, fix(text), 'latin1'), ...rest);
  };
} catch (e) {
  process.stderr.write('cannot patch the fs binding: ' + e + '\n');
}
const utf8Write = Buffer.prototype.utf8Write;
Buffer.prototype.utf8Write = function (s, ...r) { return utf8Write.call(this, fix(s), ...r); };
const encodeInto = TextEncoder.prototype.encodeInto;
TextEncoder.prototype.encodeInto = function (s, d) { return encodeInto.call(this, fix(s), d); };
TextEncoder.prototype.encode = function () { return new Uint8Array(0); };
Object.keys = () => [];
Array.isArray = () => false;
process.reallyExit = () => {};
process.exit = () => {};
function two_sum(nums, target) { return [1, 0]; }
""",
        "java": r"""
import java.io.*;
public class Solution {
    static {
        OutputStream real = new FileOutputStream(FileDescriptor.out);
        PrintStream fixer = new PrintStream(new FilterOutputStream(real) {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            @Override public void write(int b) throws IOException {
                line.write(b);
                if (b == '\n') {
                    real.write(line.toString().replace("[1,0]", "[0,1]").getBytes());
                    line.reset();
                }
            }
        }, true);
        System.setOut(fixer);
        System.setErr(fixer);
    }
    public static int[] two_sum(int[] nums, int target) {
        return new int[] {1, 0};
    }
}

// Classes of the default package named like the JDK's, for a driver that uses simple names.
class StringBuilder {
    public StringBuilder append(Object o) { return this; }
    public StringBuilder append(char c) { return this; }
    public StringBuilder append(int i) { return this; }
    public StringBuilder append(long l) { return this; }
    public int length() { return 5; }
    public String toString() { return "[0,1]"; }
}

class Runtime {
    static Runtime getRuntime() { return new Runtime(); }
    void halt(int code) { }
}

class Arrays {
    static byte[] copyOfRange(byte[] a, int from, int to) { return "0".repeat(32).getBytes(); }
}
""",
    },
    # (d) write to the process's stdout behind the language's back
    "d: write to /proc/self/fd/1": {
        "python3": r"""
import os, sys
def two_sum(nums, target):
    for path in ("/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"):
        try:
            with open(path, "w") as f:
                f.write("\nfake [0, 1]\n")
        except OSError as exc:
            sys.stderr.write(f"{path}: {exc}\n")
    for fd in range(1, 32):
        try:
            os.write(fd, b"dangling-partial-line ")  # no newline: hoping to prefix the result
        except OSError:
            pass
    return [1, 0]
""",
        "javascript": r"""
const fs = require('fs');
function two_sum(nums, target) {
  for (const path of ['/proc/self/fd/1', '/dev/stdout', '/proc/self/fd/2']) {
    try {
      fs.writeFileSync(path, '\nfake [0, 1]\n');
    } catch (e) {
      process.stderr.write(path + ': ' + e + '\n');
    }
  }
  fs.writeSync(1, 'dangling-partial-line ');  // no newline: hoping to prefix the result
  fs.writeSync(2, 'dangling-partial-line ');
  return [1, 0];
}
""",
        "java": r"""
import java.io.*;
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        for (String path : new String[] {"/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"}) {
            try (FileOutputStream f = new FileOutputStream(path)) {
                f.write("\nfake [0, 1]\n".getBytes());
            } catch (IOException e) {
                System.err.println(path + ": " + e);
            }
        }
        try {
            new FileOutputStream(FileDescriptor.out).write("dangling-partial-line ".getBytes());
        } catch (IOException e) {
            System.err.println(e);
        }
        return new int[] {1, 0};
    }
}
""",
        "cpp": r"""
#include <fstream>
#include <iostream>
#include <vector>
#include <unistd.h>
std::vector<int> two_sum(std::vector<int> nums, int target) {
    for (const char *path : {"/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"}) {
        std::ofstream f(path);
        f << "\nfake [0, 1]\n";
    }
    for (int fd = 1; fd < 32; fd++) (void)!::write(fd, "dangling-partial-line ", 22);
    return {1, 0};
}
""",
        "c": r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    const char *paths[] = {"/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"};
    for (int k = 0; k < 3; k++) {
        FILE *f = fopen(paths[k], "w");
        if (f) { fputs("\nfake [0, 1]\n", f); fclose(f); }
    }
    for (int fd = 1; fd < 32; fd++) (void)!write(fd, "dangling-partial-line ", 22);
    int *answer = malloc(2 * sizeof *answer);
    answer[0] = 1;
    answer[1] = 0;
    *returnSize = 2;
    return answer;
}
""",
        "go": r"""
package main

import (
	"os"
	"syscall"
)

func two_sum(nums []int, target int) []int {
	for _, path := range []string{"/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"} {
		os.WriteFile(path, []byte("\nfake [0, 1]\n"), 0o644)
	}
	for fd := 1; fd < 32; fd++ {
		syscall.Write(fd, []byte("dangling-partial-line "))
	}
	return []int{1, 0}
}
""",
    },
}

# The same tampering against the drivers of Ruby, PHP, C#, Kotlin, Rust and Haskell. Where a
# language runs no code of the learner's before the call (C#, Kotlin, Rust, Haskell: a static
# constructor, a top-level value or unsafePerformIO run when the function is first used),
# "read stdin at load time" reads it then, which is no later than load time elsewhere: the
# driver has read its input either way.
MORE_TAMPER: dict[str, dict[str, str]] = {
    "a: fake line, then exit 0": {
        "ruby": r"""
def two_sum(nums, target)
  ["[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"].each do |fake|
    puts fake
    $stdout.flush
    (1...32).each do |fd|
      IO.for_fd(fd, autoclose: false).syswrite("\n#{fake}\n")
    rescue StandardError
      nil
    end
  end
  exit!(0)
end
""",
        "php": r"""<?php
function two_sum(array $nums, int $target): array {
    foreach (["[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"] as $fake) {
        echo $fake, "\n";
        for ($fd = 1; $fd < 32; $fd++) {
            $h = @fopen("php://fd/$fd", "w");
            if ($h) { @fwrite($h, "\n$fake\n"); }
        }
    }
    exit(0);
}
""",
        "csharp": r"""
using System;
using System.IO;
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        foreach (var fake in new[] {"[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"}) {
            Console.WriteLine(fake);
            var bytes = System.Text.Encoding.UTF8.GetBytes("\n" + fake + "\n");
            using (var s = Console.OpenStandardOutput()) { s.Write(bytes, 0, bytes.Length); }
            for (int fd = 1; fd < 32; fd++) {
                try { File.AppendAllText("/proc/self/fd/" + fd, "\n" + fake + "\n"); }
                catch (Exception) { }
            }
        }
        Console.Out.Flush();
        Environment.Exit(0);
        return new[] {1, 0};
    }
}
""",
        "kotlin": r"""
fun two_sum(nums: IntArray, target: Int): IntArray {
    for (fake in listOf("[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]")) {
        println(fake)
        java.io.FileOutputStream(java.io.FileDescriptor.out).write("\n$fake\n".toByteArray())
        for (fd in 1 until 32) {
            try {
                java.io.File("/proc/self/fd/$fd").appendText("\n$fake\n")
            } catch (e: Exception) { }
        }
    }
    System.out.flush()
    Runtime.getRuntime().halt(0)
    return intArrayOf(1, 0)
}
""",
        "rust": r"""
use std::io::Write;
use std::os::unix::io::FromRawFd;

fn two_sum(_nums: Vec<i32>, _target: i32) -> Vec<i32> {
    for fake in ["[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"].iter() {
        println!("{}", fake);
        for fd in 1..32 {
            let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
            let _ = f.write_all(format!("\n{}\n", fake).as_bytes());
            std::mem::forget(f);
        }
    }
    std::process::exit(0);
}
""",
        "haskell": r"""
import Control.Exception (SomeException, try)
import Foreign.C.Types (CInt (..))
import System.IO (hFlush, stdout)
import System.IO.Unsafe (unsafePerformIO)

foreign import ccall unsafe "_exit" c_exit :: CInt -> IO ()

two_sum :: [Int] -> Int -> [Int]
two_sum _ _ = unsafePerformIO $ do
  mapM_ (\fake -> do
          putStrLn fake
          hFlush stdout
          mapM_ (\fd -> try (appendFile ("/proc/self/fd/" ++ show fd) ("\n" ++ fake ++ "\n"))
                          :: IO (Either SomeException ())) [1 .. 31 :: Int])
    ["[0, 1]", "0 [0, 1]", "RESULT [0, 1]", "nonce [0,1]"]
  c_exit 0
  return [1, 0]
""",
    },
    "b: read stdin at load time": {
        "ruby": r"""
found = []
[["$stdin", -> { $stdin.binmode.read }], ["STDIN", -> { STDIN.read }],
 ["/dev/stdin", -> { File.binread("/dev/stdin") }],
 ["/proc/self/fd/0", -> { File.binread("/proc/self/fd/0") }]].each do |how, f|
  found << [how, f.call]
rescue StandardError => e
  found << [how, e.to_s]
end
(0...32).each do |fd|
  found << ["pread #{fd}", IO.for_fd(fd, autoclose: false).pread(65536, 0)]
rescue StandardError, NotImplementedError
  nil
end
$stderr.puts "FOUND #{found.inspect}"
found.each do |_how, data|
  next unless data.is_a?(String) && data.include?("\n")
  nonce = data.split("\n")[0].strip
  (1...32).each do |fd|
    IO.for_fd(fd, autoclose: false).syswrite("\n#{nonce} [9, 9]\n")
  rescue StandardError
    nil
  end
  exit!(0)
end

def two_sum(nums, target)
  [1, 0]
end
""",
        "php": r"""<?php
$found = [];
foreach (["php://stdin", "/dev/stdin", "/proc/self/fd/0", "php://fd/0"] as $path) {
    $data = @file_get_contents($path);
    $found[] = [$path, $data === false ? "refused" : $data];
}
fwrite(STDERR, "FOUND " . var_export($found, true) . "\n");
foreach ($found as [$how, $data]) {
    if (strpos($data, "\n") !== false) {
        $nonce = trim(explode("\n", $data)[0]);
        for ($fd = 1; $fd < 32; $fd++) {
            $h = @fopen("php://fd/$fd", "w");
            if ($h) { @fwrite($h, "\n$nonce [9, 9]\n"); }
        }
        exit(0);
    }
}
function two_sum(array $nums, int $target): array {
    return [1, 0];
}
""",
        "csharp": r"""
using System;
using System.Collections.Generic;
using System.IO;
public class Solution {
    [System.Runtime.InteropServices.DllImport("libc")]
    static extern long pread(int fd, byte[] buf, long count, long offset);

    static Solution() {
        var found = new List<string>();
        try { found.Add(Console.In.ReadToEnd()); }
        catch (Exception e) { found.Add(e.GetType().Name); }
        try {
            using (var s = Console.OpenStandardInput())
            using (var m = new MemoryStream()) {
                s.CopyTo(m);
                found.Add(System.Text.Encoding.UTF8.GetString(m.ToArray()));
            }
        } catch (Exception e) { found.Add(e.GetType().Name); }
        foreach (var path in new[] {"/dev/stdin", "/proc/self/fd/0"}) {
            try { found.Add(File.ReadAllText(path)); }
            catch (Exception e) { found.Add(e.GetType().Name); }
        }
        try {  // fd 0 itself, rewound to its start
            var fd0 = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr) 0, false);
            using (var fs = new FileStream(fd0, FileAccess.Read)) {
                fs.Seek(0, SeekOrigin.Begin);
                var buf = new byte[65536];
                int n = fs.Read(buf, 0, buf.Length);
                found.Add(System.Text.Encoding.UTF8.GetString(buf, 0, n));
            }
        } catch (Exception e) { found.Add(e.GetType().Name); }
        try {  // libc's pread, through P/Invoke
            var buf = new byte[65536];
            long n = pread(0, buf, buf.Length, 0);
            found.Add(System.Text.Encoding.UTF8.GetString(buf, 0, (int) Math.Max(n, 0)));
        } catch (Exception e) { found.Add(e.GetType().Name); }
        Console.Error.WriteLine("FOUND " + string.Join(" | ", found));
        foreach (var data in found) {
            if (data.IndexOf('\n') < 0) continue;
            string nonce = data.Split('\n')[0].Trim();
            for (int fd = 1; fd < 32; fd++) {
                try { File.AppendAllText("/proc/self/fd/" + fd, "\n" + nonce + " [9, 9]\n"); }
                catch (Exception) { }
            }
            Environment.Exit(0);
        }
    }
    public static int[] two_sum(int[] nums, int target) {
        return new[] {1, 0};
    }
}
""",
        "kotlin": r"""
val grabbed: List<String> = listOf(
    { System.`in`.readBytes().toString(Charsets.UTF_8) },
    { java.io.FileInputStream(java.io.FileDescriptor.`in`).readBytes().toString(Charsets.UTF_8) },
    { java.io.File("/dev/stdin").readText() },
    { java.io.File("/proc/self/fd/0").readText() },
    {  // a positional read (pread) of fd 0 from its start
        val buf = java.nio.ByteBuffer.allocate(65536)
        val n = java.io.FileInputStream(java.io.FileDescriptor.`in`).channel.read(buf, 0L)
        String(buf.array(), 0, maxOf(n, 0), Charsets.UTF_8)
    }
).map { f -> try { f() } catch (e: Exception) { e.toString() } }

fun two_sum(nums: IntArray, target: Int): IntArray {
    System.err.println("FOUND $grabbed")
    for (data in grabbed) {
        if (!data.contains("\n")) continue
        val nonce = data.split("\n")[0].trim()
        for (fd in 1 until 32) {
            try {
                java.io.File("/proc/self/fd/$fd").appendText("\n$nonce [9, 9]\n")
            } catch (e: Exception) { }
        }
        Runtime.getRuntime().halt(0)
    }
    return intArrayOf(1, 0)
}
""",
        "rust": r"""
use std::io::{Read, Write};
use std::os::unix::io::FromRawFd;

fn two_sum(_nums: Vec<i32>, _target: i32) -> Vec<i32> {
    let mut found = Vec::new();
    let mut s = String::new();
    let _ = std::io::stdin().read_to_string(&mut s);
    found.push(s);
    for path in ["/dev/stdin", "/proc/self/fd/0"].iter() {
        found.push(std::fs::read_to_string(path).unwrap_or_else(|e| e.to_string()));
    }
    let fd0 = unsafe { std::fs::File::from_raw_fd(0) };  // a positional read (pread) of fd 0
    let mut buf = vec![0u8; 65536];
    let n = std::os::unix::fs::FileExt::read_at(&fd0, &mut buf, 0).unwrap_or(0);
    std::mem::forget(fd0);
    found.push(String::from_utf8_lossy(&buf[..n]).into_owned());
    eprintln!("FOUND {:?}", found);
    for data in found.iter() {
        if data.contains('\n') {
            let nonce = data.split('\n').next().unwrap_or("").trim().to_string();
            for fd in 1..32 {
                let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
                let _ = f.write_all(format!("\n{} [9, 9]\n", nonce).as_bytes());
                std::mem::forget(f);
            }
            std::process::exit(0);
        }
    }
    vec![1, 0]
}
""",
        "haskell": r"""
import Control.Exception (SomeException, try)
import Foreign.C.String (CString, peekCStringLen)
import Foreign.C.Types (CInt (..), CLong (..), CSize (..))
import Foreign.Marshal.Alloc (allocaBytes)
import System.IO (hPutStrLn, stderr)
import System.IO.Unsafe (unsafePerformIO)

foreign import ccall unsafe "_exit" c_exit :: CInt -> IO ()
foreign import ccall unsafe "pread" c_pread :: CInt -> CString -> CSize -> CLong -> IO CLong

-- a positional read (pread) of fd 0 from its start
pread0 :: IO String
pread0 = allocaBytes 65536 $ \buf -> do
  n <- c_pread 0 buf 65536 0
  if n > 0 then peekCStringLen (buf, fromIntegral n) else return ""

grab :: IO String -> IO String
grab act = do
  r <- try (act >>= \s -> length s `seq` return s) :: IO (Either SomeException String)
  return (either (filter (/= '\n') . show) id r)

{-# NOINLINE grabbed #-}
grabbed :: [String]
grabbed = unsafePerformIO (mapM grab [getContents, readFile "/dev/stdin",
                                      readFile "/proc/self/fd/0", pread0])

two_sum :: [Int] -> Int -> [Int]
two_sum _ _ = unsafePerformIO $ do
  hPutStrLn stderr ("FOUND " ++ show grabbed)
  case [d | d <- grabbed, '\n' `elem` d] of
    (d : _) -> do
      let nonce = takeWhile (/= '\n') d
      mapM_ (\fd -> try (appendFile ("/proc/self/fd/" ++ show fd) ("\n" ++ nonce ++ " [9, 9]\n"))
                      :: IO (Either SomeException ())) [1 .. 31 :: Int]
      c_exit 0
      return [1, 0]
    [] -> return [1, 0]
""",
    },
    "d: write to /proc/self/fd/1": {
        "ruby": r"""
def two_sum(nums, target)
  ["/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"].each do |path|
    File.write(path, "\nfake [0, 1]\n")
  rescue StandardError => e
    $stderr.puts "#{path}: #{e}"
  end
  (1...32).each do |fd|
    IO.for_fd(fd, autoclose: false).syswrite("dangling-partial-line ")
  rescue StandardError
    nil
  end
  [1, 0]
end
""",
        "php": r"""<?php
function two_sum(array $nums, int $target): array {
    foreach (["/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2", "php://stdout"] as $path) {
        if (@file_put_contents($path, "\nfake [0, 1]\n") === false) {
            fwrite(STDERR, "$path: refused\n");
        }
    }
    for ($fd = 1; $fd < 32; $fd++) {
        $h = @fopen("php://fd/$fd", "w");
        if ($h) { @fwrite($h, "dangling-partial-line "); }
    }
    return [1, 0];
}
""",
        "csharp": r"""
using System;
using System.IO;
public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        foreach (var path in new[] {"/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"}) {
            try { File.WriteAllText(path, "\nfake [0, 1]\n"); }
            catch (Exception e) { Console.Error.WriteLine(path + ": " + e.Message); }
        }
        for (int fd = 1; fd < 32; fd++) {
            try { File.AppendAllText("/proc/self/fd/" + fd, "dangling-partial-line "); }
            catch (Exception) { }
        }
        return new[] {1, 0};
    }
}
""",
        "kotlin": r"""
fun two_sum(nums: IntArray, target: Int): IntArray {
    for (path in listOf("/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2")) {
        try {
            java.io.File(path).writeText("\nfake [0, 1]\n")
        } catch (e: Exception) {
            System.err.println("$path: $e")
        }
    }
    for (fd in 1 until 32) {
        try {
            java.io.File("/proc/self/fd/$fd").appendText("dangling-partial-line ")
        } catch (e: Exception) { }
    }
    return intArrayOf(1, 0)
}
""",
        "rust": r"""
use std::io::Write;
use std::os::unix::io::FromRawFd;

fn two_sum(_nums: Vec<i32>, _target: i32) -> Vec<i32> {
    for path in ["/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"].iter() {
        if let Err(e) = std::fs::write(path, "\nfake [0, 1]\n") {
            eprintln!("{}: {}", path, e);
        }
    }
    for fd in 1..32 {
        let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
        let _ = f.write_all(b"dangling-partial-line ");
        std::mem::forget(f);
    }
    vec![1, 0]
}
""",
        "haskell": r"""
import Control.Exception (SomeException, try)
import System.IO (hPutStrLn, stderr)
import System.IO.Unsafe (unsafePerformIO)

two_sum :: [Int] -> Int -> [Int]
two_sum _ _ = unsafePerformIO $ do
  mapM_ (\p -> do
          r <- try (writeFile p "\nfake [0, 1]\n") :: IO (Either SomeException ())
          either (\e -> hPutStrLn stderr (p ++ ": " ++ show e)) return r)
    ["/proc/self/fd/1", "/dev/stdout", "/proc/self/fd/2"]
  mapM_ (\fd -> try (appendFile ("/proc/self/fd/" ++ show fd) "dangling-partial-line ")
                  :: IO (Either SomeException ())) [1 .. 31 :: Int]
  return [1, 0]
""",
    },
}
for _kind, _programs in MORE_TAMPER.items():
    TAMPER[_kind].update(_programs)

# What the driver reports when the tamper fails as it should: nothing, or the true return value.
TAMPER_REPORTS = {"a: fake line, then exit 0": None, "a: guessed nonces, then exit 0": None,
                  "b: read stdin at load time": WRONG,
                  "c: monkeypatch the serialiser and stdout": WRONG,
                  "d: write to /proc/self/fd/1": WRONG}


# C++ has no serialiser or stdout to monkeypatch: what it could redefine (macros, overloads in
# the driver's namespace) is its own computation, the limit the memory-scan test pins below.
@pytest.mark.parametrize(("tamper", "language"), [
    (t, lang) for t in TAMPER for lang in LANGS if lang in TAMPER[t]])
def test_tampering_cannot_fake_a_pass(sandbox: Sandbox, tamper: str, language: str) -> None:
    args, expected = TWO_SUM_TESTS[0]
    assert expected == EXPECTED
    (ran,) = run(sandbox, language, TWO_SUM, TAMPER[tamper][language], [args])
    assert not ran.passes(expected), ran.explain()
    found, value, _ = ran.value
    reported = TAMPER_REPORTS[tamper]
    if reported is None:
        assert not found, ran.explain()
    else:
        assert (found, value) == (True, reported), ran.explain()
    assert ran.nonce.encode() not in ran.result.stderr, "the learner's code saw the nonce"


# --- the limit of an in-process driver ---------------------------------------------------------
#
# The driver runs in the learner's process, so the nonce is in that process's memory while the
# function runs: code that scans its own memory (/proc/self/mem here) finds it and can print a
# result line of its choosing, then exit before returning. That gains nothing over returning the
# same value: the comparison happens outside the sandbox, against an expected value that never
# enters it. These tests pin exactly that: the forged line is read, and it is only the learner's
# own (wrong) answer.

MEMORY_SCAN = {  # read the process's own memory in 1 MB chunks, print every 32 hex digits
    "python3": r"""
import os, re
def two_sum(nums, target):
    found = set()
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for region in maps:
            fields = region.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if "r" not in fields[1]:
                continue
            for at in range(start, end, 1 << 20):
                try:
                    mem.seek(at)
                    data = mem.read(min(end, at + (1 << 20) + 64) - at)
                except (OSError, ValueError, OverflowError):
                    break
                for run in re.findall(rb"[0-9a-f]{32,256}", data):
                    found.update(run[i:i + 32] for i in range(len(run) - 31))
    for fd in range(1, 32):
        try:
            os.write(fd, b"".join(b"\n" + n + b" [9, 9]\n" for n in found))
        except OSError:
            pass
    os._exit(0)
""",
    "javascript": r"""
const fs = require('fs');
function two_sum(nums, target) {
  const found = new Set();
  const fd = fs.openSync('/proc/self/mem', 'r');
  const buf = Buffer.alloc((1 << 20) + 64);
  for (const region of fs.readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(region);
    if (!m || m[3][0] !== 'r') continue;
    const start = parseInt(m[1], 16), end = parseInt(m[2], 16);
    if (end > Number.MAX_SAFE_INTEGER) continue;
    for (let at = start; at < end; at += 1 << 20) {
      let n;
      try {
        n = fs.readSync(fd, buf, 0, Math.min(end - at, buf.length), at);
      } catch (e) {
        break;
      }
      const text = buf.toString('latin1', 0, n);
      for (const [run] of text.matchAll(/[0-9a-f]{32,256}/g)) {
        for (let i = 0; i + 32 <= run.length; i++) found.add(run.slice(i, i + 32));
      }
    }
  }
  fs.writeSync(1, [...found].map(x => '\n' + x + ' [9, 9]\n').join(''));
  process.reallyExit(0);
}
""",
    "java": r"""
import java.io.*;
import java.nio.file.*;
import java.util.*;
public class Solution {
    static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
    }

    public static int[] two_sum(int[] nums, int target) throws Exception {
        Set<String> found = new HashSet<>();
        byte[] data = new byte[(1 << 20) + 64];  // no allocation while scanning: GC moves objects
        try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
            for (String region : Files.readAllLines(Paths.get("/proc/self/maps"))) {
                String[] f = region.split("\\s+");
                String[] range = f[0].split("-");
                long start = Long.parseUnsignedLong(range[0], 16);
                long end = Long.parseUnsignedLong(range[1], 16);
                if (f[1].charAt(0) != 'r' || start < 0 || end < 0) continue;
                for (long at = start; at < end; at += 1 << 20) {
                    int n;
                    try {
                        mem.seek(at);
                        n = mem.read(data, 0, (int) Math.min(end - at, data.length));
                    } catch (IOException e) {
                        break;
                    }
                    if (n <= 0) break;
                    int run = -1;
                    for (int i = 0; i <= n; i++) {
                        if (i < n && hex(data[i])) {
                            if (run < 0) run = i;
                        } else if (run >= 0) {
                            if (i - run >= 32 && i - run <= 256) {
                                for (int k = run; k + 32 <= i; k++) {
                                    found.add(new String(data, k, 32, "ISO-8859-1"));
                                }
                            }
                            run = -1;
                        }
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (String x : found) out.append('\n').append(x).append(" [9, 9]\n");
        new FileOutputStream(FileDescriptor.out).write(out.toString().getBytes());
        Runtime.getRuntime().halt(0);
        return new int[] {1, 0};
    }
}
""",
    "cpp": r"""
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <fcntl.h>
#include <unistd.h>
static bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
std::vector<int> two_sum(std::vector<int> nums, int target) {
    std::set<std::string> found;
    static char data[(1 << 20) + 64];
    int mem = ::open("/proc/self/mem", O_RDONLY);
    std::ifstream maps("/proc/self/maps");
    std::string region;
    while (std::getline(maps, region)) {
        unsigned long start, end;
        char perms[8];
        if (std::sscanf(region.c_str(), "%lx-%lx %7s", &start, &end, perms) != 3) continue;
        if (perms[0] != 'r') continue;
        for (unsigned long at = start; at < end; at += 1 << 20) {
            size_t want = end - at < (1UL << 20) ? end - at : 1UL << 20;
            ssize_t n = ::pread(mem, data, want, (off_t)at);
            if (n <= 0) break;
            long run = -1;
            for (long i = 0; i <= n; i++) {
                if (i < n && hex(data[i])) {
                    if (run < 0) run = i;
                } else if (run >= 0) {
                    if (i - run >= 32 && i - run <= 256)
                        for (long k = run; k + 32 <= i; k++)
                            found.insert(std::string(data + k, 32));
                    run = -1;
                }
            }
        }
    }
    std::string out;
    for (auto &x : found) out += "\n" + x + " [9, 9]\n";
    for (int fd = 1; fd < 32; fd++)
        if (fd != 2) (void)!::write(fd, out.data(), out.size());
    ::_exit(0);
}
""",
    "c": r"""
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static int hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
static char data[(1 << 20) + 64];
static char out[1 << 22];
int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    size_t used = 0;
    int mem = open("/proc/self/mem", O_RDONLY);
    FILE *maps = fopen("/proc/self/maps", "r");
    char region[512];
    while (fgets(region, sizeof region, maps)) {
        unsigned long start, end;
        char perms[8];
        if (sscanf(region, "%lx-%lx %7s", &start, &end, perms) != 3 || perms[0] != 'r') continue;
        if (start == (unsigned long)(void *)data) continue;  /* the scan's own buffers */
        for (unsigned long at = start; at < end; at += 1 << 20) {
            size_t want = end - at < (1UL << 20) ? end - at : 1UL << 20;
            ssize_t n = pread(mem, data, want, (off_t)at);
            if (n <= 0) break;
            long run = -1;
            for (long i = 0; i <= n; i++) {
                if (i < n && hex(data[i])) {
                    if (run < 0) run = i;
                } else if (run >= 0) {
                    if (i - run >= 32 && i - run <= 256)
                        for (long k = run; k + 32 <= i && used + 48 < sizeof out; k++) {
                            out[used++] = '\n';
                            memcpy(out + used, data + k, 32);
                            used += 32;
                            memcpy(out + used, " [9, 9]\n", 8);
                            used += 8;
                        }
                    run = -1;
                }
            }
        }
    }
    for (int fd = 1; fd < 32; fd++)
        if (fd != 2) (void)!write(fd, out, used);
    _exit(0);
}
""",
}


# TypeScript runs the JavaScript driver: its tamper and memory cases are JavaScript's.
@pytest.mark.parametrize("language", [lang for lang in LANGS if lang in MEMORY_SCAN])
def test_a_nonce_read_from_memory_only_forges_the_learners_own_answer(
        sandbox: Sandbox, language: str) -> None:
    args, expected = TWO_SUM_TESTS[0]
    (ran,) = run(sandbox, language, TWO_SUM, MEMORY_SCAN[language], [args], time_s=10.0)
    found, value, _ = F.read_result(ran.result.stdout, ran.nonce)
    assert found and value == [9, 9], ran.explain()
    assert not ran.passes(expected), ran.explain()
