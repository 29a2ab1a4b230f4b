"""Checker for pair-sum (testlib convention).

Run as `checker.py input output expected`. Exit codes: 0 accepted, 1 wrong answer,
2 presentation error (the output is not "i j" or "-1"), 3 checker failure (the jury's answer is
broken, or the learner found a pair the jury says does not exist). The message on stdout is
shown to the learner on visible tests.
"""
import sys

AC, WA, PE, FAIL = 0, 1, 2, 3


def verdict(code: int, message: str) -> None:
    print(message)
    sys.exit(code)


def parse_int(token: bytes) -> int | None:
    try:
        return int(token)
    except ValueError:
        return None


def valid_pair(a: list[int], t: int, i: int, j: int) -> bool:
    return 1 <= i < j <= len(a) and a[i - 1] + a[j - 1] == t


def main() -> None:
    input_path, output_path, expected_path = sys.argv[1:4]
    with open(input_path, "rb") as f:
        data = f.read().split()
    n, t = int(data[0]), int(data[1])
    a = [int(x) for x in data[2:2 + n]]

    with open(expected_path, "rb") as f:
        jury = f.read().split()
    jury_has_pair = jury != [b"-1"]
    if jury_has_pair and (len(jury) != 2 or not valid_pair(a, t, int(jury[0]), int(jury[1]))):
        verdict(FAIL, "the expected answer is not a valid pair")

    with open(output_path, "rb") as f:
        got = f.read().split()
    if got == [b"-1"]:
        if jury_has_pair:
            verdict(WA, "printed -1, but a pair with the sum exists")
        verdict(AC, "ok: no pair exists")
    values = [parse_int(tok) for tok in got]
    if len(got) != 2 or None in values:
        shown = b" ".join(got[:3]).decode(errors="replace")[:60]
        verdict(PE, f'expected two positions "i j" or "-1", got "{shown}"')
    i, j = values
    if not 1 <= i < j <= n:
        verdict(WA, f"positions must satisfy 1 <= i < j <= {n}, got {i} {j}")
    if a[i - 1] + a[j - 1] != t:
        verdict(WA, f"a_{i} + a_{j} = {a[i - 1] + a[j - 1]}, not {t}")
    if not jury_has_pair:
        verdict(FAIL, f"the output's pair {i} {j} is valid but the expected answer is -1")
    verdict(AC, f"ok: a_{i} + a_{j} = {t}")


main()
