"""Generator: `gen.py N SEED MAXWEIGHT MODE` prints N weights. MODE `random`: uniform in
1..MAXWEIGHT; `trap`: mostly a few equal heavy weights plus many light ones, which fools the
greedy "heaviest first into the lighter pile" strategy. Deterministic for given arguments."""
import random
import sys


def main() -> None:
    n, seed, top, mode = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    if mode == "random":
        w = [rng.randint(1, top) for _ in range(n)]
    else:
        heavy = [top] * 3 + [top - 1] * 2
        light = [rng.randint(2 * top // 3, top - 2) for _ in range(n - len(heavy))]
        w = heavy + light
        rng.shuffle(w)
    sys.stdout.write(f"{n}\n{' '.join(map(str, w))}\n")


main()
