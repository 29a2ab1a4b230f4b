"""The account flows that need mail, delivered through the outbox to a real SMTP server
(aiosmtpd on loopback): the confirmation link at registration (and the welcome once it is
opened), password reset (the same answer for unknown addresses, single use, expiry, every device
signed out), email change confirmed at the new address with the old one told, and mail
preferences with a signed one-click unsubscribe (RFC 8058) in every optional mail."""

from __future__ import annotations

import email.message
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from accounts import emails
from kit import clock, db, mail, outbox
from kit.settings import MailSettings, Settings
from kit.tasks import Registry
from models import User
from tests.fixtures.api import Account
from tests.fixtures.outside import SMTPServer

API = "/api/v1"


class Postman:
    """The worker's mail topic, draining the outbox to the test's SMTP server."""

    def __init__(self, settings: Settings, smtp: SMTPServer) -> None:
        self.registry = Registry()
        mail.register(self.registry, MailSettings(host="127.0.0.1", port=smtp.port))
        self.engine = db.make_engine(settings.worker_db, pool_size=1)
        self.sessions: sessionmaker[Session] = db.make_sessionmaker(self.engine)
        self.smtp = smtp

    def deliver(self) -> list[email.message.Message]:
        """What the outbox sends, following tasks that add tasks (an event, its subscribers,
        their mail) until nothing is due."""
        before = len(self.smtp.inbox.messages)
        for _ in range(5):
            if outbox.drain(self.sessions, self.registry.topics) == 0:
                break
        return self.smtp.inbox.messages[before:]


@pytest.fixture
def postman(settings: Settings, smtp_server: SMTPServer) -> Iterator[Postman]:
    settings.mail.site_url = "https://learn.example.com"
    p = Postman(settings, smtp_server)
    yield p
    p.engine.dispose()


def text_of(msg: email.message.Message) -> str:
    part = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def token_in(msg: email.message.Message, path: str) -> str:
    found = re.search(rf"https://learn\.example\.com{path}\?token=([\w\-]+)", text_of(msg))
    assert found, text_of(msg)
    return found.group(1)


def register(client: TestClient, address: str = "ada@example.com") -> dict[str, str]:
    r = client.post(f"{API}/auth/register", json={"email": address, "password": "analytical1",
                                                  "name": "Ada"})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def login(client: TestClient, address: str, password: str) -> dict[str, str]:
    r = client.post(f"{API}/auth/login", json={"email": address, "password": password})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_registration_mails_a_link_that_confirms_the_address_once(
        client: TestClient, postman: Postman) -> None:
    user = register(client)
    assert user["email_verified_at"] is None
    [msg] = postman.deliver()
    assert msg["To"] == "ada@example.com" and msg["Subject"] == "Confirm your email address"
    assert msg["List-Unsubscribe"] is None  # account mail can't be turned off
    kinds = [p.get_content_type() for p in msg.walk()]
    assert kinds[0] == "multipart/alternative" and kinds[1:] == ["text/plain", "text/html"]
    html = next(p for p in msg.walk() if p.get_content_type() == "text/html")
    assert "Confirm my address" in str(html.get_payload(decode=True), "utf-8")
    token = token_in(msg, "/verify-email")

    r = client.post(f"{API}/auth/verify-email", json={"token": token})
    assert r.status_code == 200 and r.json()["email_verified_at"] is not None
    [welcome] = postman.deliver()
    assert welcome["Subject"] == "Welcome to UsefulWriter"
    r = client.post(f"{API}/auth/verify-email", json={"token": token})
    assert r.status_code == 410 and r.json()["field"] == "token"  # used
    r = client.post(f"{API}/auth/verify-email", json={"token": token + "x"})
    assert r.status_code == 400 and r.json()["field"] == "token"  # not ours
    assert postman.deliver() == []  # nothing sent twice


def test_password_reset_is_single_use_expires_and_signs_out_everywhere(
        client: TestClient, postman: Postman) -> None:
    register(client)
    postman.deliver()
    session = login(client, "ada@example.com", "analytical1")
    # an unknown address gets the same answer, and no mail
    unknown = client.post(f"{API}/auth/password-reset/request",
                          json={"email": "nobody@example.com"})
    known = client.post(f"{API}/auth/password-reset/request", json={"email": "ADA@example.com"})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    [msg] = postman.deliver()
    assert msg["To"] == "ada@example.com" and msg["Subject"] == "Reset your password"
    token = token_in(msg, "/reset-password")

    r = client.post(f"{API}/auth/password-reset", json={"token": token, "password": "short"})
    assert r.status_code == 422  # the new password is checked before the link is spent
    r = client.post(f"{API}/auth/password-reset", json={"token": token,
                                                        "password": "difference engine"})
    assert r.status_code == 204
    assert client.post(f"{API}/auth/refresh", json={
        "refresh_token": session["refresh_token"]}).status_code == 401  # signed out everywhere
    login(client, "ada@example.com", "difference engine")
    r = client.post(f"{API}/auth/password-reset", json={"token": token, "password": "again123"})
    assert r.status_code == 410  # a reused link

    client.post(f"{API}/auth/password-reset/request", json={"email": "ada@example.com"})
    [late] = postman.deliver()
    with clock.use(clock.FrozenClock(clock.now() + timedelta(minutes=31))):
        r = client.post(f"{API}/auth/password-reset",
                        json={"token": token_in(late, "/reset-password"),
                              "password": "too late now"})
    assert r.status_code == 410 and "expired" in r.json()["detail"]


