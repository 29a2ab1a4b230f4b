"""Memberships: recurring plans that grant access to a set of courses or to all of them.

A plan's price is synchronised to a recurring Stripe Price when it is set (a changed price is a
new Price). A learner subscribes through Checkout (`mode=subscription`); from then on the Stripe
Subscription is the truth: every event about it (`invoice.paid`, `invoice.payment_failed`,
`customer.subscription.*`) re-reads it and applies its state, so a late or repeated event cannot
move a membership backwards, and a canceled subscription stays canceled.

Access is enrollments that remember the membership that granted them and end when it ends:
`access_until` is the paid period's end (plus a little slack for the renewal's webhook), or,
once a renewal fails, the start of the failure plus the grace period. When a membership lapses
its enrollments are revoked, unless another live membership of the learner covers the course.
A plan over a set of courses enrolls the learner in all of them; an all-courses plan lets the
learner enroll in any paid course.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db, outbox
from kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.payments.gateway import Gateway
from models import (
    Course,
    CourseStatus,
    Enrollment,
    EnrollmentState,
    Membership,
    MembershipStatus,
    Order,
    OrderStatus,
    Plan,
    PlanCourse,
    PlanPrice,
    Role,
    StripeCustomer,
)

PRICE_TOPIC = "lms.payments.plan_price"
SUBSCRIPTION_EVENTS = {"invoice.paid", "invoice.payment_failed",
                       "customer.subscription.created", "customer.subscription.updated",
                       "customer.subscription.deleted"}
SLACK = timedelta(hours=2)  # a renewal's webhook may land a little after the period ends


class SlugTaken(Conflict):
    title = "Slug Taken"


class BadPlan(Unprocessable):
    title = "Invalid Plan"


# -- plans --------------------------------------------------------------------------------------
def create_plan(s: Session, who: Principal, fields: dict[str, Any],
                course_slugs: list[str]) -> Plan:
    """Admins sell any courses, or all of them; instructors sell courses they edit."""
    if not who.at_least(Role.INSTRUCTOR):
        raise Forbidden("only instructors and admins sell memberships")
    plan = Plan(owner_id=who.user_id, **fields)
    _check_scope(s, who, plan, course_slugs)
    db.flush_unique(s, SlugTaken(f"the slug {plan.slug!r} is already used", field="slug"), plan)
    _set_courses(s, who, plan, course_slugs)
    outbox.add(s, PRICE_TOPIC, {"plan_id": str(plan.id)})
    return plan


def update_plan(s: Session, who: Principal, plan: Plan, fields: dict[str, Any],
                course_slugs: list[str] | None) -> Plan:
    before = (plan.amount_cents, plan.currency, plan.interval)
    for name, value in fields.items():
        if value is not None:
            setattr(plan, name, value)
    _check_scope(s, who, plan, course_slugs if course_slugs is not None else None)
    if course_slugs is not None:
        _set_courses(s, who, plan, course_slugs)
    s.flush()
    if (plan.amount_cents, plan.currency, plan.interval) != before:
        outbox.add(s, PRICE_TOPIC, {"plan_id": str(plan.id)})
    return plan


def _check_scope(s: Session, who: Principal, plan: Plan, slugs: list[str] | None) -> None:
    if plan.all_courses and not who.at_least(Role.ADMIN):
        raise Forbidden("only an admin can sell every course", field="all_courses")
    if not plan.all_courses and slugs is not None and not slugs:
        raise BadPlan("name the courses the plan includes (or make it all courses)",
                      field="course_slugs")


def _set_courses(s: Session, who: Principal, plan: Plan, slugs: list[str]) -> None:
    chosen: list[Course] = []
    for slug in dict.fromkeys(slugs):
        course = s.scalar(select(Course).where(Course.slug == slug))
        if course is None:
            raise NotFound(f"no course {slug}", field="course_slugs")
        if not courses.can_edit(s, who, course):
            raise Forbidden(f"you can sell only courses you edit ({slug})", field="course_slugs")
        chosen.append(course)
    s.execute(delete(PlanCourse).where(PlanCourse.plan_id == plan.id))
    s.add_all(PlanCourse(plan_id=plan.id, course_id=c.id) for c in chosen)
    s.flush()


def plan_by_slug(s: Session, slug: str) -> Plan:
    plan = s.scalar(select(Plan).where(Plan.slug == slug))
    if plan is None:
        raise NotFound(f"no plan {slug}")
    return plan


def owned(s: Session, who: Principal, slug: str) -> Plan:
    plan = plan_by_slug(s, slug)
    if plan.owner_id != who.user_id and not who.at_least(Role.ADMIN):
        raise Forbidden("only the plan's owner or an admin can change it")
    s.refresh(plan, with_for_update=True)
    return plan


def catalogue(s: Session, course: Course | None = None,
              seller: Principal | None = None) -> list[Plan]:
    """Plans on sale, cheapest first; with `course`, those that include it; with `seller`,
    the plans they sell, on sale or not (every plan for an admin)."""
    query = select(Plan)
    if seller is None:
        query = query.where(Plan.active.is_(True))
    elif not seller.at_least(Role.ADMIN):
        query = query.where(Plan.owner_id == seller.user_id)
    if course is not None:
        query = query.where(or_(Plan.all_courses.is_(True), exists().where(
            PlanCourse.plan_id == Plan.id, PlanCourse.course_id == course.id)))
    return list(s.scalars(query.order_by(Plan.amount_cents, Plan.slug)))


def included(s: Session, plan: Plan) -> list[tuple[str, str]]:
    """(slug, title) of the plan's courses, by title."""
    rows = s.execute(select(Course.slug, Course.title)
                     .join(PlanCourse, PlanCourse.course_id == Course.id)
                     .where(PlanCourse.plan_id == plan.id).order_by(Course.title))
    return [(r.slug, r.title) for r in rows]


