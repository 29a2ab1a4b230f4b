from sandbox.languages.base import Language


class PostgreSql(Language):
    name = "postgresql"
    display = "SQL (PostgreSQL 15)"
    aliases = ("postgres", "pgsql", "psql")
    image = "postgresql"
    source_name = "query.sql"
    # A server of the run's own, on a copy of the image's template cluster; stdin is the setup
    # (or a SQL challenge's test): sandbox_images/postgresql/pgrun.py says how
    run_argv = ("/usr/bin/python3", "-I", "-S", "/usr/lib/usefulwriter/pgrun.py",
                "/sub/query.sql")
    # (the warm-up may write no file, so it cannot start a server: it loads the client side)
    warmup_argv = ("/usr/bin/python3", "-I", "-S", "-c",
                   "import ctypes, json, shutil; ctypes.CDLL('libpq.so.5')")
    time_factor = 1.0
    selftest_source = "SELECT x * 2 FROM t;\n"
    selftest_stdin = b"CREATE TABLE t(x INTEGER);\nINSERT INTO t VALUES (21);\n"
