"""Row-level security as defence in depth: the api's database role sees, through deliberately
unfiltered SQL, only what its caller may see, whatever the code above it forgets to filter; the
identity lives for one transaction, so a pooled connection reused after a request carries none.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from kit import db
from kit.settings import Settings
from models import (
    Certificate,
    CourseRole,
    CourseStatus,
    Enrollment,
    LessonProgress,
    LessonStatus,
    Role,
    Section,
    User,
)
from models.course import Lesson
from tests.fixtures import factories as make
from tests.fixtures.api import Account

PRIVATE = ("enrollments", "lesson_progress", "certificates", "submissions")


@dataclass
class World:
    alice: User  # learner in course A
    bob: User  # learner in courses A and B
    teacher_a: User  # owns course A (and its draft)
    teacher_b: User  # owns course B
    ta_a: User  # teaching assistant of course A
    admin: User
    course_a: uuid.UUID
    course_b: uuid.UUID
    draft_a: uuid.UUID


def _lesson(s: Session, course_id: uuid.UUID, status: LessonStatus) -> Lesson:
    section = Section(course_id=course_id, title="S", position=uuid.uuid4().hex)
    s.add(section)
    s.flush()
    row = Lesson(course_id=course_id, section_id=section.id, position="a0", kind="text",
                 title=f"L {status}", status=status, completion={"kind": "must_view"})
    s.add(row)
    s.flush()
    return row


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    """Two courses with learners, progress, certificates and submissions, committed as the
    owner (the `settings` fixture empties the tables afterwards)."""
    engine = db.make_engine(settings.owner_db, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        alice, bob, admin = (make.user(s), make.user(s), make.user(s, Role.ADMIN))
        teacher_a, teacher_b = make.user(s, Role.INSTRUCTOR), make.user(s, Role.INSTRUCTOR)
        ta_a = make.user(s)
        course_a, course_b = make.course(s, teacher_a), make.course(s, teacher_b)
        draft_a = make.course(s, teacher_a, CourseStatus.DRAFT)
        for c in (course_a, course_b):
            _lesson(s, c.id, LessonStatus.PUBLISHED)
        _lesson(s, course_a.id, LessonStatus.DRAFT)
        lesson_a = _lesson(s, course_a.id, LessonStatus.PUBLISHED)
        lesson_b = _lesson(s, course_b.id, LessonStatus.PUBLISHED)
        enrolled = [(alice, course_a), (bob, course_a), (bob, course_b)]
        for user, c in enrolled:
            s.add(Enrollment(course_id=c.id, user_id=user.id))
            lesson = lesson_a if c is course_a else lesson_b
            s.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, course_id=c.id,
                                 viewed=True))
            s.add(Certificate(course_id=c.id, user_id=user.id, code=f"UW-{uuid.uuid4().hex}",
                              learner_name="x", course_title="y", issued_at=c.created_at,
                              pdf_key="k"))
        s.add(Enrollment(course_id=course_a.id, user_id=ta_a.id, role=CourseRole.TA))
        version_a = make.version(s, make.challenge(s, teacher_a))
        for user in (alice, bob):
            make.submission(s, user, version_a)
            make.submission(s, user)  # ad hoc
        world = World(alice, bob, teacher_a, teacher_b, ta_a, admin, course_a.id, course_b.id,
                      draft_a.id)
    engine.dispose()
    yield world


@pytest.fixture
def api_engine(settings: Settings) -> Iterator[Engine]:
    engine = db.make_engine(settings.database_url, pool_size=1)
    yield engine
    engine.dispose()


def rows(engine: Engine, who: User | None, sql: str) -> list[tuple[object, ...]]:
    """A deliberately unfiltered query, as `who`, on the api's role."""
    with db.make_sessionmaker(engine)() as s:
        if who is not None:
            db.act_as(s, str(who.id), who.role)
        return [tuple(r) for r in s.execute(text(sql))]


def owners(engine: Engine, who: User | None, table: str) -> set[uuid.UUID]:
    return {r[0] for r in rows(engine, who, f"SELECT user_id FROM {table}")}  # type: ignore


def test_the_api_role_is_neither_owner_nor_bypassrls(api_engine: Engine) -> None:
    [(superuser, bypass, owns)] = rows(api_engine, None, """
        SELECT r.rolsuper, r.rolbypassrls,
               EXISTS (SELECT 1 FROM pg_tables t WHERE t.tableowner = current_user)
        FROM pg_roles r WHERE r.rolname = current_user""")
    assert (superuser, bypass, owns) == (False, False, False)
    forced = rows(api_engine, None, """SELECT relname FROM pg_class
        WHERE relname = ANY(:t) AND relrowsecurity""".replace(":t", "ARRAY['" + "','".join(
        (*PRIVATE, "courses", "lessons", "course_sections")) + "']"))
    assert len(forced) == len(PRIVATE) + 3


def test_learners_see_only_their_own_rows(world: World, api_engine: Engine) -> None:
    for table in PRIVATE:
        assert owners(api_engine, world.alice, table) == {world.alice.id}, table
        assert owners(api_engine, world.bob, table) == {world.bob.id}, table
    assert rows(api_engine, world.alice, "SELECT count(*) FROM submissions") == [(2,)]


