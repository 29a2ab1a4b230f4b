"""video playback: caption tracks and resumable-upload offsets on assets, watched intervals and
the resume position on lesson progress; enrolled learners read the assets of their courses

Revision ID: b7d3e5f1a2c4
Revises: a4b2c8d6e913
Create Date: 2026-12-06 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "b7d3e5f1a2c4"
down_revision = "a4b2c8d6e913"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)
STAFF = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_staff_courses())::uuid[]))"
ENROLLED = "course_id = ANY ((SELECT uw_learning_courses())::uuid[])"


def upgrade() -> None:
    op.add_column("video_assets", sa.Column("captions", JSON, nullable=False,
                                            server_default=sa.text("'[]'")))
    op.add_column("video_assets", sa.Column("received_bytes", sa.BigInteger(), nullable=False,
                                            server_default=sa.text("0")))
    op.add_column("lesson_progress", sa.Column("watched_intervals", JSON, nullable=False,
                                               server_default=sa.text("'[]'")))
    op.add_column("lesson_progress", sa.Column("position", sa.Float(), nullable=False,
                                               server_default=sa.text("0")))
    op.add_column("lesson_progress", sa.Column("watch_reported_at", TS))
    op.execute("DROP POLICY video_assets_read ON video_assets")
    op.execute(f"CREATE POLICY video_assets_read ON video_assets FOR SELECT TO uw_api "
               f"USING ({ENROLLED} OR {STAFF})")


def downgrade() -> None:
    op.execute("DROP POLICY video_assets_read ON video_assets")
    op.execute(f"CREATE POLICY video_assets_read ON video_assets FOR SELECT TO uw_api "
               f"USING ({STAFF})")
    op.drop_column("lesson_progress", "watch_reported_at")
    op.drop_column("lesson_progress", "position")
    op.drop_column("lesson_progress", "watched_intervals")
    op.drop_column("video_assets", "received_bytes")
    op.drop_column("video_assets", "captions")
