"""Checkout for paid courses, Stripe's webhook, the success redirect's fulfilment, and the
learner's orders."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from accounts.deps import PrincipalDep
from kit.web.deps import SessionDep, StateDep
from kit.web.state import AppState
from kit.web.tables import Format, csv_of, period
from lms.courses import service as courses
from lms.payments import service as payments
from lms.payments.gateway import Gateway
from models import Course, Order

router = APIRouter(tags=["payments"])


def gateway(state: AppState) -> Gateway:
    """One Stripe client per app and Stripe settings (made on first use)."""
    config = state.settings.stripe
    cached = state.__dict__.get("_stripe")
    if cached is None or cached.settings is not config:
        cached = Gateway(config, state.settings.http)
        state.__dict__["_stripe"] = cached
    return cached


class OrderOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    course_slug: str | None = None
    course_title: str | None = None
    status: str
    amount_cents: int
    currency: str
    created_at: datetime
    paid_at: datetime | None
    refunded_cents: int = 0
    dispute_status: str | None = None
    checkout_url: str | None = None


class WebhookOut(BaseModel):
    received: bool = True
    duplicate: bool


def order_out(order: Order, course: Course | None = None, url: str | None = None) -> OrderOut:
    return OrderOut(id=order.id, course_id=order.course_id,
                    course_slug=course.slug if course else None,
                    course_title=course.title if course else None, status=order.status,
                    amount_cents=order.amount_cents, currency=order.currency,
                    created_at=order.created_at, paid_at=order.paid_at,
                    refunded_cents=order.refunded_cents, dispute_status=order.dispute_status,
                    checkout_url=url)


@router.post("/courses/{slug}/checkout", status_code=status.HTTP_201_CREATED,
             response_model=OrderOut)
def checkout(slug: str, who: PrincipalDep, s: SessionDep, state: StateDep) -> OrderOut:
    """Buy the course: a pending order and a Stripe Checkout Session; send the learner to
    `checkout_url`. 409 when they already have access; 503 when payments are not set up."""
    course = courses.get(s, who, slug)
    order, url = payments.checkout(s, gateway(state), who, course,
                                   state.settings.stripe.site_url)
    return order_out(order, course, url)


@router.post("/payments/webhook", response_model=WebhookOut)
async def webhook(request: Request, s: SessionDep, state: StateDep) -> WebhookOut:
    """Stripe's events: the signature is checked on the raw body (400 otherwise, nothing
    stored); a duplicate is acknowledged and ignored; the work runs in the worker."""
    body = await request.body()  # the raw bytes: the signature covers them exactly
    fresh = await run_in_threadpool(payments.receive, s, gateway(state), body,
                                    request.headers.get("stripe-signature"))
    return WebhookOut(duplicate=not fresh)


@router.post("/payments/checkout-sessions/{session_id}/fulfil", response_model=OrderOut)
def fulfil(session_id: str, who: PrincipalDep, s: SessionDep, state: StateDep) -> OrderOut:
    """The success page's call: apply the learner's paid session now, so a slow webhook
    leaves nobody locked out (idempotent with the webhook's fulfilment)."""
    order = payments.fulfil_redirect(s, gateway(state), who, session_id)
    return order_out(order, s.get(Course, order.course_id))


@router.get("/me/orders", response_model=list[OrderOut])
def my_orders(who: PrincipalDep, s: SessionDep) -> list[OrderOut]:
    return [order_out(o, s.get(Course, o.course_id)) for o in payments.mine(s, who)]


class RefundIn(BaseModel):
    amount_cents: int | None = Field(default=None, ge=1, le=100_000_000,
                                     description="default: all that is left")


class RevenueRow(BaseModel):
    bucket: datetime
    currency: str
    orders: int
    gross_cents: int
    refunded_cents: int
    disputed_cents: int
    net_cents: int


@router.post("/courses/{slug}/orders/{order_id}/refund", response_model=OrderOut)
def refund(slug: str, order_id: uuid.UUID, body: RefundIn, who: PrincipalDep, s: SessionDep,
           state: StateDep) -> OrderOut:
    """Refund an order through Stripe (editors). The full amount revokes the learner's
    enrollment; a partial refund keeps it."""
    course = courses.editable(s, who, slug)
    order = payments.refund(s, gateway(state), payments.order_of_course(s, course, order_id),
                            body.amount_cents)
    return order_out(order, course)


@router.get("/courses/{slug}/orders", response_model=list[OrderOut],
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def course_orders(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json") -> Any:
    """The course's orders, newest first (staff)."""
    course = courses.staffed(s, who, slug)
    rows = [order_out(o, course) for o in payments.course_orders(s, course)]
    if format == "csv":
        return csv_of([r.model_dump() for r in rows], f"{slug}-orders",
                      ["id", "status", "amount_cents", "refunded_cents", "currency",
                       "created_at", "paid_at", "dispute_status"])
    return rows


@router.get("/courses/{slug}/revenue", response_model=list[RevenueRow],
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def revenue(slug: str, who: PrincipalDep, s: SessionDep,
            unit: Literal["day", "week", "month"] = "month", start: datetime | None = None,
            end: datetime | None = None, format: Format = "json") -> Any:
    """Gross, refunded, disputed and net revenue per period and currency (staff; default:
    the last year)."""
    course = courses.staffed(s, who, slug)
    rows = payments.revenue(s, course, unit, *period(start, end, timedelta(days=366)))
    if format == "csv":
        return csv_of(rows, f"{slug}-revenue", list(RevenueRow.model_fields))
    return [RevenueRow(**r) for r in rows]
