# Subset-sum DP with Python integers as bitsets: bit s of reach[i] says "some subset of the
# first i weights sums to s". Then walk back from the best s to recover one such subset.
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    w = list(map(int, data[1:n + 1]))
    total = sum(w)
    reach = [1]
    for x in w:
        reach.append(reach[-1] | (reach[-1] << x))
    s = total // 2
    while not (reach[n] >> s) & 1:
        s -= 1
    chosen = []
    for i in range(n, 0, -1):
        if not (reach[i - 1] >> s) & 1:  # s needs weight i
            chosen.append(i)
            s -= w[i - 1]
    chosen.reverse()
    print(len(chosen))
    print(*chosen)


main()
