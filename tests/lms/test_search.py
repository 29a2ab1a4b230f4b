"""Search on the real PostgreSQL: weighted full-text ranking, websearch syntax, escaped
snippets, filters, cursor pages, the typo fallback, drafts never found, and the indexes used."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from kit import db
from lms.courses import service as courses
from lms.courses.schemas import LessonCreate
from lms.search import service as search
from models import CourseStatus, Role
from tests.fixtures import factories as make
from tests.fixtures.api import Account


@pytest.fixture
def catalogue(session: Session) -> dict[str, Any]:
    owner = make.user(session, Role.INSTRUCTOR)

    def course(slug: str, title: str, status: CourseStatus = CourseStatus.PUBLISHED,
               **fields: Any) -> Any:
        return make.course(session, owner, status, slug=slug, title=title, **fields)

    made = {
        "recursion": course("recursion", "Recursion in Python", summary="Functions calling "
                            "themselves", tags=["python"], level="beginner"),
        "graphs": course("graphs", "Graph algorithms", description="Breadth-first search "
                         "visits a & b before c: recursion <script>x</script> on trees",
                         price_cents=900, level="advanced"),
        "draft": course("draft-recursion", "Recursion secrets", CourseStatus.DRAFT),
    }
    section = courses.add_section(session, made["graphs"], "One", None)
    made["lesson"] = courses.add_lesson(session, make.principal(owner), made["graphs"],
                                        section.id, LessonCreate(
                                            kind="text", title="Depth-first search",
                                            status="published",
                                            body="A recursion that walks a graph."))
    courses.add_lesson(session, make.principal(owner), made["graphs"], section.id,
                       LessonCreate(kind="text", title="Hidden recursion notes",
                                    body="recursion"))  # a draft lesson
    session.flush()
    return made


def find(s: Session, q: str, **filters: Any) -> list[tuple[str, str]]:
    hits, _, _ = search.search(s, q, search.Filters(**filters), None, 20)
    return [(h["kind"], h["title"]) for h in hits]


def test_titles_outrank_bodies_and_drafts_are_never_found(session: Session,
                                                          catalogue: Any) -> None:
    found = find(session, "recursion")
    assert found[0] == ("course", "Recursion in Python")  # weight A beats C
    assert set(found) == {("course", "Recursion in Python"), ("course", "Graph algorithms"),
                          ("lesson", "Depth-first search")}


def test_websearch_syntax_and_filters(session: Session, catalogue: Any) -> None:
    assert find(session, '"breadth-first search"') == [("course", "Graph algorithms")]
    assert ("course", "Graph algorithms") not in find(session, "recursion -graph")
    assert find(session, "recursion", free=True) == [("course", "Recursion in Python")]
    assert find(session, "recursion", level="advanced", kind="lesson") == [
        ("lesson", "Depth-first search")]
    assert find(session, "recursion", tag="python") == [("course", "Recursion in Python")]


def test_snippets_are_escaped_with_marks(session: Session, catalogue: Any) -> None:
    hits, _, _ = search.search(session, "breadth", search.Filters(kind="course"), None, 5)
    assert "<mark>Breadth</mark>" in hits[0]["snippet"]
    snippet = hits[0]["snippet"]
    assert "<script" not in snippet and "&amp;" in snippet  # tags dropped, text escaped


def test_pages_follow_the_cursor(session: Session, catalogue: Any) -> None:
    seen, cursor = [], None
    for _ in range(10):  # bounded: a cursor that repeats a page must fail, not hang
        hits, cursor, _ = search.search(session, "recursion", search.Filters(), cursor, 1)
        seen += [h["title"] for h in hits]
        if cursor is None:
            break
    assert sorted(seen) == sorted(t for _, t in find(session, "recursion")) and len(seen) == 3


def test_a_typo_falls_back_to_similar_titles(session: Session, catalogue: Any) -> None:
    hits, _, fuzzy = search.search(session, "recursoin pyhton", search.Filters(), None, 5)
    assert fuzzy and hits[0]["title"] == "Recursion in Python"


FILL_COURSES = """INSERT INTO courses (id, slug, title, summary, description, description_html,
    tags, price_cents, currency, status, owner_id, require_sequential_progress)
    SELECT gen_random_uuid(), 'filler-' || i, 'Filler ' || md5(i::text), md5(i::text),
           md5((i * 7)::text), '', '[]', 0, 'usd', 'published', :owner, false
    FROM generate_series(1, 400) i"""
FILL_SECTIONS = """INSERT INTO course_sections (id, course_id, title, position)
    SELECT gen_random_uuid(), id, 'S', 'a0' FROM courses WHERE slug LIKE 'filler-%'"""
FILL_LESSONS = """INSERT INTO lessons (id, course_id, section_id, position, kind, title, status,
    body, body_html, prerequisites, completion)
    SELECT gen_random_uuid(), s.course_id, s.id, 'a' || g, 'text',
           'Lesson ' || md5(g::text || s.id::text), 'published', repeat(md5(g::text) || ' ', 5),
           '', '[]', '{}'
    FROM course_sections s JOIN courses c ON c.id = s.course_id AND c.slug LIKE 'filler-%',
         generate_series(1, 10) g"""


def test_search_uses_its_indexes_as_the_api_role(session: Session, catalogue: Any) -> None:
    """The service's own statements, EXPLAINed as the api's role under row-level security
    (whose policies would keep matching operators away from the indexes of the tables: the
    statements read the owner's views of published content)."""
    owner = catalogue["recursion"].owner_id  # 400 more courses and 4,000 lessons, analysed:
    for sql in (FILL_COURSES, FILL_SECTIONS, FILL_LESSONS):  # plans as on a real catalogue
        session.execute(text(sql), {"owner": owner})
    for table in ("courses", "course_sections", "lessons"):
        session.execute(text(f"ANALYZE {table}"))
    session.execute(text("SET LOCAL ROLE uw_api"))
    db.act_as(session, str(uuid.uuid4()), "learner")
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "set_config" not in statement:
            captured.append((statement, params))

    conn = session.connection()

    def plans() -> str:
        captured.clear()
        event.listen(conn, "before_cursor_execute", capture)
        assert search.search(session, "recursion", search.Filters(), None, 5)[0]
        assert search.search(session, "recursoin pyhton", search.Filters(), None, 5)[2]
        event.remove(conn, "before_cursor_execute", capture)
        out = ""
        for statement, params in captured:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            with raw.cursor() as cur:
                cur.execute("EXPLAIN " + statement, params)
                out += "\n".join(r[0] for r in cur.fetchall())
        return out

    chosen = plans()  # what the planner picks: 4,000 lessons are worth the GIN index
    assert "ix_lessons_search_vector" in chosen, chosen
    # the typo fallback filters with `%`, which ix_courses_title_trgm can serve (on 400
    # courses a scan costs less; scripts/bench_lms.py shows the index on 1,000)
    assert "((title)::text % 'recursoin pyhton'::text)" in chosen, chosen


def test_search_over_http(client: TestClient, learner: Account) -> None:
    r = client.get("/api/v1/search?q=anything", headers=learner.headers)
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None,
                                                 "fuzzy": True}
    r = client.get("/api/v1/search?q=x&cursor=garbage", headers=learner.headers)
    assert r.status_code == 400 and r.json()["field"] == "cursor"
    assert client.get("/api/v1/search?q=", headers=learner.headers).status_code == 422
