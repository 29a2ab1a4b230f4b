"""Generator: `gen.py WORDS SEED VOCABULARY` prints a text of WORDS words drawn from
VOCABULARY random words (Zipf-like frequencies), with irregular spacing. Deterministic."""
import random
import string
import sys


def main() -> None:
    total, seed, vocab_size = (int(a) for a in sys.argv[1:4])
    rng = random.Random(seed)
    vocab = sorted({"".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 8)))
                    for _ in range(vocab_size)})
    weights = [1 / (i + 1) for i in range(len(vocab))]
    words = rng.choices(vocab, weights=weights, k=total)
    lines, line = [], []
    for w in words:
        line.append(w)
        if rng.random() < 0.1:
            lines.append((" " * rng.randint(1, 3)).join(line))
            line = []
            if rng.random() < 0.1:
                lines.append("")
    lines.append(" ".join(line))
    sys.stdout.write("\n".join(lines) + "\n")


main()
