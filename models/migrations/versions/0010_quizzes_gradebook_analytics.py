"""quizzes, question banks, attempts and answers; grade categories; the append-only learning
events table; row-level security for all of them

Lessons gain `grade_category_id` (and `quiz_id` becomes a foreign key), so the search views are
made again (0009's note).

Revision ID: 5e8a2d7c3b10
Revises: 2b7e4c9d1f03
Create Date: 2026-12-06 16:40:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5e8a2d7c3b10"
down_revision = "2b7e4c9d1f03"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)
GROUPS = ("uw_api", "uw_worker")

VIEWS = {
    "public_courses": "SELECT * FROM courses WHERE status = 'published'",
    "public_lessons": "SELECT l.* FROM lessons l JOIN courses c ON c.id = l.course_id "
                      "WHERE l.status = 'published' AND c.status = 'published'",
}

# The caller's courses as staff and as editor, computed once per statement: a scalar
# subquery is an InitPlan, where uw_course_staff(course_id) is a function call per row (the
# analytics read every learner's rows: 10,000 learners' events are 300,000 calls).
FUNCTIONS = """
CREATE FUNCTION uw_staff_courses() RETURNS uuid[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT coalesce(array_agg(id), '{}') FROM (
    SELECT c.id FROM public.courses c WHERE c.owner_id = public.uw_user()
    UNION
    SELECT e.course_id FROM public.enrollments e
    WHERE e.user_id = public.uw_user() AND e.role <> 'learner'
      AND e.state IN ('active', 'completed')) AS mine(id)
$$;

CREATE FUNCTION uw_editor_courses() RETURNS uuid[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT coalesce(array_agg(id), '{}') FROM (
    SELECT c.id FROM public.courses c WHERE c.owner_id = public.uw_user()
    UNION
    SELECT e.course_id FROM public.enrollments e
    WHERE e.user_id = public.uw_user() AND e.role = 'instructor'
      AND e.state IN ('active', 'completed')) AS mine(id)
$$;

CREATE FUNCTION uw_learning_courses() RETURNS uuid[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT coalesce(array_agg(e.course_id), '{}') FROM public.enrollments e
  WHERE e.user_id = public.uw_user() AND e.state IN ('active', 'completed')
$$;
"""
ME = "(SELECT uw_user())"
STAFF = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_staff_courses())::uuid[]))"
EDITOR = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_editor_courses())::uuid[]))"
ENROLLED = "course_id = ANY ((SELECT uw_learning_courses())::uuid[])"
OWN = f"user_id = {ME}"
AUTHORING = [("read", "SELECT", STAFF, None), ("create", "INSERT", None, EDITOR),
             ("change", "UPDATE", EDITOR, EDITOR), ("delete", "DELETE", EDITOR, None)]
# Learners read quizzes and questions through the api's services, which decide what of them to
# show (never the keys); at the database they may read the rows of courses they are in.
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "quizzes": [("read", "SELECT", f"{ENROLLED} OR {STAFF}", None), *AUTHORING[1:]],
    "quiz_questions": [("read", "SELECT", f"{ENROLLED} OR {STAFF}", None), *AUTHORING[1:]],
    "question_banks": AUTHORING,
    "grade_categories": [("read", "SELECT", f"{ENROLLED} OR {STAFF}", None), *AUTHORING[1:]],
    # learners start, save and submit their own; editors regrade
    "quiz_attempts": [("read", "SELECT", f"{OWN} OR {STAFF}", None),
                      ("create", "INSERT", None, OWN),
                      ("change", "UPDATE", f"{OWN} OR {EDITOR}", f"{OWN} OR {EDITOR}")],
    "quiz_answers": [("read", "SELECT", f"{OWN} OR {STAFF}", None),
                     ("create", "INSERT", None, OWN),
                     ("change", "UPDATE", f"{OWN} OR {EDITOR}", f"{OWN} OR {EDITOR}")],
    # append only: no UPDATE or DELETE policy, and no privilege either; learners read their
    # own (an INSERT ... ON CONFLICT checks the row against SELECT too)
    "learning_events": [("read", "SELECT", f"{OWN} OR {STAFF}", None),
                        ("create", "INSERT", None, f"{OWN} OR {STAFF}")],
}
# 0008's per-row policies on the tables the gradebook and analytics read for every learner,
# made again with the once-per-statement sets (the same rule)
FASTER: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "enrollments": [("read", "SELECT", f"{OWN} OR {STAFF}", None)],
    "lesson_progress": [("own", "ALL", f"{OWN} OR {STAFF}", f"{OWN} OR {EDITOR}")],
}
SLOWER: dict[str, list[tuple[str, str, str | None, str | None]]] = {  # as 0008 made them
    "enrollments": [("read", "SELECT", "user_id = uw_user() OR uw_course_staff(course_id)",
                     None)],
    "lesson_progress": [("own", "ALL", "user_id = uw_user() OR uw_course_staff(course_id)",
                         "user_id = uw_user() OR uw_course_editor(course_id)")],
}


def _policies(table: str, policies: list[tuple[str, str, str | None, str | None]]) -> None:
    for name, command, using, check in policies:
        sql = f"CREATE POLICY {table}_{name} ON {table} FOR {command} TO uw_api"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        op.execute(sql)


def _timestamps() -> list[sa.Column[Any]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
            sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False)]


def _course(table: str) -> sa.Column[Any]:
    return sa.Column("course_id", sa.Uuid(), sa.ForeignKey(
        "courses.id", ondelete="CASCADE", name=f"fk_{table}_course_id_courses"), nullable=False)


def _tables() -> None:
    op.create_table(
        "quizzes", *_timestamps(), _course("quizzes"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("attempt_limit", sa.Integer()),
        sa.Column("passing_score", sa.Float(), nullable=False),
        sa.Column("time_limit_s", sa.Integer()),
        sa.Column("opens_at", TS), sa.Column("closes_at", TS),
        sa.Column("feedback", sa.String(20), nullable=False),
        sa.Column("scoring", sa.String(10), nullable=False),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_options", sa.Boolean(), nullable=False),
        sa.Column("draws", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quizzes"))
    op.create_table(
        "question_banks", *_timestamps(), _course("question_banks"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_question_banks"))
    op.create_table(
        "quiz_questions", *_timestamps(), _course("quiz_questions"),
        sa.Column("quiz_id", sa.Uuid(), sa.ForeignKey(
            "quizzes.id", ondelete="CASCADE", name="fk_quiz_questions_quiz_id_quizzes")),
        sa.Column("bank_id", sa.Uuid(), sa.ForeignKey(
            "question_banks.id", ondelete="CASCADE",
            name="fk_quiz_questions_bank_id_question_banks")),
        sa.Column("position", sa.String(collation="C"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("prompt_html", sa.Text(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("data", JSON, nullable=False), sa.Column("key", JSON, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_questions"))
    op.create_table(
        "quiz_attempts", *_timestamps(), _course("quiz_attempts"),
        sa.Column("quiz_id", sa.Uuid(), sa.ForeignKey(
            "quizzes.id", ondelete="CASCADE", name="fk_quiz_attempts_quiz_id_quizzes"),
            nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="CASCADE", name="fk_quiz_attempts_user_id_users"),
            nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("layout", JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("started_at", TS, nullable=False), sa.Column("deadline", TS),
        sa.Column("submitted_at", TS),
        sa.Column("auto_submitted", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float()), sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("percent", sa.Float()),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempts"),
        sa.UniqueConstraint("quiz_id", "user_id", "number", name="uq_quiz_attempts_quiz_id"))
    op.create_table(
        "quiz_answers", *_timestamps(), _course("quiz_answers"),
        sa.Column("attempt_id", sa.Uuid(), sa.ForeignKey(
            "quiz_attempts.id", ondelete="CASCADE",
            name="fk_quiz_answers_attempt_id_quiz_attempts"), nullable=False),
        sa.Column("question_id", sa.Uuid(), sa.ForeignKey(
            "quiz_questions.id", ondelete="CASCADE",
            name="fk_quiz_answers_question_id_quiz_questions"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="CASCADE", name="fk_quiz_answers_user_id_users"),
            nullable=False),
        sa.Column("response", JSON), sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float()), sa.Column("detail", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_answers"),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answers_attempt_id"))
    op.create_table(
        "grade_categories", *_timestamps(), _course("grade_categories"),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_grade_categories"),
        sa.UniqueConstraint("course_id", "name", name="uq_grade_categories_course_id"))
    op.create_table(
        "learning_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("at", TS, nullable=False), sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False), sa.Column("lesson_id", sa.Uuid()),
        sa.Column("data", JSON, nullable=False), sa.Column("dedupe", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_learning_events"),
        sa.UniqueConstraint("dedupe", name="uq_learning_events_dedupe"))


def _indexes() -> None:
    for table in ("quizzes", "question_banks", "quiz_questions", "quiz_attempts",
                  "quiz_answers", "grade_categories"):
        for column in ("created_at", "course_id"):
            op.create_index(f"ix_{table}_{column}", table, [column])
    op.create_index("ix_quiz_questions_bank_id", "quiz_questions", ["bank_id"])
    op.create_index("ix_quiz_questions_quiz_position", "quiz_questions", ["quiz_id", "position"])
    op.create_index("ix_quiz_attempts_quiz_id", "quiz_attempts", ["quiz_id"])
    op.create_index("ix_quiz_attempts_user_id", "quiz_attempts", ["user_id"])
    op.create_index("ix_quiz_attempts_open_deadline", "quiz_attempts", ["deadline"],
                    postgresql_where=sa.text("state = 'in_progress'"))
    op.create_index("ix_quiz_answers_question", "quiz_answers", ["question_id"])
    op.create_index("ix_learning_events_course_kind_at", "learning_events",
                    ["course_id", "kind", "at"])
    op.create_index("ix_learning_events_lesson_kind", "learning_events", ["lesson_id", "kind"])
    op.create_index("ix_learning_events_at_brin", "learning_events", ["at"],
                    postgresql_using="brin")


def _lessons() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    op.add_column("lessons", sa.Column("grade_category_id", sa.Uuid(), sa.ForeignKey(
        "grade_categories.id", ondelete="SET NULL",
        name="fk_lessons_grade_category_id_grade_categories")))
    op.create_foreign_key("fk_lessons_quiz_id_quizzes", "lessons", "quizzes", ["quiz_id"],
                          ["id"], ondelete="RESTRICT")
    op.create_index("ix_lessons_quiz_id", "lessons", ["quiz_id"])
    for view, query in VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {query}")
        for group in GROUPS:
            op.execute(f"REVOKE ALL ON {view} FROM {group}")
            op.execute(f"GRANT SELECT ON {view} TO {group}")


def upgrade() -> None:
    _tables()
    _indexes()
    _lessons()
    op.execute(FUNCTIONS)
    for group in GROUPS:
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON learning_events FROM {group}")
    for table, policies in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_worker ON {table} TO uw_worker "
                   f"USING (true) WITH CHECK (true)")
        _policies(table, policies)
    for table, policies in FASTER.items():
        for name, *_ in policies:
            op.execute(f"DROP POLICY {table}_{name} ON {table}")
        _policies(table, policies)


def downgrade() -> None:
    for table, policies in SLOWER.items():
        for name, *_ in policies:
            op.execute(f"DROP POLICY {table}_{name} ON {table}")
        _policies(table, policies)
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    op.drop_index("ix_lessons_quiz_id", "lessons")
    op.drop_constraint("fk_lessons_quiz_id_quizzes", "lessons", type_="foreignkey")
    op.drop_column("lessons", "grade_category_id")
    for view, query in VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {query}")
        for group in GROUPS:
            op.execute(f"REVOKE ALL ON {view} FROM {group}")
            op.execute(f"GRANT SELECT ON {view} TO {group}")
    for table in ("learning_events", "grade_categories", "quiz_answers", "quiz_attempts",
                  "quiz_questions", "question_banks", "quizzes"):
        op.drop_table(table)
    for fn in ("uw_learning_courses()", "uw_editor_courses()", "uw_staff_courses()"):
        op.execute(f"DROP FUNCTION {fn}")  # after the policies that name them
