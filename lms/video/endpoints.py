"""A course's videos: upload (a multipart form's `file`, up to `video.multipart_max_mb`), list,
read one (its state and progress while it is processed), retry an errored one, delete one with
every file of it. Editors change; the course's staff read."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from accounts.deps import PrincipalDep
from kit.web import uploads
from kit.web.deps import SessionDep, StateDep
from lms.courses import service as courses
from lms.video import service as videos
from models import VideoAsset

router = APIRouter(prefix="/courses/{slug}/videos", tags=["videos"])


class RenditionOut(BaseModel):
    name: str
    width: int
    height: int
    bandwidth: int


class VideoOut(BaseModel):
    id: uuid.UUID
    status: str  # waiting_upload, processing, ready, errored
    error: str | None
    progress: float
    filename: str
    size_bytes: int
    duration: float | None
    width: int | None
    height: int | None
    has_audio: bool | None
    renditions: list[RenditionOut]
    created_at: datetime
    ready_at: datetime | None


def out(asset: VideoAsset) -> VideoOut:
    return VideoOut(id=asset.id, status=asset.status, error=asset.error,
                    progress=asset.progress, filename=asset.filename,
                    size_bytes=asset.size_bytes, duration=asset.duration, width=asset.width,
                    height=asset.height, has_audio=asset.has_audio,
                    renditions=[RenditionOut(**r) for r in asset.renditions],
                    created_at=asset.created_at, ready_at=asset.ready_at)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=VideoOut)
async def upload(slug: str, request: Request, who: PrincipalDep, s: SessionDep,
                 st: StateDep) -> VideoOut:
    """Upload a video (editors): stored, then transcoded by the media worker; follow its
    `status` and `progress`. An upload that is not a usable video ends `errored` with the
    reason."""
    course = courses.editable(s, who, slug)
    limit = st.settings.video.multipart_max_mb * 1024 * 1024
    data, name = await uploads.read_named(request, limit, "video")
    asset = videos.upload(s, st.jobs, st.storage, st.settings.video, who, course, name, data)
    return out(asset)


@router.get("", response_model=list[VideoOut])
def listing(slug: str, who: PrincipalDep, s: SessionDep) -> list[VideoOut]:
    return [out(a) for a in videos.listing(s, courses.staffed(s, who, slug))]


@router.get("/{asset_id}", response_model=VideoOut)
def read(slug: str, asset_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> VideoOut:
    return out(videos.of_course(s, courses.staffed(s, who, slug), asset_id))


@router.post("/{asset_id}/retry", response_model=VideoOut)
def retry(slug: str, asset_id: uuid.UUID, who: PrincipalDep, s: SessionDep,
          st: StateDep) -> VideoOut:
    """Transcode an errored video again from its stored upload (409 otherwise)."""
    course = courses.editable(s, who, slug)
    return out(videos.retry(s, st.jobs, videos.of_course(s, course, asset_id),
                            st.settings.video))


@router.delete("/{asset_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(slug: str, asset_id: uuid.UUID, who: PrincipalDep, s: SessionDep,
           st: StateDep) -> Response:
    """The video and every file of it."""
    course = courses.editable(s, who, slug)
    videos.delete(s, st.storage, videos.of_course(s, course, asset_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
