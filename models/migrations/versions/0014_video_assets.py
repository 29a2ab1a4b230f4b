"""video assets: an upload and what the media pipeline made of it; row-level security (a
course's staff read its assets, its editors change them)

Revision ID: a4b2c8d6e913
Revises: 9f3a1b6c4d82
Create Date: 2026-12-06 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a4b2c8d6e913"
down_revision = "9f3a1b6c4d82"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)
STAFF = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_staff_courses())::uuid[]))"
EDITOR = "((SELECT uw_admin()) OR course_id = ANY ((SELECT uw_editor_courses())::uuid[]))"


def upgrade() -> None:
    op.create_table(
        "video_assets", sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("course_id", sa.Uuid(), sa.ForeignKey(
            "courses.id", ondelete="CASCADE", name="fk_video_assets_course_id_courses"),
            nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="SET NULL", name="fk_video_assets_uploaded_by_users")),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.String(500)),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("source_key", sa.String(300)),
        sa.Column("duration", sa.Float()), sa.Column("width", sa.Integer()),
        sa.Column("height", sa.Integer()), sa.Column("has_audio", sa.Boolean()),
        sa.Column("renditions", JSON, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("ready_at", TS),
        sa.PrimaryKeyConstraint("id", name="pk_video_assets"))
    op.create_index("ix_video_assets_created_at", "video_assets", ["created_at"])
    op.create_index("ix_video_assets_course_id", "video_assets", ["course_id"])
    op.execute("ALTER TABLE video_assets ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY video_assets_worker ON video_assets TO uw_worker "
               "USING (true) WITH CHECK (true)")
    op.execute(f"CREATE POLICY video_assets_read ON video_assets FOR SELECT TO uw_api "
               f"USING ({STAFF})")
    for name, command, using, check in (("create", "INSERT", None, EDITOR),
                                        ("change", "UPDATE", EDITOR, EDITOR),
                                        ("delete", "DELETE", EDITOR, None)):
        sql = f"CREATE POLICY video_assets_{name} ON video_assets FOR {command} TO uw_api"
        if using:
            sql += f" USING ({using})"
        if check:
            sql += f" WITH CHECK ({check})"
        op.execute(sql)


def downgrade() -> None:
    op.drop_table("video_assets")
