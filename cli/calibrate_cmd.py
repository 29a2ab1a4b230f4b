"""`usefulwriter calibrate`: measure each language's time factor against C on this machine, in the
real sandbox, and store it where this host's runner reads it (judge/calibrate.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.args import language, runner_settings


def register(sub: Any) -> None:
    p = sub.add_parser("calibrate", help="measure each language's time factor against C on this "
                       "machine and store it for this host's runner")
    p.add_argument("languages", nargs="*", metavar="LANG", type=language,
                   help="default: the enabled languages (USEFULWRITER_RUNNER_LANGUAGES)")
    p.add_argument("--runs", type=int, default=5, help="runs of every program (default 5)")
    p.add_argument("--scale", type=float, default=1.0,
                   help="share of the reference sizes to run (for a quick look; default 1)")
    p.add_argument("--output", type=Path,
                   help="default: USEFULWRITER_RUNNER_TIME_FACTORS_FILE")
    p.add_argument("--dry-run", action="store_true", help="measure and print, store nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=calibrate)


def calibrate(args: argparse.Namespace) -> int:
    from judge.calibrate import UNCALIBRATED, CalibrationError, save
    from judge.calibrate import calibrate as measure
    from sandbox.docker_sandbox import DockerSandbox
    from sandbox.errors import RunnerError
    from sandbox.languages import get_language

    if args.runs < 1 or not 0 < args.scale <= 1:
        print("error: --runs must be at least 1 and --scale in (0, 1]", file=sys.stderr)
        return 2
    settings = runner_settings()
    names = args.languages or [n for n in settings.enabled_languages() if n not in UNCALIBRATED]
    output = args.output or Path(settings.time_factors_file)
    try:
        sandbox = DockerSandbox(settings, languages=list(dict.fromkeys(["c", *names])))
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        result = measure(sandbox, names, args.runs, args.scale,
                         log=lambda line: print(line, file=sys.stderr, flush=True))
    except (CalibrationError, RunnerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        sandbox.close()
    if args.json:
        print(json.dumps(result.to_dict(), indent=1))
    else:
        print(f"{'language':<12} {'factor':>8} {'spread':>17} {'fixed':>6}")
        for name, f in result.factors.items():
            print(f"{name:<12} {f.factor:>8} {f.low:>8} to {f.high:<6} "
                  f"{get_language(name).time_factor:>6}")
    if args.dry_run:
        print("not stored (--dry-run)", file=sys.stderr)
        return 0
    try:
        save(result, output)
    except OSError as exc:  # the figures are printed above: nothing measured is lost
        print(f"error: cannot store the factors in {output}: {exc} (--output PATH chooses "
              f"another place)", file=sys.stderr)
        return 1
    print(f"stored in {output}", file=sys.stderr)
    return 0
