"""Paid enrollment through the real `stripe` SDK against a local fake Stripe: checkout with
idempotency keys, webhooks verified on the raw body, duplicates ignored, fulfilment from the
webhook and from the success redirect (in either order, or both at once: one enrollment), and
checkout unavailable (503) without a key while everything else works."""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.worker import Worker
from kit import db, outbox
from kit.settings import Settings, StripeSettings
from models import Enrollment, Order, StripeEvent
from tests.accounts.test_account_mail import text_of
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API, course_with
from tests.fixtures.fake_stripe import KEY, WEBHOOK_SECRET, FakeStripe
from tests.fixtures.outside import SMTPServer

HOOK = "/api/v1/payments/webhook"


def stripe_on(settings: Settings, fake: FakeStripe) -> None:
    settings.stripe = StripeSettings(api_key=KEY, webhook_secret=WEBHOOK_SECRET,
                                     api_base=fake.base, site_url="http://shop.test")


def paid_course(client: TestClient, who: Account, slug: str = "paid", cents: int = 4900) -> None:
    course_with(client, who, [{"title": "One"}], slug=slug, price_cents=cents)


def buy(client: TestClient, who: Account, slug: str = "paid") -> dict[str, Any]:
    r = client.post(f"{API}/{slug}/checkout", headers=who.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def session_of(settings: Settings, order_id: str) -> str:
    with as_worker(settings) as s:
        order = s.get(Order, order_id)
        assert order is not None and order.checkout_session_id
        return order.checkout_session_id


def drain(settings: Settings) -> None:
    """The worker's outbox loop, once (the received events' work)."""
    engine = db.make_engine(settings.worker_db, pool_size=1)
    worker = Worker(settings, db.make_sessionmaker(engine), None)  # type: ignore[arg-type]
    outbox.drain(worker.sessions, worker.tasks.topics)
    engine.dispose()


def enrolled(client: TestClient, who: Account, slug: str = "paid") -> str | None:
    r = client.get(f"{API}/{slug}/enrollment", headers=who.headers)
    return r.json()["state"] if r.status_code == 200 else None  # type: ignore[no-any-return]


def test_a_learner_buys_a_course_and_the_webhook_fulfils_it(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    assert client.post(f"{API}/paid/enrollment", headers=learner.headers).status_code == 402
    order = buy(client, learner)
    assert order["status"] == "pending" and order["amount_cents"] == 4900
    assert order["checkout_url"].startswith(f"{fake_stripe.base}/pay/cs_test_")
    # every outbound POST carried an idempotency key derived from what it was for
    keys = {path: key for path, key in fake_stripe.posts}
    assert keys["/v1/checkout/sessions"] == f"checkout:{order['id']}"
    assert keys["/v1/customers"].startswith("customer:")
    assert keys["/v1/prices"].endswith(":4900:usd")
    session = session_of(settings, order["id"])
    stored = fake_stripe.objects[session]
    assert stored["client_reference_id"] == order["id"] and stored["allow_promotion_codes"]
    assert stored["success_url"] == ("http://shop.test/checkout/success?"
                                     "session_id={CHECKOUT_SESSION_ID}")
    event = fake_stripe.pay(session)
    r = fake_stripe.deliver(client, HOOK, event)
    assert r.status_code == 200 and r.json() == {"received": True, "duplicate": False}
    assert enrolled(client, learner) is None  # the work is the worker's
    drain(settings)
    assert enrolled(client, learner) == "active"
    mine = client.get("/api/v1/me/orders", headers=learner.headers).json()
    assert [(o["status"], o["course_slug"]) for o in mine] == [("paid", "paid")]
    # paying twice is refused: they have access
    r = client.post(f"{API}/paid/checkout", headers=learner.headers)
    assert r.status_code == 409 and r.json()["title"] == "Already Enrolled"
    # the same price is not synchronised twice; a new price is a new Stripe Price
    prices = [p for p, _ in fake_stripe.posts if p == "/v1/prices"]
    assert len(prices) == 1


def test_duplicate_and_reordered_deliveries_change_nothing(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    order = buy(client, learner)
    session = session_of(settings, order["id"])
    expired = fake_stripe.event("checkout.session.expired", session)  # stale, sent late
    completed = fake_stripe.pay(session)
    for event in (completed, completed, expired, completed):
        assert fake_stripe.deliver(client, HOOK, event).status_code == 200
    drain(settings)
    with as_worker(settings) as s:
        events = s.scalar(select(func.count()).select_from(StripeEvent))
        row = s.get(Order, order["id"])
        assert row is not None and row.status == "paid"  # the late 'expired' moved nothing back
    assert events == 2
    assert enrolled(client, learner) == "active"


def test_bad_or_stale_signatures_store_nothing(client: TestClient, settings: Settings,
                                               fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    event = {"id": "evt_forged", "object": "event", "type": "checkout.session.completed",
             "data": {"object": {"id": "cs_test_x"}}}
    for signature in ("", "t=1,v1=deadbeef", fake_stripe.sign(b"another body")):
        r = fake_stripe.deliver(client, HOOK, event, signature=signature)
        assert r.status_code == 400 and r.json()["title"] == "Invalid Webhook Signature"
    r = fake_stripe.deliver(client, HOOK, event, at=int(time.time()) - 3600)  # an hour old
    assert r.status_code == 400 and "tolerance" in r.json()["detail"].lower()
    with as_worker(settings) as s:
        assert s.scalar(select(func.count()).select_from(StripeEvent)) == 0


def test_the_success_redirect_fulfils_before_the_webhook_and_both_at_once_make_one(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    paid_course(client, instructor, slug="second")
    order = buy(client, learner)
    session = session_of(settings, order["id"])
    event = fake_stripe.pay(session)
    r = client.post(f"/api/v1/payments/checkout-sessions/{session}/fulfil",
                    headers=learner.headers)
    assert r.status_code == 200 and r.json()["status"] == "paid"  # the webhook is late
    assert enrolled(client, learner) == "active"
    fake_stripe.deliver(client, HOOK, event)
    drain(settings)  # and changes nothing when it comes
    # two paths at once on another order: one enrollment, one paid order
    second = buy(client, learner, "second")
    session = session_of(settings, second["id"])
    event = fake_stripe.pay(session)
    fake_stripe.deliver(client, HOOK, event)
    codes: list[int] = []
    redirect = threading.Thread(target=lambda: codes.append(client.post(
        f"/api/v1/payments/checkout-sessions/{session}/fulfil",
        headers=learner.headers).status_code))
    worker = threading.Thread(target=drain, args=(settings,))
    for t in (redirect, worker):
        t.start()
    for t in (redirect, worker):
        t.join(30)
    assert codes == [200]
    with as_worker(settings) as s:
        rows = s.scalar(select(func.count()).select_from(Enrollment).where(
            Enrollment.course_id == s.get(Order, second["id"]).course_id))  # type: ignore
    assert rows == 1 and enrolled(client, learner, "second") == "active"
    other = client.post(f"/api/v1/payments/checkout-sessions/{session}/fulfil",
                        headers=instructor.headers)
    assert other.status_code == 404  # not the instructor's checkout


def test_checkout_refusals_and_no_stripe(client: TestClient, instructor: Account,
                                         learner: Account, settings: Settings,
                                         fake_stripe: FakeStripe) -> None:
    paid_course(client, instructor)
    course_with(client, instructor, [{"title": "One"}], slug="free")
    r = client.post(f"{API}/paid/checkout", headers=learner.headers)
    assert r.status_code == 503 and r.json()["title"] == "Checkout Unavailable"
    assert client.get(f"{API}/paid", headers=learner.headers).status_code == 200  # the rest works
    stripe_on(settings, fake_stripe)
    r = client.post(f"{API}/free/checkout", headers=learner.headers)
    assert r.status_code == 422 and "free" in r.json()["detail"]
    fake_stripe.failing = 1  # one 500: the SDK retries it with the same idempotency key
    r = client.post(f"{API}/paid/checkout", headers=learner.headers)
    assert r.status_code == 201
    fake_stripe.failing = 10  # Stripe keeps failing: 502, and nothing half-written
    r = client.post(f"{API}/paid/checkout", headers=learner.headers)
    assert r.status_code == 502 and r.json()["title"] == "Payment Provider Error"
    with as_worker(settings) as s:
        # the first checkout's order; the failed one left nothing half-written
        assert s.scalar(select(func.count()).select_from(Order)) == 1


def paid(client: TestClient, settings: Settings, fake: FakeStripe, who: Account,
         slug: str = "paid") -> tuple[dict[str, Any], str]:
    """A paid order (fulfilled by the webhook); returns it and its payment intent."""
    order = buy(client, who, slug)
    session = session_of(settings, order["id"])
    fake.deliver(client, HOOK, fake.pay(session))
    drain(settings)
    return order, str(fake.objects[session]["payment_intent"])


def test_refunds_partial_keep_access_full_revoke(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    order, _ = paid(client, settings, fake_stripe, learner)
    url = f"{API}/paid/orders/{order['id']}/refund"
    r = client.post(url, headers=instructor.headers, json={"amount_cents": 5000})
    assert r.status_code == 422 and r.json()["field"] == "amount_cents"  # more than was paid
    assert client.post(url, headers=learner.headers, json={}).status_code == 403
    r = client.post(url, headers=instructor.headers, json={"amount_cents": 900})
    assert r.status_code == 200 and r.json()["refunded_cents"] == 900
    assert r.json()["status"] == "paid" and enrolled(client, learner) == "active"
    keys = [key for path, key in fake_stripe.posts if path == "/v1/refunds"]
    assert keys == [f"refund:{order['id']}:0:900"]
    r = client.post(url, headers=instructor.headers, json={})  # the rest
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    assert r.json()["refunded_cents"] == 4900 and enrolled(client, learner) == "revoked"
    # Stripe's own charge.refunded events, delivered afterwards, change nothing more
    for event in [e for e in fake_stripe.events if e["type"] == "charge.refunded"]:
        fake_stripe.deliver(client, HOOK, event)
    drain(settings)
    assert enrolled(client, learner) == "revoked"
    r = client.post(url, headers=instructor.headers, json={})
    assert r.status_code == 422  # nothing left to refund


def test_a_dispute_suspends_access_and_its_outcome_decides(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    paid_course(client, instructor, slug="second")
    for slug, won, after in (("paid", True, "active"), ("second", False, "revoked")):
        order, intent = paid(client, settings, fake_stripe, learner, slug)
        opened = fake_stripe.dispute(intent)
        fake_stripe.deliver(client, HOOK, opened)
        drain(settings)
        assert enrolled(client, learner, slug) == "revoked"  # suspended while it is open
        closed = fake_stripe.close_dispute(opened["data"]["object"]["id"], won)
        fake_stripe.deliver(client, HOOK, closed)
        fake_stripe.deliver(client, HOOK, opened)  # a late duplicate of the opening: ignored
        drain(settings)
        assert enrolled(client, learner, slug) == after
        mine = {o["course_slug"]: o for o in client.get(
            "/api/v1/me/orders", headers=learner.headers).json()}
        assert mine[slug]["dispute_status"] == ("won" if won else "lost")
        assert mine[slug]["status"] == ("paid" if won else "disputed")


def test_reconciliation_applies_what_a_down_webhook_missed(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    from lms.payments import service as payments
    from lms.payments.gateway import Gateway

    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    order = buy(client, learner)
    fake_stripe.pay(session_of(settings, order["id"]))  # the webhook never arrives
    assert enrolled(client, learner) is None
    gateway = Gateway(settings.stripe, settings.http)
    with as_worker(settings) as s:
        assert payments.reconcile(s, gateway) == 1
    drain(settings)
    assert enrolled(client, learner) == "active"
    with as_worker(settings) as s:
        assert payments.reconcile(s, gateway) == 0  # nothing new the second time


def test_revenue_per_period_and_the_orders_list(
        client: TestClient, instructor: Account, learner: Account, admin: Account,
        settings: Settings, fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    order, _ = paid(client, settings, fake_stripe, learner)
    client.post(f"{API}/paid/orders/{order['id']}/refund", headers=instructor.headers,
                json={"amount_cents": 1000})
    r = client.get(f"{API}/paid/revenue", headers=instructor.headers)
    assert r.status_code == 200
    [row] = r.json()
    assert (row["orders"], row["gross_cents"], row["refunded_cents"], row["net_cents"]) == \
        (1, 4900, 1000, 3900)
    csv_text = client.get(f"{API}/paid/revenue", headers=instructor.headers,
                          params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("bucket,currency,orders,gross_cents")
    orders = client.get(f"{API}/paid/orders", headers=instructor.headers).json()
    assert [(o["status"], o["refunded_cents"]) for o in orders] == [("paid", 1000)]
    assert client.get(f"{API}/paid/orders", headers=learner.headers).status_code == 403
    assert client.get(f"{API}/paid/revenue", headers=admin.headers).status_code == 200


def test_setting_a_price_synchronises_it_and_a_new_price_is_a_new_stripe_price(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    drain(settings)
    drain(settings)  # the event, then its subscriber
    prices = [o for o in fake_stripe.objects.values() if o["object"] == "price"]
    assert [p["unit_amount"] for p in prices] == [4900]
    r = client.patch(f"{API}/paid", headers=instructor.headers, json={"price_cents": 5900})
    assert r.status_code == 200
    drain(settings)
    drain(settings)
    prices = [o for o in fake_stripe.objects.values() if o["object"] == "price"]
    assert sorted(p["unit_amount"] for p in prices) == [4900, 5900]  # never an edit
    assert len({p["product"] for p in prices}) == 1  # one product per course
    assert buy(client, learner)["amount_cents"] == 5900
    assert len([p for p, _ in fake_stripe.posts if p == "/v1/prices"]) == 2  # none at checkout


def test_a_promotion_code_is_what_was_charged_in_orders_refunds_and_revenue(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        fake_stripe: FakeStripe) -> None:
    stripe_on(settings, fake_stripe)
    paid_course(client, instructor)
    order = buy(client, learner)
    event = fake_stripe.pay(session_of(settings, order["id"]), discount=1000)
    assert fake_stripe.deliver(client, HOOK, event).status_code == 200
    drain(settings)
    mine = client.get("/api/v1/me/orders", headers=learner.headers).json()[0]
    assert (mine["amount_cents"], mine["discount_cents"]) == (3900, 1000)
    assert mine["receipt_url"].startswith(f"{fake_stripe.base}/receipts/ch_")
    r = client.post(f"{API}/paid/orders/{order['id']}/refund", headers=instructor.headers,
                    json={"amount_cents": 4900})
    assert r.status_code == 422 and r.json()["field"] == "amount_cents"  # more than was paid
    rows = client.get(f"{API}/paid/revenue", headers=instructor.headers).json()
    assert [r["gross_cents"] for r in rows] == [3900]
    r = client.post(f"{API}/paid/orders/{order['id']}/refund", headers=instructor.headers,
                    json={})
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    assert enrolled(client, learner) == "revoked"


def test_a_paid_order_mails_one_receipt(client: TestClient, instructor: Account,
                                        learner: Account, settings: Settings,
                                        fake_stripe: FakeStripe, smtp_server: SMTPServer) -> None:
    stripe_on(settings, fake_stripe)
    settings.mail.port, settings.mail.site_url = smtp_server.port, "https://learn.example.com"
    paid_course(client, instructor, cents=4950)
    order = buy(client, learner)
    session = session_of(settings, order["id"])
    event = fake_stripe.pay(session)
    fake_stripe.deliver(client, HOOK, event)
    drain(settings)
    fake_stripe.deliver(client, HOOK, event)  # a duplicate delivery
    r = client.post(f"/api/v1/payments/checkout-sessions/{session}/fulfil",
                    headers=learner.headers)  # and the success redirect: still one payment
    assert r.status_code == 200 and r.json()["status"] == "paid"
    drain(settings)
    receipts = [m for m in smtp_server.inbox.messages
                if str(m["Subject"]).startswith("Your receipt")]
    assert [(m["To"], m["Subject"]) for m in receipts] == [(learner.email,
                                                           "Your receipt for C")]
    text = text_of(receipts[0])
    assert "Amount paid: 49.50 USD" in text and order["id"] in text
    assert f"{fake_stripe.base}/receipts/" in text
    assert "https://learn.example.com/courses/paid" in text
    assert receipts[0]["List-Unsubscribe"] is not None  # payments mail is a category
