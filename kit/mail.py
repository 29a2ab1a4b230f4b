"""Mail: messages leave through the outbox (`send_later` in the caller's transaction), and the
worker sends them over SMTP with smtplib (host, port, TLS mode, login from settings), retried
with backoff and shown to admins when they fail. Nothing else sends mail.

Messages are Jinja2 templates in `kit/templates/mail/`: `<name>.txt` (plain text) and
`<name>.html` (autoescaped), each extending one base layout and setting its `subject`
(`render`).
"""

from __future__ import annotations

import email.policy
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import parseaddr
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy.orm import Session

from kit import outbox
from kit.settings import MailSettings
from kit.tasks import Registry

TOPIC = "kit.mail"
TEMPLATES = Path(__file__).resolve().parent / "templates" / "mail"


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(["html"]),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(template: str, **context: Any) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the message `template` with `context`; a missing
    variable is an error, never an empty gap in a sent mail."""
    context.setdefault("unsubscribe_url", None)
    context.setdefault("category_label", "")
    text = _templates().get_template(f"{template}.txt").make_module(context)
    html = _templates().get_template(f"{template}.html").make_module(context)
    return str(getattr(text, "subject")), str(text), str(html)  # noqa: B009 - set in the file


def send_later(s: Session, to: str, subject: str, text: str, html: str | None = None,
               headers: dict[str, str] | None = None) -> None:
    """Queue a message in the caller's transaction. Its Message-ID is fixed now, so a message
    sent again after a crash (SMTP cannot rule that out: the server may have taken it just
    before the worker died) is still one message to the mail clients that read it."""
    outbox.add(s, TOPIC, {"to": to, "subject": subject, "text": text, "html": html,
                          "headers": headers or {}, "message_id": uuid.uuid4().hex})


# RFC 5322 allows lines up to 998 characters; at the default 78 a long List-Unsubscribe URL
# would be folded into RFC 2047 encoded words, which no mail client reads as a URL
POLICY = email.policy.default.clone(max_line_length=998)


def message(settings: MailSettings, payload: dict[str, Any]) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"], msg["To"], msg["Subject"] = settings.sender, payload["to"], payload["subject"]
    domain = parseaddr(settings.sender)[1].rpartition("@")[2] or "usefulwriter.invalid"
    msg["Message-ID"] = f"<{payload.get('message_id') or uuid.uuid4().hex}@{domain}>"
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
        """Send; a temporary refusal (4xx) or a failure to connect is retried with backoff, a
        permanent one (5xx: no such mailbox, policy) fails at once, for admins to see."""
        try:
            self.send(message(self.settings, payload))
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError) as exc:
            replies = list(exc.recipients.values()) \
                if isinstance(exc, smtplib.SMTPRecipientsRefused) \
                else [(exc.smtp_code, exc.smtp_error)]
            if replies and all(500 <= code < 600 for code, _ in replies):
                code, reason = replies[0]
                raise outbox.GiveUp(f"refused by the mail server: {code} {_text(reason)}") from exc
            raise


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def register(registry: Registry, settings: MailSettings) -> None:
    registry.topic(TOPIC, Sender(settings).handle, settings.attempts, settings.backoff_s)
