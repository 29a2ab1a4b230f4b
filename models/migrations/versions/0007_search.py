"""full-text search over courses and lessons: generated weighted tsvectors with GIN indexes,
and trigram indexes on titles for typo tolerance (pg_trgm)

Revision ID: 4c2f9e8a1b77
Revises: 79a8b9d46cfa
Create Date: 2026-12-03 19:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.course import COURSE_VECTOR, LESSON_VECTOR

revision = "4c2f9e8a1b77"
down_revision = "79a8b9d46cfa"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # trusted: the database owner may
    for table, vector in (("courses", COURSE_VECTOR), ("lessons", LESSON_VECTOR)):
        op.add_column(table, sa.Column("search_vector", postgresql.TSVECTOR(),
                                       sa.Computed(vector, persisted=True), nullable=True))
        op.create_index(f"ix_{table}_search_vector", table, ["search_vector"],
                        postgresql_using="gin")
        op.create_index(f"ix_{table}_title_trgm", table, ["title"], postgresql_using="gin",
                        postgresql_ops={"title": "gin_trgm_ops"})


def downgrade() -> None:
    for table in ("courses", "lessons"):
        op.drop_index(f"ix_{table}_title_trgm", table_name=table)
        op.drop_index(f"ix_{table}_search_vector", table_name=table)
        op.drop_column(table, "search_vector")
