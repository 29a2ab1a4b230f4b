import sys

data = sys.stdin.buffer.read().split()  # all the numbers at once, as bytes tokens
n = int(data[0])
# a = list(map(int, data[1:n + 1]))
