"""transactional outbox; webhook delivery moves onto it

Revision ID: 5b1e0c2d7a90
Revises: c7f058dc930c
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5b1e0c2d7a90"
down_revision = "c7f058dc930c"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index("ix_outbox_messages_due", "outbox_messages", ["state", "next_at"])
    op.create_index(op.f("ix_outbox_messages_created_at"), "outbox_messages", ["created_at"])
    # callbacks still waiting to be delivered become outbox messages; nothing is lost
    op.execute("""
        INSERT INTO outbox_messages (id, topic, payload, state, attempts, next_at)
        SELECT gen_random_uuid(), 'grading.webhook',
               jsonb_build_object('submission_id', id::text), 'pending', callback_attempts,
               coalesce(callback_next_at, now())
        FROM submissions WHERE callback_state = 'pending'
    """)
    for column in ("callback_state", "callback_attempts", "callback_next_at"):
        op.drop_column("submissions", column)


def downgrade() -> None:
    op.add_column("submissions", sa.Column("callback_next_at", sa.DateTime(timezone=True)))
    op.add_column("submissions", sa.Column("callback_attempts", sa.Integer(), nullable=False,
                                           server_default="0"))
    op.add_column("submissions", sa.Column("callback_state", sa.String(length=12)))
    op.drop_index(op.f("ix_outbox_messages_created_at"), table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_due", table_name="outbox_messages")
    op.drop_table("outbox_messages")
