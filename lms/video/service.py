"""Video assets of a course: uploads go to blob storage and a transcode job onto the media queue
(an RQ queue of its own, worked by `usefulwriter media-worker`, never the runner pool's queues);
the job (lms.video.jobs) moves the asset to ready or errored with a reason. Course editors
upload, retry and delete; the course's staff read states and progress."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import protocol
from accounts.service import Principal
from kit import clock, streams
from kit.dispatch import Dispatcher
from kit.errors import Conflict, NotFound, Unprocessable
from kit.settings import VideoSettings
from kit.storage import BlobNotFound, Storage
from media import captions as vtt
from media.ffmpeg import master_with_captions
from models import AssetStatus, Course, Lesson, VideoAsset

QUEUE = "media"
JOB = "lms.video.jobs.run"
SAFE_NAME = re.compile(r"[^\w .,()\-]+")
UNQUOTABLE = re.compile(r'["\x00-\x1f\x7f]')
TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".mp4": "video/mp4",
         ".jpg": "image/jpeg", ".vtt": "text/vtt; charset=utf-8"}


class BadVideo(Unprocessable):
    title = "Invalid Video"


def prefix(asset_id: uuid.UUID) -> str:
    """Every blob of an asset lives under this key prefix (deleting it deletes them all)."""
    return f"videos/{asset_id}/"


def published(asset_id: uuid.UUID) -> str:
    """What players may fetch (lms.video.playback): the upload and the bare master playlist
    live outside it."""
    return f"{prefix(asset_id)}out/"


def partial(settings: VideoSettings, asset_id: uuid.UUID) -> Path:
    """Where a resumable upload's bytes gather until the last one arrives."""
    return Path(settings.upload_dir) / f"{asset_id}.part"


def base_master(asset_id: uuid.UUID) -> str:
    """ffmpeg's master playlist, before caption tracks are added to it."""
    return f"{prefix(asset_id)}master.m3u8"


def _new(s: Session, who: Principal, course: Course, filename: str, size: int,
         status: AssetStatus) -> VideoAsset:
    asset = VideoAsset(id=uuid.uuid4(), course_id=course.id, uploaded_by=who.user_id,
                       status=status, progress=0.0, renditions=[], captions=[], attempts=0,
                       size_bytes=size, received_bytes=0,
                       filename=SAFE_NAME.sub("_", filename or "video")[:255])
    asset.source_key = f"{prefix(asset.id)}source"
    s.add(asset)
    s.flush()
    return asset


def upload(s: Session, jobs: Dispatcher, blobs: Storage, settings: VideoSettings,
           who: Principal, course: Course, filename: str, data: bytes) -> VideoAsset:
    """A new asset from an uploaded file: stored, then transcoded by the media worker."""
    if not data:
        raise BadVideo("the file is empty", field="file")
    asset = _new(s, who, course, filename, len(data), AssetStatus.PROCESSING)
    asset.received_bytes = len(data)
    blobs.put(str(asset.source_key), data)
    send(s, jobs, asset, settings)
    return asset


def waiting(s: Session, who: Principal, course: Course, filename: str,
            size: int) -> VideoAsset:
    """A new asset whose `size` bytes will arrive resumably (lms.video.tus)."""
    asset = _new(s, who, course, filename, size, AssetStatus.WAITING)
    announce(s, asset)
    return asset


def received(s: Session, asset: VideoAsset, offset: int) -> None:
    """Part of a resumable upload arrived (the row shows it; the file is the truth)."""
    asset.received_bytes = offset
    asset.updated_at = clock.now()  # idle uploads are judged by it
    announce(s, asset)


def uploaded(s: Session, jobs: Dispatcher, blobs: Storage, settings: VideoSettings,
             asset: VideoAsset, path: Path) -> None:
    """The last byte of a resumable upload arrived: stored, then transcoded."""
    blobs.put_file(str(asset.source_key), path)
    asset.status, asset.received_bytes = AssetStatus.PROCESSING, asset.size_bytes
    send(s, jobs, asset, settings)
    announce(s, asset)


def playable(asset: VideoAsset) -> bool:
    """Ready, or processing with its first rendition published."""
    return asset.status in (AssetStatus.READY, AssetStatus.PROCESSING) and any(
        r.get("ready", True) for r in asset.renditions)


def announce(s: Session, asset: VideoAsset) -> None:
    """The asset's state to whoever follows it (once `s` commits)."""
    streams.publish(s, protocol.video_key(str(asset.id)), "state", {
        "status": asset.status, "progress": asset.progress, "error": asset.error,
        "received_bytes": asset.received_bytes, "size_bytes": asset.size_bytes,
        "playable": playable(asset), "renditions": asset.renditions})


