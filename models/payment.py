"""Payments through Stripe: one Stripe Customer per user, the Stripe Prices a course's price was
synchronised to (a changed price is a new Price, never an edit), membership plans (recurring, over
a set of courses or all of them) with their Prices and the learners' memberships (one per Stripe
Subscription), orders (a course bought, or a membership's invoice paid), and the webhook events
received (their ids make a duplicate delivery a no-op)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base, JSONType, Model


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    DISPUTED = "disputed"


class MembershipStatus(StrEnum):
    """Stripe's subscription statuses, folded: `pending` until the first invoice is paid,
    `past_due` while a renewal is unpaid (access holds for the grace period), `canceled` once
    the subscription is over."""

    PENDING = "pending"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"


class StripeCustomer(Model):
    __tablename__ = "stripe_customers"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               unique=True)
    customer_id: Mapped[str] = mapped_column(String(100), unique=True)


class StripePrice(Model):
    """A course's price as a Stripe Price; the active one matches the course's amount."""

    __tablename__ = "stripe_prices"
    __table_args__ = (UniqueConstraint("course_id", "amount_cents", "currency"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    product_id: Mapped[str] = mapped_column(String(100))
    price_id: Mapped[str] = mapped_column(String(100), unique=True)


class Plan(Model):
    """A membership: a recurring price for a set of courses, or for all of them."""

    __tablename__ = "plans"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    interval: Mapped[str] = mapped_column(String(10), default="month")  # month or year
    all_courses: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # on sale


class PlanCourse(Base):
    __tablename__ = "plan_courses"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                               primary_key=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                                 primary_key=True, index=True)


class PlanPrice(Model):
    """A plan's price as a recurring Stripe Price, one per amount, currency and interval."""

    __tablename__ = "plan_prices"
    __table_args__ = (UniqueConstraint("plan_id", "amount_cents", "currency", "interval"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                               index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(10))
    product_id: Mapped[str] = mapped_column(String(100))
    price_id: Mapped[str] = mapped_column(String(100), unique=True)


class Membership(Model):
    """A learner's subscription to a plan, as Stripe last said it was; `access_until` is when
    the enrollments it granted stop (the paid period, or the grace period when past due)."""

    __tablename__ = "memberships"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"),
                                               index=True)
    subscription_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=MembershipStatus.PENDING)
    current_period_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    past_due_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    access_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Order(Model):
    """A course bought (`course_id`), or a membership's checkout or renewal (`plan_id`; one
    order per paid invoice)."""

    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_course_created", "course_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    course_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("courses.id", ondelete="RESTRICT"))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    membership_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    invoice_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    # `amount_cents` is what was charged once paid; a promotion code's discount is kept here
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    receipt_url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.PENDING)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    price_id: Mapped[str] = mapped_column(String(100))
    checkout_session_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    payment_intent_id: Mapped[str | None] = mapped_column(String(200), index=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure: Mapped[str | None] = mapped_column(String(500))
    charge_id: Mapped[str | None] = mapped_column(String(200))
    refunded_cents: Mapped[int] = mapped_column(Integer, default=0)
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dispute_status: Mapped[str | None] = mapped_column(String(40))  # Stripe's, as last read


class StripeEvent(Base):
    """A webhook event received; the work it asks for runs in the worker."""

    __tablename__ = "stripe_events"
    # the webhook endpoint adds events it may not read back: no RETURNING
    __table_args__ = {"implicit_returning": False}

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # Stripe's evt_...
    type: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
