"""Request ids (accepted from X-Request-ID or made here, echoed back, put in every log line),
per-route request metrics, and the NUL character refused at the door."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kit import telemetry
from kit.web.problems import problem

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = logging.getLogger("usefulwriter.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode(errors="replace")
        rid = given if _VALID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            telemetry.HTTP_REQUESTS.labels(scope["method"], path, str(status)).inc()
            telemetry.HTTP_LATENCY.labels(scope["method"], path).observe(elapsed)
            log.info("%s %s %s %.1fms", scope["method"], scope["path"], status, elapsed * 1000)
            request_id_var.reset(token)


class RefuseNul:
    """PostgreSQL text cannot hold the NUL character, so a NUL in the path, the query string or
    a JSON body is refused here with 422 problem+json naming where it was, before a handler
    hands it to the database (which would fail the request with a 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = None
        if b"%00" in scope.get("raw_path", b"").lower() or "\x00" in scope["path"]:
            where = "path"
        query = scope.get("query_string", b"")
        if where is None and b"%00" in query.lower():
            where = next((k for k, v in parse_qsl(query.decode("latin-1"),
                                                   keep_blank_values=True)
                          if "\x00" in k or "\x00" in v), "query")
        headers = dict(scope.get("headers") or [])
        body, replay = b"", receive
        if where is None and b"json" in headers.get(b"content-type", b""):
            body, replay = await _buffer(receive)
            if b"\\u0000" in body:
                try:
                    where = _nul_path(json.loads(body))
                except ValueError:
                    where = None  # not JSON after all: the handler's validation says so
        if where is None:
            await self.app(scope, replay, send)
            return
        response = problem(Request(scope), 422, "Unprocessable Content",
                           "text may not contain the NUL character (\\u0000)", field=where)
        await response(scope, receive, send)


async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body, sent = b"".join(chunks), False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def _nul_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (or key) holding a NUL ("body" for the whole)."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if "\x00" in key:
                return f"{path}.{key}".lstrip(".")
            items.append((key, inner))
    elif isinstance(value, list):
        items = [(str(i), inner) for i, inner in enumerate(value)]
    for key, inner in items:
        found = _nul_path(inner, f"{path}.{key}".lstrip("."))
        if found is not None:
            return found
    return None
