"""Payments' background work: the received Stripe events (re-read from Stripe, then applied)."""

from __future__ import annotations

from kit.tasks import Registry
from lms.payments import service as payments
from lms.payments.gateway import Gateway


def register(registry: Registry, gw: Gateway) -> None:
    registry.topic(payments.EVENT_TOPIC, payments.on_event(gw), attempts=10, backoff_s=5.0)
