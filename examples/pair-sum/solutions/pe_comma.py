# Presentation error: the right pair, but printed as "i,j" instead of "i j".
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
seen = {}
for j, x in enumerate(a, start=1):
    if t - x in seen:
        print(f"{seen[t - x]},{j}")
        break
    seen.setdefault(x, j)
else:
    print(-1)
