# ruff: noqa: F811 (the fixtures shared with test_rls are parameters here)
"""Row-level security over the quiz, gradebook and analytics tables: through deliberately
unfiltered SQL on the api's role, learners see their own attempts, answers and events, staff
their own courses', other instructors nothing; nobody may rewrite the append-only events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from kit import db
from kit.settings import Settings
from models import (
    Answer,
    Attempt,
    EventKind,
    GradeCategory,
    LearningEvent,
    Question,
    QuestionBank,
    Quiz,
)
from tests.lms.test_rls import World, api_engine, rows, world  # noqa: F401 (fixtures)

QUIZ_TABLES = ("quizzes", "quiz_questions", "question_banks", "grade_categories")


@pytest.fixture
def quizzed(world: World, settings: Settings) -> Iterator[World]:
    engine = db.make_engine(settings.owner_db, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        for course in (world.course_a, world.course_b):
            quiz = Quiz(course_id=course, title="Q", passing_score=0, feedback="never",
                        scoring="best", shuffle_questions=False, shuffle_options=False, draws=[])
            s.add_all([quiz, QuestionBank(course_id=course, title="B"),
                       GradeCategory(course_id=course, name="G", weight=1)])
            s.flush()
            question = Question(course_id=course, quiz_id=quiz.id, kind="true_false", data={},
                                key={"correct": True}, prompt="", prompt_html="")
            s.add(question)
            s.flush()
            learners = (world.alice, world.bob) if course == world.course_a else (world.bob,)
            for user in learners:
                attempt = Attempt(quiz_id=quiz.id, course_id=course, user_id=user.id, number=1,
                                  seed=1, layout=[], started_at=world.alice.created_at)
                s.add(attempt)
                s.flush()
                s.add(Answer(attempt_id=attempt.id, question_id=question.id, user_id=user.id,
                             course_id=course, response=True, detail={}))
                s.add(LearningEvent(at=world.alice.created_at, kind=EventKind.ENROLLED,
                                    course_id=course, user_id=user.id, data={}))
    engine.dispose()
    yield world


def courses_of(engine: Engine, who: object, table: str) -> set[uuid.UUID]:
    return {r[0] for r in rows(engine, who, f"SELECT course_id FROM {table}")}  # type: ignore


def users_of(engine: Engine, who: object, table: str) -> set[uuid.UUID]:
    return {r[0] for r in rows(engine, who, f"SELECT user_id FROM {table}")}  # type: ignore


def test_learners_see_their_own_attempts_answers_and_events(
        quizzed: World, api_engine: Engine) -> None:
    w = quizzed
    for table in ("quiz_attempts", "quiz_answers", "learning_events"):
        assert users_of(api_engine, w.alice, table) == {w.alice.id}, table
        assert users_of(api_engine, w.bob, table) == {w.bob.id}, table
        assert users_of(api_engine, w.teacher_a, table) == {w.alice.id, w.bob.id}, table
        assert users_of(api_engine, w.ta_a, table) == {w.alice.id, w.bob.id}, table
        assert users_of(api_engine, w.teacher_b, table) == {w.bob.id}, table
        assert rows(api_engine, None, f"SELECT * FROM {table}") == [], table
        assert courses_of(api_engine, w.teacher_b, table) == {w.course_b}, table


def test_quizzes_are_read_by_their_courses_people_only(quizzed: World,
                                                       api_engine: Engine) -> None:
    w = quizzed
    for table in QUIZ_TABLES:
        assert courses_of(api_engine, w.teacher_a, table) == {w.course_a}, table
        assert courses_of(api_engine, w.admin, table) == {w.course_a, w.course_b}, table
        assert rows(api_engine, None, f"SELECT * FROM {table}") == [], table
    assert courses_of(api_engine, w.alice, "quizzes") == {w.course_a}
    assert courses_of(api_engine, w.bob, "quiz_questions") == {w.course_a, w.course_b}
    assert courses_of(api_engine, w.alice, "question_banks") == set()  # staff only


def test_the_events_table_is_append_only(quizzed: World, api_engine: Engine,
                                         settings: Settings) -> None:
    for url in (settings.database_url, settings.worker_db):
        engine = db.make_engine(url, pool_size=1)
        for sql in ("UPDATE learning_events SET kind = 'x'", "DELETE FROM learning_events"):
            with db.make_sessionmaker(engine)() as s:
                db.act_as(s, str(quizzed.admin.id), quizzed.admin.role)
                with pytest.raises(ProgrammingError, match="permission denied"):
                    s.execute(text(sql))
        engine.dispose()


def test_a_learner_cannot_write_someone_elses_attempt(quizzed: World,
                                                      api_engine: Engine) -> None:
    w = quizzed
    with db.make_sessionmaker(api_engine)() as s:
        db.act_as(s, str(w.alice.id), w.alice.role)
        changed = s.execute(text("UPDATE quiz_attempts SET score = 100 WHERE user_id = :u"),
                            {"u": w.bob.id})
        assert changed.rowcount == 0  # type: ignore[attr-defined]
        with pytest.raises(ProgrammingError, match="row-level security"):
            s.execute(text("INSERT INTO learning_events (at, kind, course_id, user_id, data) "
                           "VALUES (now(), 'enrolled', :c, :u, '{}')"),
                      {"c": w.course_b, "u": w.bob.id})
