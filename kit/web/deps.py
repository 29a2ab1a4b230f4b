"""Request-scoped dependencies: the app state, the session (committed at the edge), the
Idempotency-Key. Who the caller is lives with accounts (accounts.deps)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kit import db
from kit.settings import Settings
from kit.web.idempotency import IdempotencyKey, idempotency_key
from kit.web.state import AppState

# The dependencies here are `async def` although they do no I/O of their own: FastAPI runs a
# plain `def` dependency in its thread pool, and a hop there and back costs more than what these
# do. The session goes to the pool only when it has a transaction to end.

async def app_state(request: Request) -> AppState:
    return _state(request)


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.uw
    return state


async def settings(request: Request) -> Settings:
    return _state(request).settings


async def session(request: Request) -> AsyncIterator[Session]:
    """One session per request: committed before the response is sent, rolled back (and the
    jobs it meant to enqueue discarded) when the request fails. A session that holds no
    transaction (nothing used it, or the endpoint committed already) is closed in place."""
    s = _state(request).sessions()
    try:
        yield s
        if s.in_transaction() or s.info.get(db.AFTER_COMMIT):
            await run_in_threadpool(db.commit, s)
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request still ends its transaction
            if s.in_transaction():
                await run_in_threadpool(db.rollback, s)
            else:
                db.rollback(s)  # no transaction: only the jobs it meant to enqueue to discard
        raise
    finally:
        with anyio.CancelScope(shield=True):  # and gives its connection back
            if s.in_transaction():
                await run_in_threadpool(s.close)
            else:
                s.close()


SessionDep = Annotated[Session, Depends(session, scope="function")]
StateDep = Annotated[AppState, Depends(app_state)]


IdemDep = Annotated[IdempotencyKey | None, Depends(idempotency_key)]
