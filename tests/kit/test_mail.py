"""Mail through the outbox and smtplib, received by a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import email
import socket
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from kit import db, mail, outbox
from kit.settings import MailSettings, Settings
from kit.tasks import Registry


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server: SMTP, session: Session,  # noqa: N802 - aiosmtpd's name
                          envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def test_a_mail_leaves_through_the_outbox_over_smtp(settings: Settings) -> None:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's readiness check needs a real one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        cfg = MailSettings(host="127.0.0.1", port=port)
        registry = Registry()
        mail.register(registry, cfg)
        engine = db.make_engine(settings.database_url, pool_size=1)
        sessions = db.make_sessionmaker(engine)
        with db.unit_of_work(sessions) as s:
            mail.send_later(s, "learner@example.com", "Welcome", "Hello in text",
                            "<p>Hello in <b>HTML</b></p>", {"List-Unsubscribe": "<mailto:u@x>"})
        assert outbox.drain(sessions, registry.topics) == 1
        engine.dispose()
    finally:
        server.stop()
    [msg] = inbox.messages
    assert msg["To"] == "learner@example.com" and msg["Subject"] == "Welcome"
    assert msg["List-Unsubscribe"] == "<mailto:u@x>"
    parts: list[Any] = [p.get_content_type() for p in msg.walk()]
    assert "text/plain" in parts and "text/html" in parts
