# Not optimal: put each weight, heaviest first, on the lighter pile. Valid but often off by a
# little, so it earns part of the points (the checker exits 7 with a fraction).
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
w = list(map(int, data[1:n + 1]))
pile_a, sum_a, sum_b = [], 0, 0
for i in sorted(range(n), key=lambda i: -w[i]):
    if sum_a <= sum_b:
        pile_a.append(i + 1)
        sum_a += w[i]
    else:
        sum_b += w[i]
print(len(pile_a))
print(*pile_a)
