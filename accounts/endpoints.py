"""/auth (register, login, refresh, logout, logout everywhere), /users/me, API keys, roles."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status
from sqlalchemy import select

from accounts import deps, emails, schemas
from accounts import service as auth
from accounts.deps import AdminDep, PrincipalDep
from kit import db
from kit.errors import NotFound
from kit.web import ratelimit
from kit.web.deps import SessionDep, StateDep
from models import ApiKey, User

router = APIRouter(tags=["auth"])


@router.post("/auth/register", status_code=status.HTTP_201_CREATED,
             response_model=schemas.UserOut)
def register(body: schemas.Register, request: Request, s: SessionDep, st: StateDep) -> User:
    """Create an account; a link to confirm the address is mailed to it."""
    ratelimit.hit(st.redis, "registrations", deps.client_address(request), 30)
    user = auth.register(s, body.email, body.password, body.name)
    emails.send_verification(s, st.settings, user)
    return user


# -- the flows that need mail (accounts.emails) ----------------------------------------------------
@router.post("/auth/verify-email", response_model=schemas.UserOut)
def verify_email(body: schemas.TokenIn, s: SessionDep, st: StateDep) -> User:
    """Confirm an address with the token from the mailed link (400 unknown, 410 used or
    expired)."""
    return emails.verify(s, st.settings, body.token)


@router.post("/users/me/verify-email", status_code=status.HTTP_202_ACCEPTED)
def resend_verification(who: PrincipalDep, s: SessionDep, st: StateDep) -> dict[str, str]:
    """Mail the confirmation link again (a few times an hour)."""
    ratelimit.hit(st.redis, "verify-mail", str(who.user_id), 5, window_s=3600)
    user = _me(s, who.user_id)
    if user.email_verified_at is None:
        emails.send_verification(s, st.settings, user)
    return {"detail": "If your address is not confirmed yet, a new link is on its way."}


@router.post("/auth/password-reset/request", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(body: schemas.ResetRequest, request: Request, s: SessionDep,
                           st: StateDep) -> dict[str, str]:
    """Ask for a reset link. The answer is the same whether or not the address has an
    account; the link goes only to one that does."""
    ratelimit.hit(st.redis, "password-reset", f"{deps.client_address(request)}", 20,
                  window_s=3600)
    ratelimit.hit(st.redis, "password-reset-address", body.email.lower(), 5, window_s=3600)
    emails.request_reset(s, st.settings, body.email)
    return {"detail": "If the address has an account, a link to reset its password is on its "
                      "way."}


@router.post("/auth/password-reset", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(body: schemas.PasswordReset, s: SessionDep) -> None:
    """Set a new password with the token from the mailed link; every device is signed out."""
    emails.reset(s, body.token, body.password)


@router.post("/users/me/email", status_code=status.HTTP_202_ACCEPTED)
def change_email(body: schemas.EmailChange, who: PrincipalDep, s: SessionDep,
                 st: StateDep) -> dict[str, str]:
    """Move the account to another address: a confirmation link goes to the new one; nothing
    changes until it is opened."""
    ratelimit.hit(st.redis, "email-change", str(who.user_id), 5, window_s=3600)
    emails.request_email_change(s, st.settings, _me(s, who.user_id), body.email, body.password)
    return {"detail": f"Open the link we sent to {body.email} to confirm it."}


@router.post("/auth/confirm-email", response_model=schemas.UserOut)
def confirm_email(body: schemas.TokenIn, s: SessionDep, st: StateDep) -> User:
    """Confirm a new address with the token from the link sent to it."""
    return emails.confirm_email_change(s, st.settings, body.token)


@router.get("/users/me/mail-preferences", response_model=schemas.MailPreferences)
def mail_preferences(who: PrincipalDep, s: SessionDep) -> schemas.MailPreferences:
    return schemas.MailPreferences(categories=emails.preferences(_me(s, who.user_id)),
                                   labels=emails.CATEGORIES)


@router.put("/users/me/mail-preferences", response_model=schemas.MailPreferences)
def set_mail_preferences(body: schemas.MailPreferences, who: PrincipalDep,
                         s: SessionDep) -> schemas.MailPreferences:
    """Turn categories of mail on or off (account mail stays on)."""
    return schemas.MailPreferences(
        categories=emails.set_preferences(_me(s, who.user_id), body.categories),
        labels=emails.CATEGORIES)


@router.get("/mail/unsubscribe", include_in_schema=False)
@router.post("/mail/unsubscribe", response_model=dict[str, str])
def unsubscribe(user: uuid.UUID, category: str, signature: str, s: SessionDep,
                st: StateDep) -> dict[str, str]:
    """A mail's one-click unsubscribe link (RFC 8058: mail clients POST it): that category of
    mail stops. No sign-in; the link is signed."""
    label = emails.unsubscribe(s, st.settings, user, category, signature)
    return {"detail": f"You will no longer get mail about {label}."}


def _me(s: SessionDep, user_id: uuid.UUID) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


@router.post("/auth/login", response_model=schemas.Tokens)
def login(body: schemas.Login, request: Request, s: SessionDep,
          st: StateDep) -> schemas.Tokens:
    ratelimit.hit(st.redis, "logins", f"{deps.client_address(request)}:{body.email.lower()}", 20)
    user = auth.authenticate(s, body.email, body.password)
    return auth.issue_tokens(s, user, st.settings)


@router.post("/auth/refresh", response_model=schemas.Tokens)
def refresh(body: schemas.RefreshRequest, s: SessionDep, st: StateDep) -> schemas.Tokens:
    try:
        return auth.refresh(s, body.refresh_token, st.settings)
    except auth.TokenReused as exc:
        db.rollback(s)
        auth.revoke_family(s, exc.family)
        db.commit(s)
        raise


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: schemas.RefreshRequest, s: SessionDep) -> None:
    auth.logout(s, body.refresh_token)


@router.post("/auth/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_all(who: PrincipalDep, s: SessionDep) -> None:
    """Sign out everywhere: every refresh token of yours is revoked (access tokens end on
    their own within their short lifetime)."""
    auth.logout_everywhere(s, who.user_id)


@router.get("/users/me", response_model=schemas.UserOut)
def me(who: PrincipalDep, s: SessionDep) -> User:
    user = s.get(User, who.user_id)
    if user is None:
        raise NotFound("no such user")
    return user


@router.put("/users/{user_id}/role", response_model=schemas.UserOut)
def set_role(user_id: uuid.UUID, body: schemas.RoleUpdate, _: AdminDep, s: SessionDep) -> User:
    return auth.set_role(s, user_id, body.role)


@router.post("/api-keys", status_code=status.HTTP_201_CREATED,
             response_model=schemas.ApiKeyCreated)
def create_api_key(body: schemas.ApiKeyCreate, who: PrincipalDep,
                   s: SessionDep) -> schemas.ApiKeyCreated:
    row, key = auth.create_api_key(s, who.user_id, body.name)
    return schemas.ApiKeyCreated(**schemas.ApiKeyOut.model_validate(row).model_dump(), key=key)


@router.get("/api-keys", response_model=list[schemas.ApiKeyOut])
def list_api_keys(who: PrincipalDep, s: SessionDep) -> list[ApiKey]:
    return list(s.scalars(select(ApiKey).where(ApiKey.user_id == who.user_id)
                          .order_by(ApiKey.created_at)))


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_api_key(key_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> None:
    auth.revoke_api_key(s, who.user_id, key_id)
