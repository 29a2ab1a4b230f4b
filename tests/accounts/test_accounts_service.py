"""The accounts service without HTTP (rolled-back transaction, frozen clock): tokens expire and
rotate as time moves, with no sleeping."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from accounts import service as auth
from kit import clock
from kit.settings import Settings
from models import Role
from tests.fixtures import factories as make

SETTINGS = Settings(refresh_token_days=1)


def test_an_email_is_registered_once_and_the_session_goes_on(session: Session) -> None:
    auth.register(session, "Ada@Example.com", "long enough pw", "Ada")
    with pytest.raises(auth.EmailTaken):
        auth.register(session, "ada@example.com", "another pw 123", "Ada again")
    assert auth.authenticate(session, "ADA@example.com", "long enough pw").name == "Ada"
    with pytest.raises(auth.BadCredentials):
        auth.authenticate(session, "ada@example.com", "wrong")


def test_refresh_tokens_rotate_expire_and_reuse_revokes_the_login(
        session: Session, frozen_clock: clock.FrozenClock) -> None:
    user = make.user(session, Role.LEARNER)
    first = auth.issue_tokens(session, user, SETTINGS)
    second = auth.refresh(session, first.refresh_token, SETTINGS)
    with pytest.raises(auth.TokenReused) as reused:  # the spent one, presented again
        auth.refresh(session, first.refresh_token, SETTINGS)
    auth.revoke_family(session, reused.value.family)
    with pytest.raises(auth.TokenReused):
        auth.refresh(session, second.refresh_token, SETTINGS)
    fresh = auth.issue_tokens(session, user, SETTINGS)
    frozen_clock.advance(24 * 3600 + 1)
    with pytest.raises(auth.BadCredentials):
        auth.refresh(session, fresh.refresh_token, SETTINGS)


def test_an_api_key_identifies_its_user_until_revoked(session: Session,
                                                      frozen_clock: clock.FrozenClock) -> None:
    user = make.user(session, Role.INSTRUCTOR)
    row, key = auth.create_api_key(session, user.id, "ci")
    who = auth.principal_from_api_key(session, key)
    assert (who.user_id, who.role, who.via_api_key) == (user.id, Role.INSTRUCTOR, True)
    assert row.last_used_at == frozen_clock.now()
    auth.revoke_api_key(session, user.id, row.id)
    with pytest.raises(auth.Unauthorized):
        auth.principal_from_api_key(session, key)