def plan_price(s: Session, gw: Gateway, plan: Plan) -> PlanPrice:
    """The recurring Stripe Price of the plan's current amount (a new amount, a new Price)."""
    found = s.scalar(select(PlanPrice).where(
        PlanPrice.plan_id == plan.id, PlanPrice.amount_cents == plan.amount_cents,
        PlanPrice.currency == plan.currency, PlanPrice.interval == plan.interval))
    if found is not None:
        return found
    known = s.scalar(select(PlanPrice.product_id).where(PlanPrice.plan_id == plan.id).limit(1))
    product, price = gw.price("plan", str(plan.id), plan.title, plan.amount_cents,
                              plan.currency, known, plan.interval)
    row = PlanPrice(plan_id=plan.id, amount_cents=plan.amount_cents, currency=plan.currency,
                    interval=plan.interval, product_id=product, price_id=price)
    db.flush_unique(s, Conflict("the price is being set up elsewhere; try again"), row)
    return row


def on_price_set(gw: Gateway) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        plan = s.get(Plan, uuid.UUID(payload["plan_id"]))
        if gw.configured and plan is not None:
            plan_price(s, gw, plan)
    return handle


# -- who has access (the queries live with enrollment: lms.enrollment.service) -----------------
LIVE = enrollment.MEMBERSHIP_LIVE


def live_for(s: Session, user_id: uuid.UUID, plan: Plan) -> Membership | None:
    return s.scalars(enrollment.live_memberships(user_id)
                     .where(Membership.plan_id == plan.id).limit(1)).first()


def live_currency(s: Session, user_id: uuid.UUID) -> str | None:
    """The currency the user's live memberships are billed in, if they have any."""
    live = enrollment.live_memberships(user_id).subquery()
    return s.scalars(select(Plan.currency).join(live, live.c.plan_id == Plan.id)
                     .limit(1)).first()


