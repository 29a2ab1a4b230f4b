"""Generator: `gen.py N SEED MODE` prints a test with N numbers. MODE `none`: no pair exists
(even numbers, odd target); `planted`: large random numbers and a pair planted near the end
(a few other pairs may exist by chance); `many`: small numbers, many pairs. Deterministic for
given arguments."""
import random
import sys


def main() -> None:
    n, seed, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    if mode == "none":
        a = [2 * rng.randint(-5 * 10**8, 5 * 10**8) for _ in range(n)]
        t = 2 * rng.randint(-10**9, 10**9 - 1) + 1
    elif mode == "planted":
        a = [rng.randint(-10**9, 10**9) for _ in range(n)]
        i, j = n - 2 - rng.randrange(10), n - 1
        t = a[i] + a[j]
    else:
        a = [rng.randint(-50, 50) for _ in range(n)]
        t = rng.randint(-20, 20)
    sys.stdout.write(f"{n} {t}\n{' '.join(map(str, a))}\n")


main()
