"""Generator: `gen.py N SEED MODE` prints a test with N numbers (MODE: random, positive,
negative). Deterministic: the same arguments always give the same test."""
import random
import sys


def main() -> None:
    n, seed, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    lo, hi = {"random": (-10**9, 10**9), "positive": (1, 10**9),
              "negative": (-10**9, -1)}[mode]
    values = [rng.randint(lo, hi) for _ in range(n)]
    if mode != "random":  # make sure the extremes of the range appear
        values[rng.randrange(n)] = lo
        values[rng.randrange(n)] = hi
    out = [str(n)]
    for i in range(0, n, 20):  # 20 numbers per line
        out.append(" ".join(map(str, values[i:i + 20])))
    sys.stdout.write("\n".join(out) + "\n")


main()
