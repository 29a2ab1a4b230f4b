"""Mail through the outbox and smtplib, received by a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

from typing import Any

from kit import db, mail, outbox
from kit.settings import MailSettings, Settings
from kit.tasks import Registry
from tests.fixtures.outside import SMTPServer


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
