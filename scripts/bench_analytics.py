"""The gradebook and the instructors' analytics on a seeded course of 10,000 learners.

    .venv/bin/python scripts/bench_analytics.py [--learners 10000] [--runs 5] [--json out.json]

Seeds a private PostgreSQL with one course of 30 lessons (5 challenge lessons, a 10-question
quiz, the rest text), N learners whose progress falls off along the course like a real
one's, and the events, submissions, attempts and answers they would have left (for 10,000
learners: about 110,000 progress rows, 320,000 events, 8,000 attempts, 80,000 answers), then
runs each figure through the service's own code, as the api's database role under row-level
security with the instructor's identity, and reports:

- baseline, in this run: counting the course's learners (one pass over its enrollments: the
  least any per-learner figure must read), as the same role with the same identity;
- per figure: the median and the best of `--runs` runs, and the median's ratio to the baseline;
- EXPLAIN (ANALYZE, BUFFERS) of each figure's statement: the indexes it uses and the plan's
  own execution time.

The machine is shared and small: compare the ratios of one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))  # bench_lms, beside this one

from bench_lms import _indexes  # noqa: E402 (the index names in a JSON plan)

from cli.localservices import LocalPostgres, free_port  # noqa: E402
from models import migrate  # noqa: E402

LESSONS, CHALLENGE_EVERY, QUESTIONS = 30, 6, 10


def seed_structure(owner_url: str) -> dict[str, Any]:
    """The instructor, the course, its lessons, challenges and quiz, through the ORM."""
    from kit import db
    from lms.courses import ordering
    from models import (
        Challenge,
        Course,
        CourseStatus,
        Lesson,
        Question,
        Quiz,
        Role,
        Section,
        User,
    )

    engine = db.make_engine(owner_url, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        teacher = User(email="teacher@bench.example", name="Teacher", password_hash="x",
                       role=Role.INSTRUCTOR)
        s.add(teacher)
        s.flush()
        course = Course(slug="bench-analytics", title="Bench", owner_id=teacher.id,
                        status=CourseStatus.PUBLISHED)
        s.add(course)
        s.flush()
        quiz = Quiz(course_id=course.id, title="Quiz", passing_score=60, feedback="never",
                    scoring="best", shuffle_questions=False, shuffle_options=False, draws=[])
        s.add(quiz)
        s.flush()
        questions = []
        for n, key in zip(ordering.keys(QUESTIONS), range(QUESTIONS), strict=True):
            q = Question(course_id=course.id, quiz_id=quiz.id, position=n, kind="single_choice",
                         prompt=f"Q{key}", prompt_html="", points=1.0,
                         data={"options": [{"id": o, "text": o} for o in "abcd"]},
                         key={"correct": ["a"]})
            s.add(q)
            questions.append(q)
        sections = [Section(course_id=course.id, title=f"Week {i}", position=k)
                    for i, k in enumerate(ordering.keys(3))]
        s.add_all(sections)
        s.flush()
        lessons: list[Lesson] = []
        for i, key in enumerate(ordering.keys(LESSONS)):
            kind = "quiz" if i == LESSONS - 1 else \
                "challenge" if i % CHALLENGE_EVERY == CHALLENGE_EVERY - 1 else "text"
            challenge = None
            if kind == "challenge":
                challenge = Challenge(slug=f"bench-{i}", title=f"C{i}", owner_id=teacher.id,
                                      status="published")
                s.add(challenge)
                s.flush()
            lessons.append(Lesson(
                course_id=course.id, section_id=sections[i * 3 // LESSONS].id, position=key,
                kind=kind, title=f"Lesson {i + 1}", status="published",
                challenge_id=challenge.id if challenge else None,
                quiz_id=quiz.id if kind == "quiz" else None,
                completion={"kind": "must_view"} if kind == "text" else
                {"kind": "challenge_accepted"} if kind == "challenge" else
                {"kind": "min_score", "min_score": 60}))
        s.add_all(lessons)
        s.flush()
        out = {"teacher": teacher.id, "course": course.id, "quiz": quiz.id,
               "lessons": [(x.id, x.kind) for x in lessons],
               "questions": [q.id for q in questions]}
    engine.dispose()
    return out


BULK = """
SELECT setseed(0.42);
CREATE TEMP TABLE bench_learners AS
  SELECT gen_random_uuid() AS id, g AS n,
         -- how far each learner gets: most stop early, a few finish (30 lessons)
         least(30, floor(30 * power(random(), 1.8)))::int + 1 AS reach,
         now() - (random() * interval '180 days') AS enrolled_at
  FROM generate_series(1, :n) AS g;
