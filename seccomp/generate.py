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


def profile(language: str) -> dict[str, Any]:
    allow = sorted(set(policy.BASE_ALLOW) | set(policy.LANGUAGE_ALLOW[language]))
    leaked = set(allow) & set(policy.DENY)
    if leaked:
        raise ValueError(f"{language}: denied syscalls allowed: {sorted(leaked)}")
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": policy.EPERM,
        "architectures": list(policy.ARCHES),
        "syscalls": [
            {"names": allow, "action": "SCMP_ACT_ALLOW"},
            {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": policy.CLONE_NAMESPACE_FLAGS, "valueTwo": 0,
                       "op": "SCMP_CMP_MASKED_EQ"}]},
            {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": policy.ENOSYS},
        ],
    }


def render(language: str) -> str:
    return json.dumps(profile(language), indent=1) + "\n"


def path_for(language: str) -> Path:
    return PROFILES / f"{language}.json"


def drifted() -> list[str]:
    return [lang for lang in policy.LANGUAGE_ALLOW
            if not path_for(lang).is_file() or path_for(lang).read_text() != render(lang)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = drifted()
        for lang in bad:
            print(f"seccomp profile {path_for(lang)} differs from the generator", file=sys.stderr)
        return 1 if bad else 0
    PROFILES.mkdir(exist_ok=True)
    for lang in policy.LANGUAGE_ALLOW:
        path_for(lang).write_text(render(lang))
        print(f"wrote {path_for(lang)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
