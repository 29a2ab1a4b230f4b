"""Courses' domain events: a course's price was set (payments synchronise it to Stripe)."""

from __future__ import annotations

from kit.tasks import Registry
from lms.courses import service as courses


def register(registry: Registry) -> None:
    registry.event(courses.PRICE_SET)
