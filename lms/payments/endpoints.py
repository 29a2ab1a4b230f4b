"""Checkout for paid courses and memberships, Stripe's webhook, the success redirect's
fulfilment, membership plans, the learner's orders, memberships and billing portal, and the
revenue reports (a course's staff, a plan's owner, admins for everything)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from accounts.deps import AdminDep, MaybePrincipalDep, PrincipalDep
from accounts.service import ANONYMOUS
from kit.errors import Unauthorized
from kit.web.deps import SessionDep, StateDep
from kit.web.state import AppState
from kit.web.tables import Format, csv_of, period
from lms.courses import service as courses
from lms.payments import memberships
from lms.payments import service as payments
from lms.payments.gateway import Gateway
from models import Course, Membership, Order, Plan

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
    course_id: uuid.UUID | None
    course_slug: str | None = None
    course_title: str | None = None
    plan_id: uuid.UUID | None = None
    plan_slug: str | None = None
    plan_title: str | None = None
    status: str
    amount_cents: int
    currency: str
    created_at: datetime
    paid_at: datetime | None
    refunded_cents: int = 0
    discount_cents: int = Field(default=0, description="a promotion code's discount")
    dispute_status: str | None = None
    receipt_url: str | None = Field(default=None, description="Stripe's receipt or invoice")
    checkout_url: str | None = None


class WebhookOut(BaseModel):
    received: bool = True
    duplicate: bool


def order_out(s: Any, order: Order, url: str | None = None) -> OrderOut:
    course = s.get(Course, order.course_id) if order.course_id else None
    plan = s.get(Plan, order.plan_id) if order.plan_id else None
    return OrderOut(id=order.id, course_id=order.course_id,
                    course_slug=course.slug if course else None,
                    course_title=course.title if course else None, plan_id=order.plan_id,
                    plan_slug=plan.slug if plan else None,
                    plan_title=plan.title if plan else None, status=order.status,
                    amount_cents=order.amount_cents, currency=order.currency,
                    created_at=order.created_at, paid_at=order.paid_at,
                    refunded_cents=order.refunded_cents, discount_cents=order.discount_cents,
                    dispute_status=order.dispute_status, receipt_url=order.receipt_url,
                    checkout_url=url)


@router.post("/courses/{slug}/checkout", status_code=status.HTTP_201_CREATED,
             response_model=OrderOut)
def checkout(slug: str, who: PrincipalDep, s: SessionDep, state: StateDep) -> OrderOut:
    """Buy the course: a pending order and a Stripe Checkout Session; send the learner to
    `checkout_url`. 409 when they already have access; 503 when payments are not set up."""
    course = courses.get(s, who, slug)
    order, url = payments.checkout(s, gateway(state), who, course,
                                   state.settings.stripe.site_url)
    return order_out(s, order, url)


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
    return order_out(s, order)


@router.get("/me/orders", response_model=list[OrderOut])
def my_orders(who: PrincipalDep, s: SessionDep) -> list[OrderOut]:
    """Your orders, newest first: courses bought and membership invoices, with receipts."""
    return [order_out(s, o) for o in payments.mine(s, who)]


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
    return order_out(s, order)


ORDER_COLUMNS = ["id", "course_slug", "plan_slug", "status", "amount_cents", "discount_cents",
                 "refunded_cents", "currency", "created_at", "paid_at", "dispute_status"]
UnitQ = Literal["day", "week", "month"]


def _orders(s: Any, rows: list[Order], name: str, format: str) -> Any:
    out = [order_out(s, o) for o in rows]
    if format == "csv":
        return csv_of([r.model_dump() for r in out], name, ORDER_COLUMNS)
    return out


def _revenue(rows: list[dict[str, Any]], name: str, format: str) -> Any:
    if format == "csv":
        return csv_of(rows, name, list(RevenueRow.model_fields))
    return [RevenueRow(**r) for r in rows]


CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


@router.get("/courses/{slug}/orders", response_model=list[OrderOut], responses=CSV)
def course_orders(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json") -> Any:
    """The course's orders, newest first (staff)."""
    course = courses.staffed(s, who, slug)
    return _orders(s, payments.orders(s, course=course), f"{slug}-orders", format)


