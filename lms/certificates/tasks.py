"""Certificates are issued from the `lms.course_completed` event (kit.tasks)."""

from __future__ import annotations

from kit.storage import Storage
from kit.tasks import Registry
from lms.certificates import service as certificates
from lms.progress.service import COURSE_COMPLETED


def register(registry: Registry, blobs: Storage) -> None:
    registry.subscribe(COURSE_COMPLETED, "lms.certificates.issue",
                       certificates.on_course_completed(blobs))
