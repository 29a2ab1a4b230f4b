"""`usefulwriter`: the command line of the engine."""

from __future__ import annotations

import argparse
import sys

from cli import (
    calibrate_cmd,
    grade_cmd,
    images_cmd,
    openapi_cmd,
    run_cmd,
    runner_cmd,
    selftest_cmd,
    serve_cmd,
    service_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="usefulwriter", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    images_cmd.register(sub)
    calibrate_cmd.register(sub)
    run_cmd.register(sub)
    selftest_cmd.register(sub)
    grade_cmd.register(sub)
    runner_cmd.register(sub)
    service_cmd.register(sub)
    serve_cmd.register(sub)
    openapi_cmd.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
