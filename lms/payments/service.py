"""Paid enrollment through Stripe Checkout.

Checkout: the learner's order (pending) and a Checkout Session for it, with an idempotency key
derived from the order; a learner who already has access is told so instead of paying twice.
Memberships (lms.payments.memberships) check out the same way, as subscriptions.
Webhooks: the signature is checked on the raw body, the event id recorded (a duplicate is
acknowledged and ignored) and the work left to the worker, which re-reads the object from Stripe
before changing anything, so events delivered twice or out of order cannot move an order
backwards. Fulfilment is idempotent and runs from the webhook and from the success redirect,
whichever comes first; the order's row lock makes two at once produce one enrollment.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit import clock, db, outbox
from kit.dispatch import Dispatcher
from kit.errors import BadRequest, Conflict, NotFound, Unprocessable
from lms.enrollment import service as enrollment
from lms.payments import memberships
from lms.payments.gateway import Gateway
from models import (
    Course,
    CourseStatus,
    EnrollmentState,
    Order,
    OrderStatus,
    Plan,
    StripeCustomer,
    StripeEvent,
    StripePrice,
    User,
)

EVENT_TOPIC = "lms.payments.event"
ORDER_PAID = "lms.order_paid"  # a domain event: an order was paid (lms.notifications)
CHECKOUT_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded",
                   "checkout.session.async_payment_failed", "checkout.session.expired"}
CHARGE_EVENTS = {"charge.refunded"}
DISPUTE_EVENTS = {"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"}
HANDLED = CHECKOUT_EVENTS | CHARGE_EVENTS | DISPUTE_EVENTS | memberships.SUBSCRIPTION_EVENTS


class AlreadyHasAccess(Conflict):
    title = "Already Enrolled"


class NotForSale(Unprocessable):
    title = "Not For Sale"


class BadSignature(BadRequest):
    title = "Invalid Webhook Signature"


# -- checkout -----------------------------------------------------------------------------------
def checkout(s: Session, gw: Gateway, who: Principal, course: Course,
             site: str) -> tuple[Order, str]:
    """The caller's pending order for the course, with its Checkout Session, and the URL of
    the session's page (where the learner pays)."""
    if course.status != CourseStatus.PUBLISHED:
        raise NotForSale("this course is not open for enrollment", field="slug")
    if course.price_cents <= 0:
        raise NotForSale("this course is free: enroll without paying", field="slug")
    row = enrollment.of(s, course, who.user_id)
    if row is not None and row.state in enrollment.IN and row.membership_id is None:
        raise AlreadyHasAccess("you already have access to this course")
    if enrollment.covering(s, who.user_id, course) is not None:
        raise AlreadyHasAccess("your membership includes this course: enroll without paying")
    db.lock_key(s, f"checkout:{course.id}:{who.user_id}")
    order = Order(id=uuid.uuid4(), user_id=who.user_id, course_id=course.id,
                  status=OrderStatus.PENDING, amount_cents=course.price_cents,
                  currency=course.currency, price_id=_price(s, gw, course).price_id)
    return _session(s, gw, who, order, {"course_id": str(course.id)},
                    f"{site}/courses/{course.slug}?checkout=cancelled", site)


def checkout_plan(s: Session, gw: Gateway, who: Principal, plan: Plan,
                  site: str) -> tuple[Order, str]:
    """The caller's pending order for a membership, with a subscription Checkout Session."""
    if not plan.active:
        raise NotForSale("this plan is no longer sold", field="slug")
    if memberships.live_for(s, who.user_id, plan) is not None:
        raise AlreadyHasAccess("you already have this membership: manage it from your "
                               "billing page")
    other = memberships.live_currency(s, who.user_id)
    if other is not None and other != plan.currency:
        # Stripe bills one customer's subscriptions in one currency
        raise NotForSale(f"your memberships are billed in {other.upper()} and this plan in "
                         f"{plan.currency.upper()}: one currency per subscriber",
                         field="currency")
    db.lock_key(s, f"checkout:plan:{plan.id}:{who.user_id}")
    order = Order(id=uuid.uuid4(), user_id=who.user_id, plan_id=plan.id,
                  status=OrderStatus.PENDING, amount_cents=plan.amount_cents,
                  currency=plan.currency, price_id=memberships.plan_price(s, gw, plan).price_id)
    return _session(s, gw, who, order, {"plan_id": str(plan.id)},
                    f"{site}/memberships?checkout=cancelled", site, subscription=True)


