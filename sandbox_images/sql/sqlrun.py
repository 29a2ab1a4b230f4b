"""Run a learner's SQL against a fresh in-memory SQLite database. Standard library only.

    python3 -I -S sqlrun.py QUERY.sql < stdin

Plain mode (stdin is SQL): stdin is the setup, run first; then the learner's statements, one by
one, stopping at the first error (exit 1, SQLite's message on stderr). Every statement that
returns rows prints them, values separated by "|", NULL as nothing (sqlite3's list mode).

Challenge mode (stdin is "usefulwriter-sql <nonce>" and a JSON line): {"setup": SQL, "modify":
bool, "check": SQL or null}. The setup runs; the learner's statements may only read unless
"modify" is true. Each statement that returns rows writes "<nonce> <JSON>" on a line of its own,
{"columns": [...], "rows": [[...], ...]}, streamed as the rows come; then "check" (a query of the
post-state) does, when the test has one. The last such line is the result, compared outside the
sandbox.

The learner's statements can never attach another database file, load an extension, or change
how SQLite itself behaves (pragmas other than a few that only describe the schema).
"""

import json
import os
import sqlite3
import sys

A = sqlite3
READ = {A.SQLITE_SELECT, A.SQLITE_READ, A.SQLITE_FUNCTION, A.SQLITE_RECURSIVE,
        A.SQLITE_TRANSACTION, A.SQLITE_SAVEPOINT}
NEVER = {A.SQLITE_ATTACH, A.SQLITE_DETACH}
SCHEMA_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                  "foreign_key_list", "table_list"}


def authorizer(modify):
    def check(action, arg1, arg2, _db, _trigger):
        if action in NEVER:
            return A.SQLITE_DENY
        if action == A.SQLITE_FUNCTION and arg2 and arg2.lower() == "load_extension":
            return A.SQLITE_DENY
        if action == A.SQLITE_PRAGMA:
            return A.SQLITE_OK if (arg1 or "").lower() in SCHEMA_PRAGMAS and arg2 is None \
                else A.SQLITE_DENY
        if modify or action in READ:
            return A.SQLITE_OK
        return A.SQLITE_DENY
    return check


def statements(script):
    """The script's statements: cut after each ";" where SQLite says a statement is complete
    (so a ";" inside a string or a trigger body does not cut it)."""
    out, start = [], 0
    for at, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start:at + 1]):
            out.append(script[start:at + 1])
            start = at + 1
    if script[start:].strip() and not script[start:].strip().startswith("--"):
        out.append(script[start:])  # no final ";": SQLite runs it, or says what is wrong
    return [sql for sql in out if sql.strip()]


def run(db, script, on_rows):
    for sql in statements(script):
        cursor = db.execute(sql)
        if cursor.description is not None:
            on_rows([d[0] for d in cursor.description], cursor)


def plain_value(v):
    if v is None:
        return ""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, float):
        return repr(v) if v != int(v) or abs(v) >= 1e15 else f"{v:.1f}"
    return str(v)


def json_value(v):
    if isinstance(v, bytes):
        return {"blob": v.hex()}
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return repr(v)  # JSON has no such number: shown as text, so it never matches one
    return v


def explain(exc, modify):
    """SQLite's "not authorized" says nothing of why: say what this sandbox allows."""
    text = str(exc)
    if "not authorized" in text:
        allowed = "statements that change data are allowed here" if modify else \
            "this test allows only queries that read (SELECT, WITH)"
        text += f" ({allowed}; ATTACH, extensions and pragmas that change SQLite never are)"
    return f"Error: {text}"


def fail(message, code=1):
    sys.stderr.write(message.rstrip() + "\n")
    sys.stderr.flush()
    os._exit(code)


def learner(db, query, on_rows, modify):
    """Run the learner's statements under the authorizer; the first error ends the run."""
    db.set_authorizer(authorizer(modify))
    try:
        run(db, query, on_rows)
    except sqlite3.Error as exc:
        sys.stdout.flush()
        fail(explain(exc, modify))
    db.set_authorizer(None)


def challenge(db, query, nonce, rest):
    out = sys.stdout
    try:
        test = json.loads(rest)
        setup, modify, check = test.get("setup", ""), bool(test.get("modify")), test.get("check")
    except (ValueError, AttributeError) as exc:
        fail(f"usefulwriter: bad test input: {exc}", 2)
    try:
        db.executescript(setup)
    except sqlite3.Error as exc:
        fail(f"usefulwriter: the test's setup failed: {exc}", 2)
    shown = []

    def emit(columns, cursor):
        # Streamed row by row (a huge result meets the output limit, not the memory one); the
        # last table written is the one compared.
        out.write(f"\n{nonce} " + '{"columns":' + json.dumps(columns) + ',"rows":[')
        first = True
        for row in cursor:
            out.write(("" if first else ",") + json.dumps(
                [json_value(v) for v in row], ensure_ascii=True, allow_nan=False))
            first = False
        out.write("]}\n")
        shown.append(True)

    learner(db, query, emit, modify)
    if check:
        try:
            run(db, check, emit)
        except sqlite3.Error as exc:
            out.flush()
            fail(f"usefulwriter: the test's check failed: {exc}", 2)
    if not shown:
        fail("Error: the query returned no rows to compare (no SELECT)")


def plain(db, query, setup):
    try:
        db.executescript(setup.decode("utf-8", "replace"))
    except sqlite3.Error as exc:
        fail(f"Error: in the setup (stdin): {exc}")

    def show(_columns, cursor):
        for row in cursor:
            sys.stdout.write("|".join(plain_value(v) for v in row) + "\n")

    learner(db, query, show, True)


def main():
    if len(sys.argv) != 2:
        fail("usage: sqlrun.py QUERY.sql", 2)
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        query = f.read()
    data = sys.stdin.buffer.read()
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA trusted_schema = OFF")
    head, _, rest = data.partition(b"\n")
    if head.startswith(b"usefulwriter-sql "):
        challenge(db, query, head.split(b" ", 1)[1].decode("ascii"), rest)
    else:
        plain(db, query, data)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
