# Runtime error: the loop runs 1..n on a 0-indexed list, so a[n] raises IndexError.
n = int(input())
a = list(map(float, input().split()))
total = 0.0
for i in range(1, n + 1):
    total += a[i]
mean = total / n
var = sum((v - mean) ** 2 for v in a) / n
print(f"{mean:.9f} {var ** 0.5:.9f}")