def _session(s: Session, gw: Gateway, who: Principal, order: Order, about: dict[str, str],
             cancel_url: str, site: str, subscription: bool = False) -> tuple[Order, str]:
    """The pending order, recorded, and its Checkout Session (the metadata names the learner
    and what they buy); the URL of the page where they pay."""
    customer = _customer(s, gw, who)
    s.add(order)
    s.flush()
    order.checkout_session_id, url = gw.checkout(
        str(order.id), customer, order.price_id, {"user_id": str(who.user_id), **about},
        f"{site}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}", cancel_url,
        subscription=subscription)
    s.flush()
    return order, url


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
    known = s.scalar(select(StripePrice.product_id).where(StripePrice.course_id == course.id)
                     .limit(1))
    product, price = gw.price("course", str(course.id), course.title, course.price_cents,
                              course.currency, known)
    row = StripePrice(course_id=course.id, amount_cents=course.price_cents,
                      currency=course.currency, product_id=product, price_id=price)
    db.flush_unique(s, Conflict("the price is being set up elsewhere; try again"), row)
    return row


def on_price_set(gw: Gateway) -> Any:
    """A course's price was set: synchronise it to a Stripe Price now (checkout finds it);
    nothing to do without Stripe (checkout says it is unavailable)."""
    def handle(s: Session, payload: dict[str, Any]) -> None:
        course = s.get(Course, uuid.UUID(payload["course_id"]))
        if gw.configured and course is not None and course.price_cents > 0:
            _price(s, gw, course)
    return handle


# -- webhooks -----------------------------------------------------------------------------------
def receive(s: Session, gw: Gateway, payload: bytes, signature: str | None) -> bool:
    """Record a signed event and leave its work to the worker; False for a duplicate."""
    try:
        event = gw.event(payload, signature)
    except ValueError as exc:
        raise BadSignature(f"the Stripe-Signature header does not check out: {exc}") from None
    return _record(s, event)


def _record(s: Session, event: dict[str, Any]) -> bool:
    """The event stored and its work queued for the worker; False when its id is known
    (delivered before, or picked up by reconciliation)."""
    obj = (event.get("data") or {}).get("object") or {}
    row = StripeEvent(id=str(event["id"]), type=str(event.get("type", "")),
                      object_id=str(obj.get("id")) if obj.get("id") else None,
                      received_at=clock.now(), payload=event)
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:  # its id: seen before
        return False
    outbox.add(s, EVENT_TOPIC, {"event_id": row.id, "type": row.type,
                                "object_id": row.object_id})
    return True


def on_event(gw: Gateway) -> Any:
    """The worker's handler for a received event: re-read the object from Stripe, then act."""
    subscriptions = memberships.on_event(gw)

    def handle(s: Session, payload: dict[str, Any]) -> None:
        kind, ref = payload["type"], payload.get("object_id")
        if not ref:
            return
        if kind in CHECKOUT_EVENTS:
            apply_session(s, gw, gw.session(ref),
                          failed=kind == "checkout.session.async_payment_failed")
        elif kind in memberships.SUBSCRIPTION_EVENTS:
            subscriptions(s, kind, ref)
        elif kind in CHARGE_EVENTS:
            apply_charge(s, gw.charge(ref))
        elif kind in DISPUTE_EVENTS:
            apply_dispute(s, gw.dispute(ref))
    return handle


# -- fulfilment ---------------------------------------------------------------------------------
def fulfil_redirect(s: Session, gw: Gateway, who: Principal, session_id: str) -> Order:
    """The success redirect: the learner's own session, applied now (the webhook may be late)."""
    order = s.scalar(select(Order).where(Order.checkout_session_id == session_id))
    if order is None or order.user_id != who.user_id:
        raise NotFound(f"no checkout {session_id} of yours", field="session_id")
    return apply_session(s, gw, gw.session(session_id)) or order


