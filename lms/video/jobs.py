"""The transcode job, run by the media worker (`usefulwriter media-worker`) from the media
queue: the stored upload is probed and transcoded in the media sandbox (media.pipeline), and
what it made is published to blob storage under the asset's prefix before the asset says ready.
An upload that is not a usable video, or a run that fails (ffmpeg's crash, a limit, a full disk,
storage refusing a file), ends errored with the reason and nothing of it published; a running
job touches its row every `HEARTBEAT_S`, so a job lost with its worker (killed mid-transcode)
leaves a quiet row that the reconciler (lms.video.tasks) sends again."""

from __future__ import annotations

import errno
import logging
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
from sqlalchemy.orm import Session, sessionmaker

from kit import clock, db, storage
from kit.settings import Settings, get_settings
from kit.storage import Storage
from lms.notifications import service as notifications
from lms.video.service import TYPES, announce, base_master, published
from media.ffmpeg import BadMedia
from media.pipeline import (
    MediaLimits,
    MediaSandbox,
    Transcoded,
    TranscodeFailed,
    probe,
    transcode,
)
from models import AssetStatus, Course, VideoAsset

log = logging.getLogger(__name__)

HEARTBEAT_S = 20.0  # a running job touches its row this often (lms.video.tasks.QUIET_S is more)


def run(payload: dict[str, Any]) -> str:
    """The RQ entry point: everything it needs, from settings."""
    settings = get_settings()
    engine = db.make_engine(settings.worker_db, pool_size=1)
    client = redis.Redis.from_url(settings.redis_url)
    try:
        blobs = storage.from_settings(settings.storage, settings.secret_key, settings.http)
        return process(settings, db.make_sessionmaker(engine, streams=client), blobs,
                       sandbox(settings), uuid.UUID(payload["asset_id"]))
    finally:
        client.close()
        engine.dispose()


def sandbox(settings: Settings) -> MediaSandbox:
    v = settings.video
    return MediaSandbox(limits=MediaLimits(cpus=v.cpus, memory_mb=v.memory_mb, wall_s=v.wall_s,
                                           output_mb=v.output_mb))


def _change(sessions: sessionmaker[Session], asset_id: uuid.UUID, **fields: Any) -> None:
    with db.unit_of_work(sessions) as s:
        asset = s.get(VideoAsset, asset_id)
        if asset is not None:
            for name, value in fields.items():
                setattr(asset, name, value)
            announce(s, asset)


def process(settings: Settings, sessions: sessionmaker[Session], blobs: Storage,
            box: MediaSandbox, asset_id: uuid.UUID) -> str:
    """Probe, transcode, publish; returns the asset's final status."""
    with db.unit_of_work(sessions) as s:
        asset = s.get(VideoAsset, asset_id)
        if asset is None or asset.status != AssetStatus.PROCESSING or not asset.source_key:
            return asset.status if asset is not None else "gone"  # deleted, or done already
        source_key = asset.source_key
    try:
        with _heartbeat(sessions, asset_id), tempfile.TemporaryDirectory(
                prefix="asset-", dir=_made(Path(settings.video.work_dir))) as tmp:
            done = _make(settings, sessions, blobs, box, asset_id, source_key, Path(tmp))
    except Exception as exc:  # noqa: BLE001 - every failure ends in a state a person reads
        _fail(sessions, blobs, asset_id, _reason(exc))
        return AssetStatus.ERRORED
    _change(sessions, asset_id, status=AssetStatus.READY, progress=1.0,
            renditions=_renditions(done), ready_at=clock.now(), error=None)
    with db.unit_of_work(sessions) as s:  # the uploader hears of it (if they want to)
        asset = s.get(VideoAsset, asset_id)
        course = s.get(Course, asset.course_id) if asset is not None else None
        if asset is not None and course is not None:
            notifications.video_ready(s, settings, asset.uploaded_by, course, asset.filename)
    return AssetStatus.READY


