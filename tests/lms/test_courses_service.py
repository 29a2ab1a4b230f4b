"""The courses service on the real PostgreSQL (rolled back per test): ordering, lesson rules,
prerequisites, publishing, visibility, and an outline in a constant number of queries."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from kit.errors import NotFound, Unprocessable
from lms.courses import service as courses
from lms.courses.schemas import Completion, CourseCreate, LessonCreate, LessonUpdate
from models import CourseStatus, Role
from tests.fixtures import factories as make


def lesson(s: Session, owner: Any, course: Any, section: Any, **fields: Any) -> Any:
    body = LessonCreate(**{"kind": "text", "title": "A lesson", **fields})
    return courses.add_lesson(s, make.principal(owner), course, section.id, body)


@pytest.fixture
def built(session: Session) -> tuple[Any, Any, Any]:
    owner = make.user(session, Role.INSTRUCTOR)
    course = make.course(session, owner, CourseStatus.DRAFT)
    return owner, course, courses.add_section(session, course, "Basics", None)


def titles(s: Session, who: Any, course: Any) -> list[tuple[str, list[str]]]:
    return [(sec.title, [x.title for x in rows])
            for sec, rows in courses.outline(s, make.principal(who), course)]


def test_sections_and_lessons_keep_their_order(session: Session, built: Any) -> None:
    owner, course, first = built
    last = courses.add_section(session, course, "Last", None)
    middle = courses.add_section(session, course, "Middle", after=first.id)
    a = lesson(session, owner, course, first, title="a")
    c = lesson(session, owner, course, first, title="c")
    lesson(session, owner, course, first, title="b", after=a.id)
    assert titles(session, owner, course) == [("Basics", ["a", "b", "c"]), ("Middle", []),
                                              ("Last", [])]
    courses.move_lesson(session, course, c, middle.id, None)
    courses.move_lesson(session, course, a, first.id, None)  # to the top: already there
    assert titles(session, owner, course) == [("Basics", ["a", "b"]), ("Middle", ["c"]),
                                              ("Last", [])]
    with pytest.raises(Unprocessable):
        lesson(session, owner, course, first, title="x", after=uuid.uuid4())
    assert last.position > middle.position > first.position


def test_moving_writes_one_row_and_many_inserts_at_one_spot_stay_ordered(
        session: Session, built: Any) -> None:
    owner, course, sec = built
    first = lesson(session, owner, course, sec, title="0")
    last = lesson(session, owner, course, sec, title="z")
    for i in range(60):  # always straight after the first: keys grow, order holds
        lesson(session, owner, course, sec, title=f"{i:02d}", after=first.id)
    [(_, names)] = titles(session, owner, course)
    assert names == ["0", *[f"{i:02d}" for i in reversed(range(60))], "z"]
    before = last.position
    courses.move_lesson(session, course, first, sec.id, last.id)
    assert last.position == before  # siblings are not renumbered


def test_a_lesson_cannot_move_into_another_course(session: Session, built: Any) -> None:
    owner, course, sec = built
    other = make.course(session, owner)
    elsewhere = courses.add_section(session, other, "Elsewhere", None)
    row = lesson(session, owner, course, sec)
    with pytest.raises(NotFound) as refused:
        courses.move_lesson(session, course, row, elsewhere.id, None)
    assert refused.value.extra == {"field": "section_id"}


def test_reorder_takes_the_whole_outline_exactly_once(session: Session, built: Any) -> None:
    owner, course, one = built
    two = courses.add_section(session, course, "Two", None)
    a, b = lesson(session, owner, course, one, title="a"), lesson(session, owner, course, one,
                                                                    title="b")
    courses.reorder(session, course, [(two.id, [b.id, a.id]), (one.id, [])])
    assert titles(session, owner, course) == [("Two", ["b", "a"]), ("Basics", [])]
    for bad in ([(two.id, [a.id])], [(two.id, [a.id, b.id, a.id]), (one.id, [])],
                [(two.id, [a.id, b.id])]):
        with pytest.raises(courses.BadOutline):
            courses.reorder(session, course, bad)


def test_each_kind_has_its_completion_rules(session: Session, built: Any) -> None:
    owner, course, sec = built
    assert lesson(session, owner, course, sec, kind="video").completion == {
        "kind": "must_watch", "fraction": 0.9}
    with pytest.raises(courses.BadLesson) as refused:
        lesson(session, owner, course, sec, completion=Completion(kind="must_watch",
                                                                  fraction=0.5))
    assert refused.value.extra == {"field": "completion.kind"}
    with pytest.raises(courses.BadLesson) as refused:
        lesson(session, owner, course, sec, kind="link")
    assert refused.value.extra == {"field": "url"}
    with pytest.raises(courses.BadLesson) as refused:
        lesson(session, owner, course, sec, kind="challenge")
    assert refused.value.extra == {"field": "challenge"}


def test_a_challenge_lesson_follows_or_pins_a_version(session: Session, built: Any) -> None:
    owner, course, sec = built
    challenge = make.challenge(session, owner)
    v1 = make.version(session, challenge, number=1)
    row = lesson(session, owner, course, sec, kind="challenge", challenge=challenge.slug)
    assert (row.challenge_id, row.challenge_version_id) == (challenge.id, None)
    assert row.completion == {"kind": "challenge_accepted"}
    courses.update_lesson(session, make.principal(owner), course, row,
                          LessonUpdate(challenge_version=1))
    assert row.challenge_version_id == v1.id
    with pytest.raises(courses.BadLesson) as refused:
        courses.update_lesson(session, make.principal(owner), course, row,
                              LessonUpdate(challenge_version=7))
    assert refused.value.extra == {"field": "challenge_version"}
    with pytest.raises(courses.BadLesson):
        lesson(session, owner, course, sec, kind="challenge", challenge="no-such-challenge")


def test_prerequisites_stay_in_the_course_and_never_cycle(session: Session,
                                                          built: Any) -> None:
    owner, course, sec = built
    a = lesson(session, owner, course, sec, title="a")
    b = lesson(session, owner, course, sec, title="b", prerequisites=[a.id])
    c = lesson(session, owner, course, sec, title="c", prerequisites=[b.id])
    assert c.prerequisites == [str(b.id)]
    who = make.principal(owner)
    with pytest.raises(courses.BadLesson) as refused:
        courses.update_lesson(session, who, course, a, LessonUpdate(prerequisites=[c.id]))
    assert "cycle" in refused.value.detail
    with pytest.raises(courses.BadLesson):
        courses.update_lesson(session, who, course, a, LessonUpdate(prerequisites=[a.id]))
    other = make.course(session, owner)
    stranger = lesson(session, owner, other, courses.add_section(session, other, "S", None))
    with pytest.raises(courses.BadLesson):
        courses.update_lesson(session, who, course, a, LessonUpdate(prerequisites=[stranger.id]))
    courses.delete_lesson(session, course, b.id)  # c no longer waits for a deleted lesson
    assert c.prerequisites == []


def test_publishing_needs_a_published_lesson_and_drafts_stay_private(
        session: Session, built: Any) -> None:
    owner, course, sec = built
    learner = make.principal(make.user(session))
    with pytest.raises(courses.NotPublishable):
        courses.publish(session, course)
    with pytest.raises(NotFound):
        courses.get(session, learner, course.slug)
    draft = lesson(session, owner, course, sec, title="draft")
    lesson(session, owner, course, sec, title="live", status="published")
    courses.publish(session, course)
    assert course.published_at is not None
    assert courses.get(session, learner, course.slug) is course
    assert [[x.title for x in rows] for _, rows in courses.outline(session, learner, course)] \
        == [["live"]]
    with pytest.raises(NotFound):
        courses.visible_lesson(session, learner, course, draft.id)
    with pytest.raises(courses.Forbidden):
        courses.editable(session, learner, course.slug)


def test_slugs_are_unique_and_markdown_is_sanitised(session: Session) -> None:
    who = make.principal(make.user(session, Role.INSTRUCTOR))
    course = courses.create(session, who, CourseCreate(
        slug="intro", title="Intro", description="**Hi** <script>x()</script> "
                                                  "[x](javascript:alert(1))"))
    assert course.description_html.startswith("<p><strong>Hi</strong>")
    assert "<script" not in course.description_html and "href" not in course.description_html
    with pytest.raises(courses.SlugTaken):
        courses.create(session, who, CourseCreate(slug="intro", title="Again"))
    assert courses.get(session, who, "intro") is course  # the session goes on


@pytest.mark.parametrize("size", [3, 300])
def test_the_outline_takes_the_same_queries_for_3_and_300_lessons(
        session: Session, built: Any, size: int) -> None:
    owner, course, sec = built
    other = courses.add_section(session, course, "More", None)
    for i in range(size):
        lesson(session, owner, course, sec if i % 2 else other, title=f"l{i}")
    statements: list[str] = []
    connection = session.connection()
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listen)
    try:
        shape = courses.outline(session, make.principal(owner), course)
    finally:
        event.remove(connection, "before_cursor_execute", listen)
    assert sum(len(rows) for _, rows in shape) == size
    assert len(statements) == 2