def apply_session(s: Session, gw: Gateway, session: dict[str, Any],
                  failed: bool = False) -> Order | None:
    """Move the session's order to what Stripe says (never backwards); idempotent. A paid
    course is granted; a subscription's membership is applied from the subscription."""
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
        Dispatcher.task(s, ORDER_PAID, {"order_id": str(order.id)})  # the receipt mail
        charged = session.get("amount_total")
        if charged is not None and int(charged) < order.amount_cents \
                and str(session.get("currency") or order.currency) == order.currency:  # a code
            order.discount_cents = order.amount_cents - int(charged)
            order.amount_cents = int(charged)
        if order.plan_id is not None:
            order.invoice_id = _id(session.get("invoice"))
            s.flush()
            sub = _id(session.get("subscription"))
            member = memberships.apply_subscription(s, gw, gw.subscription(sub)) if sub else None
            order.membership_id = member.id if member else None
        else:
            order.payment_intent_id = _id(session.get("payment_intent"))
            order.receipt_url = _receipt(gw, order.payment_intent_id)
            course = s.get(Course, order.course_id)
            assert course is not None
            enrollment.grant(s, course, order.user_id)
    elif session.get("status") == "expired":
        order.status, order.failure = OrderStatus.FAILED, "the checkout expired"
    elif failed and session.get("payment_status") == "unpaid":
        order.status, order.failure = OrderStatus.FAILED, "the payment failed"
    s.flush()
    return order


def _receipt(gw: Gateway, intent_id: str | None) -> str | None:
    """Stripe's receipt for the payment (its charge's `receipt_url`)."""
    if not intent_id:
        return None
    charge = gw.payment_intent(intent_id).get("latest_charge")
    if isinstance(charge, str):
        charge = gw.charge(charge)
    return str(charge.get("receipt_url") or "") or None if charge else None


def _id(value: Any) -> str | None:
    if isinstance(value, dict):
        return str(value.get("id"))
    return str(value) if value else None


def mine(s: Session, who: Principal) -> list[Order]:
    return list(s.scalars(select(Order).where(Order.user_id == who.user_id)
                          .order_by(Order.created_at.desc())))


# -- refunds and disputes -----------------------------------------------------------------------
class BadRefund(Unprocessable):
    title = "Invalid Refund"


def order_of_course(s: Session, course: Course, order_id: uuid.UUID) -> Order:
    order = s.get(Order, order_id)
    if order is None or order.course_id != course.id:
        raise NotFound(f"no order {order_id} for this course")
    return order


def refund(s: Session, gw: Gateway, order: Order, amount: int | None) -> Order:
    """Staff refund (all that is left, or `amount`): through Stripe, then applied from the
    charge as Stripe has it (the `charge.refunded` webhook applies the same, idempotently)."""
    left = order.amount_cents - order.refunded_cents
    if order.status not in (OrderStatus.PAID, OrderStatus.REFUNDED) or not order.payment_intent_id:
        raise BadRefund(f"only a paid order can be refunded (this one is {order.status})")
    amount = left if amount is None else amount
    if amount <= 0 or amount > left:
        raise BadRefund(f"refund at most {left} (the payment less what was refunded)",
                        field="amount_cents")
    made = gw.refund(str(order.id), order.payment_intent_id, amount, order.refunded_cents)
    charge = made.get("charge") or order.charge_id
    if charge:
        apply_charge(s, gw.charge(_id(charge) or ""))
    return order


def apply_charge(s: Session, charge: dict[str, Any]) -> Order | None:
    """What was refunded of a charge; the full amount revokes the enrollment (a partial
    refund keeps it)."""
    order = _by_intent(s, charge)
    if order is None:
        return None
    refunded = int(charge.get("amount_refunded") or 0)
    if refunded <= order.refunded_cents:
        return order  # nothing new (a late or repeated event)
    order.refunded_cents, order.refunded_at = refunded, clock.now()
    order.charge_id = order.charge_id or str(charge.get("id"))
    if refunded >= order.amount_cents:
        order.status = OrderStatus.REFUNDED
        _revoke(s, order)
    s.flush()
    return order