def test_nobody_sees_private_rows_without_an_identity(world: World, api_engine: Engine) -> None:
    for table in PRIVATE:
        assert rows(api_engine, None, f"SELECT * FROM {table}") == [], table
    courses = {r[0] for r in rows(api_engine, None, "SELECT id FROM courses")}
    assert courses == {world.course_a, world.course_b}  # published only: no draft


def test_instructors_and_tas_see_their_own_courses_only(world: World,
                                                        api_engine: Engine) -> None:
    for staff in (world.teacher_a, world.ta_a):
        seen = rows(api_engine, staff, "SELECT DISTINCT course_id FROM enrollments")
        assert seen == [(world.course_a,)], staff
        progress = rows(api_engine, staff, "SELECT DISTINCT course_id FROM lesson_progress")
        assert progress == [(world.course_a,)]
        assert owners(api_engine, staff, "certificates") == {world.alice.id, world.bob.id}
    assert owners(api_engine, world.teacher_b, "enrollments") == {world.bob.id}
    # submissions: the challenge's owner sees those on it, not ad hoc runs
    assert rows(api_engine, world.teacher_a, "SELECT count(*) FROM submissions") == [(2,)]
    assert rows(api_engine, world.teacher_b, "SELECT count(*) FROM submissions") == [(0,)]
    assert rows(api_engine, world.admin, "SELECT count(*) FROM submissions") == [(4,)]


def test_drafts_are_hidden_from_learners(world: World, api_engine: Engine) -> None:
    ids = "SELECT id FROM courses"
    assert world.draft_a not in {r[0] for r in rows(api_engine, world.alice, ids)}
    assert world.draft_a in {r[0] for r in rows(api_engine, world.teacher_a, ids)}
    lessons = f"SELECT status FROM lessons WHERE course_id = '{world.course_a}'"
    assert {r[0] for r in rows(api_engine, world.alice, lessons)} == {"published"}
    assert {r[0] for r in rows(api_engine, world.ta_a, lessons)} == {"published", "draft"}


def test_learners_cannot_write_what_is_not_theirs(world: World, api_engine: Engine) -> None:
    sessions = db.make_sessionmaker(api_engine)
    with sessions() as s:
        db.act_as(s, str(world.alice.id), world.alice.role)
        # another learner's progress, a course's title, their own role: nothing changes
        assert s.execute(text("UPDATE lesson_progress SET viewed = false")).rowcount == 1
        assert s.execute(text("UPDATE courses SET title = 'pwned'")).rowcount == 0
        s.rollback()
    for sql in (f"UPDATE enrollments SET role = 'instructor' WHERE user_id = '{world.alice.id}'",
                f"INSERT INTO enrollments (id, course_id, user_id, role, state, percent, "
                f"created_at, updated_at) VALUES (gen_random_uuid(), '{world.course_b}', "
                f"'{world.bob.id}', 'learner', 'active', 0, now(), now())"):
        with sessions() as s:
            db.act_as(s, str(world.alice.id), world.alice.role)
            with pytest.raises(ProgrammingError, match="row-level security"):
                s.execute(text(sql))


def test_a_pooled_connection_carries_no_identity_after_a_request(
        world: World, client: TestClient, learner: Account) -> None:
    engine = client.app.state.uw.sessions.kw["bind"]  # type: ignore[attr-defined]
    engine.dispose()  # start from an empty pool: the request below makes its one connection
    r = client.get("/api/v1/submissions", headers=learner.headers)
    assert r.status_code == 200
    assert engine.pool.checkedin() == 1
    with engine.connect() as conn:  # the connection that request used
        identity = conn.execute(text("SELECT current_setting('uw.user_id', true), "
                                     "current_setting('uw.role', true)")).one()
        assert tuple(x or "" for x in identity) == ("", "")
        assert conn.execute(text("SELECT count(*) FROM submissions")).scalar() == 0


def test_identity_is_set_again_after_a_commit_in_the_same_session(
        world: World, api_engine: Engine) -> None:
    with db.make_sessionmaker(api_engine)() as s:
        db.act_as(s, str(world.bob.id), world.bob.role)
        first = s.execute(text("SELECT count(*) FROM enrollments")).scalar()
        db.commit(s)
        assert s.execute(text("SELECT count(*) FROM enrollments")).scalar() == first == 2


def test_the_worker_role_sees_everything(world: World, settings: Settings) -> None:
    engine = db.make_engine(settings.worker_db, pool_size=1)
    try:
        for table in PRIVATE:
            assert len(owners(engine, None, table)) >= 2, table
    finally:
        engine.dispose()


def test_the_search_views_show_published_content_and_take_no_writes(
        world: World, api_engine: Engine) -> None:
    courses = {r[0] for r in rows(api_engine, world.alice, "SELECT id FROM public_courses")}
    assert courses == {world.course_a, world.course_b}
    statuses = rows(api_engine, world.teacher_a, "SELECT DISTINCT status FROM public_lessons")
    assert statuses == [("published",)]  # even for the draft's own instructor
    for sql in ("UPDATE public_courses SET title = 'pwned'", "DELETE FROM public_courses"):
        with db.make_sessionmaker(api_engine)() as s:
            db.act_as(s, str(world.admin.id), world.admin.role)
            with pytest.raises(ProgrammingError, match="permission denied"):
                s.execute(text(sql))
