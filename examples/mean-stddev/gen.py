"""Generator: `gen.py N SEED CENTER SPREAD` prints N measurements drawn uniformly from
[CENTER - SPREAD, CENTER + SPREAD] (clamped to +-10^6), with 3 decimals. Deterministic."""
import random
import sys


def main() -> None:
    n, seed, center, spread = (int(a) for a in sys.argv[1:5])
    rng = random.Random(seed)
    lo = max(-10**9, (center - spread) * 1000)  # in thousandths
    hi = min(10**9, (center + spread) * 1000)
    values = []
    for _ in range(n):
        v = rng.randint(lo, hi)
        sign = "-" if v < 0 else ""
        values.append(f"{sign}{abs(v) // 1000}.{abs(v) % 1000:03d}")
    sys.stdout.write(f"{n}\n{' '.join(values)}\n")


main()
