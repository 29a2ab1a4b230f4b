import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
# print the number of pairs i < j with a[i] > a[j]
