"""Run a learner's SQL against a PostgreSQL server of its own. Standard library only (libpq
through ctypes).

    python3 -I -S pgrun.py QUERY.sql < stdin

The same two modes, and the same output, as sqlrun.py (SQLite):

Plain mode (stdin is SQL): stdin is the setup, run first; then the learner's statements, which
stop at the first error (exit 1, PostgreSQL's message on stderr). Every statement that returns
rows prints them, values separated by "|", NULL as nothing (psql's unaligned mode).

Challenge mode (stdin is "usefulwriter-sql <nonce>" and a JSON line): {"setup": SQL, "modify":
bool, "check": SQL or null}. Each statement that returns rows writes "<nonce> <JSON>" on a line
of its own, {"columns": [...], "rows": [[...], ...]}, streamed row by row; then "check" (a query
of the post-state) does, when the test has one. The last such line is the one compared.

Every run copies the template cluster made when the image was built to /tmp and starts its
server there, listening on a Unix socket in that copy only (no TCP). Nobody connects as a
superuser: the setup and the check run as `author`, which owns what they make; the learner's
statements run as `learner`, which may only read author's tables, or, when the test allows
changes (and in plain mode), as `author`. Server-side file access, COPY to files, programs and
untrusted languages are a superuser's alone; COPY to or from the client is refused here.

The server's start (about 0.08 s of CPU and of wall time) counts in the run's time, as any
runtime's start does.
"""

import ctypes
import json
import os
import shutil
import sys
import time

TEMPLATE = "/usr/lib/usefulwriter/pgdata"
DATA = "/tmp/pgdata"
BIN = "/usr/lib/postgresql/15/bin/postgres"
SHIM = "/usr/lib/usefulwriter/sysvshm.so"
# A server for one connection at a time, as small and as quiet as PostgreSQL allows; losing
# data on a crash costs nothing here (the cluster is thrown away after the run).
SETTINGS = {
    "listen_addresses": "", "unix_socket_directories": DATA, "max_connections": "3",
    "superuser_reserved_connections": "0", "shared_buffers": "8MB", "fsync": "off",
    "synchronous_commit": "off", "full_page_writes": "off", "wal_level": "minimal",
    "max_wal_senders": "0", "autovacuum": "off", "max_worker_processes": "0",
    "max_parallel_workers": "0", "max_parallel_workers_per_gather": "0",
    "max_logical_replication_workers": "0", "jit": "off", "huge_pages": "off",
    "restart_after_crash": "off", "bgwriter_lru_maxpages": "0", "temp_file_limit": "16MB",
    "timezone": "UTC", "lc_messages": "C", "log_min_messages": "warning",
}
START_WAIT_S = 20.0
LOG = os.path.join(DATA, "server.log")

# libpq's result statuses
EMPTY_QUERY, COMMAND_OK, TUPLES_OK, COPY_OUT, COPY_IN, COPY_BOTH, SINGLE_TUPLE = 0, 1, 2, 3, 4, \
    8, 9
# type OIDs whose text form is a number or a truth value
INTS = {20, 21, 23, 26, 28}
FLOATS = {700, 701}
NUMERIC, BOOL, BYTEA = 1700, 16, 17

pq = ctypes.CDLL("libpq.so.5")
P, N, S = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
for _name, _args, _ret in (
        ("PQconnectdb", [S], P), ("PQstatus", [P], N), ("PQerrorMessage", [P], S),
        ("PQfinish", [P], None), ("PQping", [S], N), ("PQsendQuery", [P, S], N),
        ("PQsetSingleRowMode", [P], N), ("PQgetResult", [P], P), ("PQresultStatus", [P], N),
        ("PQresultErrorMessage", [P], S), ("PQnfields", [P], N), ("PQfname", [P, N], S),
        ("PQftype", [P, N], ctypes.c_uint), ("PQgetvalue", [P, N, N], S),
        ("PQgetisnull", [P, N, N], N), ("PQclear", [P], None)):
    _fn = getattr(pq, _name)
    _fn.argtypes, _fn.restype = _args, _ret


class Failure(Exception):
    """An error of a statement: PostgreSQL's message."""


def fail(message, code=1):
    sys.stdout.flush()
    sys.stderr.write(message.rstrip() + "\n")
    sys.stderr.flush()
    os._exit(code)


def start_server():
    """Copy the template, start its server; return when it takes connections."""
    shutil.copytree(TEMPLATE, DATA, symlinks=True)
    os.chmod(DATA, 0o700)
    argv = [BIN, "-D", DATA]
    for key, value in SETTINGS.items():
        argv += ["-c", f"{key}={value}"]
    log = os.open(LOG, os.O_WRONLY | os.O_CREAT, 0o600)
    null = os.open("/dev/null", os.O_RDONLY)
    env = dict(os.environ, LD_PRELOAD=SHIM)
    pid = os.posix_spawn(BIN, argv, env, file_actions=[
        (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, log, 1),
        (os.POSIX_SPAWN_DUP2, log, 2)])
    os.close(log), os.close(null)
    deadline = time.monotonic() + START_WAIT_S
    while pq.PQping(conninfo("author")) != 0:
        if os.waitpid(pid, os.WNOHANG)[0] or time.monotonic() > deadline:
            with open(LOG, errors="replace") as f:
                fail(f"usefulwriter: the PostgreSQL server did not start:\n{f.read()[-2000:]}",
                     2)
        time.sleep(0.002)


def conninfo(role):
    return f"host={DATA} dbname=postgres user={role}".encode()


