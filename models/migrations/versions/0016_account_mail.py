"""account mail: verified addresses, mail preferences, single-use account tokens (verify,
reset, email change)

Revision ID: c8e4f6a2b3d5
Revises: b7d3e5f1a2c4
Create Date: 2026-12-06 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c8e4f6a2b3d5"
down_revision = "b7d3e5f1a2c4"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", TS))
    op.add_column("users", sa.Column("mail_opt_out", JSON, nullable=False,
                                     server_default=sa.text("'[]'")))
    op.create_table(
        "account_tokens", sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
            "users.id", ondelete="CASCADE", name="fk_account_tokens_user_id_users"),
            nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
        sa.Column("new_email", sa.String(320)),
        sa.PrimaryKeyConstraint("id", name="pk_account_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_account_tokens_token_hash"))
    op.create_index("ix_account_tokens_created_at", "account_tokens", ["created_at"])
    op.create_index("ix_account_tokens_user_id", "account_tokens", ["user_id"])


def downgrade() -> None:
    op.drop_table("account_tokens")
    op.drop_column("users", "mail_opt_out")
    op.drop_column("users", "email_verified_at")
