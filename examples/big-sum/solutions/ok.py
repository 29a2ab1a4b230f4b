import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()  # read everything at once: fast
    n = int(data[0])
    a = list(map(int, data[1:n + 1]))
    sys.stdout.write(f"{sum(a)} {min(a)} {max(a)}\n")


main()
