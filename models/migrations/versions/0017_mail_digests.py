"""weekly digests: one row per user and week, so each week's digest goes at most once

Revision ID: d9f1a3b5c7e2
Revises: c8e4f6a2b3d5
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "d9f1a3b5c7e2"
down_revision = "c8e4f6a2b3d5"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mail_digests", sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="CASCADE", name="fk_mail_digests_user_id_users"),
            nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mail_digests"),
        sa.UniqueConstraint("user_id", "week", name="uq_mail_digests_user_id"))
    op.create_index("ix_mail_digests_created_at", "mail_digests", ["created_at"])


def downgrade() -> None:
    op.drop_table("mail_digests")
