import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
out = []
# append each running total to `out` (as a string), then print it in one go:
sys.stdout.write("\n".join(out) + "\n")
