"""`usefulwriter grade` end to end on a 50-test Python package, against the same 50 runs bare.

    .venv/bin/python scripts/bench_grade.py [--rounds N]

Bare: the same interpreter (the python3 image's filesystem under chroot) running the same
solution on the same 50 inputs from one shell loop. Graded: the whole `usefulwriter grade`
command as a user runs it (process start, Docker connection, a container, compile-free run of
50 tests, checking, the summary), timed from outside.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docker
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.bare import export_rootfs, loop_bare, put_file  # noqa: E402
from sandbox.images import image_tag  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = b"import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"
TESTS = 50


def make_package(where: Path) -> Path:
    (where / "tests").mkdir(parents=True)
    for i in range(TESTS):
        nums = [i * 7 + k for k in range(10)]
        (where / "tests" / f"{i:02}.in").write_text(" ".join(map(str, nums)) + "\n")
        (where / "tests" / f"{i:02}.out").write_text(f"{sum(nums)}\n")
    (where / "statement.md").write_text("Sum the numbers.\n")
    (where / "sol.py").write_bytes(SOLUTION)
    (where / "challenge.yaml").write_text(yaml.safe_dump({
        "id": "bench-sum", "title": "Sum", "statement": "statement.md", "scoring": "partial",
        "solutions": [{"file": "sol.py", "verdict": "AC"}]}))
    return where


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    root = export_rootfs(docker.from_env(), image_tag("python3"))
    put_file(root, "/bench/sol.py", SOLUTION)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = make_package(Path(tmp) / "pkg")
        for i in range(TESTS):
            put_file(root, f"/bench/t{i:02}.in", (pkg / "tests" / f"{i:02}.in").read_bytes())
        cmd = ("/usr/bin/python3 -B /bench/sol.py < /bench/t$(printf %02d $((i % 50))).in "
               "> /bench/out")
        bare, graded = [], []
        for _ in range(args.rounds):  # interleaved against the machine's drift
            bare.append(loop_bare(root, cmd, TESTS))
            t0 = time.perf_counter()
            out = subprocess.run([str(ROOT / ".venv" / "bin" / "usefulwriter"), "grade",
                                  str(pkg), str(pkg / "sol.py"), "--json"],
                                 capture_output=True, text=True)
            graded.append(time.perf_counter() - t0)
            report = json.loads(out.stdout.splitlines()[-1])
            assert report["verdict"] == "AC" and report["points"] == 100, out.stdout[-500:]
    b, g = statistics.median(bare), statistics.median(graded)
    print(json.dumps({"tests": TESTS, "bare_s": round(b, 3), "grade_s": round(g, 3),
                      "ratio": round(g / b, 2), "per_test_overhead_ms":
                      round((g - b) / TESTS * 1000, 2)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
