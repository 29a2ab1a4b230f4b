"""Mail through the outbox and smtplib, received by a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kit import db, mail, outbox
from kit.settings import MailSettings, Settings
from kit.tasks import Registry
from tests.fixtures.outside import SMTPServer

ROOT = Path(__file__).resolve().parents[2]


def test_a_mail_leaves_through_the_outbox_over_smtp(settings: Settings,
                                                    smtp_server: SMTPServer) -> None:
    cfg = MailSettings(host="127.0.0.1", port=smtp_server.port)
    registry = Registry()
    mail.register(registry, cfg)
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    with db.unit_of_work(sessions) as s:
        mail.send_later(s, "learner@example.com", "Welcome", "Hello in text",
                        "<p>Hello in <b>HTML</b></p>", {"List-Unsubscribe": "<mailto:u@x>"})
    assert outbox.drain(sessions, registry.topics) == 1
    engine.dispose()
    [msg] = smtp_server.inbox.messages
    assert msg["To"] == "learner@example.com" and msg["Subject"] == "Welcome"
    assert msg["List-Unsubscribe"] == "<mailto:u@x>"
    parts: list[Any] = [p.get_content_type() for p in msg.walk()]
    assert "text/plain" in parts and "text/html" in parts


WORKER = """
import sys
from kit import db, mail, outbox
from kit.settings import MailSettings
from kit.tasks import Registry
registry = Registry()
mail.register(registry, MailSettings(host="127.0.0.1", port=int(sys.argv[2]), timeout_s=60))
outbox.drain(db.make_sessionmaker(db.make_engine(sys.argv[1], pool_size=1)), registry.topics)
"""


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(
        settings: Settings, smtp_server: SMTPServer) -> None:
    """A worker sends one message, is killed while the server holds the next at RCPT, and the
    next worker sends that one once: the first is not sent again (each message commits on its
    own), and no other worker takes the held one while its sender lives (its row is locked)."""
    inbox = smtp_server.inbox
    inbox.stall.add("held@example.com")
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    with db.unit_of_work(sessions) as s:
        mail.send_later(s, "first@example.com", "First", "one")
    with db.unit_of_work(sessions) as s:
        mail.send_later(s, "held@example.com", "Held", "two")
    registry = Registry()
    mail.register(registry, MailSettings(host="127.0.0.1", port=smtp_server.port))
    worker = subprocess.Popen([sys.executable, "-c", WORKER, settings.worker_db,
                               str(smtp_server.port)], cwd=ROOT)
    try:
        assert inbox.stalled.wait(60), "the worker never reached the held message"
        assert [m["To"] for m in inbox.messages] == ["first@example.com"]
        assert outbox.drain(sessions, registry.topics) == 0  # the held one is not free
        worker.kill()
        worker.wait(10)
    finally:
        inbox.release.set()
        if worker.poll() is None:
            worker.kill()
    inbox.stall.clear()
    deadline = time.monotonic() + 30  # until the database sees the dead connection
    while time.monotonic() < deadline and outbox.drain(sessions, registry.topics) == 0:
        time.sleep(0.2)
    with db.unit_of_work(sessions) as s:
        rows = list(s.scalars(outbox.listing(topic=mail.TOPIC)))
        mine = [r for r in rows if r.payload["to"] in ("first@example.com", "held@example.com")]
        assert {(r.payload["to"], r.state, r.attempts) for r in mine} == {
            ("first@example.com", outbox.DELIVERED, 1), ("held@example.com", outbox.DELIVERED, 1)}
        held_id = next(r.payload["message_id"] for r in mine
                       if r.payload["to"] == "held@example.com")
    engine.dispose()
    assert [m["To"] for m in inbox.messages] == ["first@example.com", "held@example.com"]
    assert inbox.messages[1]["Message-ID"] == f"<{held_id}@usefulwriter.invalid>"


def test_a_refusal_is_retried_when_temporary_and_fails_visibly_when_permanent(
        settings: Settings, smtp_server: SMTPServer) -> None:
    inbox = smtp_server.inbox
    inbox.refuse = {"busy@example.com": "451 4.3.0 mailbox busy, try later",
                    "gone@example.com": "550 5.1.1 no such mailbox"}
    registry = Registry()
    mail.register(registry, MailSettings(host="127.0.0.1", port=smtp_server.port, attempts=3,
                                         backoff_s=0.0))
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    with db.unit_of_work(sessions) as s:
        mail.send_later(s, "busy@example.com", "Busy", "one")
        mail.send_later(s, "gone@example.com", "Gone", "two")
    assert outbox.drain(sessions, registry.topics) == 2  # each tried once per drain

    def rows() -> dict[str, tuple[str, int, str | None]]:
        with db.unit_of_work(sessions) as s:
            return {r.payload["to"]: (r.state, r.attempts, r.last_error)
                    for r in s.scalars(outbox.listing(topic=mail.TOPIC))}
    now = rows()
    assert now["busy@example.com"][:2] == (outbox.PENDING, 1)
    assert "451" in str(now["busy@example.com"][2])
    assert now["gone@example.com"][:2] == (outbox.FAILED, 1)  # at once: it will never work
    assert "550 5.1.1 no such mailbox" in str(now["gone@example.com"][2])

    del inbox.refuse["busy@example.com"]  # the mailbox frees up: the retry delivers
    assert outbox.drain(sessions, registry.topics) == 1
    assert rows()["busy@example.com"][:2] == (outbox.DELIVERED, 2)
    engine.dispose()
    assert [m["To"] for m in inbox.messages] == ["busy@example.com"]
