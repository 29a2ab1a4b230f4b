"""memberships and promotion codes: plans (recurring, over a set of courses or all of them), their Stripe prices,
learners' memberships (one per Stripe subscription); orders for a plan's invoices, with receipts
and the discount a promotion code gave;
enrollments granted by a membership; row-level security for the new tables

Revision ID: 9f3a1b6c4d82
Revises: 8d2e0f5a3b71
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "9f3a1b6c4d82"
down_revision = "8d2e0f5a3b71"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ME = "(SELECT uw_user())"
ADMIN = "(SELECT uw_admin())"
PLAN_OWNER = (f"EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id "
              f"AND (p.owner_id = {ME} OR {ADMIN}))")
# a plan's price may be synchronised by whoever checks out: only at the plan's own price
AT_PRICE = ("EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id "
            "AND p.amount_cents = plan_prices.amount_cents AND p.currency = plan_prices.currency "
            "AND p.interval = plan_prices.interval)")
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "plans": [("read", "SELECT", "true", None),
              ("create", "INSERT", None, f"owner_id = {ME}"),
              ("change", "UPDATE", f"owner_id = {ME} OR {ADMIN}", f"owner_id = {ME} OR {ADMIN}")],
    "plan_courses": [("read", "SELECT", "true", None),
                     ("write", "ALL", PLAN_OWNER, PLAN_OWNER)],
    "plan_prices": [("read", "SELECT", "true", None), ("create", "INSERT", None, AT_PRICE)],
    # learners' own (the success redirect applies their subscription); plan owners read theirs
    "memberships": [("read", "SELECT", f"user_id = {ME} OR {PLAN_OWNER}", None),
                    ("create", "INSERT", None, f"user_id = {ME}"),
                    ("change", "UPDATE", f"user_id = {ME} OR {ADMIN}",
                     f"user_id = {ME} OR {ADMIN}")],
}


def _model(table: str, *columns: Any) -> None:
    op.create_table(
        table, sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("now()"), nullable=False),
        *columns, sa.PrimaryKeyConstraint("id", name=f"pk_{table}"))
    op.create_index(f"ix_{table}_created_at", table, ["created_at"])


def _fk(table: str, column: str, target: str, ondelete: str, nullable: bool = False,
        ) -> sa.Column[Any]:
    return sa.Column(column, sa.Uuid(), sa.ForeignKey(
        f"{target}.id", ondelete=ondelete, name=f"fk_{table}_{column}_{target}"),
        nullable=nullable)


def upgrade() -> None:
    _model("plans", _fk("plans", "owner_id", "users", "RESTRICT"),
           sa.Column("slug", sa.String(80), nullable=False),
           sa.Column("title", sa.String(200), nullable=False),
           sa.Column("description", sa.Text(), nullable=False),
           sa.Column("amount_cents", sa.Integer(), nullable=False),
           sa.Column("currency", sa.String(3), nullable=False),
           sa.Column("interval", sa.String(10), nullable=False),
           sa.Column("all_courses", sa.Boolean(), nullable=False),
           sa.Column("active", sa.Boolean(), nullable=False),
           sa.UniqueConstraint("slug", name="uq_plans_slug"))
    op.create_table("plan_courses",
                    _fk("plan_courses", "plan_id", "plans", "CASCADE"),
                    _fk("plan_courses", "course_id", "courses", "CASCADE"),
                    sa.PrimaryKeyConstraint("plan_id", "course_id", name="pk_plan_courses"))
    op.create_index("ix_plan_courses_course_id", "plan_courses", ["course_id"])
    _model("plan_prices", _fk("plan_prices", "plan_id", "plans", "CASCADE"),
           sa.Column("amount_cents", sa.Integer(), nullable=False),
           sa.Column("currency", sa.String(3), nullable=False),
           sa.Column("interval", sa.String(10), nullable=False),
           sa.Column("product_id", sa.String(100), nullable=False),
           sa.Column("price_id", sa.String(100), nullable=False),
           sa.UniqueConstraint("plan_id", "amount_cents", "currency", "interval",
                               name="uq_plan_prices_plan_id"),
           sa.UniqueConstraint("price_id", name="uq_plan_prices_price_id"))
    op.create_index("ix_plan_prices_plan_id", "plan_prices", ["plan_id"])
    _model("memberships", _fk("memberships", "user_id", "users", "CASCADE"),
           _fk("memberships", "plan_id", "plans", "RESTRICT"),
           sa.Column("subscription_id", sa.String(200), nullable=False),
           sa.Column("status", sa.String(20), nullable=False),
           sa.Column("current_period_end", TS),
           sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
           sa.Column("past_due_since", TS), sa.Column("access_until", TS),
           sa.Column("ended_at", TS),
           sa.UniqueConstraint("subscription_id", name="uq_memberships_subscription_id"))
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"])
    op.create_index("ix_memberships_plan_id", "memberships", ["plan_id"])
    op.alter_column("orders", "course_id", existing_type=sa.Uuid(), nullable=True)
    op.add_column("orders", _fk("orders", "plan_id", "plans", "RESTRICT", nullable=True))
    op.add_column("orders", _fk("orders", "membership_id", "memberships", "SET NULL",
                                nullable=True))
    op.add_column("orders", sa.Column("invoice_id", sa.String(200)))
    op.add_column("orders", sa.Column("receipt_url", sa.String(1000)))
    op.add_column("orders", sa.Column("discount_cents", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.create_index("ix_orders_plan_id", "orders", ["plan_id"])
    op.create_unique_constraint("uq_orders_invoice_id", "orders", ["invoice_id"])
    op.add_column("enrollments", _fk("enrollments", "membership_id", "memberships", "SET NULL",
                                     nullable=True))
    op.create_index("ix_enrollments_membership_id", "enrollments", ["membership_id"])
    # a plan's owner reads its orders (a course's staff read the course's: 0011)
    op.execute(f"CREATE POLICY orders_plan_owner ON orders FOR SELECT TO uw_api "
               f"USING (plan_id IS NOT NULL AND {PLAN_OWNER})")
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
    op.execute("DROP POLICY orders_plan_owner ON orders")
    op.drop_index("ix_enrollments_membership_id", "enrollments")
    op.drop_column("enrollments", "membership_id")
    op.drop_constraint("uq_orders_invoice_id", "orders")
    op.drop_index("ix_orders_plan_id", "orders")
    for column in ("discount_cents", "receipt_url", "invoice_id", "membership_id", "plan_id"):
        op.drop_column("orders", column)
    op.execute("DELETE FROM orders WHERE course_id IS NULL")
    op.alter_column("orders", "course_id", existing_type=sa.Uuid(), nullable=False)
    for table in ("memberships", "plan_prices", "plan_courses", "plans"):
        op.drop_table(table)
