"""payments: Stripe customers, the Stripe prices of courses, orders, received webhook events;
row-level security for them

Revision ID: 7c1d9e4f2a60
Revises: 5e8a2d7c3b10
Create Date: 2026-12-06 17:40:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7c1d9e4f2a60"
down_revision = "5e8a2d7c3b10"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)
ME = "(SELECT uw_user())"
ADMIN = "(SELECT uw_admin())"
STAFF = f"({ADMIN} OR course_id = ANY ((SELECT uw_staff_courses())::uuid[]))"
# a course's price may be synchronised by whoever checks out: only at the course's own price
AT_PRICE = ("EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id "
            "AND c.price_cents = amount_cents AND c.currency = stripe_prices.currency)")
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "stripe_customers": [("own", "ALL", f"user_id = {ME} OR {ADMIN}", f"user_id = {ME}")],
    "stripe_prices": [("read", "SELECT", "true", None), ("create", "INSERT", None, AT_PRICE)],
    "orders": [("read", "SELECT", f"user_id = {ME} OR {STAFF}", None),
               ("create", "INSERT", None, f"user_id = {ME}"),
               ("change", "UPDATE", f"user_id = {ME} OR {STAFF}", f"user_id = {ME} OR {STAFF}")],
    # the webhook endpoint has no caller: it may only add events; admins read them
    "stripe_events": [("read", "SELECT", ADMIN, None), ("create", "INSERT", None, "true")],
}


def _model(table: str, *columns: Any) -> None:
    op.create_table(
        table, sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        *columns, sa.PrimaryKeyConstraint("id", name=f"pk_{table}"))
    op.create_index(f"ix_{table}_created_at", table, ["created_at"])


def upgrade() -> None:
    _model("stripe_customers",
           sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
               "users.id", ondelete="CASCADE", name="fk_stripe_customers_user_id_users"),
               nullable=False),
           sa.Column("customer_id", sa.String(100), nullable=False),
           sa.UniqueConstraint("user_id", name="uq_stripe_customers_user_id"),
           sa.UniqueConstraint("customer_id", name="uq_stripe_customers_customer_id"))
    _model("stripe_prices",
           sa.Column("course_id", sa.Uuid(), sa.ForeignKey(
               "courses.id", ondelete="CASCADE", name="fk_stripe_prices_course_id_courses"),
               nullable=False),
           sa.Column("amount_cents", sa.Integer(), nullable=False),
           sa.Column("currency", sa.String(3), nullable=False),
           sa.Column("product_id", sa.String(100), nullable=False),
           sa.Column("price_id", sa.String(100), nullable=False),
           sa.UniqueConstraint("course_id", "amount_cents", "currency",
                               name="uq_stripe_prices_course_id"),
           sa.UniqueConstraint("price_id", name="uq_stripe_prices_price_id"))
    op.create_index("ix_stripe_prices_course_id", "stripe_prices", ["course_id"])
    _model("orders",
           sa.Column("user_id", sa.Uuid(), sa.ForeignKey(
               "users.id", ondelete="CASCADE", name="fk_orders_user_id_users"), nullable=False),
           sa.Column("course_id", sa.Uuid(), sa.ForeignKey(
               "courses.id", ondelete="RESTRICT", name="fk_orders_course_id_courses"),
               nullable=False),
           sa.Column("status", sa.String(20), nullable=False),
           sa.Column("amount_cents", sa.Integer(), nullable=False),
           sa.Column("currency", sa.String(3), nullable=False),
           sa.Column("price_id", sa.String(100), nullable=False),
           sa.Column("checkout_session_id", sa.String(200)),
           sa.Column("payment_intent_id", sa.String(200)),
           sa.Column("paid_at", TS), sa.Column("failure", sa.String(500)),
           sa.UniqueConstraint("checkout_session_id", name="uq_orders_checkout_session_id"))
    op.create_index("ix_orders_user_id", "orders", ["user_id"])
    op.create_index("ix_orders_payment_intent_id", "orders", ["payment_intent_id"])
    op.create_index("ix_orders_course_created", "orders", ["course_id", "created_at"])
    op.create_table(
        "stripe_events", sa.Column("id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("object_id", sa.String(200)),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stripe_events"))
    for table, policies in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_worker ON {table} TO uw_worker "
                   f"USING (true) WITH CHECK (true)")
        for name, command, using, check in policies:
            sql = f"CREATE POLICY {table}_{name} ON {table} FOR {command} TO uw_api"
            if using is not None:
                sql += f" USING ({using})"
            if check is not None:
                sql += f" WITH CHECK ({check})"
            op.execute(sql)


def downgrade() -> None:
    for table in ("stripe_events", "orders", "stripe_prices", "stripe_customers"):
        op.drop_table(table)
