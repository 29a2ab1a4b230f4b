"""/certificates/{code} (public verification) and a course's certificate for its learner and
its staff."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from accounts.deps import PrincipalDep
from kit.errors import NotFound
from kit.web.deps import SessionDep, StateDep
from lms.certificates import service as certificates
from lms.courses import service as courses
from models import Certificate, Course

router = APIRouter(tags=["certificates"])


class CertificateOut(BaseModel):
    code: str
    learner_name: str
    course_title: str
    course_slug: str | None  # None once the course is no longer public (archived)
    issued_at: datetime
    revoked: bool
    revoked_at: datetime | None
    revoked_reason: str | None
    verify_url: str


class Revoke(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


def out(cert: Certificate, course: Course | None) -> CertificateOut:
    return CertificateOut(code=cert.code, learner_name=cert.learner_name,
                          course_title=cert.course_title,
                          course_slug=course.slug if course is not None else None,
                          issued_at=cert.issued_at, revoked=cert.revoked_at is not None,
                          revoked_at=cert.revoked_at, revoked_reason=cert.revoked_reason,
                          verify_url=certificates.VERIFY_PATH + cert.code)


@router.get("/certificates/{code}", response_model=CertificateOut)
def verify(code: Annotated[str, Path(max_length=64)], s: SessionDep) -> CertificateOut:
    """Public, no sign-in: who completed which course when, and whether it was revoked."""
    cert = certificates.verify(s, code)
    return out(cert, s.get(Course, cert.course_id))


def _mine(s: SessionDep, who: PrincipalDep, slug: str) -> tuple[Certificate, Course]:
    course = courses.get(s, who, slug)
    cert = certificates.of(s, course.id, who.user_id)
    if cert is None:
        raise NotFound("no certificate yet: complete the course first")
    return cert, course


@router.get("/courses/{slug}/certificate", response_model=CertificateOut)
def mine(slug: str, who: PrincipalDep, s: SessionDep) -> CertificateOut:
    return out(*_mine(s, who, slug))


@router.get("/courses/{slug}/certificate/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def mine_pdf(slug: str, who: PrincipalDep, s: SessionDep, st: StateDep) -> Response:
    cert, course = _mine(s, who, slug)
    return Response(st.storage.get(cert.pdf_key), media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{course.slug}-certificate.pdf"'})


@router.post("/courses/{slug}/certificates/{user_id}/revoke", response_model=CertificateOut)
def revoke(slug: str, user_id: uuid.UUID, body: Revoke, who: PrincipalDep,
           s: SessionDep) -> CertificateOut:
    course = courses.editable(s, who, slug)
    cert = certificates.of(s, course.id, user_id)
    if cert is None:
        raise NotFound(f"user {user_id} has no certificate for this course", field="user_id")
    return out(certificates.revoke(cert, body.reason), course)