INSERT INTO users (id, email, name, password_hash, role, active)
  SELECT id, 'learner' || n || '@bench.example', 'Learner ' || n, 'x', 'learner', true
  FROM bench_learners;
INSERT INTO enrollments (id, course_id, user_id, role, state, percent, created_at, updated_at)
  SELECT gen_random_uuid(), :course, id, 'learner', 'active', 0, enrolled_at, enrolled_at
  FROM bench_learners;
CREATE TEMP TABLE bench_lessons (id uuid, kind text, n int);
"""

PER_LEARNER = """
INSERT INTO lesson_progress (id, user_id, lesson_id, course_id, state, viewed, submitted,
                             accepted, best_score, watched, started_at, completed_at,
                             created_at, updated_at)
  SELECT gen_random_uuid(), b.id, l.id, :course,
         CASE WHEN l.n < b.reach THEN 'completed' ELSE 'in_progress' END, true,
         l.kind <> 'text', l.kind = 'challenge' AND l.n < b.reach,
         CASE WHEN l.kind = 'text' THEN NULL WHEN l.n < b.reach THEN 100 ELSE 40 END, 0,
         b.enrolled_at + l.n * interval '1 day',
         CASE WHEN l.n < b.reach THEN b.enrolled_at + l.n * interval '1 day' END,
         b.enrolled_at, b.enrolled_at
  FROM bench_learners b JOIN bench_lessons l ON l.n <= b.reach;
UPDATE enrollments e SET percent = round(100.0 * (b.reach - 1) / 30, 2),
       completed_at = CASE WHEN b.reach > 30 THEN b.enrolled_at + interval '31 days' END
  FROM bench_learners b WHERE e.user_id = b.id AND e.course_id = :course;
INSERT INTO learning_events (at, kind, course_id, user_id, lesson_id, data)
  SELECT enrolled_at, 'enrolled', :course, id, NULL::uuid, '{}'::jsonb FROM bench_learners
  UNION ALL
  SELECT p.started_at, 'lesson_viewed', :course, p.user_id, p.lesson_id, '{}'
  FROM lesson_progress p WHERE p.course_id = :course
  UNION ALL
  SELECT p.completed_at, 'lesson_completed', :course, p.user_id, p.lesson_id, '{}'
  FROM lesson_progress p WHERE p.course_id = :course AND p.state = 'completed'
  UNION ALL
  SELECT b.enrolled_at + interval '31 days', 'course_completed', :course, b.id, NULL::uuid,
         '{}'::jsonb
  FROM bench_learners b WHERE b.reach > 30;
-- 1 to 4 graded submissions per challenge lesson reached; the last is AC when completed
INSERT INTO learning_events (at, kind, course_id, user_id, lesson_id, data)
  SELECT p.started_at + k * interval '10 minutes', 'submission_judged', :course, p.user_id,
         p.lesson_id,
         CASE WHEN p.state = 'completed' AND k = tries
              THEN jsonb_build_object('verdict', 'AC', 'score', 100)
              ELSE jsonb_build_object('verdict', 'WA', 'score', 40, 'failed_test',
                                      'test' || (1 + (hashtext(p.user_id::text || k) & 7)))
         END
  FROM (SELECT p.*, 1 + (hashtext(p.id::text) & 3) AS tries FROM lesson_progress p
        JOIN bench_lessons l ON l.id = p.lesson_id AND l.kind = 'challenge') p,
       generate_series(1, p.tries) AS k;
