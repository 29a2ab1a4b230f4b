"""Payments through Stripe: one Stripe Customer per user, the Stripe Prices a course's price was
synchronised to (a changed price is a new Price, never an edit), orders, and the webhook events
received (their ids make a duplicate delivery a no-op)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base, JSONType, Model


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    DISPUTED = "disputed"


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


class Order(Model):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_course_created", "course_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="RESTRICT"))
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
