"""The events enrollment publishes (kit.tasks)."""

from __future__ import annotations

from kit.tasks import Registry
from lms.enrollment.service import ENROLLED


def register(registry: Registry) -> None:
    registry.event(ENROLLED)
