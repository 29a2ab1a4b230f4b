"""The offline hint engine: deterministic hints from what the grader knows, with no model.
It serves when no AI key is configured, and whenever the AI cannot (down, over its budget, a
reply the guard rejected twice). Same ladder as the AI (`RUNGS`): a nudge, the concept, a
pointed step, then the line at fault, from:

- a compile error: the compiler's first message, explained per language;
- a runtime error: the exception type and line from the error output, with what usually causes
  it (index errors, recursion depth, division by zero, a crash signal);
- a wrong answer: the first difference on a visible test, with the patterns that explain most of
  them (off by one, nothing printed, integer overflow in C, C++ and Java);
- a time limit: the size of the input that timed out and the complexity it calls for;
- memory and output limits: what usually fills them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lms.hints.context import Context, Failed

RUNGS = {1: "nudge", 2: "concept", 3: "pointed step", 4: "line reference"}

# -- the error output ----------------------------------------------------------------------------
PY_LINE = re.compile(r'File "[^"]*", line (\d+)')
PY_EXC = re.compile(r"^(\w+(?:Error|Exception|Exit|Interrupt)|StopIteration)\b:?\s*(.*)$", re.M)
JS_EXC = re.compile(r"^(\w*Error)(?: \[\w+\])?: (.*)$", re.M)
JS_LINE = re.compile(r"(?:solution|main|Main)\.[cm]?js:(\d+)(?::\d+)?")
JAVA_EXC = re.compile(r"Exception in thread \"\w+\" (?:java\.\w+\.)*(\w+(?:Exception|Error))"
                      r"(?::\s*(.*))?")
JAVA_LINE = re.compile(r"\((?:\w+)\.java:(\d+)\)")
GCC = re.compile(r":(\d+):\d+: (?:fatal )?error: (.*)")
JAVAC = re.compile(r"\.java:(\d+): error: (.*)")

EXCEPTIONS: dict[str, str] = {
    "IndexError": "an index past the end of a list (valid indexes run from 0 to len - 1)",
    "ArrayIndexOutOfBoundsException": "an index past the end of an array (valid indexes run "
                                      "from 0 to length - 1)",
    "StringIndexOutOfBoundsException": "a position past the end of a string",
    "IndexOutOfBoundsException": "an index past the end of a list",
    "KeyError": "a dictionary key that was never stored",
    "ZeroDivisionError": "a division (or modulo) by zero",
    "ArithmeticException": "a division (or modulo) by zero",
    "RecursionError": "recursion deeper than the runtime allows",
    "StackOverflowError": "recursion deeper than the stack allows",
    "RangeError": "recursion deeper than the stack allows (or an invalid array length)",
    "ValueError": "a conversion of text that is not a number (often a stray space or an "
                  "empty line in the input)",
    "NumberFormatException": "a conversion of text that is not a number",
    "NameError": "a name used before it was defined (a typo, or a variable set in another "
                 "branch)",
    "ReferenceError": "a name used before it was defined",
    "TypeError": "a value of the wrong type (None where a number was expected, or calling "
                 "something that is not a function)",
    "AttributeError": "a method or field the value does not have (often None)",
    "NullPointerException": "a variable that is null where an object was expected",
    "InputMismatchException": "reading a token that does not match the type asked for",
    "NoSuchElementException": "reading past the end of the input",
    "EOFError": "reading past the end of the input",
    "UnboundLocalError": "a variable read before it was given a value in this function",
    "OutOfMemoryError": "more memory than the limit",
    "MemoryError": "more memory than the limit",
}

SIGNALS = {11: "a segmentation fault: reading or writing memory you do not own (an index "
               "past an array's end, a null or dangling pointer, or very deep recursion)",
           8: "a floating-point exception: an integer division or modulo by zero",
           6: "an abort: a failed assertion, or the runtime stopping the program",
           7: "a bus error: a misaligned or invalid memory access"}

COMPILE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"expected ';'|';' expected"), "A statement is missing its semicolon: the "
     "compiler notices at the next token, so look at the end of the line before the one named."),
    (re.compile(r"was not declared|cannot find symbol|undeclared|is not defined"),
     "A name is used that the compiler does not know: a typo, a missing declaration or import, "
     "or a variable declared inside a block and used outside it."),
    (re.compile(r"reached end of file|expected '}'|expected declaration|unexpected EOF|"
                r"was never closed|unmatched"),
     "Brackets do not pair up: a `{`, `(` or `[` is opened and never closed (or the other way "
     "round). Count them from the line named."),
    (re.compile(r"incompatible types|cannot convert|invalid conversion|lossy conversion"),
     "A value of one type is used where another is expected: check the types on both sides of "
     "the assignment or the call's arguments."),
    (re.compile(r"IndentationError|unindent|expected an indented block"),
     "Indentation does not line up: every line of a block needs the same indentation, and a "
     "line ending with `:` must be followed by an indented block."),
    (re.compile(r"expected ':'"),
     "A line that opens a block (`if`, `for`, `while`, `def`, `else`) must end with a colon."),
    (re.compile(r"SyntaxError|syntax error"),
     "The code is not valid syntax at that point: look for an unclosed bracket or quote, a "
     "missing operator, or a keyword spelled wrong, on that line or just before it."),
    (re.compile(r"missing return"), "A path through the function ends without returning a "
     "value: every branch of a function with a result must return one."),
    (re.compile(r"class \w+ is public, should be declared in a file named"),
     "The public class must be named as the grader expects (see the starter code)."),
]


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _first(pattern: re.Pattern[str], text: str, last: bool = False) -> re.Match[str] | None:
    found = list(pattern.finditer(text))
    return (found[-1] if last else found[0]) if found else None


def _line_of(code: str | None, number: int | None) -> str | None:
    if not code or not number:
        return None
    lines = code.splitlines()
    return lines[number - 1].strip() if 0 < number <= len(lines) else None


def _quote(line: str | None, number: int | None) -> str:
    return f"Line {number} reads `{line[:120]}`." if line and number else ""


# -- per verdict -----------------------------------------------------------------------------------
def _compile(ctx: Context, rung: int) -> str:
    out = ctx.compile_output.translate(QUOTES)
    match = _first(JAVAC, out) or _first(GCC, out)
    number = int(match.group(1)) if match else None
    message = match.group(2).strip() if match else ""
    if not match and (py := _first(PY_LINE, out, last=True)):
        number = int(py.group(1))
        message = (_first(PY_EXC, out, last=True) or py).group(0)
    explain = next((why for pattern, why in COMPILE_ERRORS if pattern.search(out)),
                   "The compiler's first message is the one to fix: later ones often follow "
                   "from it.")
    if rung == 1:
        where = f" at line {number}" if number else ""
        return (f"Your code did not compile, so no test ran. The compiler stopped{where}: fix "
                "the first message it printed and the others may go with it.")
    if rung == 2:
        return explain
    if rung == 3:
        told = f" says: {message}" if message else " names the problem"
        return f"The compiler{told}{f' (line {number})' if number else ''}. {explain}"
    return (_quote(_line_of(ctx.code, number), number) + " " + (
        f"The compiler's message for it: {message}. " if message else "") + explain).strip()


def _crash(ctx: Context, rung: int) -> str:
    test = ctx.failed[0] if ctx.failed else None
    err = test.stderr if test else ""
    name = detail = ""
    number: int | None = None
    for exc, at, last in ((JAVA_EXC, JAVA_LINE, False), (PY_EXC, PY_LINE, True),
                          (JS_EXC, JS_LINE, False)):
        found = _first(exc, err, last=True)
        if found:
            name, detail = found.group(1), (found.group(2) or "").strip()
            where = _first(at, err, last=last)
            number = int(where.group(1)) if where else None
            break
    signal = re.search(r"signal (\d+)", test.feedback) if test else None
    cause = EXCEPTIONS.get(name) or (SIGNALS.get(int(signal.group(1))) if signal else None) or (
        "an error the program did not handle")
    deep = name in ("RecursionError", "StackOverflowError") or "call stack" in detail
    on = f" on sample test {test.name}" if test else (
        " on a hidden test" if ctx.hidden_failed else "")
    if rung == 1:
        return (f"Your program crashed{on}. Read its error output from the bottom up: the last "
                "lines name what went wrong and where.")
    if rung == 2:
        advice = ("Deep recursion: rewrite it as a loop with your own stack, or find a "
                  "shallower recursion." if deep else
                  "Check the boundaries: the first and last elements, an empty input, and "
                  "values you divide by.")
        return f"The crash is {cause}. {advice}"
    if rung == 3:
        stops = f" at line {number}" if number else ""
        said = f" ({name}{': ' + detail[:160] if detail else ''})" if name else ""
        return (f"It stops{stops}{said}. Work out which values reach that line on the test"
                f"{f' {test.name}' if test else ''}, and which of them is out of range.")
    line = _line_of(ctx.code, number)
    return (f"{_quote(line, number)} That line is where {cause} happens. Print the values it "
            "uses just before it, on the failing input, and compare them with the sizes they "
            "index or divide.") if line else _crash(ctx, 3)


def _overflow(ctx: Context, test: Failed) -> bool:
    if ctx.language not in ("c", "cpp", "java") or not test.expected:
        return False
    return any(abs(int(n)) > 2**31 - 1 for n in re.findall(r"-?\d{10,}", test.expected))


def _wrong(ctx: Context, rung: int) -> str:
    test = ctx.failed[0] if ctx.failed else None
    if test is None:  # only hidden tests fail
        if rung == 1:
            return ("Your program passes the examples but not every hidden test. Think of the "
                    "inputs the examples do not show: the smallest (one element, or none), the "
                    "largest the statement allows, negative numbers, repeated values, ties.")
        if rung == 2:
            typed = (" In C, C++ and Java, check first whether a value can pass 2,147,483,647 "
                     "(the largest `int`) at the largest input: the sum or product then "
                     "overflows silently, and a 64-bit type (`long long`, `long`) fixes it."
                     if ctx.language in ("c", "cpp", "java") else "")
            return ("The hidden tests include inputs the examples do not: the largest sizes "
                    "and values the statement allows, and the smallest." + typed)
        return ("Write a small test for each edge case in the statement's limits and work out "
                "the answer by hand before running it. The hidden tests failed with: "
                + ", ".join(sorted(set(ctx.hidden_failed))) + ".")
    off_by_one = _off_by_one(test.feedback)
    if rung == 1:
        return (f"Your output differs from the expected one on sample test {test.name}. Run "
                "your code on that input yourself and compare, line by line.")
    if rung == 2:
        if _overflow(ctx, test):
            return ("The expected answer is larger than a 32-bit `int` holds (2,147,483,647): "
                    "the sum or product overflows. Use a 64-bit type (`long long` in C and "
                    "C++, `long` in Java) for it and for what it is computed from.")
        if off_by_one:
            return ("Your numbers are off by one from the expected ones: check whether you "
                    "count from 0 or from 1 (the statement says which), and the bounds of "
                    "your loops.")
        if not test.feedback or re.search(r"after 0 tokens|no result|empty|got ''$",
                                          test.feedback):
            return ("Your program printed nothing the grader could read. Check that it prints "
                    "the result (or, for a function, returns it) rather than only computing it.")
        return ("Compare what your program does with the statement step by step on the "
                "example: the first place they disagree is the bug.")
    if rung == 3:
        shown = (f" On input\n\n```\n{test.input.strip()[:300]}\n```\n\nthe expected output "
                 f"is `{(test.expected or '').strip()[:200]}`.") if test.input else ""
        return f"The grader says: {test.feedback or 'the output differs'}.{shown}"
    number, line = _answer_line(ctx.code)
    return (f"{_quote(line, number)} That is where your answer leaves the program: follow the "
            f"value back from there on sample {test.name} to the step where it goes wrong."
            ) if line else _wrong(ctx, 3)


def _off_by_one(feedback: str) -> bool:
    pairs = re.search(r"(?:expected|returned) (\S.*?)[, ]+expected (\S.*)$", feedback)
    if not pairs:
        found = re.search(r"expected (.+?), got (.+)$", feedback)
        if not found:
            return False
        want, got = found.group(1), found.group(2)
    else:
        got, want = pairs.group(1), pairs.group(2)
    a, b = re.findall(r"-?\d+", got), re.findall(r"-?\d+", want)
    return bool(a) and len(a) == len(b) and all(abs(int(x) - int(y)) == 1 for x, y in zip(a, b,
                                                                                          strict=True))


def _answer_line(code: str | None) -> tuple[int | None, str | None]:
    if not code:
        return None, None
    lines = code.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if re.search(r"\b(return|print|printf|println|cout|console\.log|System\.out)\b",
                     lines[i]):
            return i + 1, lines[i].strip()
    return None, None


def _nested_loops(code: str | None) -> bool:
    if not code:
        return False
    depth = 0
    stack: list[int] = []
    for raw in code.splitlines():
        indent = len(raw) - len(raw.lstrip())
        while stack and indent <= stack[-1]:
            stack.pop()
        if re.match(r"\s*(for|while)\b", raw):
            stack.append(indent)
            depth = max(depth, len(stack))
    return depth >= 2


def _slow(ctx: Context, rung: int) -> str:
    size, numbers = ctx.timed_out_input
    limit = f"{ctx.time_limit:g} s" if ctx.time_limit else "the time limit"
    if rung == 1:
        return (f"Your program is correct on what finished but too slow: a test took longer "
                f"than {limit}. Either it never stops (a loop whose condition never changes), "
                "or its algorithm does too much work for large inputs.")
    if rung == 2:
        scale = ""
        if numbers and numbers > 1000:
            scale = (f" The test that timed out holds about {numbers:,} values "
                     f"({size:,} bytes): n² steps would be about {numbers * numbers:,.0e}, "
                     "while a computer does roughly 10⁸ simple steps a second.")
        return ("Count the steps your algorithm takes as the input grows (its complexity)."
                + scale + " Aim for O(n log n) or O(n): sorting, a hash map or set, two "
                "pointers, or prefix sums usually get there.")
    if rung == 3:
        if _nested_loops(ctx.code):
            return ("Your code has a loop inside a loop over the input: that is O(n²). Ask what "
                    "the inner loop searches for, and whether a dictionary or set built once "
                    "could answer it in one step.")
        return ("Look for work repeated inside a loop: a search, a copy, a `sum()` or a string "
                "built by `+=`. Each is hidden O(n) work that makes the loop O(n²).")
    number = _loop_line(ctx.code)
    line = _line_of(ctx.code, number)
    return (f"{_quote(line, number)} This loop runs once per element, and the work inside it "
            "grows with the input too: replace that inner work with a lookup.") if line \
        else _slow(ctx, 3)


def _loop_line(code: str | None) -> int | None:
    if not code:
        return None
    loops = [i + 1 for i, raw in enumerate(code.splitlines()) if re.match(r"\s*(for|while)\b",
                                                                          raw)]
    return loops[1] if len(loops) > 1 else (loops[0] if loops else None)


def _memory(ctx: Context, rung: int) -> str:
    limit = f"{ctx.memory_mb} MB" if ctx.memory_mb else "the memory limit"
    runtime = {"java": " Java's heap", "javascript": " Node's heap"}.get(ctx.language or "", "")
    if rung == 1:
        return f"Your program used more than {limit}{runtime and ' (' + runtime.strip() + ')'}."
    if rung == 2:
        return ("Memory usually goes on a list or table as large as n × n, on keeping every "
                "line of a large input when one pass would do, or on very deep recursion "
                "(each call keeps its frame).")
    if rung == 3:
        return ("Find the largest thing your program keeps and work out its size at the "
                "statement's largest input. Can you keep a running value instead of the whole "
                "history, or one row instead of the whole table?")
    return _slow(ctx, 4) if ctx.code else _memory(ctx, 3)


def _output(ctx: Context, rung: int) -> str:
    if rung <= 2:
        return ("Your program printed far more than the answer needs: usually a print inside a "
                "loop that never ends, or debugging output left in.")
    number, line = _answer_line(ctx.code)
    return (f"{_quote(line, number)} Check how many times this runs." if line
            else "Remove debugging prints, and check every loop that prints ends.")


def _none(ctx: Context, rung: int) -> str:
    if rung == 1:
        return ("Start from the examples: work one out by hand, and note each step you take. "
                "Those steps are your program.")
    if rung == 2:
        return ("Write the reading of the input first and print it back, so you know the "
                "program sees what you think; then add one step at a time, checking each on "
                "the examples.")
    return ("Submit what you have, even if it is incomplete: the grader's report on the "
            "examples makes the next hint specific to your code.")


def _accepted(ctx: Context, rung: int) -> str:
    return ("Your latest solution is accepted: every test passed. Nothing to fix. If you like, "
            "try it again in another language, or with less code.")


ENGINES: dict[str | None, Callable[[Context, int], str]] = {
    "CE": _compile, "RE": _crash, "WA": _wrong, "PE": _wrong, "TLE": _slow, "MLE": _memory,
    "OLE": _output, "AC": _accepted, None: _none,
}


def hint(ctx: Context, rung: int) -> str:
    """The hint at `rung` (1 to 4) for `ctx`."""
    engine = ENGINES.get(ctx.verdict, _none if ctx.verdict is None else _wrong)
    if ctx.verdict == "IE":
        return "The grader failed on our side, not in your code: submit again in a moment."
    return engine(ctx, max(1, min(4, rung)))
