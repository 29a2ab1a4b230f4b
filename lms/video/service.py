"""Video assets of a course: uploads go to blob storage and a transcode job onto the media queue
(an RQ queue of its own, worked by `usefulwriter media-worker`, never the runner pool's queues);
the job (lms.video.jobs) moves the asset to ready or errored with a reason. Course editors
upload, retry and delete; the course's staff read states and progress."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.service import Principal
from kit.dispatch import Dispatcher
from kit.errors import Conflict, NotFound, Unprocessable
from kit.settings import VideoSettings
from kit.storage import Storage
from models import AssetStatus, Course, Lesson, VideoAsset

QUEUE = "media"
JOB = "lms.video.jobs.run"
SAFE_NAME = re.compile(r"[^\w .,()\-]+")


class BadVideo(Unprocessable):
    title = "Invalid Video"


def prefix(asset_id: uuid.UUID) -> str:
    """Every blob of an asset lives under this key prefix (deleting it deletes them all)."""
    return f"videos/{asset_id}/"


def upload(s: Session, jobs: Dispatcher, blobs: Storage, settings: VideoSettings,
           who: Principal, course: Course, filename: str, data: bytes) -> VideoAsset:
    """A new asset from an uploaded file: stored, then transcoded by the media worker."""
    if not data:
        raise BadVideo("the file is empty", field="file")
    asset = VideoAsset(id=uuid.uuid4(), course_id=course.id, uploaded_by=who.user_id,
                       status=AssetStatus.PROCESSING, progress=0.0, renditions=[],
                       attempts=0, size_bytes=len(data),
                       filename=SAFE_NAME.sub("_", filename or "video")[:255])
    asset.source_key = f"{prefix(asset.id)}source"
    s.add(asset)
    s.flush()
    blobs.put(asset.source_key, data)
    send(s, jobs, asset, settings)
    return asset


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


def delete(s: Session, blobs: Storage, asset: VideoAsset) -> None:
    """The asset and every file of it (the upload, the renditions, the poster...); lessons that
    showed it show nothing."""
    s.execute(update(Lesson).where(Lesson.video_asset_id == asset.id)
              .values(video_asset_id=None))
    s.delete(asset)
    s.flush()
    for key in blobs.list(prefix(asset.id)):
        blobs.delete(key)
