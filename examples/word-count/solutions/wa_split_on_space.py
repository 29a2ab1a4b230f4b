# Wrong answer: split(" ") turns every extra space into an empty "word" (test 03).
import sys

counts = {}
for line in sys.stdin:
    for w in line.strip().split(" "):
        counts[w] = counts.get(w, 0) + 1
for w, c in counts.items():
    print(w, c)
