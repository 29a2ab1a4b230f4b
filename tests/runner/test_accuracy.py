"""Measurement accuracy against the same program run bare (same image, plain chroot)."""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from runner.bare import bare_exec, export_rootfs, put_file, run_bare
from runner.contract import LimitHit, Status
from runner.images import image_tag
from runner.languages import get_language
from runner.sandbox.docker_sandbox import DockerSandbox
from tests.fixtures.sandbox import run_source

BUSY = """
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
static unsigned long n;
static void *burn(void *arg) {
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < n; i++) x += i;
    return arg;
}
int main(void) {
    int threads;
    if (scanf("%lu %d", &n, &threads) != 2) return 2;
    pthread_t t[16];
    for (int i = 0; i < threads; i++) pthread_create(&t[i], 0, burn, 0);
    for (int i = 0; i < threads; i++) pthread_join(t[i], 0);
    puts("done");
    return 0;
}
"""


@pytest.fixture(scope="module")
def bare_c() -> Iterator[Path]:
    root = export_rootfs(docker.from_env(), image_tag("c"))
    put_file(root, "/bench/main.c", BUSY.encode())
    c = get_language("c")
    argv = [a.replace("main.c", "/bench/main.c") for a in c.render(c.compile_argv or (), 256)]
    argv[argv.index("-o") + 1] = "/bench/busy"
    subprocess.run(["chroot", str(root), *argv], check=True)
    yield root


def bare_cpu(root: Path, n: int, threads: int = 1, repeat: int = 3) -> float:
    put_file(root, "/bench/in", f"{n} {threads}\n".encode())
    helper = bare_exec(root)
    return statistics.median(run_bare(helper, root, ["/bench/busy"], "/bench/in").cpu
                             for _ in range(repeat))


@pytest.fixture(scope="module")
def iterations_per_second(bare_c: Path) -> float:
    n = 100_000_000
    rough = n / bare_cpu(bare_c, n, repeat=1)
    n = int(rough * 0.4)  # calibrate on ~0.4 s runs: short ones are dominated by noise
    return n / bare_cpu(bare_c, n, repeat=3)


def test_half_second_busy_loop_is_accepted_and_measured_within_10_percent(
        sandbox: DockerSandbox, bare_c: Path, iterations_per_second: float) -> None:
    n = int(iterations_per_second * 0.5)
    bare = bare_cpu(bare_c, n)
    out = run_source(sandbox, "c", BUSY, stdin=[f"{n} 1\n".encode()] * 3, time_s=1.0)
    results = list(out.tests.values())
    assert all(r.status is Status.OK for r in results), results
    sandboxed = statistics.median(r.cpu_time for r in results)
    assert abs(sandboxed - bare) <= 0.10 * bare, (sandboxed, bare)


def test_one_and_a_half_seconds_is_a_time_limit_hit(
        sandbox: DockerSandbox, iterations_per_second: float) -> None:
    n = int(iterations_per_second * 1.5)
    r = run_source(sandbox, "c", BUSY, stdin=f"{n} 1\n".encode(), time_s=1.0).tests["t0"]
    assert r.status is Status.TIME_LIMIT and r.limit_hit is LimitHit.CPU_TIME
    assert r.cpu_time >= 1.0


def test_cpu_of_every_thread_is_charged(
        sandbox: DockerSandbox, bare_c: Path, iterations_per_second: float) -> None:
    n = int(iterations_per_second * 0.25)
    bare = bare_cpu(bare_c, n, threads=4, repeat=1)
    r = run_source(sandbox, "c", BUSY, stdin=f"{n} 4\n".encode(), time_s=5.0).tests["t0"]
    assert r.status is Status.OK
    assert r.cpu_time >= 0.85 * bare and bare >= 0.8, (r.cpu_time, bare)
    over = run_source(sandbox, "c", BUSY, stdin=f"{n * 2} 4\n".encode(), time_s=1.0).tests["t0"]
    assert over.status is Status.TIME_LIMIT, over


ALLOC_300MB = {
    "python3": "b = bytearray(300 << 20)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\n"
               "print(len(b))\n",
    "c": "#include <stdlib.h>\n#include <stdio.h>\n"
         "int main(void){ size_t n = 300u << 20; volatile char *p = malloc(n);"
         " for (size_t i = 0; i < n; i += 4096) p[i] = 1;"
         " printf(\"%d\\n\", p[n - 4096]); return 0; }\n",
    "cpp": "#include <vector>\n#include <iostream>\n"
           "int main(){ std::vector<char> v(300u << 20, 1);"
           " std::cout << (int)v.back() << '\\n'; }\n",
    "java": "public class Main { public static void main(String[] a) {"
            " byte[] b = new byte[300 << 20]; b[b.length - 1] = 1;"
            " System.out.println(b[b.length - 1]); } }\n",
    "javascript": "const a = []; for (let i = 0; i < 300; i++) a.push(Buffer.alloc(1 << 20, 1));\n"
                  "console.log(a.length);\n",
}


@pytest.mark.parametrize("language", list(ALLOC_300MB))
def test_300mb_under_256mb_is_a_memory_limit_hit(sandbox: DockerSandbox, language: str) -> None:
    r = run_source(sandbox, language, ALLOC_300MB[language], memory_mb=256, time_s=5.0)
    result = r.tests["t0"]
    assert result.status is Status.MEMORY_LIMIT, result
    assert result.limit_hit is LimitHit.MEMORY


@pytest.mark.parametrize("language", list(ALLOC_300MB))
def test_100mb_under_256mb_is_fine_and_measured(sandbox: DockerSandbox, language: str) -> None:
    source = ALLOC_300MB[language].replace("300", "100")
    result = run_source(sandbox, language, source, memory_mb=256, time_s=5.0).tests["t0"]
    assert result.status is Status.OK, result
    assert 100 * 1024 <= result.memory_kb <= 200 * 1024, result.memory_kb
