"""Positions as fractional indexes (strings that sort between their neighbours, in the "C"
collation): inserting or moving one item writes one row, never its siblings. A whole reorder
writes fresh, evenly spread keys."""

from __future__ import annotations

from fractional_indexing import generate_key_between, generate_n_keys_between

from kit.errors import Unprocessable


def between(keys: list[str], index: int) -> str:
    """A key after keys[index] and before keys[index + 1] (index -1: first)."""
    before = keys[index] if index >= 0 else None
    after = keys[index + 1] if index + 1 < len(keys) else None
    return str(generate_key_between(before, after))


def after(keys: list[str], index: int | None, known: bool, field: str) -> str:
    """After keys[index], or last when index is None."""
    if not known:
        raise Unprocessable("that item is not in this list", field=field)
    return between(keys, len(keys) - 1 if index is None else index)


def keys(n: int) -> list[str]:
    return [str(k) for k in generate_n_keys_between(None, None, n)]
