"""SQL challenges graded end to end: the query runs in the sandbox against each test's fresh
SQLite database, its result table is compared outside (examples/customer-totals, remove-idle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.engine import Grader
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES
from scoring.package import PackageError, load

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
TOTALS = EXAMPLES / "customer-totals"


def grade(sandbox: DockerSandbox, source: str, package: Path = TOTALS):  # type: ignore[no-untyped-def]
    return Grader(load(package, tuple(LANGUAGES)), sandbox).grade(source.encode(), "sql")


def test_a_correct_query_passes_and_a_wrong_one_is_told_where(sandbox: DockerSandbox) -> None:
    ok = (TOTALS / "solutions" / "ok.sql").read_text()
    assert grade(sandbox, ok).verdict.value == "AC"
    report = grade(sandbox, ok.replace("COALESCE(SUM(o.amount), 0)", "SUM(o.amount)"))
    assert report.verdict.value == "WA"
    assert report.tests[0].feedback == "row 3, column total: got NULL, expected the number 0"


def test_a_query_that_never_ends_hits_the_time_limit(sandbox: DockerSandbox) -> None:
    report = grade(sandbox, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)\n"
                            "SELECT count(*) AS name, 0 AS total FROM c;")
    assert report.verdict.value == "TLE", report.tests[0]


def test_a_huge_result_hits_the_output_limit(sandbox: DockerSandbox) -> None:
    # wide rows: the output limit comes in a fraction of the time limit, even on a slow machine
    # (100-character rows met the 1 s CPU limit first on a loaded one)
    report = grade(sandbox, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)\n"
                            "SELECT printf('%.4000c', 'z') AS name, x AS total FROM c;")
    assert report.verdict.value == "OLE", report.tests[0]


@pytest.mark.parametrize(("query", "said"), [
    ("ATTACH DATABASE '/judge/stdin' AS j;\nSELECT name, 0 AS total FROM customers;",
     "not authorized"),
    ("SELECT load_extension('/usr/lib/usefulwriter/launcher') AS name, 0 AS total;",
     "not authorized to use function: load_extension"),
    ("UPDATE orders SET amount = 0;\nSELECT name, 0 AS total FROM customers;",
     "this test allows only queries that read"),
])
def test_reading_files_attaching_and_changing_data_are_refused(
        sandbox: DockerSandbox, query: str, said: str) -> None:
    report = grade(sandbox, query)
    assert report.verdict.value == "RE"
    assert said in report.tests[0].stderr, report.tests[0]


def test_a_test_that_allows_changes_checks_the_state_left_behind(sandbox: DockerSandbox) -> None:
    idle = EXAMPLES / "remove-idle"
    report = grade(sandbox, (idle / "solutions" / "wa_not_in_null.sql").read_text(), idle)
    assert [t.verdict.value for t in report.tests] == ["AC", "WA", "AC"]
    assert report.points == 50.0  # partial scoring: the NULL trap costs one test


def test_an_sql_package_takes_only_sql(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "customer-totals"
    shutil.copytree(TOTALS, root)
    manifest = root / "challenge.yaml"
    manifest.write_text(manifest.read_text().replace("type: sql", "type: sql\nlanguages: "
                                                     "[sql, python3]"))
    with pytest.raises(PackageError, match="languages: 'python3' is not one of sql"):
        load(root, tuple(LANGUAGES))
