"""A course's videos: upload (a multipart form's `file`, up to `video.multipart_max_mb`; larger
ones resumably over tus, lms.video.tus), list, read one (its state and progress while it is
processed, or follow them live over SSE), retry an errored one, delete one with every file of it,
add and remove caption tracks. Editors change; the course's staff read and preview.

Playback (lms.video.playback): a video lesson's `playback` gives enrolled learners (and staff) a
signed directory URL, and its `watch` takes the player's reports of what was played."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

import protocol
from accounts.deps import PrincipalDep
from accounts.service import Principal
from kit import streams
from kit.errors import Conflict, NotFound
from kit.settings import Settings
from kit.web import uploads
from kit.web.deps import SessionDep, StateDep
from lms.courses import service as courses
from lms.progress import service as progress
from lms.video import playback
from lms.video import service as videos
from models import AssetStatus, Course, Lesson, LessonKind, VideoAsset

router = APIRouter(prefix="/courses/{slug}/videos", tags=["videos"])
lessons_router = APIRouter(prefix="/courses/{slug}/lessons/{lesson_id}", tags=["videos"])
media_router = APIRouter(prefix="/media", tags=["videos"])
CAPTIONS_MAX = 2 * 1024 * 1024


class RenditionOut(BaseModel):
    name: str
    width: int
    height: int
    bandwidth: int
    ready: bool = Field(default=True, description="its playlist and segments are published")


class CaptionOut(BaseModel):
    language: str
    label: str


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
    playable: bool = Field(description="playback may start (the first rendition is ready)")
    captions: list[CaptionOut]
    received_bytes: int = Field(description="resumable uploads: bytes received so far")
    created_at: datetime
    ready_at: datetime | None


def out(asset: VideoAsset) -> VideoOut:
    return VideoOut(id=asset.id, status=asset.status, error=asset.error,
                    progress=asset.progress, filename=asset.filename,
                    size_bytes=asset.size_bytes, duration=asset.duration, width=asset.width,
                    height=asset.height, has_audio=asset.has_audio,
                    renditions=[RenditionOut(**r) for r in asset.renditions],
                    playable=playback.playable(asset),
                    captions=[CaptionOut(**c) for c in asset.captions],
                    received_bytes=asset.received_bytes, created_at=asset.created_at,
                    ready_at=asset.ready_at)


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
    videos.delete(s, st.storage, st.settings.video, videos.of_course(s, course, asset_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{asset_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(slug: str, asset_id: uuid.UUID, request: Request, who: PrincipalDep,
                 s: SessionDep, st: StateDep,
                 timeout: Annotated[float, Query(ge=1, le=3600)] = 600) -> StreamingResponse:
    """The video's state live: a `snapshot` (the video, as GET gives it) first unless you
    reconnect with Last-Event-ID, then a `state` event ({status, progress, error,
    received_bytes, size_bytes}) at each change while it is uploaded and processed; the stream
    ends once the video is ready or errored."""
    course = await run_in_threadpool(courses.staffed, s, who, slug)
    key = protocol.video_key(str(asset_id))
    resume = request.headers.get("last-event-id")
    start = resume or await streams.last_id(st.aredis, key)
    first = await run_in_threadpool(lambda: out(videos.of_course(s, course, asset_id)))
    opening = None if resume else first.model_dump(mode="json")
    return StreamingResponse(streams.relay(st.aredis, key, start, opening, timeout,
                                           lambda d: d.get("status") in FINAL),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


FINAL = (AssetStatus.READY, AssetStatus.ERRORED)


@router.put("/{asset_id}/captions/{language}", response_model=VideoOut)
async def put_caption(slug: str, asset_id: uuid.UUID, language: str, request: Request,
                      who: PrincipalDep, s: SessionDep, st: StateDep,
                      label: Annotated[str, Query(max_length=60)] = "") -> VideoOut:
    """Add or replace the caption track in `language` (a tag such as en or pt-BR; `label` is
    what the player's menu shows): a WebVTT or SubRip file, as a multipart `file` or the raw
    body, checked cue by cue (errors name the line) and listed in the master playlist."""
    course = await run_in_threadpool(courses.editable, s, who, slug)
    data, _ = await uploads.read_named(request, CAPTIONS_MAX, "caption file")
    return await run_in_threadpool(lambda: out(videos.set_caption(
        s, st.storage, videos.of_course(s, course, asset_id), language, label, data)))


@router.delete("/{asset_id}/captions/{language}", status_code=status.HTTP_204_NO_CONTENT)
def delete_caption(slug: str, asset_id: uuid.UUID, language: str, who: PrincipalDep,
                   s: SessionDep, st: StateDep) -> Response:
    course = courses.editable(s, who, slug)
    videos.delete_caption(s, st.storage, videos.of_course(s, course, asset_id), language)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- playback ------------------------------------------------------------------------------------
class CaptionTrack(BaseModel):
    language: str
    label: str
    url: str


class PlaybackOut(BaseModel):
    video_id: uuid.UUID
    status: str
    duration: float | None
    hls: str = Field(description="the master playlist (every rendition, caption tracks)")
    mp4: str | None = Field(description="a single-file fallback (once the video is ready)")
    poster: str
    thumbnails: str = Field(description="WebVTT index of the thumbnail sprite (scrubbing)")
    captions: list[CaptionTrack]
    expires_at: datetime = Field(description="links stop working then: ask again")
    position: float = Field(default=0.0, description="where you left off, seconds")
    watched: float = Field(default=0.0, description="share of the video you have watched")


def playback_out(settings: Settings, asset: VideoAsset, where: float = 0.0,
                 watched: float = 0.0) -> PlaybackOut:
    if not playback.playable(asset):
        raise Conflict(f"the video is not ready to play yet (it is {asset.status})",
                       field="video")
    base, expires = playback.base_url(settings, asset.id)
    ready = asset.status == AssetStatus.READY
    return PlaybackOut(
        video_id=asset.id, status=asset.status, duration=asset.duration,
        hls=base + "hls/master.m3u8", mp4=base + "video.mp4" if ready else None,
        poster=base + "poster.jpg",
        thumbnails=base + "sprite.vtt", expires_at=expires, position=where, watched=watched,
        captions=[CaptionTrack(language=c["language"], label=c["label"],
                               url=f"{base}hls/captions/{c['language']}.vtt")
                  for c in asset.captions])


@router.get("/{asset_id}/playback", response_model=PlaybackOut)
def preview(slug: str, asset_id: uuid.UUID, who: PrincipalDep, s: SessionDep,
            st: StateDep) -> PlaybackOut:
    """Play a video of the course (its staff), before any lesson shows it."""
    course = courses.staffed(s, who, slug)
    return playback_out(st.settings, videos.of_course(s, course, asset_id))


def _lesson_video(s: Session, who: Principal, slug: str,
                  lesson_id: uuid.UUID) -> tuple[Course, Lesson, VideoAsset]:
    course = courses.get(s, who, slug)
    lesson = courses.visible_lesson(s, who, course, lesson_id)
    progress.open_lesson(s, who, course, lesson)
    asset = s.get(VideoAsset, lesson.video_asset_id) if lesson.video_asset_id else None
    if lesson.kind != LessonKind.VIDEO or asset is None:
        raise NotFound("this lesson has no video")
    return course, lesson, asset


@lessons_router.get("/playback", response_model=PlaybackOut)
def lesson_playback(slug: str, lesson_id: uuid.UUID, who: PrincipalDep, s: SessionDep,
                    st: StateDep) -> PlaybackOut:
    """The lesson's video for enrolled learners (once the lesson is open) and the course's
    staff: signed links valid for a few hours (403 if altered, 410 once expired), with where you
    left off."""
    _, lesson, asset = _lesson_video(s, who, slug, lesson_id)
    mine = progress.mine(s, who.user_id, lesson)
    return playback_out(st.settings, asset, mine.position if mine else 0.0,
                        mine.watched if mine else 0.0)


class WatchIn(BaseModel):
    played: list[tuple[float, float]] = Field(
        default_factory=list, max_length=500,
        description="the spans [start, end] in seconds played since the last report")
    position: float = Field(ge=0, description="where the player is now, seconds")


class WatchOut(BaseModel):
    watched: float
    position: float
    state: str
    percent: float
    course_completed: bool


@lessons_router.post("/watch", response_model=WatchOut | None)
def watch(slug: str, lesson_id: uuid.UUID, body: WatchIn, who: PrincipalDep,
          s: SessionDep) -> WatchOut | None:
    """The player's report (every few seconds, and on pause or leaving): the lesson counts
    the seconds actually played (the union of every span; skipping ahead is not watching) and
    completes at its `must_watch` fraction. A report cannot claim more than could have been
    played since the previous one. Staff previews are not recorded (null)."""
    course, lesson, asset = _lesson_video(s, who, slug, lesson_id)
    done = progress.watch(s, who, course, lesson, asset.duration or 0.0,
                          [(a, b) for a, b in body.played], body.position)
    if done is None:
        return None
    mine, row = done
    return WatchOut(watched=mine.watched, position=mine.position, state=mine.state,
                    percent=row.percent, course_completed=row.completed_at is not None)


@media_router.head("/{token}/{asset_id}/{path:path}", include_in_schema=False)
@media_router.get("/{token}/{asset_id}/{path:path}", response_class=Response, responses={
    206: {"description": "the requested bytes"}, 403: {"description": "not a valid link"},
    410: {"description": "the link has expired"},
    416: {"description": "the range starts past the end"}})
def media(token: str, asset_id: uuid.UUID, path: str, request: Request,
          st: StateDep) -> Response:
    """A file of a video, for a signed playback link: byte ranges (206, 416, If-Range),
    immutable caching for segments, the MP4 and images, seconds for playlists and captions."""
    return playback.serve(request, st.settings, st.storage, token, asset_id, path)
