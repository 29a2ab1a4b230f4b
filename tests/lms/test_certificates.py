"""Certificates: issued once from the course-completed event with a PDF in storage, verified
publicly by code, revocable by staff."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from kit import clock
from kit.settings import Settings
from kit.storage import LocalStorage
from lms.certificates import pdf
from lms.certificates import service as certificates
from models import CourseStatus, Role
from tests.fixtures import factories as make
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API, course_with


def text_of(blob: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(blob)).pages)


def test_a_certificate_is_issued_once_with_a_stable_pdf(
        session: Session, blobs: LocalStorage, frozen_clock: clock.FrozenClock) -> None:
    owner = make.user(session, Role.INSTRUCTOR)
    course = make.course(session, owner, CourseStatus.PUBLISHED, title="Intro to Python")
    learner = make.user(session, name="Ada Lovelace")
    handle = certificates.on_course_completed(blobs)
    handle(session, {"course_id": str(course.id), "user_id": str(learner.id)})
    cert = certificates.of(session, course.id, learner.id)
    assert cert is not None and cert.issued_at == frozen_clock.now()
    handle(session, {"course_id": str(course.id), "user_id": str(learner.id)})  # replayed
    assert certificates.of(session, course.id, learner.id) is cert
    assert blobs.list("certificates/") == [cert.pdf_key]
    pdf = blobs.get(cert.pdf_key)
    words = text_of(pdf)
    assert "Ada Lovelace" in words and "Intro to Python" in words and cert.code in words
    learner.name, course.title = "Someone Else", "Renamed"  # issued is issued
    assert certificates.verify(session, cert.code.lower()).learner_name == "Ada Lovelace"
    assert len(cert.code) == 27 and cert.code.startswith("UW-")


def test_verification_is_public_and_shows_revocation(client: TestClient, instructor: Account,
                                                     learner: Account, settings: Settings,
                                                     ) -> None:
    [lesson] = course_with(client, instructor, [{"title": "Only"}])
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    client.post(f"{API}/course/lessons/{lesson['id']}/view", headers=learner.headers)
    assert client.get(f"{API}/course/certificate", headers=learner.headers).status_code == 404
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    enrollment = client.get(f"{API}/course/enrollment", headers=learner.headers).json()
    assert enrollment["state"] == "completed"
    with as_worker(settings) as s:  # what the worker does on lms.course_completed
        certificates.issue(s, blobs, uuid.UUID(enrollment["course_id"]),
                           uuid.UUID(enrollment["user_id"]))
    mine = client.get(f"{API}/course/certificate", headers=learner.headers).json()
    public = client.get(f"/api/v1/certificates/{mine['code']}")  # no credentials at all
    assert public.status_code == 200 and public.json()["revoked"] is False
    assert public.json()["course_slug"] == "course"
    pdf = client.get(f"{API}/course/certificate/pdf", headers=learner.headers)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/api/v1/certificates/UW-NOPE").status_code == 404
    url = f"{API}/course/certificates/{enrollment['user_id']}/revoke"
    assert client.post(url, headers=learner.headers, json={"reason": "x"}).status_code == 403
    r = client.post(url, headers=instructor.headers, json={"reason": "plagiarism"})
    assert r.status_code == 200
    public = client.get(f"/api/v1/certificates/{mine['code']}").json()
    assert public["revoked"] is True and public["revoked_reason"] == "plagiarism"
    assert datetime.fromisoformat(public["revoked_at"]) <= datetime.now(UTC)


@pytest.mark.parametrize("name", ["Zoë Ødegård", "Łukasz Żółć", "Ἀριστοτέλης",
                                  "Фёдор Достоевский", "Nguyễn Thị Minh Khai"])
def test_the_pdf_prints_names_as_written(name: str) -> None:
    blob = pdf.render(name, f"Course of {name}", datetime(2026, 12, 3, tzinfo=UTC), "UW-AAAA",
                      "/v/UW-AAAA")
    text = text_of(blob)
    assert blob.startswith(b"%PDF") and "December 3, 2026" in text
    assert name in text and f"Course of {name}" in text


@pytest.mark.parametrize("name", ["李小龍", "", "x" * 200])
def test_the_pdf_takes_any_name(name: str) -> None:
    blob = pdf.render(name, "Course", datetime(2026, 12, 3, tzinfo=UTC), "UW-AAAA", "/v/UW-AAAA")
    assert blob.startswith(b"%PDF") and "December 3, 2026" in text_of(blob)
