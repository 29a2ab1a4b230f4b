"""The learning product's mail, as outbox topics of the app worker (kit.tasks)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from grading.events import SUBMISSION_JUDGED
from kit.settings import Settings
from kit.storage import Storage
from kit.tasks import Registry
from lms.enrollment.service import ENROLLED
from lms.notifications import digest
from lms.notifications import service as notifications
from lms.payments.service import ORDER_PAID
from lms.progress.service import COURSE_COMPLETED

DIGEST_EVERY_S = 3600  # the digest job looks hourly; each week's goes once (digest.py)


def register(registry: Registry, settings: Settings, blobs: Storage,
             sessions: sessionmaker[Session] | None = None) -> None:
    registry.subscribe(ENROLLED, notifications.ENROLLED, notifications.on_enrolled(settings))
    registry.subscribe(COURSE_COMPLETED, notifications.COMPLETED,
                       notifications.on_completed(settings, blobs))
    registry.subscribe(SUBMISSION_JUDGED, notifications.REJUDGED, notifications.on_judged(settings),
                       atomic=True)  # a mail queued in the outbox: the database only
    registry.subscribe(ORDER_PAID, notifications.PAID, notifications.on_paid(settings))
    if sessions is not None:
        registry.every("lms.notifications.digest", DIGEST_EVERY_S,
                       lambda: digest.send(sessions, settings))