def send(s: Session, jobs: Dispatcher, asset: VideoAsset, settings: VideoSettings) -> None:
    """The transcode job, on the media queue once `s` commits (a new job id per attempt)."""
    asset.attempts += 1
    jobs.enqueue(s, QUEUE, JOB, {"asset_id": str(asset.id)},
                 job_id=f"video-{asset.id}-{asset.attempts}",
                 timeout_s=int(settings.wall_s) + 600)


def of_course(s: Session, course: Course, asset_id: uuid.UUID) -> VideoAsset:
    asset = s.get(VideoAsset, asset_id)
    if asset is None or asset.course_id != course.id:
        raise NotFound(f"no video {asset_id} in this course")
    return asset


def listing(s: Session, course: Course) -> list[VideoAsset]:
    return list(s.scalars(select(VideoAsset).where(VideoAsset.course_id == course.id)
                          .order_by(VideoAsset.created_at.desc())))


def retry(s: Session, jobs: Dispatcher, asset: VideoAsset, settings: VideoSettings) -> VideoAsset:
    """An errored asset goes round again, from its stored upload."""
    if asset.status != AssetStatus.ERRORED:
        raise Conflict(f"only an errored video can be retried (this one is {asset.status})")
    asset.status, asset.error, asset.progress, asset.attempts = (AssetStatus.PROCESSING, None,
                                                                 0.0, 0)
    send(s, jobs, asset, settings)
    return asset


def delete(s: Session, blobs: Storage, settings: VideoSettings, asset: VideoAsset) -> None:
    """The asset and every file of it (the upload, the renditions, the poster...); lessons that
    showed it show nothing."""
    s.execute(update(Lesson).where(Lesson.video_asset_id == asset.id)
              .values(video_asset_id=None))
    s.delete(asset)
    s.flush()
    for key in blobs.list(prefix(asset.id)):
        blobs.delete(key)
    partial(settings, asset.id).unlink(missing_ok=True)  # an unfinished resumable upload


def set_caption(s: Session, blobs: Storage, asset: VideoAsset, language: str, label: str,
                data: bytes) -> VideoAsset:
    """Add or replace the asset's caption track in `language` (WebVTT or SubRip, checked and
    normalised), and list it in the master playlist."""
    if asset.status != AssetStatus.READY or asset.duration is None:
        raise Conflict("captions are added once the video is ready "
                       f"(this one is {asset.status})")
    try:
        language = vtt.check_language(language)
        cues = vtt.parse(data, asset.duration)
    except vtt.BadCaptions as exc:
        raise BadVideo(str(exc), field="language" if "language tag" in str(exc)
                       else "file") from None
    # the label is written into the master playlist as a quoted string: no quotes, no controls
    label = UNQUOTABLE.sub("", label or "").strip()[:60] or language
    base = published(asset.id) + "hls/captions/"
    blobs.put(f"{base}{language}.vtt", vtt.to_vtt(cues).encode(), TYPES[".vtt"])
    blobs.put(f"{base}{language}.m3u8",
              vtt.subtitle_playlist(asset.duration, f"{language}.vtt").encode(),
              TYPES[".m3u8"])
    tracks = [c for c in asset.captions if c["language"] != language]
    asset.captions = sorted([*tracks, {"language": language, "label": label}],
                            key=lambda c: str(c["language"]))
    _write_master(blobs, asset)
    return asset


def delete_caption(s: Session, blobs: Storage, asset: VideoAsset, language: str) -> None:
    if not any(c["language"] == language for c in asset.captions):
        raise NotFound(f"this video has no {language} captions")
    asset.captions = [c for c in asset.captions if c["language"] != language]
    _write_master(blobs, asset)
    base = published(asset.id) + "hls/captions/"
    for suffix in (".m3u8", ".vtt"):
        blobs.delete(f"{base}{language}{suffix}")


def _write_master(blobs: Storage, asset: VideoAsset) -> None:
    try:
        master = blobs.get(base_master(asset.id)).decode()
    except BlobNotFound:
        raise Conflict("the video's playlists are missing: transcode it again") from None
    tracks = [(c["language"], c["label"], f"captions/{c['language']}.m3u8")
              for c in asset.captions]
    blobs.put(published(asset.id) + "hls/master.m3u8",
              master_with_captions(master, tracks).encode(), TYPES[".m3u8"])
