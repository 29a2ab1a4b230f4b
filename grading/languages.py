"""The languages the service offers, with the ids Judge0 clients know them by.

Read from the runner's declarative registry (data only: no sandbox code is imported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sandbox.languages import ALIASES, LANGUAGES, UnknownLanguage
from sandbox.languages import canonical as _canonical


@dataclass(frozen=True)
class Offered:
    name: str  # our id, e.g. "python3"
    display: str  # Judge0-style display name
    judge0_id: int
    source_file: str
    compiled: bool
    time_factor: float  # limits are written for C/C++; slower runtimes get this multiple


_JUDGE0 = {  # Judge0 CE ids of the same toolchains
    "c": (50, "C (GCC 12.2.0)"),
    "cpp": (54, "C++ (GCC 12.2.0)"),
    "java": (62, "Java (OpenJDK 17)"),
    "javascript": (63, "JavaScript (Node.js 18)"),
    "python3": (71, "Python (3.11)"),
    "bash": (46, "Bash (5.2)"),
    "csharp": (51, "C# (Mono 6.8)"),
    "go": (60, "Go (1.19)"),
    "haskell": (61, "Haskell (GHC 9.0)"),
    "php": (68, "PHP (8.2)"),
    "ruby": (72, "Ruby (3.1)"),
    "rust": (73, "Rust (1.63)"),
    "typescript": (74, "TypeScript (4.8)"),
    "kotlin": (78, "Kotlin (1.3)"),
    "sql": (82, "SQL (SQLite 3.40)"),
    # Judge0 has no PostgreSQL: an id of ours, far above Judge0's (which end below 100)
    "postgresql": (1001, "SQL (PostgreSQL 15)"),
}


@cache
def offered() -> tuple[Offered, ...]:
    """Computed once: the registry does not change while the process runs."""
    out = []
    for name, lang in LANGUAGES.items():
        judge0_id, display = _JUDGE0[name]
        out.append(Offered(name, display, judge0_id, lang.source_name,
                           lang.compile_argv is not None, lang.time_factor))
    return tuple(sorted(out, key=lambda o: o.judge0_id))


def names() -> tuple[str, ...]:
    return tuple(LANGUAGES)


def aliases() -> dict[str, str]:
    """Every name a language is known by (lower case: "python", "js", "c++") -> ours."""
    return ALIASES


def canonical(name: str) -> str | None:
    try:
        return _canonical(name)
    except UnknownLanguage:
        return None


def get(name: str) -> Offered | None:
    """By our name or any alias, in any case."""
    ours = canonical(name)
    return next((o for o in offered() if o.name == ours), None)


def by_judge0_id(judge0_id: int) -> Offered | None:
    return next((o for o in offered() if o.judge0_id == judge0_id), None)
