"""Argument types shared by the commands: languages by any of their names."""

from __future__ import annotations

import argparse

from sandbox.languages import UnknownLanguage, canonical


def language(value: str) -> str:
    """A language by its canonical name or an alias (`python`, `js`, `c++`...): the canonical
    name, or argparse's usage error listing every name."""
    try:
        return canonical(value)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc.args[0])) from None
