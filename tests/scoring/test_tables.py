"""SQL challenges' result tables, compared outside the sandbox (scoring.tables)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scoring import tables as T

EXPECTED = {"columns": ["name", "total"], "rows": [["ann", 30], ["bob", 5.5], ["cy", None]]}


def table(rows: list[list[Any]], columns: list[str] | None = None) -> dict[str, Any]:
    return {"columns": columns or ["name", "total"], "rows": rows}


def test_an_equal_table_matches_ordered_or_not() -> None:
    got = table([["ann", 30.0], ["bob", 5.5], ["cy", None]])  # 30.0 is the number 30
    assert T.compare(got, EXPECTED, ordered=True) == ""
    assert T.compare(table([["cy", None], ["bob", 5.5], ["ann", 30]]), EXPECTED,
                     ordered=False) == ""


def test_order_counts_only_when_the_test_says_so() -> None:
    shuffled = table([["bob", 5.5], ["ann", 30], ["cy", None]])
    assert T.compare(shuffled, EXPECTED, ordered=True) == \
        "row 1, column name: got the text 'bob', expected the text 'ann'"
    assert T.compare(shuffled, EXPECTED, ordered=False) == ""


def test_null_equals_only_null() -> None:
    assert T.compare(table([["ann", 30], ["bob", 5.5], ["cy", 0]]), EXPECTED, True) == \
        "row 3, column total: got the number 0, expected NULL"
    assert T.compare(table([["ann", None], ["bob", 5.5], ["cy", None]]), EXPECTED, True) == \
        "row 1, column total: got NULL, expected the number 30"


def test_type_affinity_text_is_not_a_number() -> None:
    got = table([["ann", "30"], ["bob", 5.5], ["cy", None]])
    assert T.compare(got, EXPECTED, True) == \
        "row 1, column total: got the text '30', expected the number 30"


def test_numbers_are_equal_within_the_tolerance() -> None:
    want = table([["x", 0.3]])
    assert T.compare(table([["x", 0.1 + 0.2]]), want, True) == ""
    assert T.compare(table([["x", 0.3001]]), want, True).startswith("row 1, column total")
    assert T.compare(table([["x", 0.3001]]), want, True, eps=1e-3) == ""


def test_columns_by_name_and_count_rows_by_count() -> None:
    assert T.compare(table([["ann", 30]], ["NAME", "Total"]), table([["ann", 30]]), True) == ""
    assert T.compare(table([["ann", 30]], ["name", "sum"]), table([["ann", 30]]), True) == \
        "column 2 is named 'sum', expected 'total' (use AS to name it)"
    assert T.compare({"columns": ["name"], "rows": [["ann"]]}, table([["ann", 30]]), True) \
        == "1 column(s) (name), expected 2 (name, total)"
    assert T.compare(table([]), table([["ann", 30]]), False) == "0 row(s), expected 1"


def test_a_result_that_is_not_a_table_is_not_read() -> None:
    assert T.compare([1, 2], EXPECTED, True) == "the query's result could not be read"
    assert T.compare({"columns": ["name", "total"], "rows": [7]}, table([["a", 1]]), True) \
        == "the query's result could not be read"


def write(tmp_path: Path, data: object, name: str = "01.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_a_test_file_with_a_setup_file(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE t(x);")
    test = T.parse_test(write(tmp_path, {"setup_file": "schema.sql",
                                         "setup": "INSERT INTO t VALUES (1);",
                                         "expected": {"columns": ["x"], "rows": [[1]]},
                                         "modify": True, "check": "SELECT x FROM t"}))
    assert test.setup == "CREATE TABLE t(x);\nINSERT INTO t VALUES (1);"
    assert (test.ordered, test.modify, test.check) == (False, True, "SELECT x FROM t")
    head, _, body = test.stdin("ab" * 16).partition(b"\n")
    assert head == b"usefulwriter-sql " + b"ab" * 16
    assert "expected" not in json.loads(body)  # the expected table never enters the sandbox


@pytest.mark.parametrize(("data", "message"), [
    ({"expected": {"columns": ["x"], "rows": [[1]]}, "check": "SELECT 1"},
     "tests/01.json.check: only with modify"),
    ({"expected": {"columns": ["x"], "rows": [[1, 2]]}},
     r"tests/01.json.expected.rows\[0\]: must be a list of 1 values"),
    ({"expected": {"columns": [], "rows": []}}, "expected.columns: must be a non-empty list"),
    ({"setup": "x"}, "tests/01.json.expected: required"),
    ({"expected": {"columns": ["x"], "rows": []}, "order": True},
     "tests/01.json.order: unknown field"),
    ({"expected": {"columns": ["x"], "rows": []}, "setup_file": "../secret.sql"},
     "setup_file: not a file in tests/"),
    ({"expected": {"columns": ["x"], "rows": []}, "modify": "yes"},
     "modify: must be true or false"),
])
def test_bad_test_files_name_the_field(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(T.SqlTestError, match=message):
        T.parse_test(write(tmp_path, data))
