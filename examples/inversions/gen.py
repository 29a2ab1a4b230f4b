"""Generator: `gen.py N SEED MODE` prints N numbers. MODE `random`: uniform in 1..10^9;
`reversed`: strictly decreasing (the most inversions, n(n-1)/2); `dups`: values in 1..10 (many
equal values, which are not inversions); `nearly`: sorted, then a few random swaps.
Deterministic for given arguments."""
import random
import sys


def main() -> None:
    n, seed, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    if mode == "random":
        a = [rng.randint(1, 10**9) for _ in range(n)]
    elif mode == "reversed":
        a = sorted(rng.sample(range(1, 10**9 + 1), n), reverse=True)
    elif mode == "dups":
        a = [rng.randint(1, 10) for _ in range(n)]
    else:
        a = sorted(rng.randint(1, 10**9) for _ in range(n))
        for _ in range(max(1, n // 100)):
            i, j = rng.randrange(n), rng.randrange(n)
            a[i], a[j] = a[j], a[i]
    sys.stdout.write(f"{n}\n{' '.join(map(str, a))}\n")


main()
