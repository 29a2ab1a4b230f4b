"""Generator: `gen.py N SEED MAXVALUE` prints N random numbers in 0..MAXVALUE
(MAXVALUE `max`: every number is within 1000 of 10^12). Deterministic for given arguments."""
import random
import sys


def main() -> None:
    n, seed, top = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    if top == "max":
        values = [10**12 - rng.randint(0, 1000) for _ in range(n)]
    else:
        values = [rng.randint(0, int(top)) for _ in range(n)]
    sys.stdout.write(f"{n}\n{' '.join(map(str, values))}\n")


main()
