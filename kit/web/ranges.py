"""A blob as an HTTP response with byte ranges (RFC 9110 §14), the same for every storage
backend: `Range: bytes=a-b`, `a-` and `-n` answer 206 with `Content-Range`; a range that starts
past the end answers 416 with `Content-Range: bytes */size`; `If-Range` with the blob's ETag (or
its Last-Modified date) keeps the range, anything else gets the whole blob (200), so a client
never splices bytes of two versions. Several ranges in one request are answered with the whole
blob, which the RFC allows and players never need. The body streams from storage in chunks.
"""

from __future__ import annotations

import re
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from kit.storage import BlobInfo, Storage

RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


class Unsatisfiable(Exception):
    pass


def parse(header: str | None, size: int) -> tuple[int, int] | None:
    """The half-open span [start, stop) a single-range header asks for; None means the whole
    blob (no header, several ranges, or a form we do not read); Unsatisfiable past the end."""
    if not header:
        return None
    found = RANGE.match(header)
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        n = int(last)
        if n == 0:
            raise Unsatisfiable
        return max(0, size - n), size
    start = int(first)
    if start >= size:
        raise Unsatisfiable
    stop = size if not last else min(size, int(last) + 1)
    if stop <= start:
        return None  # last < first: syntactically invalid, so ignored
    return start, stop


def _if_range_holds(value: str | None, info: BlobInfo) -> bool:
    if value is None:
        return True
    value = value.strip()
    if value.startswith(('"', 'W/"')):
        return value == info.etag  # strong comparison: a weak tag never matches
    try:
        return parsedate_to_datetime(value) >= info.modified.replace(microsecond=0)
    except (TypeError, ValueError):
        return False


def blob_response(request: Request, blobs: Storage, key: str, content_type: str,
                  cache_control: str) -> Response:
    info = blobs.stat(key)
    headers = {"Accept-Ranges": "bytes", "ETag": info.etag, "Cache-Control": cache_control,
               "Last-Modified": format_datetime(info.modified, usegmt=True)}
    if request.headers.get("if-none-match") == info.etag:
        return Response(status_code=304, headers=headers)
    span = None
    if _if_range_holds(request.headers.get("if-range"), info):
        try:
            span = parse(request.headers.get("range"), info.size)
        except Unsatisfiable:
            return Response(status_code=416, headers={**headers,
                                                      "Content-Range": f"bytes */{info.size}"})
    start, stop = span or (0, info.size)
    headers["Content-Length"] = str(stop - start)
    if span is not None:
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{info.size}"
    if request.method == "HEAD":
        return Response(status_code=206 if span else 200, headers=headers,
                        media_type=content_type)
    return StreamingResponse(blobs.stream(key, start, stop), status_code=206 if span else 200,
                             headers=headers, media_type=content_type)
