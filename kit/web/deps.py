"""Request-scoped dependencies: the app state, the session (committed at the edge), the
Idempotency-Key. Who the caller is lives with accounts (accounts.deps)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from kit import db
from kit.settings import Settings
from kit.web.idempotency import IdempotencyKey, idempotency_key
from kit.web.state import AppState


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.uw
    return state


def settings(request: Request) -> Settings:
    return app_state(request).settings


def session(request: Request) -> Iterator[Session]:
    """One session per request: committed before the response is sent, rolled back (and the
    jobs it meant to enqueue discarded) when the request fails."""
    s = app_state(request).sessions()
    try:
        yield s
        db.commit(s)
    except BaseException:
        db.rollback(s)
        raise
    finally:
        s.close()


SessionDep = Annotated[Session, Depends(session, scope="function")]
StateDep = Annotated[AppState, Depends(app_state)]


IdemDep = Annotated[IdempotencyKey | None, Depends(idempotency_key)]
