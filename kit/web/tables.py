"""Tabular answers as JSON or CSV (`?format=csv`): the same rows, a spreadsheet's way. Cells
that a spreadsheet would run as a formula (=, +, -, @ first) are quoted with a leading
apostrophe (OWASP's CSV injection advice): learners' names reach instructors' spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi.responses import Response

from kit import clock
from kit.errors import Unprocessable

Format = Literal["json", "csv"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def period(start: datetime | None, end: datetime | None, default: timedelta,
           longest: timedelta | None = None) -> tuple[datetime, datetime]:
    """A report's period from its query (times without a zone are UTC): by default the
    `default` up to now; 422 naming `start` when it is empty or longer than `longest`."""
    end = clock.as_utc(end) if end else clock.now()
    start = clock.as_utc(start) if start else end - default
    if start >= end:
        raise Unprocessable("start must be before end", field="start")
    if longest is not None and end - start > longest:
        raise Unprocessable(f"ask for at most {longest.days} days at a time", field="start")
    return start, end


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    if isinstance(value, float):
        return round(value, 4)
    return "" if value is None else value


def csv_response(columns: Sequence[str], rows: Iterable[Sequence[Any]],
                 filename: str) -> Response:
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(columns)
    for row in rows:
        out.writerow([cell(v) for v in row])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}.csv"'})


def csv_of(records: Sequence[dict[str, Any]], filename: str,
           columns: Sequence[str] | None = None) -> Response:
    """Flat records (one dict per row) as CSV; the columns are the first record's keys."""
    names = list(columns or (records[0].keys() if records else []))
    return csv_response(names, ([r.get(c) for c in names] for r in records), filename)
