"""Search over published courses and lessons with PostgreSQL full-text search: the generated
weighted vectors (title A; summary and tags B; description and lesson text C) behind GIN
indexes, `websearch_to_tsquery` syntax ("quoted phrases", -exclusions, or), ranking (matches in
titles, summaries and tags first, then matches in the text only), and highlighted snippets.
When full-text search finds nothing, course titles are matched by trigram similarity (pg_trgm),
so a typo still finds its course. Drafts are never found: search reads the owner's views of
published content (public_courses, public_lessons), not the tables."""

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
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
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


def any_word(text: str) -> Any:
    """The query's words (stemmed), any one of them: `a | b | c`. Phrases and exclusions
    are dropped; it only sorts matches into tiers, the query itself decides what matches."""
    words = func.array_to_string(func.tsvector_to_array(func.to_tsvector("english", text)),
                                 " | ")
    return func.to_tsquery("simple", words)


def _fulltext(q: Any, heads: Any, f: Filters, tier: int) -> Any:
    """Tier 0: matches whose head (title; a course's summary and tags) holds any of the
    query's words, found through the heads' small index; tier 1: the other matches. Search
    ranks tier 0 first and reaches tier 1 only when tier 0 runs out, so common words rank
    their few head matches, not their thousands of text matches, and a phrase checks word
    positions on those few. Ranks are cast to double precision: a real's text form would not
    round-trip through the cursor."""
    def match(table: Any) -> Any:
        whole = table.search_vector.bool_op("@@")(q)
        head = table.head_vector.bool_op("@@")(heads)
        # tier 0 checks the whole vector on the few head matches only (IS TRUE: not through
        # its index, whose bitmap for a common word costs more than the check)
        return and_(head, whole.is_(true())) if tier == 0 else and_(whole, not_(head))

    courses = select(
        literal(tier).label("tier"), literal("course").label("kind"), C.id.label("id"),
        C.slug.label("course"), C.title.label("title"),
        cast(func.ts_rank(C.search_vector, q), Double).label("rank"),
    ).where(match(C), *_course_filters(f))
    lessons = select(
        literal(tier).label("tier"), literal("lesson").label("kind"), L.id.label("id"),
        C.slug.label("course"), L.title.label("title"),
        cast(func.ts_rank(L.search_vector, q), Double).label("rank"),
    ).join(COURSES, C.id == L.course_id).where(match(L), *_course_filters(f))
    return union_all(*_parts(f, courses, lessons)).subquery()


def _fuzzy(text: str, f: Filters) -> Any:
    """Courses whose title is like the query: `%` (similarity above
    pg_trgm.similarity_threshold), which the trigram index serves. Courses only: comparing
    trigrams with every lesson title (tens of thousands, many alike) cost a query that found
    nothing 25 to 45 ms, and a typo is usually a course's name."""
    courses = select(
        literal(0).label("tier"), literal("course").label("kind"), C.id.label("id"),
        C.slug.label("course"), C.title.label("title"),
        cast(func.similarity(C.title, text), Double).label("rank"),
    ).where(C.title.bool_op("%")(text), *_course_filters(f))
    return (courses if f.kind in (None, "course") else courses.where(false())).subquery()


def search(s: Session, text: str, f: Filters, cursor: str | None,
           limit: int) -> tuple[list[dict[str, Any]], str | None, bool]:
    """Hits, best first; the next page's cursor; whether they came from the typo fallback."""
    fuzzy = cursor is not None and cursor.startswith("f:")
    after = _decode(cursor) if cursor else None
    rows: list[Any] = []
    q = func.websearch_to_tsquery("english", text)
    if not fuzzy:
        tier = after[0] if after else 0
        while tier <= 1 and len(rows) <= limit:
            rows += _page(s, _fulltext(q, any_word(text), f, tier),
                          after if after and after[0] == tier else None, limit + 1 - len(rows))
            tier += 1
        fuzzy = not rows and cursor is None
    if fuzzy:
        db.set_local(s, "pg_trgm.similarity_threshold", str(SIMILARITY))
        rows = _page(s, _fuzzy(text, f), after, limit + 1)
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


def _page(s: Session, hits: Any, after: tuple[int, float, uuid.UUID] | None,
          n: int) -> list[Any]:
    query = select(hits).order_by(hits.c.rank.desc(), hits.c.id.desc()).limit(n)
    if after is not None:
        _, rank, last = after
        query = query.where(or_(hits.c.rank < rank, and_(hits.c.rank == rank,
                                                         hits.c.id < last)))
    return list(s.execute(query))


def _hit(row: Any, snippet: str) -> dict[str, Any]:
    snippet = html.escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return {"kind": row.kind, "id": row.id, "course": row.course, "title": row.title,
            "snippet": snippet, "rank": float(row.rank)}


def _encode(row: Any, fuzzy: bool) -> str:
    raw = json.dumps([int(row.tier), float(row.rank), str(row.id)]).encode()
    return ("f:" if fuzzy else "") + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[int, float, uuid.UUID]:
    try:
        raw = cursor.removeprefix("f:")
        tier, rank, last = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if tier not in (0, 1):
            raise ValueError(tier)
        return tier, float(rank), uuid.UUID(last)
    except (ValueError, TypeError):
        raise BadRequest("the cursor is not valid; use next_cursor from a previous page",
                         field="cursor") from None
