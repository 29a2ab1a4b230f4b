"""hints: each hint asked for, with its prompt and reply (for the course's staff); hints on or
off per course and per challenge, and a challenge's words hints must avoid; row-level security
(learners read their own hints, a course's staff read its hints)

Revision ID: e2a4c6b8d0f1
Revises: d9f1a3b5c7e2
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e2a4c6b8d0f1"
down_revision = "d9f1a3b5c7e2"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)
STAFF = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_staff_courses())::uuid[]))"


def upgrade() -> None:
    op.add_column("courses", sa.Column("hints_enabled", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    op.add_column("challenges", sa.Column("hints_enabled", sa.Boolean(), nullable=False,
                                          server_default=sa.true()))
    op.add_column("challenges", sa.Column("hint_avoid", JSON, nullable=False,
                                          server_default=sa.text("'[]'")))
    op.create_table(
        "hints", sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="CASCADE", name="fk_hints_user_id_users"), nullable=False),
        sa.Column("course_id", sa.Uuid(), sa.ForeignKey(
            "courses.id", ondelete="CASCADE", name="fk_hints_course_id_courses"),
            nullable=False),
        sa.Column("challenge_id", sa.Uuid(), sa.ForeignKey(
            "challenges.id", ondelete="CASCADE", name="fk_hints_challenge_id_challenges"),
            nullable=False),
        sa.Column("submission_id", sa.Uuid(), sa.ForeignKey(
            "submissions.id", ondelete="SET NULL", name="fk_hints_submission_id_submissions")),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("model", sa.String(100)),
        sa.Column("prompt", JSON, nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("notes", JSON, nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hints"))
    op.create_index("ix_hints_created_at", "hints", ["created_at"])
    op.create_index("ix_hints_user_challenge", "hints", ["user_id", "challenge_id", "created_at"])
    op.create_index("ix_hints_course_created", "hints", ["course_id", "created_at"])
    op.execute("ALTER TABLE hints ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY hints_worker ON hints TO uw_worker USING (true) WITH CHECK (true)")
    op.execute(f"CREATE POLICY hints_read ON hints FOR SELECT TO uw_api "
               f"USING (user_id = (SELECT uw_user()) OR {STAFF})")
    op.execute("CREATE POLICY hints_create ON hints FOR INSERT TO uw_api "
               "WITH CHECK (user_id = (SELECT uw_user()))")
    # a course's hints in a window, for its budget: a learner's request counts everyone's
    # (the policies above would show them their own rows only), and learns only a number
    op.execute("""
CREATE FUNCTION uw_hints_spent(course uuid, since timestamptz)
RETURNS TABLE (spent bigint, oldest timestamptz) LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT count(*), min(created_at) FROM public.hints
      WHERE course_id = course AND created_at > since $$""")
    # the request that asked records what it got (lms.hints.service.finish)
    op.execute("CREATE POLICY hints_finish ON hints FOR UPDATE TO uw_api "
               "USING (user_id = (SELECT uw_user())) WITH CHECK (user_id = (SELECT uw_user()))")


def downgrade() -> None:
    op.execute("DROP FUNCTION uw_hints_spent(uuid, timestamptz)")
    op.drop_table("hints")
    op.drop_column("challenges", "hint_avoid")
    op.drop_column("challenges", "hints_enabled")
    op.drop_column("courses", "hints_enabled")
