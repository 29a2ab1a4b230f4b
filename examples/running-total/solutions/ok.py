import sys
from itertools import accumulate


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    totals = accumulate(map(int, data[1:n + 1]))
    sys.stdout.write("\n".join(map(str, totals)) + "\n")  # one write, not n prints


main()
