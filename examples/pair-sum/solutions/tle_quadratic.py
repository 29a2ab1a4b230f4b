# Time limit exceeded: tries every pair, about 2*10^10 steps when n = 2*10^5 (test g2).
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))


def find() -> str:
    for i in range(n):
        for j in range(i + 1, n):
            if a[i] + a[j] == t:
                return f"{i + 1} {j + 1}"
    return "-1"


print(find())