@router.get("/courses/{slug}/revenue", response_model=list[RevenueRow], responses=CSV)
def revenue(slug: str, who: PrincipalDep, s: SessionDep, unit: UnitQ = "month",
            start: datetime | None = None, end: datetime | None = None,
            format: Format = "json") -> Any:
    """Gross, refunded, disputed and net revenue per period and currency (staff; default:
    the last year)."""
    course = courses.staffed(s, who, slug)
    rows = payments.revenue(s, unit, *period(start, end, timedelta(days=366)), course=course)
    return _revenue(rows, f"{slug}-revenue", format)


@router.get("/payments/orders", response_model=list[OrderOut], responses=CSV)
def all_orders(who: AdminDep, s: SessionDep, format: Format = "json") -> Any:
    """Every order, newest first (admins)."""
    return _orders(s, payments.orders(s), "orders", format)


@router.get("/payments/revenue", response_model=list[RevenueRow], responses=CSV)
def all_revenue(who: AdminDep, s: SessionDep, unit: UnitQ = "month",
                start: datetime | None = None, end: datetime | None = None,
                format: Format = "json") -> Any:
    """Revenue of every course and plan per period and currency (admins)."""
    rows = payments.revenue(s, unit, *period(start, end, timedelta(days=366)))
    return _revenue(rows, "revenue", format)


@router.post("/payments/orders/{order_id}/refund", response_model=OrderOut)
def refund_any(order_id: uuid.UUID, body: RefundIn, who: AdminDep, s: SessionDep,
               state: StateDep) -> OrderOut:
    """Refund any order, a membership's invoice included (admins). A membership's access
    follows its subscription: cancel the subscription to end it."""
    order = payments.refund(s, gateway(state), payments.order_by_id(s, order_id),
                            body.amount_cents)
    return order_out(s, order)


