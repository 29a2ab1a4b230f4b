import sys

words = sys.stdin.read().split()
# print each distinct word and its count, one per line, in any order