def apply_dispute(s: Session, dispute: dict[str, Any]) -> Order | None:
    """A dispute suspends access (the enrollment is revoked while it is open); won restores
    it, lost keeps it revoked."""
    order = _by_intent(s, dispute)
    if order is None:
        return None
    status = str(dispute.get("status") or "")
    order.dispute_status = status
    if status == "won":
        order.status = OrderStatus.PAID if order.refunded_cents < order.amount_cents \
            else OrderStatus.REFUNDED
        if order.status == OrderStatus.PAID and order.course_id is not None:
            course = s.get(Course, order.course_id)
            assert course is not None
            enrollment.grant(s, course, order.user_id)
    else:  # open (needs_response, under_review, ...) or lost
        order.status = OrderStatus.DISPUTED
        _revoke(s, order)
    s.flush()
    return order


def _by_intent(s: Session, obj: dict[str, Any]) -> Order | None:
    intent = _id(obj.get("payment_intent"))
    if not intent:
        return None
    return s.scalar(select(Order).where(Order.payment_intent_id == intent).with_for_update())


def _revoke(s: Session, order: Order) -> None:
    """A course order's enrollment ends (a membership's access follows its subscription)."""
    if order.course_id is None:
        return
    course = s.get(Course, order.course_id)
    assert course is not None
    row = enrollment.of(s, course, order.user_id)
    if row is not None and row.state in enrollment.IN:
        row.state = EnrollmentState.REVOKED
        s.flush()


# -- reconciliation -----------------------------------------------------------------------------
RECONCILE_WINDOW_S = 3 * 86400


def reconcile(s: Session, gw: Gateway) -> int:
    """What a webhook endpoint that was down missed: recent events not yet received are
    recorded and worked like delivered ones, and pending orders are re-read from Stripe.
    Returns how many it picked up."""
    found = 0
    for event in gw.recent_events(int(clock.time()) - RECONCILE_WINDOW_S):
        if event.get("type") in HANDLED and _record(s, event):
            found += 1  # not received before
    stale = clock.now() - timedelta(minutes=10)
    for order in s.scalars(select(Order).where(Order.status == OrderStatus.PENDING,
                                               Order.created_at < stale,
                                               Order.checkout_session_id.is_not(None))
                           .limit(100)):
        if apply_session(s, gw, gw.session(str(order.checkout_session_id))) is not None \
                and order.status != OrderStatus.PENDING:
            found += 1
    return found + memberships.sweep(s, gw)


# -- reports ------------------------------------------------------------------------------------
REVENUE = """
SELECT date_trunc(:unit, coalesce(o.paid_at, o.created_at), 'UTC') AS bucket, o.currency,
       count(*) AS orders, sum(o.amount_cents) AS gross_cents,
       sum(o.refunded_cents) AS refunded_cents,
       sum(CASE WHEN o.status = 'disputed' THEN o.amount_cents - o.refunded_cents ELSE 0 END)
         AS disputed_cents
FROM orders o
WHERE o.status IN ('paid', 'refunded', 'disputed')
  AND (CAST(:c AS uuid) IS NULL OR o.course_id = :c)
  AND (CAST(:p AS uuid) IS NULL OR o.plan_id = :p)
  AND coalesce(o.paid_at, o.created_at) >= :start AND coalesce(o.paid_at, o.created_at) < :end
GROUP BY 1, 2 ORDER BY 1, 2
"""


def revenue(s: Session, unit: str, start: Any, end: Any, course: Course | None = None,
            plan: Plan | None = None) -> list[dict[str, Any]]:
    """Per period and currency: orders, gross, refunded, disputed and net (in cents), of one
    course, one plan, or (neither: admins) everything."""
    rows = s.execute(text(REVENUE), {"c": course.id if course else None,
                                     "p": plan.id if plan else None, "unit": unit,
                                     "start": start, "end": end})
    return [{**dict(r._mapping), "net_cents": r.gross_cents - r.refunded_cents
             - r.disputed_cents} for r in rows]


def orders(s: Session, course: Course | None = None, plan: Plan | None = None,
           limit: int = 500) -> list[Order]:
    """Newest first: a course's, a plan's, or (neither: admins) everyone's."""
    query = select(Order).order_by(Order.created_at.desc()).limit(limit)
    if course is not None:
        query = query.where(Order.course_id == course.id)
    if plan is not None:
        query = query.where(Order.plan_id == plan.id)
    return list(s.scalars(query))


def order_by_id(s: Session, order_id: uuid.UUID) -> Order:
    order = s.get(Order, order_id)
    if order is None:
        raise NotFound(f"no order {order_id}")
    return order
