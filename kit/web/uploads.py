"""Uploaded files: a raw request body, or the field `file` of a multipart form (what a browser's
file input sends), refused early when larger than allowed."""

from __future__ import annotations

from fastapi import Request

from kit.errors import BadRequest, PayloadTooLarge


async def read(request: Request, max_bytes: int, what: str) -> bytes:
    return (await read_named(request, max_bytes, what))[0]


async def read_named(request: Request, max_bytes: int, what: str) -> tuple[bytes, str]:
    """The bytes and the file's name (empty for a raw body)."""
    name = ""
    length = int(request.headers.get("content-length") or 0)
    if length > max_bytes + 1024 * 1024:  # a form's own overhead is allowed for
        raise PayloadTooLarge(f"the {what} is larger than {max_bytes} bytes", field="file")
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        async with request.form() as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise BadRequest(f"send the {what} in a multipart field named 'file'",
                                 field="file")
            blob, name = await upload.read(), upload.filename or ""
    else:
        blob = await request.body()
    if len(blob) > max_bytes:
        raise PayloadTooLarge(f"the {what} is larger than {max_bytes} bytes", field="file")
    return blob, name