def connect(role):
    conn = pq.PQconnectdb(conninfo(role))
    if pq.PQstatus(conn) != 0:
        fail(f"usefulwriter: cannot connect as {role}: "
             f"{pq.PQerrorMessage(conn).decode(errors='replace')}", 2)
    return conn


def json_value(oid, text):
    if oid in INTS:
        return int(text)
    if oid in FLOATS or oid == NUMERIC:
        if text in ("NaN", "Infinity", "-Infinity"):
            return text  # JSON has no such number: shown as text, so it never matches one
        return int(text) if oid == NUMERIC and "." not in text and "e" not in text.lower() \
            else float(text)
    if oid == BOOL:
        return text == "t"
    if oid == BYTEA and text.startswith("\\x"):
        return {"blob": text[2:]}
    return text


def run(conn, sql, on_table):
    """Send `sql` (any number of statements; the server parses them, in one implicit
    transaction) and hand each statement's rows to `on_table` as they stream in."""
    if not pq.PQsendQuery(conn, sql.encode()):
        raise Failure(pq.PQerrorMessage(conn).decode(errors="replace"))
    pq.PQsetSingleRowMode(conn)
    table, columns, error = None, 0, None
    while True:
        res = pq.PQgetResult(conn)
        if not res:
            break
        status = pq.PQresultStatus(res)
        try:
            if status in (SINGLE_TUPLE, TUPLES_OK) and error is None:
                if table is None:
                    columns = pq.PQnfields(res)
                    types = [pq.PQftype(res, j) for j in range(columns)]
                    names = [pq.PQfname(res, j).decode(errors="replace") for j in range(columns)]
                    table = on_table(names, types)
                if status == SINGLE_TUPLE:
                    table.row([None if pq.PQgetisnull(res, 0, j) else
                               pq.PQgetvalue(res, 0, j).decode(errors="replace")
                               for j in range(columns)])
                else:
                    table.close()
                    table = None
            elif status in (COPY_OUT, COPY_IN, COPY_BOTH):
                fail("Error: COPY to or from the client is not available here "
                     "(use SELECT to read and INSERT to write)")
            elif status not in (EMPTY_QUERY, COMMAND_OK) and error is None:
                error = pq.PQresultErrorMessage(res).decode(errors="replace")
        finally:
            pq.PQclear(res)
    if error is not None:
        raise Failure(error)


class JsonTable:
    def __init__(self, out, nonce, names, types):
        self.out, self.types, self.first = out, types, True
        out.write(f"\n{nonce} " + '{"columns":' + json.dumps(names) + ',"rows":[')

    def row(self, values):
        row = [None if v is None else json_value(t, v)
               for t, v in zip(self.types, values, strict=True)]
        self.out.write(("" if self.first else ",") + json.dumps(row, ensure_ascii=True,
                                                               allow_nan=False))
        self.first = False

    def close(self):
        self.out.write("]}\n")


class PlainTable:
    def __init__(self, out):
        self.out = out

    def row(self, values):
        self.out.write("|".join("" if v is None else v for v in values) + "\n")

    def close(self):
        pass


def explain(text, modify):
    """"permission denied" says nothing of why: say what this sandbox allows."""
    text = text.strip()
    if text.startswith("ERROR:"):
        text = text[len("ERROR:"):].strip()
    if "permission denied" in text and not modify:
        text += " (this test allows only queries that read: SELECT, WITH)"
    return f"Error: {text}"


def as_role(role, sql, on_table, failed, code):
    """`sql` in a connection of `role`'s own; an error ends the run: `failed(message)`, `code`."""
    conn = connect(role)
    try:
        run(conn, sql, on_table)
    except Failure as exc:
        fail(failed(str(exc).strip()), code)
    pq.PQfinish(conn)


def learner(query, on_table, modify):
    as_role("author" if modify else "learner", query, on_table, lambda m: explain(m, modify), 1)


def author(sql, on_table, what, code):
    as_role("author", sql, on_table, lambda m: f"{what}: {m}", code)


class Discard:
    """The rows of the setup's statements: nobody reads them."""

    def row(self, _values):
        pass

    def close(self):
        pass


def ignore(_names, _types):
    return Discard()


def challenge(query, nonce, rest):
    out = sys.stdout
    try:
        test = json.loads(rest)
        setup, modify, check = test.get("setup", ""), bool(test.get("modify")), test.get("check")
    except (ValueError, AttributeError) as exc:
        fail(f"usefulwriter: bad test input: {exc}", 2)
    if setup.strip():
        author(setup, ignore, "usefulwriter: the test's setup failed", 2)
    shown = []

    def table(names, types):
        shown.append(True)
        return JsonTable(out, nonce, names, types)

    learner(query, table, modify)
    if check:
        author(check, table, "usefulwriter: the test's check failed", 2)
    if not shown:
        fail("Error: the query returned no rows to compare (no SELECT)")


def plain(query, setup):
    if setup.strip():
        author(setup, ignore, "Error: in the setup (stdin)", 1)
    learner(query, lambda _names, _types: PlainTable(sys.stdout), True)


def main():
    if len(sys.argv) != 2:
        fail("usage: pgrun.py QUERY.sql", 2)
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        query = f.read()
    data = sys.stdin.buffer.read()
    start_server()
    head, _, rest = data.partition(b"\n")
    if head.startswith(b"usefulwriter-sql "):
        challenge(query, head.split(b" ", 1)[1].decode("ascii"), rest.decode("utf-8", "replace"))
    else:
        plain(query, data.decode("utf-8", "replace"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
