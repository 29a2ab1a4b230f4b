"""Search over published courses and lessons with PostgreSQL full-text search: the generated
weighted vectors (title A; summary and tags B; description and lesson text C) behind GIN
indexes, `websearch_to_tsquery` syntax ("quoted phrases", -exclusions, or), ranking, and
highlighted snippets. When full-text search finds nothing, titles are matched by trigram
similarity (pg_trgm), so a typo still finds its course. Drafts are never found."""

from __future__ import annotations

import base64
import html
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Double,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from kit.errors import BadRequest
from models import Course, CourseStatus, Lesson, LessonStatus

START, STOP = "\x02", "\x03"  # markers ts_headline puts around matches (escaped, then <mark>)
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=8, MaxFragments=2"
SIMILARITY = 0.2


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    level: str | None = None
    language: str | None = None
    free: bool | None = None
    tag: str | None = None
    kind: str | None = None  # "course" or "lesson"


def _course_filters(f: Filters) -> list[Any]:
    where: list[Any] = [Course.status == CourseStatus.PUBLISHED]
    if f.category is not None:
        where.append(Course.category == f.category)
    if f.level is not None:
        where.append(Course.level == f.level)
    if f.language is not None:
        where.append(Course.language == f.language)
    if f.free is not None:
        where.append(Course.price_cents == 0 if f.free else Course.price_cents > 0)
    if f.tag is not None:
        where.append(cast(Course.tags, String).contains(json.dumps(f.tag)))
    return where


def _parts(f: Filters, courses: Select[Any], lessons: Select[Any]) -> list[Select[Any]]:
    return [p for kind, p in (("course", courses), ("lesson", lessons))
            if f.kind in (None, kind)]


def _fulltext(q: Any, f: Filters) -> Any:
    """Ranks are cast to double precision: a real's text form would not round-trip through
    the cursor, and a page would repeat."""
    courses = select(
        literal("course").label("kind"), Course.id.label("id"), Course.slug.label("course"),
        Course.title.label("title"), func.ts_headline(
            "english", Course.summary + " " + Course.description, q, HEADLINE).label("snippet"),
        cast(func.ts_rank(Course.search_vector, q), Double).label("rank"),
    ).where(Course.search_vector.op("@@")(q), *_course_filters(f))
    lessons = select(
        literal("lesson").label("kind"), Lesson.id.label("id"), Course.slug.label("course"),
        Lesson.title.label("title"),
        func.ts_headline("english", Lesson.body, q, HEADLINE).label("snippet"),
        cast(func.ts_rank(Lesson.search_vector, q), Double).label("rank"),
    ).join(Course, Course.id == Lesson.course_id).where(
        Lesson.search_vector.op("@@")(q), Lesson.status == LessonStatus.PUBLISHED,
        *_course_filters(f))
    return union_all(*_parts(f, courses, lessons)).subquery()


def _fuzzy(text: str, f: Filters) -> Any:
    courses = select(
        literal("course").label("kind"), Course.id.label("id"), Course.slug.label("course"),
        Course.title.label("title"), Course.summary.label("snippet"),
        cast(func.similarity(Course.title, text), Double).label("rank"),
    ).where(func.similarity(Course.title, text) > SIMILARITY, *_course_filters(f))
    lessons = select(
        literal("lesson").label("kind"), Lesson.id.label("id"), Course.slug.label("course"),
        Lesson.title.label("title"), literal("").label("snippet"),
        cast(func.similarity(Lesson.title, text), Double).label("rank"),
    ).join(Course, Course.id == Lesson.course_id).where(
        func.similarity(Lesson.title, text) > SIMILARITY,
        Lesson.status == LessonStatus.PUBLISHED, *_course_filters(f))
    return union_all(*_parts(f, courses, lessons)).subquery()


def search(s: Session, text: str, f: Filters, cursor: str | None,
           limit: int) -> tuple[list[dict[str, Any]], str | None, bool]:
    """Hits, best first; the next page's cursor; whether they came from the typo fallback."""
    fuzzy = cursor is not None and cursor.startswith("f:")
    rows: list[Any] = []
    if not fuzzy:
        rows = _page(s, _fulltext(func.websearch_to_tsquery("english", text), f), cursor, limit)
        fuzzy = not rows and cursor is None
    if fuzzy:
        rows = _page(s, _fuzzy(text, f), cursor, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode(rows[-1], fuzzy) if more else None
    return [_hit(r) for r in rows], next_cursor, fuzzy


def _page(s: Session, hits: Any, cursor: str | None, limit: int) -> list[Any]:
    query = select(hits).order_by(hits.c.rank.desc(), hits.c.id.desc()).limit(limit + 1)
    if cursor:
        rank, last = _decode(cursor)
        query = query.where(or_(hits.c.rank < rank, and_(hits.c.rank == rank,
                                                         hits.c.id < last)))
    return list(s.execute(query))


def _hit(row: Any) -> dict[str, Any]:
    snippet = html.escape(row.snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return {"kind": row.kind, "id": row.id, "course": row.course, "title": row.title,
            "snippet": snippet, "rank": float(row.rank)}


def _encode(row: Any, fuzzy: bool) -> str:
    raw = json.dumps([float(row.rank), str(row.id)]).encode()
    return ("f:" if fuzzy else "") + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[float, uuid.UUID]:
    try:
        raw = cursor.removeprefix("f:")
        rank, last = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        return float(rank), uuid.UUID(last)
    except (ValueError, TypeError):
        raise BadRequest("the cursor is not valid; use next_cursor from a previous page",
                         field="cursor") from None