def _sync(s: Session, row: Membership) -> None:
    """Make the enrollments the membership granted follow it."""
    plan = s.get(Plan, row.plan_id)
    assert plan is not None
    granted = list(s.scalars(select(Enrollment).where(Enrollment.membership_id == row.id)
                             .with_for_update()))
    if enrollment.membership_live(row):
        for e in granted:
            course = s.get(Course, e.course_id)
            assert course is not None
            enrollment.grant_membership(s, course, row)
        if not plan.all_courses:
            for course in s.scalars(select(Course).join(PlanCourse, and_(
                    PlanCourse.course_id == Course.id, PlanCourse.plan_id == plan.id))
                    .where(Course.status == CourseStatus.PUBLISHED,
                           Course.id.not_in([e.course_id for e in granted]))):
                enrollment.grant_membership(s, course, row)  # the rest of the plan's courses
        return
    for e in granted:
        course = s.get(Course, e.course_id)
        assert course is not None
        other = enrollment.covering(s, row.user_id, course, besides=row.id)
        if other is not None:
            e.membership_id, e.access_ends_at = other.id, other.access_until
        elif e.state in enrollment.IN:
            e.state, e.access_ends_at = EnrollmentState.REVOKED, clock.now()
    s.flush()


# -- the subscription, as Stripe has it ---------------------------------------------------------
def _at(epoch: Any) -> datetime | None:
    return datetime.fromtimestamp(float(epoch), UTC) if epoch else None


def period_end(sub: dict[str, Any]) -> datetime | None:
    """The paid period's end (on the subscription's items since Stripe's 2025 API versions)."""
    ends = [item.get("current_period_end") for item in
            ((sub.get("items") or {}).get("data") or [])]
    ends = [e for e in ends if e] or [sub.get("current_period_end")]
    return _at(max((e for e in ends if e), default=None))


def apply_subscription(s: Session, gw: Gateway, sub: dict[str, Any]) -> Membership | None:
    """Bring the membership (made on first sight, from the subscription's metadata) to the
    subscription's state, and its enrollments with it. Idempotent; canceled is final."""
    row = s.scalar(select(Membership).where(Membership.subscription_id == sub["id"])
                   .with_for_update())
    if row is None:
        row = _new_membership(s, sub)
        if row is None:
            return None  # not one of ours
    if row.status == MembershipStatus.CANCELED:
        return row
    now, status = clock.now(), str(sub.get("status") or "")
    row.current_period_end = period_end(sub)
    row.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
    end = row.current_period_end
    if status in ("active", "trialing"):
        row.status, row.past_due_since = MembershipStatus.ACTIVE, None
        row.access_until = (end if row.cancel_at_period_end else end + SLACK) if end else None
    elif status == "past_due":
        row.status = MembershipStatus.PAST_DUE
        row.past_due_since = row.past_due_since or now
        row.access_until = clock.as_utc(row.past_due_since) + timedelta(
            days=gw.settings.grace_days)
    elif status in ("incomplete", "paused"):
        row.status, row.access_until = MembershipStatus.PENDING, None
    else:  # canceled, unpaid, incomplete_expired: over
        row.status, row.access_until = MembershipStatus.CANCELED, now
        row.ended_at = _at(sub.get("ended_at")) or now
    s.flush()
    _sync(s, row)
    return row


def _new_membership(s: Session, sub: dict[str, Any]) -> Membership | None:
    meta = sub.get("metadata") or {}
    try:
        user_id, plan_id = uuid.UUID(meta["user_id"]), uuid.UUID(meta["plan_id"])
    except (KeyError, TypeError, ValueError):
        return None
    if s.get(Plan, plan_id) is None:
        return None
    row = Membership(user_id=user_id, plan_id=plan_id, subscription_id=str(sub["id"]),
                     status=MembershipStatus.PENDING, cancel_at_period_end=False)
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:  # made at the same moment by another path: use that one
        return s.scalar(select(Membership).where(Membership.subscription_id == sub["id"])
                        .with_for_update())
    return row


def subscription_of(invoice: dict[str, Any]) -> str | None:
    parent = ((invoice.get("parent") or {}).get("subscription_details") or {})
    found = parent.get("subscription") or invoice.get("subscription")
    if isinstance(found, dict):
        found = found.get("id")
    return str(found) if found else None


