import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
x = [float(t) for t in data[1:n + 1]]
# print the mean and the standard deviation, e.g. print(f"{mean:.9f} {std:.9f}")
