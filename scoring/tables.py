"""SQL challenges: the learner's query result, compared as a table outside the sandbox.

A test is `tests/NAME.json`:

    {"setup": "CREATE TABLE t(...); INSERT INTO t VALUES ...;",   # or setup_file, or both
     "setup_file": "schema.sql",              # relative to tests/, run before "setup"
     "expected": {"columns": ["name", "total"], "rows": [["ann", 30], ["bob", null]]},
     "ordered": false,                        # default false: rows compared as a multiset
     "modify": false,                         # default false: the query may only read
     "check": "SELECT count(*) AS n FROM t",  # with modify: the post-state query compared
     "float_eps": 1e-9}                       # numbers equal within it (absolute or relative)

The query runs in the sandbox against a fresh SQLite database (sandbox_images/sql/sqlrun.py);
only the expected table stays out here. Columns compare by name (SQL's case-insensitive
identifiers) and count; values by kind: NULL equals only NULL, a number equals a number (3 and
3.0 alike), text equals identical text. SQLite's type affinity is the learner's to respect: the
text '3' is not the number 3, and the feedback says which kind was found.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Table = dict[str, Any]  # {"columns": [str], "rows": [[value]]}


class SqlTestError(ValueError):
    """A malformed SQL test file; the message names the field."""


@dataclass(frozen=True)
class SqlTest:
    setup: str
    expected: Table
    ordered: bool = False
    modify: bool = False
    check: str | None = None
    float_eps: float = 1e-9

    def stdin(self, nonce: str) -> bytes:
        """What sqlrun.py reads: the nonce line, then the test without its expected table."""
        body = {"setup": self.setup, "modify": self.modify, "check": self.check}
        return f"usefulwriter-sql {nonce}\n{json.dumps(body)}\n".encode()


def _table(value: object, where: str) -> Table:
    if not isinstance(value, dict) or set(value) != {"columns", "rows"}:
        raise SqlTestError(f"{where}: must be {{\"columns\": [...], \"rows\": [[...], ...]}}")
    columns, rows = value["columns"], value["rows"]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns) \
            or not columns:
        raise SqlTestError(f"{where}.columns: must be a non-empty list of names")
    if not isinstance(rows, list):
        raise SqlTestError(f"{where}.rows: must be a list of rows")
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            raise SqlTestError(f"{where}.rows[{i}]: must be a list of {len(columns)} values")
        for j, v in enumerate(row):
            if isinstance(v, (list, dict)):
                raise SqlTestError(f"{where}.rows[{i}][{j}]: must be a number, text, true, "
                                   f"false or null")
    return {"columns": columns, "rows": rows}


def parse_test(path: Path) -> SqlTest:
    where = f"tests/{path.name}"
    try:
        data = json.loads(path.read_text())
    except ValueError as exc:
        raise SqlTestError(f"{where}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SqlTestError(f"{where}: must be an object")
    unknown = sorted(set(data) - {"setup", "setup_file", "expected", "ordered", "modify",
                                  "check", "float_eps"})
    if unknown:
        raise SqlTestError(f"{where}.{unknown[0]}: unknown field")
    setup = ""
    if "setup_file" in data:
        name = data["setup_file"]
        file = path.parent / str(name)
        if not isinstance(name, str) or "/" in name or not file.is_file():
            raise SqlTestError(f"{where}.setup_file: not a file in tests/")
        setup = file.read_text() + "\n"
    if not isinstance(data.get("setup", ""), str):
        raise SqlTestError(f"{where}.setup: must be SQL text")
    setup += data.get("setup", "")
    if "expected" not in data:
        raise SqlTestError(f"{where}.expected: required")
    for flag in ("ordered", "modify"):
        if not isinstance(data.get(flag, False), bool):
            raise SqlTestError(f"{where}.{flag}: must be true or false")
    check = data.get("check")
    if check is not None and (not isinstance(check, str) or not check.strip()):
        raise SqlTestError(f"{where}.check: must be a query")
    if check is not None and not data.get("modify", False):
        raise SqlTestError(f"{where}.check: only with modify (it reads the state the query "
                           f"left)")
    eps = data.get("float_eps", 1e-9)
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not eps >= 0:
        raise SqlTestError(f"{where}.float_eps: must be a non-negative number")
    return SqlTest(setup, _table(data["expected"], f"{where}.expected"),
                   bool(data.get("ordered", False)), bool(data.get("modify", False)), check,
                   float(eps))


# --- comparing ----------------------------------------------------------------------------------

def _kind(v: object) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "text"
    return "blob"


def _show(v: object) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, str):
        text = v if len(v) <= 40 else v[:37] + "..."
        return f"the text {text!r}"
    if isinstance(v, dict):
        return "a blob"
    return f"the number {json.dumps(v)}"


def _same(got: object, expected: object, eps: float) -> bool:
    kind = _kind(expected)
    if _kind(got) != kind:
        return False
    if kind == "number":
        a, b = float(got), float(expected)  # type: ignore[arg-type]
        if got == expected:
            return True
        return math.isfinite(a) and math.isfinite(b) and \
            (abs(a - b) <= eps or abs(a - b) <= eps * max(abs(a), abs(b)))
    return got == expected


def _row_key(row: list[Any]) -> tuple[Any, ...]:
    """An order for a multiset comparison: kind first, then value (numbers as floats)."""
    return tuple((_kind(v), float(v) if _kind(v) == "number" else json.dumps(v))
                 for v in row)


def compare(got: object, expected: Table, ordered: bool, eps: float = 1e-9) -> str:
    """"" if `got` (sqlrun.py's table) matches; else the first difference, for the learner."""
    if not isinstance(got, dict) or not isinstance(got.get("columns"), list) \
            or not isinstance(got.get("rows"), list):
        return "the query's result could not be read"
    columns, rows = got["columns"], got["rows"]
    want_columns, want_rows = expected["columns"], expected["rows"]
    if len(columns) != len(want_columns):
        return (f"{len(columns)} column(s) ({', '.join(map(str, columns))}), expected "
                f"{len(want_columns)} ({', '.join(want_columns)})")
    for i, (c, w) in enumerate(zip(columns, want_columns, strict=True)):
        if str(c).lower() != w.lower():
            return f"column {i + 1} is named {c!r}, expected {w!r} (use AS to name it)"
    if len(rows) != len(want_rows):
        return f"{len(rows)} row(s), expected {len(want_rows)}"
    if not ordered:
        try:
            rows = sorted(rows, key=_row_key)
            want_rows = sorted(want_rows, key=_row_key)
        except TypeError:
            return "the query's rows could not be compared"
    for i, (row, want) in enumerate(zip(rows, want_rows, strict=True)):
        if not isinstance(row, list) or len(row) != len(want):
            return "the query's result could not be read"
        for j, (v, w) in enumerate(zip(row, want, strict=True)):
            if not _same(v, w, eps):
                where = f"row {i + 1}" + ("" if ordered else " (sorted: order does not count)")
                return f"{where}, column {want_columns[j]}: got {_show(v)}, expected {_show(w)}"
    return ""
