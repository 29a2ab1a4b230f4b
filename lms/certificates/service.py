"""Certificates: issued once when a course is completed (from the `lms.course_completed`
event), verified publicly by code, downloaded as a PDF that never changes, revoked by staff."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit import clock, db
from kit.errors import NotFound
from kit.storage import Storage
from lms.certificates import pdf
from lms.events import service as events
from models import Certificate, Course, EventKind, User

VERIFY_PATH = "/api/v1/certificates/"


def new_code() -> str:
    """About 100 bits, in groups a person can read out: UW-XXXX-XXXX-XXXX-XXXX-XXXX."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    chars = "".join(secrets.choice(alphabet) for _ in range(20))
    return "UW-" + "-".join(chars[i:i + 4] for i in range(0, 20, 4))


def of(s: Session, course_id: uuid.UUID, user_id: uuid.UUID) -> Certificate | None:
    return s.scalar(select(Certificate).where(Certificate.course_id == course_id,
                                              Certificate.user_id == user_id))


def issue(s: Session, blobs: Storage, course_id: uuid.UUID, user_id: uuid.UUID) -> Certificate:
    """Idempotent: the certificate that exists, or a new one with its PDF in storage."""
    found = of(s, course_id, user_id)
    if found is not None:
        return found
    course, user = s.get(Course, course_id), s.get(User, user_id)
    if course is None or user is None:
        raise NotFound("the course or the learner is gone")
    code = new_code()
    cert = Certificate(id=uuid.uuid4(), course_id=course.id, user_id=user.id, code=code,
                       learner_name=user.name or user.email, course_title=course.title,
                       issued_at=clock.now(), pdf_key="")
    cert.pdf_key = f"certificates/{cert.id}.pdf"
    blobs.put(cert.pdf_key, pdf.render(cert.learner_name, cert.course_title, cert.issued_at,
                                       code, VERIFY_PATH + code), "application/pdf")
    s.add(cert)
    s.flush()
    events.record(s, EventKind.CERTIFICATE_ISSUED, course.id, user.id,
                     data={"code": code}, dedupe=f"certificate:{cert.id}")
    return cert


def on_course_completed(blobs: Storage) -> Any:
    def handle(s: Session, payload: dict[str, Any]) -> None:
        issue(s, blobs, uuid.UUID(payload["course_id"]), uuid.UUID(payload["user_id"]))
    return handle


def verify(s: Session, code: str) -> Certificate:
    """By code, for anybody: the policies let this transaction read the one certificate whose
    code it names (`uw.certificate`), and nothing else."""
    code = code.strip().upper()
    db.set_local(s, "uw.certificate", code)
    cert = s.scalar(select(Certificate).where(Certificate.code == code))
    if cert is None:
        raise NotFound("no certificate has this code", field="code")
    return cert


def revoke(cert: Certificate, reason: str) -> Certificate:
    cert.revoked_at = cert.revoked_at or clock.now()
    cert.revoked_reason = reason
    return cert
