"""Search over published courses and lessons with PostgreSQL full-text search: the generated
weighted vectors (title A; summary and tags B; description and lesson text C) behind GIN
indexes, `websearch_to_tsquery` syntax ("quoted phrases", -exclusions, or), ranking, and
highlighted snippets. When full-text search finds nothing, titles are matched by trigram
similarity (pg_trgm), so a typo still finds its course. Drafts are never found: search reads
the owner's views of published content (public_courses, public_lessons), not the tables."""

from __future__ import annotations

import base64
import html
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Double,
    MetaData,
    Select,
    String,
    Table,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from kit import db
from kit.errors import BadRequest
from models import Course, Lesson

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


# The owner's views of published content (migration 0008): search reads them, not the tables,
# so its matching operators can use the GIN indexes under row-level security.
_views = MetaData()
COURSES = Table("public_courses", _views, *(Column(c.name, c.type) for c in Course.__table__.c))
LESSONS = Table("public_lessons", _views, *(Column(c.name, c.type) for c in Lesson.__table__.c))
C, L = COURSES.c, LESSONS.c


def _course_filters(f: Filters) -> list[Any]:
    where: list[Any] = []
    if f.category is not None:
        where.append(C.category == f.category)
    if f.level is not None:
        where.append(C.level == f.level)
    if f.language is not None:
        where.append(C.language == f.language)
    if f.free is not None:
        where.append(C.price_cents == 0 if f.free else C.price_cents > 0)
    if f.tag is not None:
        where.append(cast(C.tags, String).contains(json.dumps(f.tag)))
    return where


def _parts(f: Filters, courses: Select[Any], lessons: Select[Any]) -> list[Select[Any]]:
    return [p for kind, p in (("course", courses), ("lesson", lessons))
            if f.kind in (None, kind)]


def _fulltext(q: Any, f: Filters) -> Any:
    """Ranks are cast to double precision: a real's text form would not round-trip through
    the cursor, and a page would repeat. Snippets come later, for the page's rows only."""
    courses = select(
        literal("course").label("kind"), C.id.label("id"), C.slug.label("course"),
        C.title.label("title"), cast(func.ts_rank(C.search_vector, q), Double).label("rank"),
    ).where(C.search_vector.op("@@")(q), *_course_filters(f))
    lessons = select(
        literal("lesson").label("kind"), L.id.label("id"), C.slug.label("course"),
        L.title.label("title"), cast(func.ts_rank(L.search_vector, q), Double).label("rank"),
    ).join(COURSES, C.id == L.course_id).where(L.search_vector.op("@@")(q), *_course_filters(f))
    return union_all(*_parts(f, courses, lessons)).subquery()


def _fuzzy(text: str, f: Filters) -> Any:
    """`%` (similarity above pg_trgm.similarity_threshold) is what the trigram indexes serve."""
    courses = select(
        literal("course").label("kind"), C.id.label("id"), C.slug.label("course"),
        C.title.label("title"), cast(func.similarity(C.title, text), Double).label("rank"),
    ).where(C.title.op("%")(text), *_course_filters(f))
    lessons = select(
        literal("lesson").label("kind"), L.id.label("id"), C.slug.label("course"),
        L.title.label("title"), cast(func.similarity(L.title, text), Double).label("rank"),
    ).join(COURSES, C.id == L.course_id).where(L.title.op("%")(text), *_course_filters(f))
    return union_all(*_parts(f, courses, lessons)).subquery()


def search(s: Session, text: str, f: Filters, cursor: str | None,
           limit: int) -> tuple[list[dict[str, Any]], str | None, bool]:
    """Hits, best first; the next page's cursor; whether they came from the typo fallback."""
    fuzzy = cursor is not None and cursor.startswith("f:")
    rows: list[Any] = []
    q = func.websearch_to_tsquery("english", text)
    if not fuzzy:
        rows = _page(s, _fulltext(q, f), cursor, limit)
        fuzzy = not rows and cursor is None
    if fuzzy:
        db.set_local(s, "pg_trgm.similarity_threshold", str(SIMILARITY))
        rows = _page(s, _fuzzy(text, f), cursor, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode(rows[-1], fuzzy) if more else None
    snippets = _snippets(s, q, rows, fuzzy)
    return [_hit(r, snippets.get(r.id, "")) for r in rows], next_cursor, fuzzy


def _snippets(s: Session, q: Any, rows: list[Any], fuzzy: bool) -> dict[uuid.UUID, str]:
    """Highlighted snippets of the page's hits (ts_headline reads the whole text: never for
    every match); typo matches show the course's summary."""
    courses = [r.id for r in rows if r.kind == "course"]
    lessons = [r.id for r in rows if r.kind == "lesson"]
    found: dict[uuid.UUID, str] = {}
    if courses:
        text = C.summary + " " + C.description
        snippet = C.summary if fuzzy else func.ts_headline("english", text, q, HEADLINE)
        found.update((i, x) for i, x in s.execute(select(C.id, snippet).where(C.id.in_(courses))))
    if lessons and not fuzzy:
        found.update((i, x) for i, x in s.execute(
            select(L.id, func.ts_headline("english", L.body, q, HEADLINE))
            .where(L.id.in_(lessons))))
    return found


def _page(s: Session, hits: Any, cursor: str | None, limit: int) -> list[Any]:
    query = select(hits).order_by(hits.c.rank.desc(), hits.c.id.desc()).limit(limit + 1)
    if cursor:
        rank, last = _decode(cursor)
        query = query.where(or_(hits.c.rank < rank, and_(hits.c.rank == rank,
                                                         hits.c.id < last)))
    return list(s.execute(query))


def _hit(row: Any, snippet: str) -> dict[str, Any]:
    snippet = html.escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")
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
