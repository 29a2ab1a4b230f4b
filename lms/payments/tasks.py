"""Payments' background work: the received Stripe events (re-read from Stripe, then applied),
prices synchronised to Stripe when a course's or a plan's is set, and reconciliation every few
minutes (what a webhook endpoint that was down missed, and memberships whose access ran out)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from kit import db
from kit.tasks import Registry
from lms.courses import service as courses
from lms.payments import memberships
from lms.payments import service as payments
from lms.payments.gateway import Gateway

RECONCILE_EVERY_S = 300


def register(registry: Registry, gw: Gateway,
             sessions: sessionmaker[Session] | None = None) -> None:
    registry.event(payments.ORDER_PAID)
    registry.topic(payments.EVENT_TOPIC, payments.on_event(gw), attempts=10, backoff_s=5.0)
    registry.topic(memberships.PRICE_TOPIC, memberships.on_price_set(gw))
    registry.subscribe(courses.PRICE_SET, "lms.payments.sync_price", payments.on_price_set(gw))
    if sessions is not None and gw.configured:
        def reconcile() -> int:
            with db.unit_of_work(sessions) as s:
                return payments.reconcile(s, gw)
        registry.every("lms.payments.reconcile", RECONCILE_EVERY_S, reconcile)
