"""SQL challenges in the PostgreSQL dialect, end to end: each test's query runs against a server
of its own inside the sandbox (sandbox_images/postgresql/pgrun.py), and its result table is
compared outside, as for SQLite (examples/monthly-revenue; remove-idle on PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from judge.check import check_package
from judge.engine import Grader
from sandbox.docker_sandbox import DockerSandbox
from sandbox.languages import LANGUAGES
from sandbox.settings import SandboxSettings
from scoring.package import PackageError, load

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
REVENUE = EXAMPLES / "monthly-revenue"


def grade(sandbox: DockerSandbox, source: str, package: Path = REVENUE):  # type: ignore[no-untyped-def]
    return Grader(load(package, tuple(LANGUAGES)), sandbox).grade(source.encode(), "postgresql")


def on_postgresql(tmp_path: Path, example: str) -> Path:
    """A copy of an SQLite example that asks for PostgreSQL instead."""
    root = tmp_path / example
    shutil.copytree(EXAMPLES / example, root)
    manifest = root / "challenge.yaml"
    text = manifest.read_text().replace("  sql: starter/", "  postgresql: starter/")
    manifest.write_text(text.replace("type: sql", "type: sql\nlanguages: [postgresql]"))
    return root


def test_a_correct_query_passes_and_a_wrong_one_is_told_where(sandbox: DockerSandbox) -> None:
    ok = (REVENUE / "solutions" / "ok.sql").read_text()
    report = grade(sandbox, ok)
    assert report.verdict.value == "AC", report.tests
    wrong = grade(sandbox, (REVENUE / "solutions" / "wa_missing_months.sql").read_text())
    assert wrong.verdict.value == "WA"
    assert wrong.tests[0].feedback == "2 row(s), expected 3"


def test_the_dialect_is_postgresql_not_sqlite(sandbox: DockerSandbox) -> None:
    report = grade(sandbox, (REVENUE / "solutions" / "re_sqlite_strftime.sql").read_text())
    assert report.verdict.value == "RE"
    assert "function strftime(unknown, date) does not exist" in report.tests[0].stderr


def test_values_keep_their_postgresql_types(sandbox: DockerSandbox, tmp_path: Path) -> None:
    """numeric, bigint past 2^53, boolean, NULL, dates and NaN arrive as the kinds the
    comparison knows; text is never a number."""
    root = tmp_path / "types"
    shutil.copytree(REVENUE, root)
    for old in (root / "tests").glob("0*.json"):
        old.unlink()
    (root / "tests" / "01.json").write_text(json.dumps({
        "setup": "", "ordered": True,
        "expected": {"columns": ["n", "big", "yes", "nothing", "day", "nan", "ratio"],
                     "rows": [[2.5, 9007199254740993, True, None, "2024-02-29", "NaN", 0.1]]}}))
    report = grade(sandbox, "SELECT 2.50::numeric(5, 2) AS n, 9007199254740993::bigint AS big,\n"
                            "       true AS yes, NULL::int AS nothing,\n"
                            "       date '2024-02-29' AS day,\n"
                            "       'NaN'::float8 AS nan, 1::float4 / 10 AS ratio;", root)
    assert report.verdict.value == "AC", report.tests[0]
    text = grade(sandbox, "SELECT '2.5' AS n, 9007199254740993 AS big, true AS yes,\n"
                          "       NULL AS nothing, '2024-02-29' AS day,\n"
                          "       'NaN'::float8 AS nan, 0.1 AS ratio;", root)
    assert text.tests[0].feedback == \
        "row 1, column n: got the text '2.5', expected the number 2.5"


def test_the_setups_own_rows_are_not_compared(sandbox: DockerSandbox, tmp_path: Path) -> None:
    """A setup may end in a query (a count, a sequence's setval): its rows are run and dropped;
    only the learner's statements' rows (or the check's) are compared."""
    root = tmp_path / "revenue"
    shutil.copytree(REVENUE, root)
    test = root / "tests" / "01.json"
    data = json.loads(test.read_text())
    data["setup"] += " SELECT count(*) AS orders FROM orders;"
    test.write_text(json.dumps(data))
    report = grade(sandbox, (REVENUE / "solutions" / "ok.sql").read_text(), root)
    assert report.verdict.value == "AC", report.tests


def test_a_loop_hits_the_time_limit_and_a_huge_result_the_output_limit(
        sandbox: DockerSandbox) -> None:
    loop = grade(sandbox, "DO $$ BEGIN LOOP END LOOP; END $$;")
    assert loop.verdict.value == "TLE", loop.tests[0]
    huge = grade(sandbox, "SELECT repeat('z', 10000) AS month, generate_series(1, 10000000000) "
                          "AS revenue, 0 AS running;")  # 16 MB in about 0.1 s of CPU
    assert huge.verdict.value == "OLE", huge.tests[0]


@pytest.mark.parametrize(("query", "said"), [
    ("INSERT INTO orders VALUES (9, '2024-01-01', 1);",
     "permission denied for table orders (this test allows only queries that read"),
    ("CREATE TEMP TABLE m AS SELECT 1;", "permission denied to create temporary tables"),
    ("SELECT pg_read_file('/judge/stdin');", "permission denied for function pg_read_file"),
    ("COPY orders TO STDOUT;", "COPY to or from the client is not available here"),
    ("SET ROLE author;", "permission denied to set role \"author\""),
])
def test_changing_data_reading_files_and_taking_roles_are_refused(
        sandbox: DockerSandbox, query: str, said: str) -> None:
    report = grade(sandbox, query)
    assert report.verdict.value == "RE"
    assert said in report.tests[0].stderr, report.tests[0]


def test_a_test_that_allows_changes_checks_the_state_left_behind(
        sandbox: DockerSandbox, tmp_path: Path) -> None:
    idle = on_postgresql(tmp_path, "remove-idle")
    report = grade(sandbox, (idle / "solutions" / "wa_not_in_null.sql").read_text(), idle)
    assert [t.verdict.value for t in report.tests] == ["AC", "WA", "AC"]  # the same NULL trap
    ok = grade(sandbox, (idle / "solutions" / "ok_not_exists.sql").read_text(), idle)
    assert ok.verdict.value == "AC", ok.tests


def test_the_sqlite_examples_hold_on_postgresql(sandbox: DockerSandbox, tmp_path: Path) -> None:
    """customer-totals and remove-idle, asked for on PostgreSQL: every solution gets the verdict
    it declares, but for the one written with SQLite's printf, which PostgreSQL does not have
    (its text-for-a-number mistake, made with a PostgreSQL cast, is still a WA)."""
    for example in ("customer-totals", "remove-idle"):
        root = on_postgresql(tmp_path, example)
        text_total = root / "solutions" / "wa_text_total.sql"
        if text_total.exists():
            assert b"printf" in text_total.read_bytes()
            text_total.write_text("SELECT c.name AS name, COALESCE(SUM(o.amount), 0)::text "
                                  "AS total\nFROM customers AS c\n"
                                  "LEFT JOIN orders AS o ON o.customer_id = c.id\n"
                                  "GROUP BY c.id\nORDER BY COALESCE(SUM(o.amount), 0) DESC, "
                                  "name;\n")
        checks = check_package(load(root, tuple(LANGUAGES)), sandbox)
        assert {c.solution.language for c in checks} == {"postgresql"}
        assert [c.reason for c in checks if not c.ok] == [], example


def test_each_test_gets_a_fresh_database(sandbox: DockerSandbox, tmp_path: Path) -> None:
    """What a test's statements change is gone in the next test: every run copies the template
    cluster afresh (here the learner may change data, and adds a row each time)."""
    idle = on_postgresql(tmp_path, "remove-idle")
    report = grade(sandbox, "INSERT INTO customers VALUES (100, 'planted');\n"
                            "DELETE FROM customers c WHERE NOT EXISTS\n"
                            "  (SELECT 1 FROM orders o WHERE o.customer_id = c.id)\n"
                            "  AND c.name <> 'planted';\n"
                            "DELETE FROM customers WHERE id = 100 AND\n"
                            "  (SELECT count(*) FROM customers WHERE name = 'planted') = 1;", idle)
    assert report.verdict.value == "AC", report.tests


def test_a_package_takes_postgresql_only_where_it_asks(tmp_path: Path) -> None:
    assert load(EXAMPLES / "customer-totals", tuple(LANGUAGES)).languages == ("sql",)
    assert load(REVENUE, tuple(LANGUAGES)).languages == ("postgresql",)
    root = on_postgresql(tmp_path, "customer-totals")
    package = load(root, tuple(LANGUAGES))
    assert {s.language for s in package.solutions} == {"postgresql"}  # .sql: its dialect
    manifest = root / "challenge.yaml"
    manifest.write_text(manifest.read_text().replace("[postgresql]", "[postgresql, mysql]"))
    with pytest.raises(PackageError, match="languages: 'mysql' is not one of sql, postgresql"):
        load(root, tuple(LANGUAGES))


@pytest.mark.docker
def test_fresh_mode_serves_postgresql_too() -> None:
    """A container per job, no jail: the server's processes are the container's, killed and
    reaped by its supervisor, which then finds nothing left (no System V object either)."""
    fresh = DockerSandbox(SandboxSettings(pool_size=1, mode="fresh"), languages=["postgresql"])
    try:
        report = grade(fresh, (REVENUE / "solutions" / "ok.sql").read_text())
    finally:
        fresh.close()
    assert report.verdict.value == "AC", report.tests
