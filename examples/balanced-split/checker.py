"""Checker for balanced-split (testlib convention).

Run as `checker.py input output expected`. The expected output is an optimal split (from the
reference solution). Exit codes: 0 accepted (an optimal split), 7 points (a valid but worse
split; the first line of stdout is the fraction of the test's points), 1 wrong answer (not a
valid split), 2 presentation error (not "k" then k integers), 3 checker failure (the learner's
split beats the expected one, so the reference is not optimal).
"""
import sys

AC, WA, PE, FAIL, POINTS = 0, 1, 2, 3, 7


def verdict(code: int, message: str) -> None:
    print(message)
    sys.exit(code)


def read_split(path: str, n: int) -> list[int] | str:
    """The positions of the first pile, or why the file is malformed."""
    with open(path, "rb") as f:
        tokens = f.read().split()
    try:
        numbers = [int(t) for t in tokens]
    except ValueError:
        return "the output must contain only integers"
    if not numbers:
        return "the output is empty"
    k = numbers[0]
    if not 0 <= k <= n:
        return f"k = {k} is not between 0 and {n}"
    if len(numbers) != k + 1:
        return f"k = {k}, but {len(numbers) - 1} positions follow"
    return numbers[1:]


def difference(w: list[int], pile: list[int]) -> int:
    return abs(sum(w) - 2 * sum(w[i - 1] for i in pile))


def main() -> None:
    input_path, output_path, expected_path = sys.argv[1:4]
    with open(input_path, "rb") as f:
        data = f.read().split()
    n = int(data[0])
    w = [int(x) for x in data[1:1 + n]]

    best = read_split(expected_path, n)
    if isinstance(best, str):
        verdict(FAIL, f"expected answer malformed: {best}")
    best_d = difference(w, best)

    pile = read_split(output_path, n)
    if isinstance(pile, str):
        verdict(PE, pile)
    bad = [i for i in pile if not 1 <= i <= n]
    if bad:
        verdict(WA, f"position {bad[0]} is not between 1 and {n}")
    if len(set(pile)) != len(pile):
        verdict(WA, "a position appears twice")
    d = difference(w, pile)
    if d < best_d:
        verdict(FAIL, f"difference {d} beats the expected optimum {best_d}")
    if d == best_d:
        verdict(AC, f"ok: difference {d} is optimal")
    verdict(POINTS, f"{(best_d + 1) / (d + 1):.6f} valid split with difference {d}; "
                    f"the best possible is smaller")


main()
