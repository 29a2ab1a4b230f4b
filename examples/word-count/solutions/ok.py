import sys
from collections import Counter

counts = Counter(sys.stdin.read().split())  # split() with no argument: any whitespace run
sys.stdout.write("".join(f"{w} {c}\n" for w, c in counts.items()))
