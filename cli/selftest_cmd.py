"""`usefulwriter selftest` and `usefulwriter sandbox cleanup`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cli.args import language, runner_settings
from sandbox.errors import RunnerError


def register(sub: Any) -> None:
    p = sub.add_parser("selftest", help="run the self-test of every enabled language "
                       "(USEFULWRITER_RUNNER_LANGUAGES; default: all) in the real sandbox")
    p.add_argument("languages", nargs="*", metavar="LANG", type=language)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=selftest)
    c = sub.add_parser("cleanup", help="remove sandbox containers left by crashed runners")
    c.add_argument("--all", action="store_true", help="remove every sandbox container")
    c.set_defaults(handler=cleanup)


def selftest(args: argparse.Namespace) -> int:
    from sandbox.docker_sandbox import DockerSandbox
    from sandbox.selftest import selftest as run_one

    names = args.languages or runner_settings().enabled_languages()
    try:
        sandbox = DockerSandbox(languages=names)
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        results = [run_one(sandbox, name) for name in names]
    finally:
        sandbox.close()
    if args.json:
        print(json.dumps([r.__dict__ for r in results], indent=2))
    else:
        for r in results:
            print(f"{r.language:<12} {'PASS' if r.ok else 'FAIL'}  {r.detail}")
    return 0 if all(r.ok for r in results) else 1


def cleanup(args: argparse.Namespace) -> int:
    import docker

    from sandbox.pool import remove_orphans

    print(f"removed {remove_orphans(docker.from_env(), everything=args.all)} container(s)")
    return 0
