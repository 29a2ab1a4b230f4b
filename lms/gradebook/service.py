"""The gradebook: a course's learners by its graded lessons (quiz and challenge lessons), each
cell the learner's counted score in percent (lms.progress keeps it: a challenge's best, a
quiz's best or last attempt), with completion, category averages and a weighted total.

Totals (Canvas's weighted assignment groups): a category's score is the mean of its items'
scores (a missing score counts 0); the total is the weighted mean of the categories that hold
items, lessons without a category forming one group of weight 1. Computed in one SQL query.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kit import db
from kit.errors import Conflict, NotFound
from models import Course, GradeCategory, LessonKind


class CategoryTaken(Conflict):
    title = "Category Already Exists"


GRADED = (LessonKind.QUIZ, LessonKind.CHALLENGE)


@dataclass(frozen=True)
class Item:
    lesson_id: uuid.UUID
    title: str
    kind: str
    category_id: uuid.UUID | None


def categories(s: Session, course: Course) -> list[GradeCategory]:
    return list(s.scalars(select(GradeCategory).where(GradeCategory.course_id == course.id)
                          .order_by(GradeCategory.name)))


def category(s: Session, course: Course, category_id: uuid.UUID) -> GradeCategory:
    row = s.get(GradeCategory, category_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no grade category {category_id} in this course")
    return row


def create_category(s: Session, course: Course, name: str, weight: float) -> GradeCategory:
    row = GradeCategory(course_id=course.id, name=name, weight=weight)
    db.flush_unique(s, CategoryTaken(f"the course has a category {name!r}", field="name"), row)
    return row


def update_category(s: Session, row: GradeCategory, fields: dict[str, Any]) -> GradeCategory:
    for name, value in fields.items():
        if value is not None:
            setattr(row, name, value)
    db.flush_unique(s, CategoryTaken("the course has a category of that name", field="name"))
    return row


def delete_category(s: Session, row: GradeCategory) -> None:
    s.delete(row)  # its lessons fall back to no category (ON DELETE SET NULL)
    s.flush()


def items(s: Session, course: Course) -> list[Item]:
    """The graded lessons, in the outline's order."""
    rows = s.execute(text(ITEMS), {"c": course.id})
    return [Item(r.id, r.title, r.kind, r.grade_category_id) for r in rows]


ITEMS = """
SELECT l.id, l.title, l.kind, l.grade_category_id
FROM lessons l JOIN course_sections sec ON sec.id = l.section_id
WHERE l.course_id = :c AND l.status = 'published' AND l.kind IN ('quiz', 'challenge')
ORDER BY sec.position, l.position
"""

ROWS = """
WITH items AS (
  SELECT l.id, l.grade_category_id AS cat FROM lessons l
  WHERE l.course_id = :c AND l.status = 'published' AND l.kind IN ('quiz', 'challenge')),
learners AS (
  SELECT e.user_id, u.name, u.email, e.percent, e.completed_at FROM enrollments e
  JOIN users u ON u.id = e.user_id
  WHERE e.course_id = :c AND e.role = 'learner' AND e.state IN ('active', 'completed')
    AND (CAST(:me AS uuid) IS NULL OR e.user_id = CAST(:me AS uuid))
  ORDER BY u.name, u.email, e.user_id LIMIT :limit OFFSET :offset),
cells AS (
  SELECT lr.user_id, i.id AS item, i.cat, p.best_score AS score,
         coalesce(p.state = 'completed', false) AS done
  FROM learners lr CROSS JOIN items i
  LEFT JOIN lesson_progress p ON p.user_id = lr.user_id AND p.lesson_id = i.id),
cats AS (
  SELECT user_id, cat, avg(coalesce(score, 0)) AS pct FROM cells GROUP BY user_id, cat),
totals AS (
  SELECT c.user_id,
         jsonb_object_agg(coalesce(c.cat::text, 'none'), round(c.pct::numeric, 4)) AS by_cat,
         sum(c.pct * coalesce(g.weight, 1)) / nullif(sum(coalesce(g.weight, 1)), 0) AS total
  FROM cats c LEFT JOIN grade_categories g ON g.id = c.cat GROUP BY c.user_id),
per AS (
  SELECT user_id, jsonb_object_agg(item::text, score) AS scores,
         jsonb_object_agg(item::text, done) AS done
  FROM cells GROUP BY user_id)
SELECT lr.user_id, lr.name, lr.email, lr.percent, lr.completed_at,
       coalesce(per.scores, '{}') AS scores, coalesce(per.done, '{}') AS done,
       coalesce(t.by_cat, '{}') AS by_cat, t.total
FROM learners lr LEFT JOIN per ON per.user_id = lr.user_id
LEFT JOIN totals t ON t.user_id = lr.user_id
ORDER BY lr.name, lr.email, lr.user_id
"""


def rows(s: Session, course: Course, me: uuid.UUID | None = None, limit: int = 1000,
         offset: int = 0) -> list[dict[str, Any]]:
    """One row per learner (or only `me`): scores and completion per item, per category, the
    weighted total, and the course's completion."""
    found = s.execute(text(ROWS), {"c": course.id, "me": me, "limit": limit, "offset": offset})
    return [{"user_id": r.user_id, "name": r.name, "email": r.email, "scores": r.scores,
             "completed": r.done, "categories": r.by_cat,
             "total": round(float(r.total), 4) if r.total is not None else None,
             "course_percent": r.percent, "course_completed_at": r.completed_at}
            for r in found]
