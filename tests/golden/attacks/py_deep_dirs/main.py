"""Test 1 builds directory chains deeper than any recursive walker's stack; test 2 checks they were wiped."""
import os

SCRATCH = ("/box", "/tmp", "/dev/shm")
if input() == "plant":
    for base in SCRATCH:
        os.chdir(base)
        for i in range(3000):          # relative steps: no path length limit applies
            os.mkdir("d")
            os.chdir("d")
        with open("bottom", "w") as f:
            f.write("x")
    os.chdir("/box")
    print("planted 3000 levels", flush=True)
else:
    left = {base: os.listdir(base) for base in SCRATCH}
    print("DIRTY", left) if any(left.values()) else print("clean")
