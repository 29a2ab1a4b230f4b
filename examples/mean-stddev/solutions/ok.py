import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    x = [float(t) for t in data[1:n + 1]]
    mean = sum(x) / n
    var = sum((v - mean) ** 2 for v in x) / n  # two passes: numerically stable
    print(f"{mean:.9f} {var ** 0.5:.9f}")


main()