-- a quiz attempt for everyone who reached the quiz lesson's section (lesson 21 on)
INSERT INTO quiz_attempts (id, quiz_id, course_id, user_id, number, seed, layout, state,
                           started_at, submitted_at, auto_submitted, score, max_score, percent,
                           created_at, updated_at)
  SELECT gen_random_uuid(), :quiz, :course, b.id, 1, b.n, :layout, 'submitted',
         b.enrolled_at + interval '20 days', b.enrolled_at + interval '20 days', false, 0,
         10, 0, b.enrolled_at, b.enrolled_at
  FROM bench_learners b WHERE b.reach >= 20 OR b.n % 3 = 0;
INSERT INTO quiz_answers (id, attempt_id, question_id, user_id, course_id, response, version,
                          score, detail, created_at, updated_at)
  SELECT gen_random_uuid(), a.id, q.qid, a.user_id, :course, to_jsonb(pick), 1,
         (pick = 'a')::int, '{}', a.started_at, a.started_at
  FROM quiz_attempts a CROSS JOIN unnest(CAST(:questions AS uuid[])) WITH ORDINALITY AS q(qid, i)
  CROSS JOIN LATERAL (SELECT CASE
      WHEN (hashtext(a.id::text || q.i) & 1023) < 400 + 40 * (a.seed % 10) + 10 * q.i THEN 'a'
      ELSE chr(98 + (hashtext(q.i || a.id::text) & 1)) END AS pick) AS p
  WHERE a.course_id = :course;
UPDATE quiz_attempts a SET score = t.s, percent = 10.0 * t.s
  FROM (SELECT attempt_id, sum(score) AS s FROM quiz_answers GROUP BY attempt_id) t
  WHERE t.attempt_id = a.id;
UPDATE lesson_progress p SET best_score = a.percent,
       state = CASE WHEN a.percent >= 60 THEN 'completed' ELSE 'in_progress' END
  FROM quiz_attempts a, bench_lessons l
  WHERE l.kind = 'quiz' AND p.lesson_id = l.id AND a.user_id = p.user_id;
VACUUM ANALYZE;
"""


def seed(owner_url: str, learners: int) -> dict[str, Any]:
    import psycopg
    from psycopg.types.json import Jsonb

    started = time.monotonic()
    shape = seed_structure(owner_url)
    layout = Jsonb([{"question_id": str(q), "points": 1.0, "order": []}
                    for q in shape["questions"]])
    params = {"n": learners, "course": shape["course"], "quiz": shape["quiz"],
              "layout": layout, "questions": shape["questions"]}
    with psycopg.connect(owner_url.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as conn:
        for statement in _statements(BULK):
            conn.execute(_named(statement), params)
        with conn.cursor() as cur, cur.copy("COPY bench_lessons (id, kind, n) FROM STDIN") as cp:
            for n, (lesson_id, kind) in enumerate(shape["lessons"], start=1):
                cp.write_row((lesson_id, kind, n))
        for statement in _statements(PER_LEARNER):
            conn.execute(_named(statement), params)
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore
                  for t in ("enrollments", "lesson_progress", "learning_events",
                            "quiz_attempts", "quiz_answers")}
    return {**shape, "counts": counts, "seconds": round(time.monotonic() - started, 1)}


def _statements(sql: str) -> list[str]:
    return [x.strip() for x in sql.split(";\n") if x.strip() and not x.strip().startswith("--")
            or "\n" in x.strip()]


def _named(statement: str) -> str:
    """`:name` parameters in psycopg's %(name)s style."""
    import re
    return re.sub(r"(?<!:):([a-z]+)", r"%(\1)s", statement.replace("%", "%%"))


