"""The LMS's public reads on a seeded catalogue: catalogue, search and outline, p50/p95 per rate.

    .venv/bin/python scripts/bench_lms.py [--quick] [--workers 2] [--json results.json]

Seeds a private PostgreSQL (1,000 courses of 50 lessons each: 50,000 lessons of generated text,
90% of the courses published; --quick: 60 of 10) through COPY, serves the api as `usefulwriter
api` does (its own database role, under row-level security), and measures over HTTP:

- baseline, in this run: `GET /healthz` (the same process, framework and network, no database);
- idle latency: each endpoint alone, sequentially;
- load: open-loop arrivals (a fixed schedule, latency counted from the scheduled time, so a slow
  server cannot hide its queue) of a mix (catalogue, anonymous outline, signed-in outline with
  progress, search: a quarter each; searches are one word 3 in 5, two words 1 in 5, a quoted
  phrase 1 in 5) at rising rates, until a rate is not sustained (under
  95% of it served, or errors); for each endpoint, the highest sustained rate at which its p95
  stayed within 50 ms is stated;
- EXPLAIN (ANALYZE) of the statements the catalogue, search and outline run (captured from the
  service's own code as the api's role, with a learner's identity), and the indexes they use.

The machine is shared and small: absolute numbers drift from run to run; compare the ratios to
the baseline of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts import security  # noqa: E402
from cli.localservices import LocalPostgres, LocalRedis, free_port  # noqa: E402
from models import migrate  # noqa: E402

TARGET_P95_MS = 50.0
SECRET = "bench-secret-" + "x" * 40
WORDS = ("python loops functions variables recursion arrays strings sorting searching graphs "
         "trees hashing dynamic programming complexity testing debugging classes objects "
         "closures iterators generators files errors exceptions modules packages networking "
         "databases queries indexes transactions concurrency threads processes memory pointers "
         "compilers interpreters parsing grammars regular expressions matrices vectors "
         "probability statistics geometry algebra calculus sets maps queues stacks heaps").split()
CATEGORIES = ["programming", "data", "web", "systems", "math"]
LEVELS = ["beginner", "intermediate", "advanced"]


def _vocabulary() -> tuple[list[str], list[float]]:
    """About 5,000 words with Zipf frequencies, as prose has: the topic words above sit at
    ranks spread over the list (some common, most rare), among made-up words."""
    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "du", "ga", "ze"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(6000)})[:5000]
    rng.shuffle(words)
    for i, word in enumerate(WORDS):
        words[int(5 * 1.09 ** i) % len(words)] = word
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=n))


# -- seeding -------------------------------------------------------------------------------------
def _copy(conn: Any, table: str, columns: list[str], rows: list[list[Any]]) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)


def seed(owner_url: str, courses: int, per_course: int) -> dict[str, Any]:
    """Instructors, a learner enrolled in 20 courses with some progress, the catalogue."""
    import psycopg

    from lms.courses import ordering

    rng, now = random.Random(7), datetime.now(UTC)
    password = security.hash_password("bench-password")
    users = [(uuid.uuid4(), f"teacher{i}@bench.example.com", "instructor") for i in range(20)]
    learner = (uuid.uuid4(), "learner@bench.example.com", "learner")
    url = owner_url.replace("postgresql+psycopg://", "postgresql://")
    started = time.perf_counter()
    course_rows, section_rows, lesson_rows, published = [], [], [], []
    for i in range(courses):
        cid, is_published = uuid.uuid4(), rng.random() < 0.9
        created = now - timedelta(minutes=courses - i)
        title = f"{text(rng, 3).title()} {i}"
        course_rows.append([
            cid, f"course-{i}", title, text(rng, 20), text(rng, 120), "", rng.choice(CATEGORIES),
            json.dumps(rng.sample(WORDS, 3)), rng.choice(LEVELS), "en", 0 if rng.random() < 0.8
            else 4900, "usd", "published" if is_published else "draft",
            rng.choice(users)[0], False, created if is_published else None, created, created])
        if is_published:
            published.append((cid, f"course-{i}"))
        sections = max(1, per_course // 10)
        lessons_left = per_course
        for s_index, s_key in enumerate(ordering.keys(sections)):
            sid = uuid.uuid4()
            section_rows.append([sid, cid, f"Week {s_index + 1}", s_key, created, created])
            n = lessons_left // (sections - s_index)
            lessons_left -= n
            for key in ordering.keys(n):
                lesson_rows.append([
                    uuid.uuid4(), cid, sid, key, "text", text(rng, 4).title(),
                    "published" if rng.random() < 0.95 else "draft", text(rng, 80), "", "[]",
                    json.dumps({"kind": "must_view"}), created, created])
    with psycopg.connect(url, autocommit=False) as conn:
        _copy(conn, "users", ["id", "email", "name", "password_hash", "role", "active",
                              "created_at", "updated_at"],
              [[u, e, e.split("@")[0], password, r, True, now, now]
               for u, e, r in (*users, learner)])
        _copy(conn, "courses", [
            "id", "slug", "title", "summary", "description", "description_html", "category",
            "tags", "level", "language", "price_cents", "currency", "status", "owner_id",
            "require_sequential_progress", "published_at", "created_at", "updated_at"],
            course_rows)
        _copy(conn, "course_sections", ["id", "course_id", "title", "position", "created_at",
                                        "updated_at"], section_rows)
        _copy(conn, "lessons", ["id", "course_id", "section_id", "position", "kind", "title",
                                "status", "body", "body_html", "prerequisites", "completion",
                                "created_at", "updated_at"], lesson_rows)
        enrolled = rng.sample(published, min(20, len(published)))
        by_course: dict[uuid.UUID, list[uuid.UUID]] = {}
        for row in lesson_rows:
            by_course.setdefault(row[1], []).append(row[0])
        _copy(conn, "enrollments", ["id", "course_id", "user_id", "role", "state", "percent",
                                    "created_at", "updated_at"],
              [[uuid.uuid4(), cid, learner[0], "learner", "active", 0.0, now, now]
               for cid, _ in enrolled])
        _copy(conn, "lesson_progress", [
            "id", "user_id", "lesson_id", "course_id", "state", "started_at", "completed_at",
            "viewed", "submitted", "accepted", "watched", "created_at", "updated_at"],
            [[uuid.uuid4(), learner[0], lid, cid, "completed", now, now, True, False, False,
              0.0, now, now] for cid, _ in enrolled for lid in by_course[cid][:per_course // 3]])
        conn.execute("ANALYZE")
        conn.commit()
    return {"seconds": round(time.perf_counter() - started, 1), "courses": courses,
            "lessons": len(lesson_rows), "published": [slug for _, slug in published],
            "enrolled": [slug for _, slug in enrolled], "learner": learner}


# -- measuring -----------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Endpoints:
    def __init__(self, base: str, token: str, catalogue: dict[str, Any], seed_: int = 1):
        self.base, self.rng = base, random.Random(seed_)
        self.published, self.enrolled = catalogue["published"], catalogue["enrolled"]
        self.auth = {"Authorization": f"Bearer {token}"}

    def request(self, name: str) -> tuple[str, dict[str, Any], dict[str, str]]:
        rng = self.rng
        if name == "healthz":
            return "/healthz", {}, {}
        if name == "catalogue":
            return "/api/v1/courses", {"limit": 20}, {}
        if name == "search: word":
            return "/api/v1/search", {"q": rng.choice(WORDS)}, {}
        if name == "search: words":
            return "/api/v1/search", {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"}, {}
        if name == "search: phrase":
            return "/api/v1/search", {"q": f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"'}, {}
        if name == "outline":
            return f"/api/v1/courses/{rng.choice(self.published)}/outline", {}, {}
        if name == "outline (signed in)":
            return f"/api/v1/courses/{rng.choice(self.enrolled)}/outline", {}, self.auth
        raise ValueError(name)


def timed(client: httpx.Client, ep: Endpoints, name: str, since: float | None = None) -> float:
    path, params, headers = ep.request(name)
    start = since if since is not None else time.perf_counter()
    r = client.get(path, params=params, headers=headers)
    if r.status_code != 200:
        raise RuntimeError(f"{name}: {r.status_code} {r.text[:300]}")
    return (time.perf_counter() - start) * 1000


def idle(client: httpx.Client, ep: Endpoints, names: list[str], n: int) -> dict[str, Any]:
    out = {}
    for name in names:
        for _ in range(5):
            timed(client, ep, name)  # warm
        samples = [timed(client, ep, name) for _ in range(n)]
        out[name] = {"p50": round(percentile(samples, 50), 2),
                     "p95": round(percentile(samples, 95), 2)}
    return out


def open_loop(base: str, ep: Endpoints, mix: list[str], rate: float,
              seconds: float) -> dict[str, Any]:
    """Arrivals on a fixed schedule; latency from each request's scheduled time."""
    samples: dict[str, list[float]] = {name: [] for name in dict.fromkeys(mix)}
    errors: list[str] = []
    lock = threading.Lock()
    client = httpx.Client(base_url=base, timeout=30,
                          limits=httpx.Limits(max_connections=128, max_keepalive_connections=128))
    total = int(rate * seconds)
    start = time.perf_counter() + 0.05

    def one(i: int) -> None:
        due = start + i / rate
        name = mix[i % len(mix)]
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            ms = timed(client, ep, name, since=due)
            with lock:
                samples[name].append(ms)
        except Exception as exc:  # noqa: BLE001 - counted, shown, and the rate fails
            with lock:
                errors.append(f"{name}: {exc}")

    with ThreadPoolExecutor(max_workers=min(256, max(16, int(rate)))) as pool:
        list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - start
    client.close()
    served = sum(len(v) for v in samples.values())
    return {"rate": rate, "served_per_s": round(served / elapsed, 1), "errors": len(errors),
            "error_sample": errors[:3],
            "endpoints": {name: {"p50": round(percentile(v, 50), 2),
                                 "p95": round(percentile(v, 95), 2), "n": len(v)}
                          for name, v in samples.items()}}


