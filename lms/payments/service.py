"""Paid enrollment through Stripe Checkout.

Checkout: the learner's order (pending) and a Checkout Session for it, with an idempotency key
derived from the order; a learner who already has access is told so instead of paying twice.
Webhooks: the signature is checked on the raw body, the event id recorded (a duplicate is
acknowledged and ignored) and the work left to the worker, which re-reads the object from Stripe
before changing anything, so events delivered twice or out of order cannot move an order
backwards. Fulfilment is idempotent and runs from the webhook and from the success redirect,
whichever comes first; the order's row lock makes two at once produce one enrollment.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db, outbox
from kit.errors import BadRequest, Conflict, NotFound, Unprocessable
from lms.enrollment import service as enrollment
from lms.payments.gateway import Gateway
from models import (
    Course,
    CourseStatus,
    Order,
    OrderStatus,
    StripeCustomer,
    StripeEvent,
    StripePrice,
    User,
)

EVENT_TOPIC = "lms.payments.event"
CHECKOUT_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded",
                   "checkout.session.async_payment_failed", "checkout.session.expired"}


class AlreadyHasAccess(Conflict):
    title = "Already Enrolled"


class NotForSale(Unprocessable):
    title = "Not For Sale"


class BadSignature(BadRequest):
    title = "Invalid Webhook Signature"


# -- checkout -----------------------------------------------------------------------------------
def checkout(s: Session, gw: Gateway, who: Principal, course: Course,
             site: str) -> Order:
    """The caller's pending order for the course, with its Checkout Session."""
    if course.status != CourseStatus.PUBLISHED:
        raise NotForSale("this course is not open for enrollment", field="slug")
    if course.price_cents <= 0:
        raise NotForSale("this course is free: enroll without paying", field="slug")
    row = enrollment.of(s, course, who.user_id)
    if row is not None and row.state in enrollment.IN:
        raise AlreadyHasAccess("you already have access to this course")
    db.lock_key(s, f"checkout:{course.id}:{who.user_id}")
    customer = _customer(s, gw, who)
    price = _price(s, gw, course)
    order = Order(id=uuid.uuid4(), user_id=who.user_id, course_id=course.id,
                  status=OrderStatus.PENDING, amount_cents=course.price_cents,
                  currency=course.currency, price_id=price.price_id)
    s.add(order)
    s.flush()
    order.checkout_session_id, url = gw.checkout(
        str(order.id), str(who.user_id), str(course.id), customer, price.price_id,
        f"{site}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
        f"{site}/courses/{course.slug}?checkout=cancelled")
    s.flush()
    s.info.setdefault("checkout_urls", {})[order.id] = url
    return order


def checkout_url(s: Session, order: Order) -> str:
    return str(s.info.get("checkout_urls", {}).get(order.id, ""))


def _customer(s: Session, gw: Gateway, who: Principal) -> str:
    """One Stripe Customer per user (the idempotency key makes a retried creation the same)."""
    found = s.scalar(select(StripeCustomer).where(StripeCustomer.user_id == who.user_id))
    if found is not None:
        return found.customer_id
    user = s.get(User, who.user_id)
    assert user is not None
    made = StripeCustomer(user_id=who.user_id, customer_id=gw.customer(str(user.id), user.email))
    db.flush_unique(s, Conflict("a checkout for you is starting elsewhere; try again"), made)
    return made.customer_id


def _price(s: Session, gw: Gateway, course: Course) -> StripePrice:
    """The Stripe Price of the course's current amount (a new amount is a new Price)."""
    found = s.scalar(select(StripePrice).where(StripePrice.course_id == course.id,
                                               StripePrice.amount_cents == course.price_cents,
                                               StripePrice.currency == course.currency))
    if found is not None:
        return found
    product, price = gw.course_price(str(course.id), course.title, course.price_cents,
                                     course.currency)
    row = StripePrice(course_id=course.id, amount_cents=course.price_cents,
                      currency=course.currency, product_id=product, price_id=price)
    db.flush_unique(s, Conflict("the price is being set up elsewhere; try again"), row)
    return row


# -- webhooks -----------------------------------------------------------------------------------
def receive(s: Session, gw: Gateway, payload: bytes, signature: str | None) -> bool:
    """Record a signed event and leave its work to the worker; False for a duplicate."""
    try:
        event = gw.event(payload, signature)
    except ValueError as exc:
        raise BadSignature(f"the Stripe-Signature header does not check out: {exc}") from None
    obj = (event.get("data") or {}).get("object") or {}
    row = StripeEvent(id=str(event["id"]), type=str(event.get("type", "")),
                      object_id=str(obj.get("id")) if obj.get("id") else None,
                      received_at=clock.now(), payload=event)
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except Exception:  # noqa: BLE001 - the unique id: delivered before
        return False
    outbox.add(s, EVENT_TOPIC, {"event_id": row.id, "type": row.type,
                                "object_id": row.object_id})
    return True


def on_event(gw: Gateway) -> Any:
    """The worker's handler for a received event: re-read the object from Stripe, then act."""
    def handle(s: Session, payload: dict[str, Any]) -> None:
        if payload["type"] in CHECKOUT_EVENTS and payload.get("object_id"):
            apply_session(s, gw.session(payload["object_id"]),
                          failed=payload["type"] == "checkout.session.async_payment_failed")
    return handle


# -- fulfilment ---------------------------------------------------------------------------------
def fulfil_redirect(s: Session, gw: Gateway, who: Principal, session_id: str) -> Order:
    """The success redirect: the learner's own session, applied now (the webhook may be late)."""
    order = s.scalar(select(Order).where(Order.checkout_session_id == session_id))
    if order is None or order.user_id != who.user_id:
        raise NotFound(f"no checkout {session_id} of yours", field="session_id")
    return apply_session(s, gw.session(session_id)) or order


def apply_session(s: Session, session: dict[str, Any], failed: bool = False) -> Order | None:
    """Move the session's order to what Stripe says (never backwards); idempotent."""
    order = s.scalar(select(Order).where(Order.checkout_session_id == session["id"])
                     .with_for_update())
    if order is None:
        ref = session.get("client_reference_id") or (session.get("metadata") or {}).get(
            "order_id")
        order = s.get(Order, uuid.UUID(ref), with_for_update=True) if ref else None
    if order is None or order.status != OrderStatus.PENDING:
        return order  # unknown, or already settled: nothing moves backwards
    if session.get("payment_status") in ("paid", "no_payment_required"):
        order.status, order.paid_at = OrderStatus.PAID, clock.now()
        order.payment_intent_id = _id(session.get("payment_intent"))
        course = s.get(Course, order.course_id)
        assert course is not None
        enrollment.grant(s, course, order.user_id)
    elif session.get("status") == "expired":
        order.status, order.failure = OrderStatus.FAILED, "the checkout expired"
    elif failed and session.get("payment_status") == "unpaid":
        order.status, order.failure = OrderStatus.FAILED, "the payment failed"
    s.flush()
    return order


def _id(value: Any) -> str | None:
    if isinstance(value, dict):
        return str(value.get("id"))
    return str(value) if value else None


def mine(s: Session, who: Principal) -> list[Order]:
    return list(s.scalars(select(Order).where(Order.user_id == who.user_id)
                          .order_by(Order.created_at.desc())))
