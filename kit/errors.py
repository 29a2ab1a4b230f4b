"""Application errors: one base with a status code, a few generic subclasses.

    AppError (status, title)            raised by services; never HTTPException
    ├── BadRequest 400 / Unprocessable 422 (bad input the schema could not catch)
    ├── Unauthorized 401 (no or bad credentials)  ── Forbidden 403 (role or ownership)
    ├── NotFound 404 ── Conflict 409 ── PayloadTooLarge 413
    ├── TooManyRequests 429 (carries Retry-After)
    └── ServiceUnavailable 503 (a dependency is down: retry later)

Feature errors subclass these at the top of their service module; `kit.web.problems` is the one
place that turns them into problem+json.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    title = "Internal Server Error"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra
        self.headers: dict[str, str] = {}


class BadRequest(AppError):
    status, title = 400, "Bad Request"


class Unauthorized(AppError):
    status, title = 401, "Unauthorized"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers["WWW-Authenticate"] = "Bearer"


class Forbidden(AppError):
    status, title = 403, "Forbidden"


class NotFound(AppError):
    status, title = 404, "Not Found"


class Conflict(AppError):
    status, title = 409, "Conflict"


class PayloadTooLarge(AppError):
    status, title = 413, "Payload Too Large"


class Unprocessable(AppError):
    status, title = 422, "Unprocessable Content"


class TooManyRequests(AppError):
    status, title = 429, "Too Many Requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.headers["Retry-After"] = str(retry_after)


class ServiceUnavailable(AppError):
    status, title = 503, "Service Unavailable"

    def __init__(self, detail: str = "", retry_after: int = 5) -> None:
        super().__init__(detail)
        self.headers["Retry-After"] = str(retry_after)
