"""The learning product's mail, as outbox topics of the app worker (kit.tasks)."""

from __future__ import annotations

from kit.settings import Settings
from kit.storage import Storage
from kit.tasks import Registry
from lms.enrollment.service import ENROLLED
from lms.notifications import service as notifications
from lms.progress.service import COURSE_COMPLETED


def register(registry: Registry, settings: Settings, blobs: Storage) -> None:
    registry.subscribe(ENROLLED, notifications.ENROLLED, notifications.on_enrolled(settings))
    registry.subscribe(COURSE_COMPLETED, notifications.COMPLETED,
                       notifications.on_completed(settings, blobs))
