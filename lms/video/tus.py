"""Resumable video uploads over tus 1.0 (https://tus.io/protocols/resumable-upload), the
protocol Cloudflare Stream and Vimeo accept, with its `creation` and `termination` extensions:

- `POST .../videos/tus` with `Upload-Length` (and `Upload-Metadata: filename <base64>`) makes
  the asset, `waiting_upload`, and answers 201 with its upload URL in `Location`;
- `HEAD <url>` says how much has arrived (`Upload-Offset`): a client that lost its connection,
  or a page that was reloaded, asks and goes on from there;
- `PATCH <url>` (`application/offset+octet-stream`, `Upload-Offset` equal to what arrived)
  appends; bytes that arrive before a connection drops are kept. When the last byte is in, the
  file goes to blob storage and the transcode job to the media queue, as for a plain upload;
- `DELETE <url>` abandons an upload that is not finished.

The partial file (in `video.upload_dir`, which the API's replicas must share) is the truth
about the offset; one PATCH at a time holds its lock (a second gets 409). Uploads idle for
`video.upload_idle_s` are removed by the reconciler (lms.video.tasks). No Python tus server is
both maintained and framework-neutral, so the server side is this module (the protocol's core
is four requests); the web app uses tus-js-client.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import os
import uuid
from pathlib import Path

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from accounts.deps import PrincipalDep
from accounts.service import Principal
from kit.errors import AppError, BadRequest, Conflict, PayloadTooLarge
from kit.settings import Settings
from kit.web.deps import SessionDep, StateDep
from kit.web.state import AppState
from lms.courses import service as courses
from lms.video import service as videos
from models import AssetStatus, Course, VideoAsset

VERSION = "1.0.0"
router = APIRouter(prefix="/courses/{slug}/videos/tus", tags=["videos"])
FLUSH = 1024 * 1024


class UnsupportedVersion(AppError):
    status, title = 412, "Tus Version Not Supported"


class BadContentType(AppError):
    status, title = 415, "Unsupported Media Type"


def _headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": VERSION, "Cache-Control": "no-store", **extra}


def _check_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != VERSION:
        raise UnsupportedVersion(f"send Tus-Resumable: {VERSION}", field="Tus-Resumable")


def _metadata(header: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in (header or "").split(","):
        key, _, value = pair.strip().partition(" ")
        if not key:
            continue
        try:
            out[key] = base64.b64decode(value, validate=True).decode() if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise BadRequest(f"Upload-Metadata {key!r} is not base64 of UTF-8 text",
                             field="Upload-Metadata") from None
    return out


@router.options("", include_in_schema=False)
def capabilities(st: StateDep) -> Response:
    return Response(status_code=204, headers=_headers(
        **{"Tus-Version": VERSION, "Tus-Extension": "creation,termination",
           "Tus-Max-Size": str(st.settings.video.upload_max_mb * 1024 * 1024)}))


@router.post("", status_code=status.HTTP_201_CREATED, response_class=Response)
def create(slug: str, request: Request, who: PrincipalDep, s: SessionDep,
           st: StateDep) -> Response:
    """Start a resumable upload (tus creation): `Upload-Length` bytes to come."""
    _check_version(request)
    course = courses.editable(s, who, slug)
    length_text = request.headers.get("upload-length", "")
    if not length_text.isdigit():
        raise BadRequest("send Upload-Length: the file's size in bytes (deferred lengths are "
                         "not supported)", field="Upload-Length")
    length, limit = int(length_text), st.settings.video.upload_max_mb * 1024 * 1024
    if length == 0:
        raise videos.BadVideo("the file is empty", field="Upload-Length")
    if length > limit:
        raise PayloadTooLarge(f"the video is larger than {limit} bytes", field="Upload-Length")
    meta = _metadata(request.headers.get("upload-metadata"))
    asset = videos.waiting(s, who, course, meta.get("filename") or meta.get("name") or "",
                           length)
    target = videos.partial(st.settings.video, asset.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()
    location = f"{request.url.path.rstrip('/')}/{asset.id}"
    return Response(status_code=201, headers=_headers(Location=location,
                                                      **{"Upload-Offset": "0"}))


def _waiting(s: Session, who: Principal, slug: str, asset_id: uuid.UUID,
             ) -> tuple[Course, VideoAsset]:
    course = courses.editable(s, who, slug)
    return course, videos.of_course(s, course, asset_id)


def _offset(settings: Settings, asset: VideoAsset) -> int:
    if asset.status != AssetStatus.WAITING:
        return asset.size_bytes  # complete: it went on to processing
    try:
        return videos.partial(settings.video, asset.id).stat().st_size
    except FileNotFoundError:
        raise Conflict("this upload's bytes are gone (it was idle too long): start again",
                       field="Upload-Offset") from None


@router.head("/{asset_id}", response_class=Response)
def offset(slug: str, asset_id: uuid.UUID, request: Request, who: PrincipalDep,
           s: SessionDep, st: StateDep) -> Response:
    """How much of the upload has arrived (`Upload-Offset`)."""
    _check_version(request)
    _, asset = _waiting(s, who, slug, asset_id)
    return Response(status_code=200, headers=_headers(**{
        "Upload-Offset": str(_offset(st.settings, asset)),
        "Upload-Length": str(asset.size_bytes)}))


@router.patch("/{asset_id}", status_code=204, response_class=Response)
async def append(slug: str, asset_id: uuid.UUID, request: Request, who: PrincipalDep,
                 s: SessionDep, st: StateDep) -> Response:
    """Append bytes at `Upload-Offset` (409 if that is not how much has arrived)."""
    _check_version(request)
    if request.headers.get("content-type") != "application/offset+octet-stream":
        raise BadContentType("send Content-Type: application/offset+octet-stream",
                             field="Content-Type")
    claimed = request.headers.get("upload-offset", "")
    if not claimed.isdigit():
        raise BadRequest("send Upload-Offset", field="Upload-Offset")
    _, asset = await run_in_threadpool(_waiting, s, who, slug, asset_id)
    if asset.status != AssetStatus.WAITING:
        raise Conflict(f"this upload is complete (the video is {asset.status})",
                       field="Upload-Offset")
    path = videos.partial(st.settings.video, asset.id)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        raise Conflict("this upload's bytes are gone (it was idle too long): start again",
                       field="Upload-Offset") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict("another request is appending to this upload",
                           field="Upload-Offset") from None
        at = os.fstat(fd).st_size
        if int(claimed) != at:
            raise Conflict(f"the upload is at {at} bytes, not {claimed}: ask with HEAD",
                           field="Upload-Offset")
        at = await _receive(request, fd, at, asset.size_bytes)
    finally:
        os.close(fd)
    if at == asset.size_bytes:
        await run_in_threadpool(_finish, s, st, asset, path)
    else:
        await run_in_threadpool(videos.received, s, asset, at)
    return Response(status_code=204, headers=_headers(**{"Upload-Offset": str(at)}))


async def _receive(request: Request, fd: int, at: int, length: int) -> int:
    """Append the body to `fd` from `at`; bytes that arrived before a disconnect are kept."""
    pending: list[bytes] = []
    size = 0

    async def flush() -> None:
        nonlocal size
        if pending:
            data = b"".join(pending)
            pending.clear()
            size = 0
            await run_in_threadpool(os.write, fd, data)

    try:
        async for chunk in request.stream():
            if at + len(chunk) > length:
                await flush()
                raise PayloadTooLarge(f"the upload is {length} bytes (Upload-Length)",
                                      field="Upload-Length")
            pending.append(chunk)
            size += len(chunk)
            at += len(chunk)
            if size >= FLUSH:
                await flush()
    except ClientDisconnect:
        pass
    await flush()
    return at


def _finish(s: Session, st: AppState, asset: VideoAsset, path: Path) -> None:
    """The whole file is in: into blob storage, then the transcode job."""
    videos.uploaded(s, st.jobs, st.storage, st.settings.video, asset, path)
    path.unlink(missing_ok=True)


@router.delete("/{asset_id}", status_code=204, response_class=Response)
def terminate(slug: str, asset_id: uuid.UUID, request: Request, who: PrincipalDep,
              s: SessionDep, st: StateDep) -> Response:
    """Abandon an unfinished upload (tus termination): the asset and its bytes go."""
    _check_version(request)
    _, asset = _waiting(s, who, slug, asset_id)
    if asset.status != AssetStatus.WAITING:
        raise Conflict(f"this upload is complete (the video is {asset.status}); delete the "
                       "video instead")
    videos.delete(s, st.storage, st.settings.video, asset)
    return Response(status_code=204, headers=_headers())
