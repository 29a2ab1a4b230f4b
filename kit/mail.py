"""Mail: messages leave through the outbox (`send_later` in the caller's transaction), and the
worker sends them over SMTP with smtplib (host, port, TLS mode, login from settings), retried
with backoff and shown to admins when they fail. Nothing else sends mail.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from sqlalchemy.orm import Session

from kit import outbox
from kit.settings import MailSettings
from kit.tasks import Registry

TOPIC = "kit.mail"


def send_later(s: Session, to: str, subject: str, text: str, html: str | None = None,
               headers: dict[str, str] | None = None) -> None:
    outbox.add(s, TOPIC, {"to": to, "subject": subject, "text": text, "html": html,
                          "headers": headers or {}})


def message(settings: MailSettings, payload: dict[str, Any]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.sender, payload["to"], payload["subject"]
    for name, value in (payload.get("headers") or {}).items():
        msg[name] = value
    msg.set_content(payload["text"])
    if payload.get("html"):
        msg.add_alternative(payload["html"], subtype="html")
    return msg


class Sender:
    """SMTP delivery of one message per call (a connection each: mail is rare, not bulk)."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def send(self, msg: EmailMessage) -> None:
        cfg = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if cfg.security == "tls":
            smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout_s, context=context)
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_s)
        with smtp:
            if cfg.security == "starttls":
                smtp.starttls(context=context)
            if cfg.username:
                smtp.login(cfg.username, cfg.password or "")
            smtp.send_message(msg)

    def handle(self, s: Session, payload: dict[str, Any]) -> None:
        self.send(message(self.settings, payload))


def register(registry: Registry, settings: MailSettings) -> None:
    registry.topic(TOPIC, Sender(settings).handle, settings.attempts, settings.backoff_s)