def test_an_email_change_is_confirmed_at_the_new_address(
        client: TestClient, postman: Postman, learner: Account, instructor: Account) -> None:
    url = f"{API}/users/me/email"
    r = client.post(url, headers=learner.headers, json={"email": "new@example.com",
                                                        "password": "wrong password"})
    assert r.status_code == 403 and r.json()["field"] == "password"
    r = client.post(url, headers=learner.headers, json={"email": instructor.email,
                                                        "password": learner.password})
    assert r.status_code == 409 and r.json()["field"] == "email"
    r = client.post(url, headers=learner.headers, json={"email": "New@Example.com",
                                                        "password": learner.password})
    assert r.status_code == 202
    [msg] = postman.deliver()
    assert msg["To"] == "new@example.com"
    me = client.get(f"{API}/users/me", headers=learner.headers).json()
    assert me["email"] == learner.email  # nothing changes until the link is opened

    r = client.post(f"{API}/auth/confirm-email", json={"token": token_in(msg, "/confirm-email")})
    assert r.status_code == 200 and r.json()["email"] == "new@example.com"
    assert r.json()["email_verified_at"] is not None
    [notice] = postman.deliver()
    assert notice["To"] == learner.email and "new@example.com" in text_of(notice)
    login(client, "new@example.com", learner.password)


def test_optional_mail_obeys_preferences_and_unsubscribes_in_one_click(
        client: TestClient, postman: Postman, learner: Account, settings: Settings) -> None:
    prefs = client.get(f"{API}/users/me/mail-preferences", headers=learner.headers).json()
    assert all(prefs["categories"].values()) and "digest" in prefs["labels"]
    r = client.put(f"{API}/users/me/mail-preferences", headers=learner.headers,
                   json={"categories": {"account": False}})
    assert r.status_code == 400 and r.json()["field"] == "account"
    r = client.put(f"{API}/users/me/mail-preferences", headers=learner.headers,
                   json={"categories": {"nonsense": False}})
    assert r.status_code == 400 and r.json()["field"] == "nonsense"

    with db.unit_of_work(postman.sessions) as s:
        user = s.query(User).filter_by(email=learner.email).one()
        assert emails.notify(s, settings, user, "courses", "welcome", url="https://x/courses")
    [msg] = postman.deliver()
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(.+)>", re.sub(r"\r?\n\s*", "", str(msg["List-Unsubscribe"])))
    assert link and link.group(1) in text_of(msg)
    path = link.group(1).removeprefix("https://learn.example.com")
    assert client.post(path.replace("signature=", "signature=0")).status_code == 400
    r = client.post(path)  # what a mail client does with the one-click header
    assert r.status_code == 200 and "enrollment" in r.json()["detail"]
    prefs = client.get(f"{API}/users/me/mail-preferences", headers=learner.headers).json()
    assert prefs["categories"]["courses"] is False and prefs["categories"]["account"] is True
    with db.unit_of_work(postman.sessions) as s:
        user = s.query(User).filter_by(email=learner.email).one()
        assert not emails.notify(s, settings, user, "courses", "welcome", url="https://x")
        assert emails.notify(s, settings, user, "account", "welcome", url="https://x")
    assert len(postman.deliver()) == 1
    r = client.put(f"{API}/users/me/mail-preferences", headers=learner.headers,
                   json={"categories": {"courses": True}})
    assert r.json()["categories"]["courses"] is True


def test_enrollment_and_completion_are_mailed_unless_turned_off(
        client: TestClient, postman: Postman, instructor: Account, learner: Account,
        settings: Settings) -> None:
    from lms.enrollment.service import ENROLLED
    from lms.notifications import tasks as notification_tasks
    from lms.progress.service import COURSE_COMPLETED
    from tests.fixtures.courses import course_with

    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    postman.registry.event(COURSE_COMPLETED)
    postman.registry.event(ENROLLED)
    notification_tasks.register(postman.registry, settings, blobs)
    [lesson] = course_with(client, instructor, [{"title": "Only"}])
    assert client.post(f"{API}/courses/course/enrollment",
                       headers=learner.headers).status_code == 201
    [msg] = postman.deliver()
    assert msg["To"] == learner.email and msg["Subject"] == "You're enrolled in C"
    assert "https://learn.example.com/courses/course" in text_of(msg)
    assert msg["List-Unsubscribe"] is not None  # optional mail

    r = client.post(f"{API}/courses/course/lessons/{lesson['id']}/view", headers=learner.headers)
    assert r.json()["course_completed"] is True
    [done] = postman.deliver()  # the event, its subscriber, then the mail
    assert done["Subject"] == "You completed C"
    code = re.search(r"/certificates/([\w-]+)", text_of(done))
    assert code and client.get(f"{API}/certificates/{code.group(1)}").status_code == 200

    client.put(f"{API}/users/me/mail-preferences", headers=learner.headers,
               json={"categories": {"courses": False}})
    course_with(client, instructor, [{"title": "Two"}], slug="second")
    client.post(f"{API}/courses/second/enrollment", headers=learner.headers)
    assert postman.deliver() == []
