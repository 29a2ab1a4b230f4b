"""Generate the checked-in seccomp profiles from `seccomp.policy`.

    python -m seccomp.generate          # rewrite seccomp/profiles/*.json
    python -m seccomp.generate --check  # exit 1 if a checked-in profile drifted
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from seccomp import policy

PROFILES = Path(__file__).resolve().parent / "profiles"


def profile(language: str, jail: bool = False) -> dict[str, Any]:
    extra = set(policy.JAIL_SUPERVISOR_ALLOW) if jail else set()
    allow = sorted(set(policy.BASE_ALLOW) | set(policy.LANGUAGE_ALLOW[language]) | extra)
    leaked = set(allow) & set(policy.DENY) - extra
    if leaked:
        raise ValueError(f"{language}: denied syscalls allowed: {sorted(leaked)}")
    clone: dict[str, Any] = {"names": ["clone"], "action": "SCMP_ACT_ALLOW"}
    if not jail:
        clone["args"] = [{"index": 0, "value": policy.CLONE_NAMESPACE_FLAGS, "valueTwo": 0,
                          "op": "SCMP_CMP_MASKED_EQ"}]
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": policy.EPERM,
        "architectures": list(policy.ARCHES),
        "syscalls": [
            {"names": allow, "action": "SCMP_ACT_ALLOW"},
            clone,
            {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": policy.ENOSYS},
        ],
    }


def render(language: str, jail: bool = False) -> str:
    return json.dumps(profile(language, jail), indent=1) + "\n"


def path_for(language: str, jail: bool = False) -> Path:
    """The profile of a language's containers (in jail mode: `<language>.jail.json`)."""
    return PROFILES / f"{language}{'.jail' if jail else ''}.json"


def drifted() -> list[str]:
    return [path_for(lang, jail).name for lang in policy.LANGUAGE_ALLOW for jail in (False, True)
            if not path_for(lang, jail).is_file()
            or path_for(lang, jail).read_text() != render(lang, jail)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = drifted()
        for name in bad:
            print(f"seccomp profile {PROFILES / name} differs from the generator",
                  file=sys.stderr)
        return 1 if bad else 0
    PROFILES.mkdir(exist_ok=True)
    for lang in policy.LANGUAGE_ALLOW:
        for jail in (False, True):
            path_for(lang, jail).write_text(render(lang, jail))
            print(f"wrote {path_for(lang, jail)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
