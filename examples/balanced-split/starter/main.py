import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
w = list(map(int, data[1:n + 1]))
pile = []  # 1-based positions of the weights in the first pile
print(len(pile))
print(*pile)
