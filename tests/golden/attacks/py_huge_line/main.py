import sys
sys.stdout.write("x" * (64 << 20))
sys.stdout.write("\nEND\n")
