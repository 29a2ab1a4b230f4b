"""The instructors' figures, each one SQL statement over the events table, progress and quiz
answers (aggregated by PostgreSQL, never by loading rows into Python). Only learners count
(staff previews are left out); each statement is bound to one course, and the row-level
security policies keep an instructor to their own courses even if a filter were missing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

LEARNERS = ("SELECT e.user_id FROM enrollments e WHERE e.course_id = :c "
            "AND e.role = 'learner'")

OVER_TIME = """
SELECT date_trunc(:unit, at, 'UTC') AS bucket,
       count(*) FILTER (WHERE kind = 'enrolled') AS enrolled,
       count(*) FILTER (WHERE kind = 'course_completed') AS completed
FROM learning_events
WHERE course_id = :c AND kind IN ('enrolled', 'course_completed') AND at >= :start AND at < :end
GROUP BY 1 ORDER BY 1
"""

PASS_RATES = """
SELECT date_trunc(:unit, at, 'UTC') AS bucket, count(*) AS judged,
       count(*) FILTER (WHERE data->>'verdict' = 'AC') AS accepted,
       round(avg((data->>'verdict' = 'AC')::int)::numeric, 4)::float AS pass_rate
FROM learning_events
WHERE course_id = :c AND kind = 'submission_judged' AND at >= :start AND at < :end
GROUP BY 1 ORDER BY 1
"""

FUNNEL = f"""
WITH ordered AS (
  SELECT l.id, l.title, l.kind,
         row_number() OVER (ORDER BY sec.position, l.position) AS n
  FROM lessons l JOIN course_sections sec ON sec.id = l.section_id
  WHERE l.course_id = :c AND l.status = 'published'),
learners AS ({LEARNERS}),
prog AS (
  SELECT p.user_id, p.lesson_id, p.state FROM lesson_progress p
  WHERE p.course_id = :c AND p.user_id IN (SELECT user_id FROM learners)),
furthest AS (
  SELECT p.user_id, max(o.n) AS n FROM prog p JOIN ordered o ON o.id = p.lesson_id
  WHERE p.state = 'completed' GROUP BY p.user_id),
stopped AS (SELECT n, count(*) AS learners FROM furthest GROUP BY n),
reached AS (
  SELECT p.lesson_id, count(*) AS started,
         count(*) FILTER (WHERE p.state = 'completed') AS completed
  FROM prog p GROUP BY p.lesson_id)
SELECT o.id AS lesson_id, o.title, o.kind, o.n AS position,
       coalesce(r.started, 0) AS started, coalesce(r.completed, 0) AS completed,
       coalesce(st.learners, 0) AS stopped_after,
       (SELECT count(*) FROM learners) AS learners
FROM ordered o LEFT JOIN reached r ON r.lesson_id = o.id LEFT JOIN stopped st ON st.n = o.n
ORDER BY o.n
"""

CHALLENGES = f"""
WITH learners AS ({LEARNERS}),
lessons AS (
  SELECT l.id, l.title FROM lessons l
  WHERE l.course_id = :c AND l.kind = 'challenge' AND l.status = 'published'),
ev AS (
  SELECT lesson_id, user_id, at, kind, data->>'verdict' AS verdict FROM learning_events
  WHERE course_id = :c AND kind IN ('lesson_viewed', 'submission_judged')
    AND lesson_id IN (SELECT id FROM lessons) AND user_id IN (SELECT user_id FROM learners)),
per AS (
  SELECT lesson_id, user_id, min(at) AS first_at,
         count(*) FILTER (WHERE kind = 'submission_judged') AS judged,
         min(at) FILTER (WHERE verdict = 'AC') AS first_ac
  FROM ev GROUP BY lesson_id, user_id),
tries AS (
  SELECT p.lesson_id, p.user_id, count(*) AS n FROM per p
  JOIN ev ON ev.lesson_id = p.lesson_id AND ev.user_id = p.user_id
   AND ev.kind = 'submission_judged' AND ev.at <= p.first_ac
  WHERE p.first_ac IS NOT NULL GROUP BY p.lesson_id, p.user_id)
SELECT l.id AS lesson_id, l.title,
       count(per.user_id) FILTER (WHERE per.judged > 0) AS attempted,
       count(per.first_ac) AS passed,
       round((count(per.first_ac)::numeric
              / nullif(count(per.user_id) FILTER (WHERE per.judged > 0), 0)), 4)::float
         AS pass_rate,
       coalesce(sum(per.judged), 0) AS submissions,
       round(avg(tries.n)::numeric, 4)::float AS mean_submissions_to_ac,
       percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM per.first_ac - per.first_at))
         FILTER (WHERE per.first_ac IS NOT NULL) AS median_seconds_to_ac
FROM lessons l LEFT JOIN per ON per.lesson_id = l.id
LEFT JOIN tries ON tries.lesson_id = per.lesson_id AND tries.user_id = per.user_id
GROUP BY l.id, l.title ORDER BY l.title
"""

FAILING = f"""
WITH learners AS ({LEARNERS}),
counts AS (
  SELECT ev.lesson_id, ev.data->>'failed_test' AS test, count(*) AS failures,
         count(DISTINCT ev.user_id) AS learners
  FROM learning_events ev
  WHERE ev.course_id = :c AND ev.kind = 'submission_judged'
    AND ev.data->>'failed_test' IS NOT NULL AND ev.user_id IN (SELECT user_id FROM learners)
  GROUP BY ev.lesson_id, ev.data->>'failed_test'),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY lesson_id ORDER BY failures DESC, test) AS rank
  FROM counts)
