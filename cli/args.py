"""Argument types shared by the commands: languages by any of their names, and the runner's
settings read with a one-line error."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sandbox.languages import UnknownLanguage, canonical

if TYPE_CHECKING:
    from sandbox.settings import SandboxSettings


def language(value: str) -> str:
    """A language by its canonical name or an alias (`python`, `js`, `c++`...): the canonical
    name, or argparse's usage error listing every name."""
    try:
        return canonical(value)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc.args[0])) from None


def runner_settings() -> SandboxSettings:
    """The sandbox settings from the environment; a bad USEFULWRITER_RUNNER_* value ends the
    command with one line naming it (exit 2), not a traceback."""
    from pydantic import ValidationError

    from sandbox.settings import SandboxSettings

    try:
        return SandboxSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"error: USEFULWRITER_RUNNER_{str(first['loc'][0]).upper()}: "
              f"{first['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        raise SystemExit(2) from None
