"""The account flows that need mail, and the preferences every other mail obeys.

- **Verification**: registration sends a link; opening it marks the address verified (and
  sends the welcome). A signed-in user may ask again.
- **Password reset**: asking answers the same whether or not the address has an account, and
  sends the link only when it has. The link is single-use and short-lived. Resetting revokes
  every refresh token, so every device signs in again.
- **Email change**: asked with the password. The confirmation goes to the *new* address, and
  the old one is told once it is done. Until confirmed, nothing changes.

Links carry a random token; only its SHA-256 is stored (`account_tokens`), with its purpose,
expiry and when it was used. An unknown or altered token is 400, a used or expired one 410.

`notify` is how any feature mails a user: account mail always goes; every other category can be
turned off (`mail_opt_out`), and its messages carry `List-Unsubscribe` with a signed one-click
link (RFC 8058), which `unsubscribe` honours without a sign-in.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts import security
from accounts.service import EmailTaken, authenticate, logout_everywhere
from kit import clock, db, mail
from kit.errors import AppError, BadRequest, Forbidden
from kit.settings import Settings
from models import AccountToken, User

VERIFY, RESET, EMAIL_CHANGE = "verify", "reset", "email_change"
LIFETIME = {VERIFY: timedelta(hours=48), RESET: timedelta(minutes=30),
            EMAIL_CHANGE: timedelta(hours=24)}
ACCOUNT = "account"
# category -> what a person reads in their preferences and in an unsubscribe link
CATEGORIES = {
    ACCOUNT: "account and security mail",
    "courses": "enrollment and course completion",
    "grading": "results of long-running regrading",
    "payments": "receipts",
    "videos": "videos ready to publish",
    "digest": "the weekly progress digest",
}


class BadLink(BadRequest):
    title = "Invalid Link"


class SpentLink(AppError):
    status, title = 410, "Link No Longer Valid"


def _issue(s: Session, user: User, purpose: str, new_email: str | None = None) -> str:
    token = security.new_secret("uwa_")
    s.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=security.digest(token),
                       expires_at=clock.now() + LIFETIME[purpose], new_email=new_email))
    return token


def _redeem(s: Session, token: str, purpose: str) -> tuple[AccountToken, User]:
    row = s.scalar(select(AccountToken).where(
        AccountToken.token_hash == security.digest(token), AccountToken.purpose == purpose)
        .with_for_update())
    user = s.get(User, row.user_id) if row is not None else None
    if row is None or user is None or not user.active:
        raise BadLink("the link is not valid: ask for a new one", field="token")
    if row.used_at is not None:
        raise SpentLink("the link was already used: ask for a new one", field="token")
    if row.expires_at <= clock.now():
        raise SpentLink("the link has expired: ask for a new one", field="token")
    row.used_at = clock.now()
    return row, user


def _spend_others(s: Session, user: User, purpose: str) -> None:
    """Older links of this purpose stop working once one is used."""
    s.execute(update(AccountToken).where(AccountToken.user_id == user.id,
                                         AccountToken.purpose == purpose,
                                         AccountToken.used_at.is_(None))
              .values(used_at=clock.now()))


def _link(settings: Settings, path: str, **query: str) -> str:
    return f"{settings.mail.site_url.rstrip('/')}{path}?{urlencode(query)}"


def wants(user: User, category: str) -> bool:
    """Whether `user` takes mail of `category` (account mail always goes)."""
    return category == ACCOUNT or category not in (user.mail_opt_out or [])


def notify(s: Session, settings: Settings, user: User, category: str, template: str,
           to: str | None = None, **context: Any) -> bool:
    """Mail `user` (at `to`, or their address) the message `template`, unless they turned
    `category` off; False when they did. Sent once `s` commits (kit.outbox)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown mail category {category!r}")
    if not wants(user, category):
        return False
    headers: dict[str, str] = {}
    if category != ACCOUNT:
        url = unsubscribe_url(settings, user.id, category)
        headers = {"List-Unsubscribe": f"<{url}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        context.update(unsubscribe_url=url, category_label=CATEGORIES[category])
    subject, text, html = mail.render(template, name=user.name or "there", **context)
    mail.send_later(s, to or user.email, subject, text, html, headers)
    return True


# -- verification --------------------------------------------------------------------------------
def send_verification(s: Session, settings: Settings, user: User) -> None:
    token = _issue(s, user, VERIFY)
    notify(s, settings, user, ACCOUNT, "verify_email", email=user.email,
           url=_link(settings, "/verify-email", token=token),
           hours=int(LIFETIME[VERIFY].total_seconds() // 3600))


def verify(s: Session, settings: Settings, token: str) -> User:
    _, user = _redeem(s, token, VERIFY)
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
        notify(s, settings, user, ACCOUNT, "welcome", url=_link(settings, "/courses"))
    _spend_others(s, user, VERIFY)
    return user


# -- password reset ------------------------------------------------------------------------------
def request_reset(s: Session, settings: Settings, email: str) -> None:
    """Sends the link only when the address has an active account; answers the same way
    either way (the caller returns 202 regardless)."""
    user = s.scalar(select(User).where(User.email == email.lower()))
    if user is None or not user.active:
        return
    token = _issue(s, user, RESET)
    notify(s, settings, user, ACCOUNT, "password_reset",
           url=_link(settings, "/reset-password", token=token),
           minutes=int(LIFETIME[RESET].total_seconds() // 60))


def reset(s: Session, token: str, password: str) -> User:
    _, user = _redeem(s, token, RESET)
    user.password_hash = security.hash_password(password)
    user.email_verified_at = user.email_verified_at or clock.now()  # the link reached them
    _spend_others(s, user, RESET)
    logout_everywhere(s, user.id)
    return user


# -- email change --------------------------------------------------------------------------------
def request_email_change(s: Session, settings: Settings, user: User, new_email: str,
                         password: str) -> None:
    try:
        authenticate(s, user.email, password)
    except AppError:
        raise Forbidden("the password is not right", field="password") from None
    new_email = new_email.lower()
    if new_email == user.email:
        raise BadRequest("that is already your address", field="email")
    if s.scalar(select(User.id).where(User.email == new_email)) is not None:
        raise EmailTaken(f"{new_email} is already registered", field="email")
    token = _issue(s, user, EMAIL_CHANGE, new_email=new_email)
    notify(s, settings, user, ACCOUNT, "email_change", to=new_email, email=new_email,
           url=_link(settings, "/confirm-email", token=token),
           hours=int(LIFETIME[EMAIL_CHANGE].total_seconds() // 3600))


def confirm_email_change(s: Session, settings: Settings, token: str) -> User:
    row, user = _redeem(s, token, EMAIL_CHANGE)
    old, new = user.email, str(row.new_email)
    user.email, user.email_verified_at = new, clock.now()
    db.flush_unique(s, EmailTaken(f"{new} is already registered", field="email"), user)
    _spend_others(s, user, EMAIL_CHANGE)
    notify(s, settings, user, ACCOUNT, "email_changed", to=old, email=new)
    return user


# -- preferences and one-click unsubscribe -------------------------------------------------------
def _signature(settings: Settings, user_id: uuid.UUID, category: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"unsubscribe|{user_id}|{category}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def unsubscribe_url(settings: Settings, user_id: uuid.UUID, category: str) -> str:
    base = settings.mail.site_url.rstrip("/")
    return f"{base}/api/v1/mail/unsubscribe?" + urlencode(
        {"user": str(user_id), "category": category,
         "signature": _signature(settings, user_id, category)})


def preferences(user: User) -> dict[str, bool]:
    return {name: wants(user, name) for name in CATEGORIES}


def set_preferences(user: User, wanted: dict[str, bool]) -> dict[str, bool]:
    unknown = sorted(set(wanted) - set(CATEGORIES))
    if unknown:
        raise BadRequest(f"no mail category {unknown[0]!r}", field=unknown[0])
    if wanted.get(ACCOUNT) is False:
        raise BadRequest("account mail (links to verify and reset) can't be turned off",
                         field=ACCOUNT)
    off = set(user.mail_opt_out or [])
    for name, on in wanted.items():
        (off.discard if on else off.add)(name)
    user.mail_opt_out = sorted(off)
    return preferences(user)


def unsubscribe(s: Session, settings: Settings, user_id: uuid.UUID, category: str,
                signature: str) -> str:
    """The one-click link of a mail: turns its category off (idempotent)."""
    expected = _signature(settings, user_id, category)
    user = s.get(User, user_id)
    if (user is None or category not in CATEGORIES or category == ACCOUNT
            or not hmac.compare_digest(expected, signature)):
        raise BadLink("the unsubscribe link is not valid", field="signature")
    set_preferences(user, {category: False})
    return CATEGORIES[category]
