"""Memberships through the real `stripe` SDK against the local fake Stripe: plans synchronised to
recurring Prices, subscription checkout, access granted and extended by paid invoices whatever
order the events arrive in, a failed renewal's grace period, cancellation at the period's end and
at once, all-courses plans, the billing portal, reconciliation of a missed renewal, and the
reports across courses and plans."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from kit import clock
from kit.settings import Settings
from lms.payments import memberships
from lms.payments import service as payments
from lms.payments.gateway import Gateway
from models import Membership, Order, User
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API
from tests.fixtures.fake_stripe import FakeStripe
from tests.lms.test_payments import HOOK, drain, enrolled, paid_course, session_of, stripe_on

PLANS = "/api/v1/plans"


def plan(client: TestClient, who: Account, slug: str = "pro", status: int = 201,
         **fields: Any) -> dict[str, Any]:
    body = {"slug": slug, "title": "Pro", "amount_cents": 1500, "interval": "month",
            "course_slugs": ["paid", "other"], **fields}
    r = client.post(PLANS, headers=who.headers, json=body)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


def subscribe(client: TestClient, who: Account, slug: str = "pro") -> dict[str, Any]:
    r = client.post(f"{PLANS}/{slug}/checkout", headers=who.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def deliver_all(client: TestClient, fake: FakeStripe, since: int) -> None:
    for event in fake.events[since:]:
        assert fake.deliver(client, HOOK, event).status_code == 200


def membership(settings: Settings, who: Account) -> Membership:
    with as_worker(settings) as s:
        row = s.scalars(select(Membership).join(User, User.id == Membership.user_id)
                        .where(User.email == who.email)
                        .order_by(Membership.created_at.desc())).first()
        assert row is not None
        s.expunge(row)
        return row


def two_courses_and_a_plan(client: TestClient, instructor: Account, admin: Account,
                           settings: Settings, fake: FakeStripe, **fields: Any,
                           ) -> dict[str, Any]:
    stripe_on(settings, fake)
    paid_course(client, instructor)
    paid_course(client, instructor, slug="other", cents=2500)
    made = plan(client, admin, **fields)
    drain(settings)  # the plan's price is synchronised to Stripe
    return made


def subscribed(client: TestClient, learner: Account, settings: Settings,
               fake: FakeStripe, discount: int = 0) -> tuple[dict[str, Any], str]:
    """The learner subscribes and pays; every event is delivered and worked. (order, sub)"""
    order = subscribe(client, learner)
    before = len(fake.events)
    fake.pay(session_of(settings, order["id"]), discount=discount)
    deliver_all(client, fake, before)
    drain(settings)
    return order, membership(settings, learner).subscription_id


def test_a_learner_subscribes_and_gets_the_plans_courses(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    made = two_courses_and_a_plan(client, instructor, admin, settings, fake_stripe)
    assert set(made["course_slugs"]) == {"paid", "other"}
    prices = [o for o in fake_stripe.objects.values() if o["object"] == "price"
              and o.get("recurring")]
    assert [(p["unit_amount"], p["recurring"]["interval"]) for p in prices] == [(1500, "month")]
    listed = client.get(PLANS, params={"course": "other"}).json()
    assert [p["slug"] for p in listed] == ["pro"]

    order = subscribe(client, learner)
    assert order["plan_slug"] == "pro" and order["status"] == "pending"
    session = fake_stripe.objects[session_of(settings, order["id"])]
    assert session["mode"] == "subscription" and session["allow_promotion_codes"]
    assert session["subscription_data"]["metadata"]["plan_id"] == made["id"]
    keys = {path: key for path, key in fake_stripe.posts}
    assert keys["/v1/checkout/sessions"] == f"checkout:{order['id']}"
    assert any(path == "/v1/prices" and key.startswith("price:plan:")
               for path, key in fake_stripe.posts)  # the plan's price, among the courses'

    before = len(fake_stripe.events)
    fake_stripe.pay(session["id"])
    assert [e["type"] for e in fake_stripe.events[before:]] == [
        "customer.subscription.created", "invoice.paid", "checkout.session.completed"]
    deliver_all(client, fake_stripe, before)
    drain(settings)
    row = membership(settings, learner)
    assert row.status == "active" and row.access_until is not None
    assert row.current_period_end is not None
    assert row.access_until > row.current_period_end  # a little slack for the renewal
    for slug in ("paid", "other"):
        got = client.get(f"{API}/{slug}/enrollment", headers=learner.headers).json()
        assert got["state"] == "active" and got["membership_id"] == str(row.id)
        assert got["access_ends_at"] is not None
    # one order for the first invoice, paid, with its receipt
    orders = client.get("/api/v1/me/orders", headers=learner.headers).json()
    assert [(o["plan_slug"], o["status"], o["amount_cents"]) for o in orders] == [
        ("pro", "paid", 1500)]
    assert orders[0]["receipt_url"].startswith(f"{fake_stripe.base}/invoices/in_")
    mine = client.get("/api/v1/me/memberships", headers=learner.headers).json()
    assert mine[0]["status"] == "active" and mine[0]["plan"]["slug"] == "pro"
    # one currency per subscriber (Stripe's rule), said before Checkout
    plan(client, admin, slug="euro", currency="eur")
    r = client.post(f"{PLANS}/euro/checkout", headers=learner.headers)
    assert r.status_code == 422 and r.json()["field"] == "currency"
    assert client.post(f"{PLANS}/nope/checkout", headers=learner.headers).status_code == 404
    # nobody pays twice: not the plan, not a course it includes
    r = client.post(f"{PLANS}/pro/checkout", headers=learner.headers)
    assert r.status_code == 409 and "already" in r.json()["detail"]
    r = client.post(f"{API}/paid/checkout", headers=learner.headers)
    assert r.status_code == 409 and "membership" in r.json()["detail"]


def test_invoice_before_the_checkout_event_and_the_redirect_make_one_order(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    two_courses_and_a_plan(client, instructor, admin, settings, fake_stripe)
    order = subscribe(client, learner)
    before = len(fake_stripe.events)
    session = session_of(settings, order["id"])
    fake_stripe.pay(session)
    events = fake_stripe.events[before:]
    invoice_paid = next(e for e in events if e["type"] == "invoice.paid")
    # the invoice's event alone first: the membership is made from the subscription's metadata
    assert fake_stripe.deliver(client, HOOK, invoice_paid).status_code == 200
    drain(settings)
    assert enrolled(client, learner) == "active"
    # then the success redirect, and every event again, twice over
    r = client.post(f"/api/v1/payments/checkout-sessions/{session}/fulfil",
                    headers=learner.headers)
    assert r.status_code == 200 and r.json()["status"] == "paid"
    deliver_all(client, fake_stripe, before)
    deliver_all(client, fake_stripe, before)
    drain(settings)
    with as_worker(settings) as s:
        rows = list(s.scalars(select(Order).join(User, User.id == Order.user_id)
                              .where(User.email == learner.email)))
        assert len(rows) == 1 and rows[0].status == "paid" and rows[0].invoice_id
        assert len(list(s.scalars(select(Membership)))) == 1


def test_renewal_extends_and_a_failed_one_keeps_access_for_the_grace_period(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    two_courses_and_a_plan(client, instructor, admin, settings, fake_stripe)
    settings.stripe.grace_days = 3
    _, sub = subscribed(client, learner, settings, fake_stripe, discount=500)
    first = membership(settings, learner)

    before = len(fake_stripe.events)
    fake_stripe.renew(sub)
    deliver_all(client, fake_stripe, before)
    drain(settings)
    renewed = membership(settings, learner)
    assert renewed.access_until and first.access_until
    assert renewed.access_until - first.access_until == timedelta(days=30)
    orders = client.get("/api/v1/me/orders", headers=learner.headers).json()
    # the renewal is a receipt too; a promotion code took 500 off the first invoice only
    assert [(o["status"], o["amount_cents"], o["discount_cents"]) for o in orders] == [
        ("paid", 1500, 0), ("paid", 1000, 500)]

    before = len(fake_stripe.events)
    fake_stripe.renew(sub, paid=False)
    deliver_all(client, fake_stripe, before)
    drain(settings)
    due = membership(settings, learner)
    assert due.status == "past_due" and due.past_due_since is not None
    assert due.access_until == due.past_due_since + timedelta(days=3)
    assert enrolled(client, learner) == "active"  # the grace period holds access
    gateway = Gateway(settings.stripe, settings.http)
    with clock.use(clock.FrozenClock(clock.now() + timedelta(days=4))):
        with as_worker(settings) as s:
            assert memberships.sweep(s, gateway) == 1  # still unpaid at Stripe: access ends
        assert enrolled(client, learner) == "revoked"
        assert enrolled(client, learner, "other") == "revoked"
        # the retried payment succeeds: access comes back
        before = len(fake_stripe.events)
        fake_stripe.renew(sub)
        deliver_all(client, fake_stripe, before)
        drain(settings)
        back = membership(settings, learner)
        assert back.status == "active" and back.past_due_since is None
        assert enrolled(client, learner) == "active"


def test_cancel_at_period_end_then_deleted_revokes_and_stays_revoked(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    two_courses_and_a_plan(client, instructor, admin, settings, fake_stripe)
    _, sub = subscribed(client, learner, settings, fake_stripe)
    # the learner also bought a course outright before: the membership never ends that one
    paid_course(client, instructor, slug="bought", cents=900)
    bought = client.post(f"{API}/bought/checkout", headers=learner.headers).json()
    before = len(fake_stripe.events)
    fake_stripe.pay(session_of(settings, bought["id"]))
    deliver_all(client, fake_stripe, before)
    drain(settings)

    before = len(fake_stripe.events)
    fake_stripe.cancel(sub, at_period_end=True)
    deliver_all(client, fake_stripe, before)
    drain(settings)
    ending = membership(settings, learner)
    assert ending.status == "active" and ending.cancel_at_period_end
    assert ending.access_until == ending.current_period_end  # no slack: it ends there
    assert enrolled(client, learner) == "active"
    stale = next(e for e in fake_stripe.events if e["type"] == "invoice.paid")

    before = len(fake_stripe.events)
    fake_stripe.cancel(sub)  # the period ended: Stripe deletes the subscription
    deliver_all(client, fake_stripe, before)
    drain(settings)
    assert membership(settings, learner).status == "canceled"
    assert enrolled(client, learner) == "revoked"
    assert enrolled(client, learner, "other") == "revoked"
    assert enrolled(client, learner, "bought") == "active"
    # an old invoice.paid delivered late (a new event id) cannot bring it back
    stale["id"] = stale["id"] + "late"
    assert fake_stripe.deliver(client, HOOK, stale).status_code == 200
    drain(settings)
    assert membership(settings, learner).status == "canceled"
    assert enrolled(client, learner) == "revoked"
    # and the learner may subscribe again
    assert subscribe(client, learner)["status"] == "pending"


def test_all_courses_plans_and_who_may_sell_what(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    paid_course(client, instructor, slug="other", cents=2500)
    # instructors sell courses they edit, never everything
    r = client.post(PLANS, headers=instructor.headers, json={
        "slug": "all", "title": "All", "amount_cents": 900, "all_courses": True})
    assert r.status_code == 403 and r.json()["field"] == "all_courses"
    r = client.post(PLANS, headers=instructor.headers, json={
        "slug": "none", "title": "None", "amount_cents": 900, "course_slugs": []})
    assert r.status_code == 422 and r.json()["field"] == "course_slugs"
    r = client.post(PLANS, headers=instructor.headers, json={
        "slug": "ghost", "title": "G", "amount_cents": 900, "course_slugs": ["nope"]})
    assert r.status_code == 404 and r.json()["field"] == "course_slugs"
    r = client.post(PLANS, headers=learner.headers, json={
        "slug": "mine", "title": "M", "amount_cents": 900, "course_slugs": ["paid"]})
    assert r.status_code == 403
    r = client.post(PLANS, headers=instructor.headers, json={
        "slug": "BAD slug", "title": "M", "amount_cents": 900, "course_slugs": ["paid"]})
    assert r.status_code == 422
    plan(client, instructor, slug="bundle", course_slugs=["paid"])
    assert client.post(PLANS, headers=instructor.headers, json={
        "slug": "bundle", "title": "B", "amount_cents": 900,
        "course_slugs": ["paid"]}).status_code == 409
    plan(client, admin, slug="everything", all_courses=True, course_slugs=[])
    drain(settings)

    before = len(fake_stripe.events)
    order = subscribe(client, learner, "everything")
    fake_stripe.pay(session_of(settings, order["id"]))
    deliver_all(client, fake_stripe, before)
    drain(settings)
    assert enrolled(client, learner) is None  # all-courses plans enroll on demand
    r = client.post(f"{API}/other/enrollment", headers=learner.headers)
    assert r.status_code == 201 and r.json()["membership_id"] is not None
    # a new price is a new recurring Stripe Price; members keep theirs
    r = client.patch(f"{PLANS}/everything", headers=admin.headers,
                     json={"amount_cents": 1900})
    assert r.status_code == 200 and r.json()["amount_cents"] == 1900
    assert client.patch(f"{PLANS}/everything", headers=instructor.headers,
                        json={"amount_cents": 100}).status_code == 403
    drain(settings)
    amounts = sorted(o["unit_amount"] for o in fake_stripe.objects.values()
                     if o["object"] == "price" and o.get("recurring"))
    assert amounts == [1500, 1500, 1900]  # the bundle, everything before and after
    # no longer sold: off the catalogue, checkout refused; the member keeps access
    client.patch(f"{PLANS}/everything", headers=admin.headers, json={"active": False})
    assert "everything" not in [p["slug"] for p in client.get(PLANS).json()]
    r = client.post(f"{PLANS}/everything/checkout", headers=instructor.headers)
    assert r.status_code == 422 and r.json()["field"] == "slug"
    assert enrolled(client, learner, "other") == "active"
    # sellers list their own plans, off sale too; admins every plan
    def mine(who: Account) -> list[str]:
        r = client.get(PLANS, params={"mine": True}, headers=who.headers)
        assert r.status_code == 200, r.text
        return [p["slug"] for p in r.json()]
    assert mine(instructor) == ["bundle"]
    assert sorted(mine(admin)) == ["bundle", "everything"]
    assert client.get(PLANS, params={"mine": True}).status_code == 401
    # a price Stripe no longer knows: 502, and no order is left half-made
    for price in [o for o in fake_stripe.objects.values() if o["object"] == "price"]:
        del fake_stripe.objects[price["id"]]
    with as_worker(settings) as s:
        count = len(list(s.scalars(select(Order))))
    r = client.post(f"{PLANS}/bundle/checkout", headers=learner.headers)
    assert r.status_code == 502 and "price" in r.json()["detail"].lower()
    with as_worker(settings) as s:
        assert len(list(s.scalars(select(Order)))) == count


def test_billing_portal_reconciliation_and_reports(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    two_courses_and_a_plan(client, instructor, admin, settings, fake_stripe)
    r = client.post("/api/v1/me/billing-portal", headers=learner.headers)
    assert r.status_code == 404  # no billing account before the first checkout
    _, sub = subscribed(client, learner, settings, fake_stripe)
    r = client.post("/api/v1/me/billing-portal", headers=learner.headers)
    assert r.status_code == 200 and r.json()["url"].startswith(f"{fake_stripe.base}/portal/")
    assert dict(fake_stripe.posts)["/v1/billing_portal/sessions"].startswith("portal:cus_")

    # a renewal whose webhook never arrives: reconciliation picks it up
    first = membership(settings, learner)
    fake_stripe.renew(sub)
    gateway = Gateway(settings.stripe, settings.http)
    with as_worker(settings) as s:
        assert payments.reconcile(s, gateway) >= 1
    drain(settings)
    later = membership(settings, learner)
    assert later.access_until and first.access_until and later.access_until > first.access_until

    # reports: the plan's owner and admins; across everything for admins only
    rows = client.get(f"{PLANS}/pro/revenue", headers=admin.headers).json()
    assert sum(r["gross_cents"] for r in rows) == 3000
    assert client.get(f"{PLANS}/pro/revenue", headers=instructor.headers).status_code == 403
    everything = client.get("/api/v1/payments/revenue", headers=admin.headers).json()
    assert sum(r["orders"] for r in everything) == 2
    assert client.get("/api/v1/payments/revenue", headers=learner.headers).status_code == 403
    csv = client.get("/api/v1/payments/orders", headers=admin.headers,
                     params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.startswith("id,course_slug,plan_slug,")
    assert csv.text.count(",pro,") == 2
    # an admin refunds a membership's invoice; access follows the subscription
    order = client.get(f"{PLANS}/pro/orders", headers=admin.headers).json()[0]
    r = client.post(f"/api/v1/payments/orders/{order['id']}/refund", headers=admin.headers,
                    json={})
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    assert enrolled(client, learner) == "active"
