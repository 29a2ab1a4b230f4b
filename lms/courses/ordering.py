"""Positions as fractional indexes (strings that sort between their neighbours, in the "C"
collation): inserting or moving one item writes one row, never its siblings. A whole reorder
writes fresh, evenly spread keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from fractional_indexing import generate_key_between, generate_n_keys_between

from kit.errors import Unprocessable


def between(keys: list[str], index: int) -> str:
    """A key after keys[index] and before keys[index + 1] (index -1: first)."""
    before = keys[index] if index >= 0 else None
    after = keys[index + 1] if index + 1 < len(keys) else None
    return str(generate_key_between(before, after))


class Positioned(Protocol):
    id: uuid.UUID
    position: str


def place(rows: Sequence[Positioned], after: uuid.UUID | None, first: bool = False,
          error: type[Unprocessable] = Unprocessable) -> str:
    """A key right after the row whose id is `after` (rows in order); without `after`, after
    the last row (or before the first). An `after` that is not among the rows is `error`,
    naming the field `after`."""
    ids = [row.id for row in rows]
    if after is not None and after not in ids:
        raise error(f"{after} is not in this list", field="after")
    index = ids.index(after) if after is not None else (-1 if first else len(ids) - 1)
    return between([row.position for row in rows], index)


def keys(n: int) -> list[str]:
    return [str(k) for k in generate_n_keys_between(None, None, n)]
