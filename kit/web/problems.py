"""The one mapping of errors to RFC 9457 problem+json (see kit.errors for the hierarchy).

Validation errors list the field paths. Database and Redis outages become 503 problem+json;
anything else unexpected is a 500 problem with the request id, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from kit.errors import AppError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


def problem(request: Request, status: int, title: str, detail: str,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": request.url.path,
            "request_id": getattr(request.state, "request_id", None), **extra}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem(request, exc.status, exc.title, exc.detail, exc.headers, **exc.extra)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field_path(e.get("loc", ())), "message": e.get("msg", ""),
               "type": e.get("type", "")} for e in exc.errors()]
    fields = ", ".join(e["field"] for e in errors)
    return problem(request, 422, "Unprocessable Content", f"invalid request: {fields}",
                   errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not Found", 405: "Method Not Allowed", 401: "Unauthorized"}
    return problem(request, exc.status_code, titles.get(exc.status_code, "Error"),
                   str(exc.detail), dict(exc.headers or {}))


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("dependency unavailable: %s", exc.__class__.__name__)
    return problem(request, 503, "Service Unavailable",
                   "a backing service is unavailable; retry shortly", {"Retry-After": "5"})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error")
    return problem(request, 500, "Internal Server Error",
                   "an unexpected error occurred; quote the request id when reporting it")


def install(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    for exc in (OperationalError, InterfaceError, PoolTimeout, RedisConnectionError,
                RedisTimeoutError):
        app.add_exception_handler(exc, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