def _make(settings: Settings, sessions: sessionmaker[Session], blobs: Storage,
          box: MediaSandbox, asset_id: uuid.UUID, source_key: str, tmp: Path) -> Transcoded:
    """The upload fetched into `tmp`, probed, transcoded and published (the smallest rendition
    as soon as it is made, so playback starts early; the master playlist last)."""
    upload, out = tmp / "source", tmp / "out"
    sent: set[str] = set()

    def first(part: Transcoded) -> None:
        """The smallest rendition is in: playable from now on, while the rest is made."""
        _publish(blobs, asset_id, out, sent)
        _change(sessions, asset_id, renditions=_renditions(part))

    with upload.open("wb") as f:
        for chunk in blobs.stream(source_key, 0, blobs.stat(source_key).size):
            f.write(chunk)
    source = probe(box, upload, tmp, settings.video.max_duration_s)
    _change(sessions, asset_id, duration=source.duration, width=source.width,
            height=source.height, has_audio=source.has_audio)
    done = transcode(box, upload, source, out, _reporter(sessions, asset_id), on_first=first)
    _publish(blobs, asset_id, out, sent)  # published first, then announced ready
    return done


def _made(work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    return work


def _reason(exc: Exception) -> str:
    """What a person reads on the errored asset."""
    if isinstance(exc, (BadMedia, TranscodeFailed)):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the media worker ran out of disk space; retry it once space is freed"
    log.exception("transcode failed")
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return f"the transcode stopped on an error of the media worker ({detail}); retry it"


def _fail(sessions: sessionmaker[Session], blobs: Storage, asset_id: uuid.UUID,
          reason: str) -> None:
    """Errored with the reason, and nothing half-published stays (a first rendition already
    out is taken back, as is a publication cut short)."""
    _change(sessions, asset_id, status=AssetStatus.ERRORED, error=reason[:500], renditions=[])
    for key in blobs.list(published(asset_id)):
        blobs.delete(key)
    blobs.delete(base_master(asset_id))


@contextmanager
def _heartbeat(sessions: sessionmaker[Session], asset_id: uuid.UUID,
               every_s: float = HEARTBEAT_S) -> Iterator[None]:
    """While the job runs, its row is touched every `every_s`: a processing asset whose row is
    quiet for longer has lost its worker, even when RQ still says the job started."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s):
            try:
                with db.unit_of_work(sessions) as s:
                    asset = s.get(VideoAsset, asset_id)
                    if asset is not None and asset.status == AssetStatus.PROCESSING:
                        asset.updated_at = clock.now()
            except Exception:  # noqa: BLE001 - the next beat tries again; the job goes on
                log.warning("cannot touch video asset %s; trying again", asset_id)

    thread = threading.Thread(target=beat, name="uw-video-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _renditions(done: Transcoded) -> list[dict[str, Any]]:
    made = {r.name for r in done.ready}
    return [{"name": r.name, "width": r.width, "height": r.height, "bandwidth": r.bandwidth,
             "ready": r.name in made} for r in done.renditions]


def _publish(blobs: Storage, asset_id: uuid.UUID, out: Path, sent: set[str]) -> None:
    """What the transcode has made so far into blob storage, the master playlist last (so a
    player never finds a variant it names missing); files published already are not sent
    again, and none is changed once published, except the master."""
    master = out / "hls" / "master.m3u8"
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and path != master and rel not in sent and not rel.startswith("."):
            blobs.put(published(asset_id) + rel, path.read_bytes(),
                      TYPES.get(path.suffix, "application/octet-stream"))
            sent.add(rel)
    blobs.put(base_master(asset_id), master.read_bytes(), TYPES[".m3u8"])
    blobs.put(published(asset_id) + "hls/master.m3u8", master.read_bytes(), TYPES[".m3u8"])


def _reporter(sessions: sessionmaker[Session], asset_id: uuid.UUID) -> Callable[[float], None]:
    """Progress into the asset's row, at most every second or every 5 %."""
    last = {"at": 0.0, "done": 0.0}

    def report(done: float) -> None:
        now = clock.monotonic()
        if done < 1.0 and now - last["at"] < 1.0 and done - last["done"] < 0.05:
            return
        last.update(at=now, done=done)
        _change(sessions, asset_id, progress=round(min(done, 0.99), 3))
    return report
