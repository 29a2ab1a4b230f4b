from sandbox.languages.base import Language


class Sql(Language):
    name = "sql"
    display = "SQL (SQLite 3.40)"
    aliases = ("sqlite", "sqlite3")
    image = "sql"
    source_name = "query.sql"
    # stdin is the setup (or a SQL challenge's test); sandbox_images/sql/sqlrun.py says how
    run_argv = ("/usr/bin/python3", "-I", "-S", "/usr/lib/usefulwriter/sqlrun.py",
                "/sub/query.sql")
    warmup_argv = ("/usr/bin/python3", "-I", "-S", "-c", "import sqlite3")
    time_factor = 1.0
    selftest_source = "SELECT x * 2 FROM t;\n"
    selftest_stdin = b"CREATE TABLE t(x INTEGER);\nINSERT INTO t VALUES (21);\n"