# -- plans ---------------------------------------------------------------------------------------
def plans(api_url: str, catalogue: dict[str, Any]) -> dict[str, list[str]]:
    """The statements the service's own code runs for each read, EXPLAINed as the api's role
    with the learner's identity; returns the index names each plan uses."""
    from sqlalchemy import event, text

    from accounts.service import Principal
    from kit import db
    from lms.courses import service as courses
    from lms.progress.endpoints import outline_for
    from lms.search import service as search
    from models import Role

    engine = db.make_engine(api_url, pool_size=1)
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
            captured.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    who = Principal(user_id=catalogue["learner"][0], role=Role.LEARNER)
    reads: dict[str, Callable[[Any], Any]] = {
        "search": lambda s: search.search(s, "dynamic programming", search.Filters(), None, 20),
        "search (typo fallback)": lambda s: search.search(s, "progamming", search.Filters(),
                                                          None, 20),
        "outline (signed in)": lambda s: outline_for(s, who, courses.get(
            s, who, catalogue["enrolled"][0])),
    }
    found: dict[str, list[str]] = {}
    for name, read in reads.items():
        with db.make_sessionmaker(engine)() as s:
            db.act_as(s, str(who.user_id), who.role)
            captured.clear()
            read(s)
            statements = list(captured)
            indexes: list[str] = []
            for statement, params in statements:
                conn = s.connection()
                raw = conn.connection.dbapi_connection
                assert raw is not None
                with raw.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params)
                    plan = cur.fetchone()[0]
                indexes += _indexes(plan)
            found[name] = sorted(set(indexes))
            s.execute(text("SELECT 1"))
    engine.dispose()
    return found


