"""Answers that caches may keep: a strong ETag (304 for If-None-Match), and Cache-Control that
lets a shared cache (a CDN) keep what is the same for everybody, and no other."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

# Answers to callers without credentials: a CDN may serve them for a minute, and serve them stale
# while it revalidates. Anything for a signed-in caller is private.
PUBLIC = "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
PRIVATE = "private, no-cache"
VARY = "Authorization, X-API-Key, X-Auth-Token"


def cached(request: Request, body: BaseModel, public: bool) -> Response:
    payload = body.model_dump_json().encode()
    tag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Vary": VARY, "Cache-Control": PUBLIC if public else PRIVATE}
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if tag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(payload, media_type="application/json", headers=headers)