def apply_invoice(s: Session, gw: Gateway, invoice: dict[str, Any]) -> Membership | None:
    """A subscription's invoice: the subscription applied, and a paid invoice recorded as an
    order with its receipt (the checkout's order for the first one)."""
    sub_id = subscription_of(invoice)
    if not sub_id:
        return None
    sub = gw.subscription(sub_id)
    row = apply_subscription(s, gw, sub)
    if row is None or invoice.get("status") != "paid":
        return row
    order = s.scalar(select(Order).where(Order.invoice_id == invoice["id"]).with_for_update())
    if order is None and invoice.get("billing_reason") == "subscription_create":
        ref = (sub.get("metadata") or {}).get("order_id")
        order = s.get(Order, uuid.UUID(ref), with_for_update=True) if ref else None
    if order is None:
        order = Order(user_id=row.user_id, plan_id=row.plan_id, status=OrderStatus.PAID,
                      amount_cents=int(invoice.get("amount_paid") or 0),
                      currency=str(invoice.get("currency") or "usd"),
                      price_id=_price_of(invoice), invoice_id=str(invoice["id"]))
        try:
            with s.begin_nested():
                s.add(order)
                s.flush()
        except IntegrityError:  # recorded by a concurrent delivery
            return row
    order.membership_id, order.invoice_id = row.id, str(invoice["id"])
    if order.status == OrderStatus.PENDING:
        order.status = OrderStatus.PAID
    if order.refunded_cents == 0:  # what this invoice charged, after any promotion code
        order.amount_cents = int(invoice.get("amount_paid") or 0)
        order.discount_cents = sum(int(d.get("amount") or 0)
                                   for d in invoice.get("total_discount_amounts") or [])
    order.paid_at = order.paid_at or _at((invoice.get("status_transitions") or {})
                                         .get("paid_at")) or clock.now()
    order.payment_intent_id = order.payment_intent_id or intent_of(invoice)
    order.receipt_url = invoice.get("hosted_invoice_url") or order.receipt_url
    s.flush()
    return row


def intent_of(invoice: dict[str, Any]) -> str | None:
    for paid in ((invoice.get("payments") or {}).get("data") or []):
        intent = (paid.get("payment") or {}).get("payment_intent")
        if intent:
            return str(intent.get("id") if isinstance(intent, dict) else intent)
    found = invoice.get("payment_intent")  # older API versions
    return str(found) if found else None


def _price_of(invoice: dict[str, Any]) -> str:
    for line in ((invoice.get("lines") or {}).get("data") or []):
        price = ((line.get("pricing") or {}).get("price_details") or {}).get("price") \
            or (line.get("price") or {}).get("id")
        if price:
            return str(price)
    return ""


def on_event(gw: Gateway) -> Any:
    """For the worker: a subscription or invoice event re-reads its object, then applies it."""
    def handle(s: Session, kind: str, ref: str) -> None:
        if kind.startswith("invoice."):
            apply_invoice(s, gw, gw.invoice(ref))
        else:
            apply_subscription(s, gw, gw.subscription(ref))
    return handle


def sweep(s: Session, gw: Gateway, limit: int = 100) -> int:
    """Live memberships whose access ran out (a renewal, or its webhook, missing): re-read
    from Stripe and applied; a grace period that ran out ends the enrollments."""
    due = list(s.scalars(select(Membership).where(Membership.status.in_(LIVE),
                                                  Membership.access_until <= clock.now())
                         .limit(limit)))
    for row in due:
        apply_subscription(s, gw, gw.subscription(row.subscription_id))
    return len(due)


# -- the learner's ------------------------------------------------------------------------------
def mine(s: Session, who: Principal) -> list[Membership]:
    return list(s.scalars(select(Membership).where(Membership.user_id == who.user_id)
                          .order_by(Membership.created_at.desc())))


def portal(s: Session, gw: Gateway, who: Principal, site: str) -> str:
    """A Stripe customer portal session for the caller (manage or cancel their plan)."""
    customer = s.scalar(select(StripeCustomer.customer_id)
                        .where(StripeCustomer.user_id == who.user_id))
    if customer is None:
        raise NotFound("you have no billing account yet: subscribe or buy a course first")
    return gw.portal(customer, f"{site}/dashboard")
