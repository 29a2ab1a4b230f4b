# Fenwick tree over value ranks: for each element, count the earlier elements greater than it.
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = list(map(int, data[1:n + 1]))
    rank = {v: r for r, v in enumerate(sorted(set(a)), start=1)}
    m = len(rank)
    tree = [0] * (m + 1)
    inversions = 0
    for seen, v in enumerate(a):
        r = rank[v]
        # earlier elements <= v: prefix sum up to r
        i, le = r, 0
        while i:
            le += tree[i]
            i &= i - 1
        inversions += seen - le
        while r <= m:
            tree[r] += 1
            r += r & -r
    print(inversions)


main()
