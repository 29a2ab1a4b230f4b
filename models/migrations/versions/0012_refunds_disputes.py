"""refunds and disputes on orders: the charge, the amount refunded, the dispute's status

Revision ID: 8d2e0f5a3b71
Revises: 7c1d9e4f2a60
Create Date: 2026-12-06 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8d2e0f5a3b71"
down_revision = "7c1d9e4f2a60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("charge_id", sa.String(200)))
    op.add_column("orders", sa.Column("refunded_cents", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.add_column("orders", sa.Column("refunded_at", sa.DateTime(timezone=True)))
    op.add_column("orders", sa.Column("dispute_status", sa.String(40)))


def downgrade() -> None:
    for column in ("dispute_status", "refunded_at", "refunded_cents", "charge_id"):
        op.drop_column("orders", column)
