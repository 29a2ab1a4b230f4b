"""The learning product's mail, each through accounts.emails.notify (so preferences and
one-click unsubscribe hold for all of it), each from an outbox task written in the transaction
of its cause:

- **enrolled**: a learner's enrollment (self-enrolled, bought, granted by a membership, added by
  staff or a CSV import), with the link to start;
- **course completed**: with the certificate's public verification link (the certificate is
  issued here if the certificates subscriber has not yet: issuing is idempotent);
- **video ready**: to the instructor who uploaded it, once it is transcoded (lms.video.jobs).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from accounts import emails
from kit.settings import Settings
from kit.storage import Storage
from lms.certificates import service as certificates
from models import Course, User

ENROLLED = "lms.notifications.enrolled"
COMPLETED = "lms.notifications.course_completed"


def _site(settings: Settings) -> str:
    return settings.mail.site_url.rstrip("/")


def _pair(s: Session, payload: dict[str, Any]) -> tuple[Course, User] | None:
    course = s.get(Course, uuid.UUID(payload["course_id"]))
    user = s.get(User, uuid.UUID(payload["user_id"]))
    return (course, user) if course is not None and user is not None and user.active else None


def on_enrolled(settings: Settings) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        found = _pair(s, payload)
        if found is not None:
            course, user = found
            emails.notify(s, settings, user, "courses", "enrolled", course=course.title,
                          url=f"{_site(settings)}/courses/{course.slug}")
    return handle


def on_completed(settings: Settings, blobs: Storage) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        found = _pair(s, payload)
        if found is not None:
            course, user = found
            cert = certificates.issue(s, blobs, course.id, user.id)
            emails.notify(s, settings, user, "courses", "course_completed",
                          course=course.title,
                          url=f"{_site(settings)}/certificates/{cert.code}")
    return handle


def video_ready(s: Session, settings: Settings, user_id: uuid.UUID | None, course: Course,
                filename: str) -> None:
    user = s.get(User, user_id) if user_id is not None else None
    if user is not None and user.active:
        emails.notify(s, settings, user, "videos", "video_ready", filename=filename,
                      course=course.title, url=f"{_site(settings)}/teach/{course.slug}/videos")
