import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
# print "i j" (1-based, i < j) with a[i-1] + a[j-1] == t, or -1
