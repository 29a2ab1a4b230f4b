"""search heads: tsvectors of titles (and course summaries and tags) alone, with GIN indexes, so
search ranks the few head matches before the many text matches; the search views again

Views select the columns their tables had when they were made: a migration that adds columns to
courses or lessons makes the views again (as this one does).

Revision ID: 2b7e4c9d1f03
Revises: 9d3e1f7a2c44
Create Date: 2026-12-03 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.course import COURSE_HEAD, LESSON_HEAD

revision = "2b7e4c9d1f03"
down_revision = "9d3e1f7a2c44"
branch_labels = None
depends_on = None

# as 0008 made them (a migration keeps its own copy: later ones may change them)
VIEWS = {
    "public_courses": "SELECT * FROM courses WHERE status = 'published'",
    "public_lessons": "SELECT l.* FROM lessons l JOIN courses c ON c.id = l.course_id "
                      "WHERE l.status = 'published' AND c.status = 'published'",
}


def _make_views() -> None:
    for view, query in VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {query}")
        for group in ("uw_api", "uw_worker"):  # read only: writes would skip the policies
            op.execute(f"REVOKE ALL ON {view} FROM {group}")
            op.execute(f"GRANT SELECT ON {view} TO {group}")


def _drop_views() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")


def upgrade() -> None:
    for table, head in (("courses", COURSE_HEAD), ("lessons", LESSON_HEAD)):
        op.add_column(table, sa.Column("head_vector", postgresql.TSVECTOR(),
                                       sa.Computed(head, persisted=True), nullable=True))
        op.create_index(f"ix_{table}_head_vector", table, ["head_vector"],
                        postgresql_using="gin")
    _drop_views()
    _make_views()


def downgrade() -> None:
    _drop_views()
    for table in ("courses", "lessons"):
        op.drop_index(f"ix_{table}_head_vector", table_name=table)
        op.drop_column(table, "head_vector")
    _make_views()
