n = int(input())
a = []
x = 1
for _ in range(n):
    x = (x * 1103515245 + 12345) % 2147483648
    a.append(x)
a.sort()
total = 0
for i, v in enumerate(a):
    total = (total + (i + 1) * v) % 1000000007
print(total)