# -- memberships --------------------------------------------------------------------------------
Slug = Field(min_length=2, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PlanIn(BaseModel):
    slug: str = Slug
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    amount_cents: int = Field(ge=50, le=10_000_000, description="per interval")
    currency: str = Field(default="usd", pattern=r"^[a-z]{3}$")
    interval: Literal["month", "year"] = "month"
    all_courses: bool = False
    course_slugs: list[str] = Field(default_factory=list, max_length=200)


class PlanPatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    amount_cents: int | None = Field(default=None, ge=50, le=10_000_000)
    currency: str | None = Field(default=None, pattern=r"^[a-z]{3}$")
    interval: Literal["month", "year"] | None = None
    all_courses: bool | None = None
    active: bool | None = Field(default=None, description="false: no longer sold (members "
                                "keep their subscriptions)")
    course_slugs: list[str] | None = Field(default=None, max_length=200)


class PlanCourseOut(BaseModel):
    slug: str
    title: str


class PlanOut(BaseModel):
    id: uuid.UUID
    slug: str
    title: str
    description: str
    amount_cents: int
    currency: str
    interval: str
    all_courses: bool
    active: bool
    course_slugs: list[str]
    courses: list[PlanCourseOut]


class MembershipOut(BaseModel):
    id: uuid.UUID
    plan: PlanOut
    status: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
    past_due_since: datetime | None
    access_until: datetime | None
    ended_at: datetime | None
    created_at: datetime


class UrlOut(BaseModel):
    url: str


def plan_out(s: Any, plan: Plan) -> PlanOut:
    included = memberships.included(s, plan)
    return PlanOut(id=plan.id, slug=plan.slug, title=plan.title, description=plan.description,
                   amount_cents=plan.amount_cents, currency=plan.currency,
                   interval=plan.interval, all_courses=plan.all_courses, active=plan.active,
                   course_slugs=[slug for slug, _ in included],
                   courses=[PlanCourseOut(slug=slug, title=title) for slug, title in included])


def membership_out(s: Any, row: Membership) -> MembershipOut:
    plan = s.get(Plan, row.plan_id)
    return MembershipOut(id=row.id, plan=plan_out(s, plan), status=row.status,
                         current_period_end=row.current_period_end,
                         cancel_at_period_end=row.cancel_at_period_end,
                         past_due_since=row.past_due_since, access_until=row.access_until,
                         ended_at=row.ended_at, created_at=row.created_at)


@router.get("/plans", response_model=list[PlanOut])
def plans(who: MaybePrincipalDep, s: SessionDep, course: str | None = None,
          mine: bool = False) -> list[PlanOut]:
    """Memberships on sale, cheapest first; `course` names a course they must include; `mine`
    lists the plans you sell, off sale too (admins: every plan)."""
    found = courses.get(s, who, course) if course else None
    if mine and who is ANONYMOUS:
        raise Unauthorized("sign in to list the plans you sell")
    return [plan_out(s, p) for p in memberships.catalogue(s, found, who if mine else None)]


@router.post("/plans", status_code=status.HTTP_201_CREATED, response_model=PlanOut)
def create_plan(body: PlanIn, who: PrincipalDep, s: SessionDep) -> PlanOut:
    """A membership plan: admins over any courses or all of them, instructors over courses
    they edit. Its price is synchronised to a recurring Stripe Price."""
    plan = memberships.create_plan(s, who, body.model_dump(exclude={"course_slugs"}),
                                   body.course_slugs)
    return plan_out(s, plan)


@router.get("/plans/{slug}", response_model=PlanOut)
def plan(slug: str, s: SessionDep) -> PlanOut:
    return plan_out(s, memberships.plan_by_slug(s, slug))


@router.patch("/plans/{slug}", response_model=PlanOut)
def update_plan(slug: str, body: PlanPatch, who: PrincipalDep, s: SessionDep) -> PlanOut:
    """Change a plan (its owner, admins). A new price is a new Stripe Price for new members;
    members keep what they subscribed at."""
    found = memberships.owned(s, who, slug)
    memberships.update_plan(s, who, found, body.model_dump(exclude={"course_slugs"},
                                                           exclude_unset=True),
                            body.course_slugs)
    return plan_out(s, found)


@router.post("/plans/{slug}/checkout", status_code=status.HTTP_201_CREATED,
             response_model=OrderOut)
def checkout_plan(slug: str, who: PrincipalDep, s: SessionDep, state: StateDep) -> OrderOut:
    """Subscribe: a pending order and a subscription Checkout Session; send the learner to
    `checkout_url`. 409 when the membership is already theirs."""
    order, url = payments.checkout_plan(s, gateway(state), who,
                                        memberships.plan_by_slug(s, slug),
                                        state.settings.stripe.site_url)
    return order_out(s, order, url)


@router.get("/plans/{slug}/orders", response_model=list[OrderOut], responses=CSV)
def plan_orders(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json") -> Any:
    """The plan's orders (its owner, admins): checkouts and renewals."""
    found = memberships.owned(s, who, slug)
    return _orders(s, payments.orders(s, plan=found), f"{slug}-orders", format)


@router.get("/plans/{slug}/revenue", response_model=list[RevenueRow], responses=CSV)
def plan_revenue(slug: str, who: PrincipalDep, s: SessionDep, unit: UnitQ = "month",
                 start: datetime | None = None, end: datetime | None = None,
                 format: Format = "json") -> Any:
    found = memberships.owned(s, who, slug)
    rows = payments.revenue(s, unit, *period(start, end, timedelta(days=366)), plan=found)
    return _revenue(rows, f"{slug}-revenue", format)


@router.get("/me/memberships", response_model=list[MembershipOut])
def my_memberships(who: PrincipalDep, s: SessionDep) -> list[MembershipOut]:
    """Your memberships, newest first, with what each plan includes."""
    return [membership_out(s, m) for m in memberships.mine(s, who)]


@router.post("/me/billing-portal", response_model=UrlOut)
def billing_portal(who: PrincipalDep, s: SessionDep, state: StateDep) -> UrlOut:
    """A Stripe customer portal session: change or cancel your plan, update your card,
    download invoices. 404 before your first checkout."""
    return UrlOut(url=memberships.portal(s, gateway(state), who, state.settings.stripe.site_url))
