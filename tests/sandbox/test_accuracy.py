"""Measurement accuracy against what the program measures of itself.

The CPU programs time themselves: each thread loops until the process's own CPU clock
(CLOCK_PROCESS_CPUTIME_ID, every thread of it) reaches the target, then prints that clock. So a
busy or slow machine changes how long a test takes, never how much CPU the program burns, and
what the sandbox reports is compared with the kernel's own figure for the same process. Wall
limits are generous: a loaded host stretches wall time, and these tests are about CPU time.
"""

from __future__ import annotations

import pytest

from sandbox.contract import ExecResult, LimitHit, Status
from sandbox.docker_sandbox import DockerSandbox
from tests.fixtures.sandbox import run_source

BURN = """
#include <pthread.h>
#include <stdio.h>
#include <time.h>
static double target;
static double process_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}
static void *burn(void *arg) {
    volatile unsigned long x = 0;
    while (process_cpu() < target)
        for (int i = 0; i < 100000; i++) x += i;
    return arg;
}
int main(void) {
    int threads;
    if (scanf("%lf %d", &target, &threads) != 2 || threads < 1 || threads > 16) return 2;
    pthread_t t[16];
    for (int i = 0; i < threads; i++) pthread_create(&t[i], 0, burn, 0);
    for (int i = 0; i < threads; i++) pthread_join(t[i], 0);
    printf("%.6f\\n", process_cpu());
    return 0;
}
"""
WALL_S = 30.0


def burn(sandbox: DockerSandbox, seconds: float, threads: int = 1, tests: int = 1,
         time_s: float = 5.0) -> list[ExecResult]:
    stdin = f"{seconds} {threads}\n".encode()
    out = run_source(sandbox, "c", BURN, stdin=[stdin] * tests, time_s=time_s, wall_s=WALL_S)
    assert out.compile is not None and out.compile.status is Status.OK, out.compile
    assert len(out.tests) == tests, out
    return list(out.tests.values())


def self_measured(result: ExecResult) -> float:
    assert result.status is Status.OK, result
    return float(result.stdout)


def test_half_second_busy_loop_is_accepted_and_measured_within_10_percent(
        sandbox: DockerSandbox) -> None:
    for r in burn(sandbox, 0.5, tests=3, time_s=1.0):
        own = self_measured(r)
        assert own >= 0.5
        assert abs(r.cpu_time - own) <= 0.10 * own, (r.cpu_time, own)


def test_one_and_a_half_seconds_is_a_time_limit_hit(sandbox: DockerSandbox) -> None:
    r = burn(sandbox, 1.5, time_s=1.0)[0]
    assert r.status is Status.TIME_LIMIT and r.limit_hit is LimitHit.CPU_TIME, r
    assert 1.0 <= r.cpu_time < 1.5


def test_cpu_of_every_thread_is_charged(sandbox: DockerSandbox) -> None:
    # The main thread only waits: all but a few microseconds are burned by the 4 workers.
    r = burn(sandbox, 0.8, threads=4)[0]
    own = self_measured(r)
    assert own >= 0.8
    assert abs(r.cpu_time - own) <= 0.10 * own, (r.cpu_time, own)
    over = burn(sandbox, 2.0, threads=4, time_s=1.0)[0]
    assert over.status is Status.TIME_LIMIT and over.limit_hit is LimitHit.CPU_TIME, over


def test_time_limits_hold_whatever_the_wall_clock(sandbox: DockerSandbox) -> None:
    """However slow the machine, a program that stops itself at 0.8 s of CPU passes a 1 s
    limit, and one that would stop at 1.2 s is killed at the limit."""
    under = burn(sandbox, 0.8, time_s=1.0)[0]
    own = self_measured(under)
    assert abs(under.cpu_time - own) <= 0.10 * own and under.cpu_time < 1.0, (under, own)
    over = burn(sandbox, 1.2, time_s=1.0)[0]
    assert over.status is Status.TIME_LIMIT and over.limit_hit is LimitHit.CPU_TIME, over


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
