"""`usefulwriter runner`: the runner pool process (the same as `python -m runnerhost`)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    from runnerhost.pool import add_arguments

    p = sub.add_parser("runner", help="run the runner pool: N slots working the job queues")
    add_arguments(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from runnerhost.pool import run as run_pool

    return run_pool(args)
