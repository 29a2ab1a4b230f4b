"""The shared base of every language: a few declarative attributes, no behaviour to override.

Argument lists may contain `{heap_mb}`, replaced by the memory flag value a managed runtime
needs so that it fails with a clean out-of-memory error inside the limit. Extra syscalls a
runtime needs are declared in `seccomp/policy.py`, the one source of the seccomp profiles.
"""

from __future__ import annotations

from typing import ClassVar


class Language:
    name: ClassVar[str]  # the canonical name, kept in every result
    aliases: ClassVar[tuple[str, ...]] = ()  # other names people use for it (lower case)
    display: ClassVar[str]
    image: ClassVar[str]  # directory under sandbox_images/
    source_name: ClassVar[str]
    compile_argv: ClassVar[tuple[str, ...] | None] = None
    artifacts: ClassVar[tuple[str, ...]] = ()  # globs in the build dir kept after compile
    run_argv: ClassVar[tuple[str, ...]]
    time_factor: ClassVar[float] = 1.0
    heap_fraction: ClassVar[float] = 0.0  # share of the memory limit given to a managed heap
    oom_markers: ClassVar[tuple[str, ...]] = ()  # stderr text: "the runtime ran out of memory"
    # Run once in every new container before it is offered, off the submission's path.
    warmup_argv: ClassVar[tuple[str, ...] | None] = None
    selftest_source: ClassVar[str]
    selftest_stdin: ClassVar[bytes] = b"21\n"
    selftest_stdout: ClassVar[bytes] = b"42\n"

    @classmethod
    def heap_mb(cls, memory_mb: int) -> int:
        return max(16, int(memory_mb * cls.heap_fraction))

    @classmethod
    def render(cls, argv: tuple[str, ...], memory_mb: int) -> list[str]:
        heap = str(cls.heap_mb(memory_mb))
        return [a.replace("{heap_mb}", heap) for a in argv]
