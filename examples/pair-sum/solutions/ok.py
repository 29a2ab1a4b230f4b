import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    seen = {}  # value -> first position where it occurs
    for j in range(1, n + 1):
        x = int(data[1 + j])
        i = seen.get(t - x)
        if i is not None:
            print(i, j)
            return
        seen.setdefault(x, j)
    print(-1)


main()