SELECT r.lesson_id, l.title, r.test, r.failures, r.learners, r.rank
FROM ranked r JOIN lessons l ON l.id = r.lesson_id
WHERE r.rank <= :top ORDER BY l.title, r.rank
"""

# each submitted attempt's questions (its layout) with the learner's score on each, 0 unanswered
SCORED = f"""
WITH learners AS ({LEARNERS}),
att AS (
  SELECT a.id, a.percent, a.layout FROM quiz_attempts a
  WHERE a.quiz_id = :q AND a.course_id = :c AND a.state = 'submitted'
    AND a.user_id IN (SELECT user_id FROM learners)),
slots AS (
  SELECT att.id AS attempt_id, att.percent AS total, (x->>'question_id')::uuid AS qid
  FROM att, jsonb_array_elements(att.layout::jsonb) AS x),
scored AS (
  SELECT s.attempt_id, s.qid, s.total, coalesce(ans.score, 0) AS score, ans.response
  FROM slots s LEFT JOIN quiz_answers ans
    ON ans.attempt_id = s.attempt_id AND ans.question_id = s.qid)
"""

ITEMS = SCORED + """
SELECT q.id AS question_id, q.kind, q.prompt, count(*) AS answered,
       round(avg(sc.score)::numeric, 4)::float AS difficulty,
       round(corr(sc.score, sc.total)::numeric, 4)::float AS discrimination
FROM scored sc JOIN quiz_questions q ON q.id = sc.qid
GROUP BY q.id, q.kind, q.prompt ORDER BY min(q.position), q.id
"""

# the chosen options straight from the answers (no need for each attempt's unanswered slots)
DISTRACTORS = f"""
WITH learners AS ({LEARNERS}),
att AS (
  SELECT a.id, a.percent, a.layout FROM quiz_attempts a
  WHERE a.quiz_id = :q AND a.course_id = :c AND a.state = 'submitted'
    AND a.user_id IN (SELECT user_id FROM learners)),
asked AS (
  SELECT (x->>'question_id')::uuid AS qid, count(*) AS n
  FROM att, jsonb_array_elements(att.layout::jsonb) AS x GROUP BY 1),
chosen AS (
  SELECT ans.question_id AS qid, att.percent AS total, opt AS option_id
  FROM quiz_answers ans JOIN att ON att.id = ans.attempt_id,
  jsonb_array_elements_text(CASE jsonb_typeof(ans.response::jsonb)
    WHEN 'array' THEN ans.response::jsonb
    WHEN 'string' THEN jsonb_build_array(ans.response::jsonb)
    WHEN 'boolean' THEN jsonb_build_array(ans.response::jsonb #>> '{{}}')
    ELSE '[]'::jsonb END) AS opt)
SELECT c.qid AS question_id, c.option_id, count(*) AS chosen,
       round((count(*)::numeric / max(asked.n)), 4)::float AS share,
       round(avg(c.total)::numeric, 4)::float AS mean_total_of_choosers
FROM chosen c JOIN asked ON asked.qid = c.qid
GROUP BY c.qid, c.option_id ORDER BY c.qid, count(*) DESC
"""


def _all(s: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in s.execute(text(sql), params)]


def over_time(s: Session, course_id: uuid.UUID, unit: str, start: datetime,
              end: datetime) -> list[dict[str, Any]]:
    """Enrollments and completions per day, week or month."""
    return _all(s, OVER_TIME, c=course_id, unit=unit, start=start, end=end)


def pass_rates(s: Session, course_id: uuid.UUID, unit: str, start: datetime,
               end: datetime) -> list[dict[str, Any]]:
    """Judged submissions and the accepted share, per period."""
    return _all(s, PASS_RATES, c=course_id, unit=unit, start=start, end=end)


def funnel(s: Session, course_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per lesson in order: learners who started it, completed it, and whose furthest
    completed lesson it is (where they stop)."""
    return _all(s, FUNNEL, c=course_id)


def challenges(s: Session, course_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per challenge lesson: learners who submitted, passed, the pass rate, submissions, the
    mean number of submissions up to the first AC and the median time from opening the
    lesson to it."""
    return _all(s, CHALLENGES, c=course_id)


def failing_tests(s: Session, course_id: uuid.UUID, top: int = 5) -> list[dict[str, Any]]:
    """Per challenge lesson, the tests that failed first most often."""
    return _all(s, FAILING, c=course_id, top=top)


def quiz_items(s: Session, course_id: uuid.UUID, quiz_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per question: how often answered, difficulty (the mean share of its points earned: the
    share correct for right-or-wrong questions) and discrimination (the point-biserial, i.e.
    Pearson, correlation of its score with the attempt's total)."""
    return _all(s, ITEMS, c=course_id, q=quiz_id)


def distractors(s: Session, course_id: uuid.UUID, quiz_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per choice question and option: how many attempts chose it, the share, and the mean
    total of those who did (a wrong option chosen by strong learners is a flawed one)."""
    return _all(s, DISTRACTORS, c=course_id, q=quiz_id)