def figures(shape: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    from sqlalchemy import text

    from lms.analytics import queries
    from lms.gradebook import service as gradebook
    from models import Course

    course_id, quiz_id = shape["course"], shape["quiz"]
    end = datetime.now(UTC) + timedelta(days=1)
    start = end - timedelta(days=400)

    def course(s: Any) -> Course:
        found = s.get(Course, course_id)
        assert found is not None
        return found  # type: ignore[no-any-return]

    return {
        "baseline: count the learners": lambda s: s.execute(text(
            "SELECT count(*) FROM enrollments WHERE course_id = :c AND role = 'learner'"),
            {"c": course_id}).scalar(),
        "enrollments over time (week)": lambda s: queries.over_time(s, course_id, "week",
                                                                    start, end),
        "pass rates over time (week)": lambda s: queries.pass_rates(s, course_id, "week",
                                                                    start, end),
        "completion funnel": lambda s: queries.funnel(s, course_id),
        "challenge pass rates": lambda s: queries.challenges(s, course_id),
        "failing tests": lambda s: queries.failing_tests(s, course_id),
        "quiz items": lambda s: queries.quiz_items(s, course_id, quiz_id),
        "quiz distractors": lambda s: queries.distractors(s, course_id, quiz_id),
        "gradebook page (100)": lambda s: gradebook.rows(s, course(s), None, 100, 0),
        "gradebook, every learner": lambda s: gradebook.rows(s, course(s), None, 100_000, 0),
    }


def measure(api_url: str, shape: dict[str, Any], runs: int) -> dict[str, Any]:
    from sqlalchemy import event

    from kit import db
    from models import Role

    engine = db.make_engine(api_url, pool_size=1)
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "set_config" not in statement and "FROM courses" not in statement:
            captured.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    results: dict[str, Any] = {}
    for name, run in figures(shape).items():
        times, rows = [], None
        for _ in range(runs + 1):  # the first run warms the cache
            with db.make_sessionmaker(engine)() as s:
                db.act_as(s, str(shape["teacher"]), Role.INSTRUCTOR)
                captured.clear()
                started = time.perf_counter()
                rows = run(s)
                times.append((time.perf_counter() - started) * 1000)
                statement, params = captured[-1]
                if len(times) == runs + 1:
                    results[name] = {"median_ms": round(statistics.median(times[1:]), 2),
                                     "best_ms": round(min(times[1:]), 2),
                                     "rows": len(rows) if isinstance(rows, list) else rows,
                                     **_explain(s, statement, params)}
    engine.dispose()
    base = results["baseline: count the learners"]["median_ms"]
    for r in results.values():
        r["ratio"] = round(r["median_ms"] / base, 1) if base else None
    return results


def _explain(s: Any, statement: str, params: Any) -> dict[str, Any]:
    raw = s.connection().connection.dbapi_connection
    with raw.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params)
        plan = cur.fetchone()[0][0]
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params)
        lines = [r[0] for r in cur.fetchall()]
    return {"plan_ms": round(plan["Execution Time"], 2), "indexes": sorted(set(_indexes(plan))),
            "plan": lines}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results (plans included)")
    parser.add_argument("--plans", action="store_true", help="print every plan")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="uw-bench-analytics-"))
    os.chmod(data, 0o755)
    pg = LocalPostgres(data / "pg", free_port()).start()
    api_url = migrate.as_role(pg.url, "usefulwriter_api")
    try:
        migrate.upgrade(pg.url)
        migrate.grant_logins(pg.url, {"api": api_url})
        shape = seed(pg.url, args.learners)
        print(f"seeded {args.learners} learners in {shape['seconds']} s: "
              + ", ".join(f"{v} {k}" for k, v in shape["counts"].items()), flush=True)
        results = measure(api_url, shape, args.runs)
    finally:
        pg.stop()
    width = max(map(len, results))
    print(f"\n{'figure':<{width}}  median ms  best ms  x baseline  plan ms  indexes")
    for name, r in results.items():
        print(f"{name:<{width}}  {r['median_ms']:>9}  {r['best_ms']:>7}  {r['ratio']:>10}  "
              f"{r['plan_ms']:>7}  {', '.join(r['indexes']) or '-'}")
        if args.plans:
            print("\n".join("    " + line for line in r["plan"]))
    if args.json:
        args.json.write_text(json.dumps({"learners": args.learners, "counts": shape["counts"],
                                         "figures": results}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
