# Checks every pair: fine for n <= 2000 (the small group, 40 points), far too slow for
# n = 2*10^5: time limit exceeded on the first large test, and the large group is lost.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
count = 0
for i in range(n):
    x = a[i]
    for j in range(i + 1, n):
        if x > a[j]:
            count += 1
print(count)