def _indexes(node: Any) -> list[str]:
    if isinstance(node, list):
        return [i for x in node for i in _indexes(x)]
    if not isinstance(node, dict):
        return []
    own = [node["Index Name"]] if "Index Name" in node else []
    return own + [i for v in node.values() if isinstance(v, (list, dict)) for i in _indexes(v)]


# -- the run -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small catalogue, short runs")
    parser.add_argument("--workers", type=int, default=2, help="api processes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    courses, per_course = (60, 10) if args.quick else (1000, 50)
    seconds = 2.0 if args.quick else 10.0
    rates = [10.0, 20.0] if args.quick else [25.0, 50.0, 65.0, 80.0, 100.0, 125.0, 150.0, 200.0]
    data = Path(tempfile.mkdtemp(prefix="uw-bench-lms-"))
    os.chmod(data, 0o755)
    pg = LocalPostgres(data / "pg", free_port()).start()
    rd = LocalRedis(data / "redis", free_port()).start()
    api_url = migrate.as_role(pg.url, "usefulwriter_api")
    api: subprocess.Popen[bytes] | None = None
    try:
        migrate.upgrade(pg.url)
        migrate.grant_logins(pg.url, {"api": api_url})
        catalogue = seed(pg.url, courses, per_course)
        print(f"seeded {catalogue['courses']} courses, {catalogue['lessons']} lessons in "
              f"{catalogue['seconds']} s", flush=True)
        port = free_port()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("USEFULWRITER_")},
               "USEFULWRITER_DATABASE_URL": api_url, "USEFULWRITER_REDIS_URL": rd.url,
               "USEFULWRITER_SECRET_KEY": SECRET, "USEFULWRITER_REQUESTS_PER_MINUTE": "100000000",
               "USEFULWRITER_STORAGE__ROOT": str(data / "blobs")}
        api = subprocess.Popen([sys.executable, "-m", "cli.main", "api", "--port", str(port),
                                "--workers", str(args.workers)], env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or api.poll() is not None:
                raise RuntimeError("the api did not start")
            time.sleep(0.2)
        token = security.access_token(catalogue["learner"][0], "learner", SECRET, 60)
        ep = Endpoints(base, token, catalogue)
        names = ["healthz", "catalogue", "search: word", "search: words", "search: phrase",
                 "outline", "outline (signed in)"]
        with httpx.Client(base_url=base, timeout=30) as client:
            quiet = idle(client, ep, names, 20 if args.quick else 200)
        print("\nidle (sequential), ms, and p50 against /healthz of this run:")
        base_p50 = quiet["healthz"]["p50"]
        for name, v in quiet.items():
            print(f"  {name:22s} p50 {v['p50']:7.2f}  p95 {v['p95']:7.2f}  "
                  f"x{v['p50'] / base_p50:5.1f}")
        # a quarter each of catalogue, outlines and signed-in outlines, and of searches: three
        # in five for one word, one for two words, one for a quoted phrase
        mix = ["catalogue", "outline", "outline (signed in)"] * 5 + [
            "search: word"] * 3 + ["search: words", "search: phrase"]
        loads: list[dict[str, Any]] = []
        sustained: dict[str, float | None] = {name: None for name in dict.fromkeys(mix)}
        print(f"\nopen loop, {seconds:.0f} s per rate, latency from the scheduled time, ms "
              f"(* p95 over {TARGET_P95_MS:.0f} ms):")
        for rate in rates:
            res = open_loop(base, ep, mix, rate, seconds)
            loads.append(res)
            served = res["errors"] == 0 and res["served_per_s"] >= 0.95 * rate
            cells = "  ".join(f"{n} {v['p50']:.1f}/{v['p95']:.1f}"
                              f"{'*' if v['p95'] > TARGET_P95_MS else ''}"
                              for n, v in res["endpoints"].items())
            print(f"  {rate:5.0f}/s served {res['served_per_s']:6.1f}/s  p50/p95: {cells}"
                  f"{'' if served else '  <- not sustained'}", flush=True)
            if not served:
                break
            for name, v in res["endpoints"].items():
                if v["p95"] <= TARGET_P95_MS and sustained[name] == (rates[rates.index(rate) - 1]
                                                                    if rate != rates[0]
                                                                    else None):
                    sustained[name] = rate
        found = plans(api_url, catalogue)
        print("\nindexes in the plans of the service's own statements (EXPLAIN ANALYZE):")
        for name, indexes in found.items():
            print(f"  {name:24s} {', '.join(indexes) or '(none)'}")
        print(f"\nhighest mixed rate sustained with the endpoint's p95 <= {TARGET_P95_MS:.0f} ms "
              f"({args.workers} api processes, {os.cpu_count()} cores, load generator on the "
              f"same machine):")
        for name, rate in sustained.items():
            print(f"  {name:22s} {f'{rate:.0f} requests/s' if rate else 'none of those tried'}")
        every = min((r or 0.0) for r in sustained.values())
        top = max((x["served_per_s"] for x in loads), default=0.0)
        print(f"  every read at once      {f'{every:.0f} requests/s' if every else 'none'}"
              f" (the machine serves at most {top:.0f}/s of this mix)")
        results = {"catalogue": {k: v for k, v in catalogue.items()
                                 if k in ("courses", "lessons", "seconds")},
                   "idle_ms": quiet, "load": loads, "sustained_rate": sustained,
                   "every_read_within_target": every,
                   "plans": found}
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str))
        return 0
    finally:
        if api is not None:
            api.terminate()
            api.wait(30)
        rd.stop()
        pg.stop()


if __name__ == "__main__":
    sys.exit(main())
