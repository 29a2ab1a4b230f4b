"""The transcode job, run by the media worker (`usefulwriter media-worker`) from the media
queue: the stored upload is probed and transcoded in the media sandbox (media.pipeline), and
what it made is published to blob storage under the asset's prefix before the asset says ready.
An upload that is not a usable video, or a run that fails, ends errored with the reason; a job
lost with its worker is sent again by the reconciler (lms.video.tasks)."""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kit import clock, db, storage
from kit.settings import Settings, get_settings
from kit.storage import Storage
from lms.video.service import prefix
from media.ffmpeg import BadMedia
from media.pipeline import MediaLimits, MediaSandbox, TranscodeFailed, probe, transcode
from models import AssetStatus, VideoAsset

log = logging.getLogger(__name__)
TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".mp4": "video/mp4",
         ".jpg": "image/jpeg", ".vtt": "text/vtt"}


def run(payload: dict[str, Any]) -> str:
    """The RQ entry point: everything it needs, from settings."""
    settings = get_settings()
    engine = db.make_engine(settings.worker_db, pool_size=1)
    try:
        blobs = storage.from_settings(settings.storage, settings.secret_key, settings.http)
        return process(settings, db.make_sessionmaker(engine), blobs, sandbox(settings),
                       uuid.UUID(payload["asset_id"]))
    finally:
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


def process(settings: Settings, sessions: sessionmaker[Session], blobs: Storage,
            box: MediaSandbox, asset_id: uuid.UUID) -> str:
    """Probe, transcode, publish; returns the asset's final status."""
    with db.unit_of_work(sessions) as s:
        asset = s.get(VideoAsset, asset_id)
        if asset is None or asset.status != AssetStatus.PROCESSING or not asset.source_key:
            return asset.status if asset is not None else "gone"  # deleted, or done already
        source_key = asset.source_key
    work = Path(settings.video.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="asset-", dir=work) as tmp:
        upload = Path(tmp) / "source"
        upload.write_bytes(blobs.get(source_key))
        try:
            source = probe(box, upload, Path(tmp), settings.video.max_duration_s)
            _change(sessions, asset_id, duration=source.duration, width=source.width,
                    height=source.height, has_audio=source.has_audio)
            done = transcode(box, upload, source, Path(tmp) / "out",
                             _reporter(sessions, asset_id))
        except (BadMedia, TranscodeFailed) as exc:
            _change(sessions, asset_id, status=AssetStatus.ERRORED, error=str(exc)[:500])
            return AssetStatus.ERRORED
        # published first, then announced: a ready asset's files all exist
        base = prefix(asset_id)
        for path in sorted((Path(tmp) / "out").rglob("*")):
            if path.is_file():
                rel = path.relative_to(Path(tmp) / "out").as_posix()
                blobs.put(base + rel, path.read_bytes(),
                          TYPES.get(path.suffix, "application/octet-stream"))
        renditions = [{"name": r.name, "width": r.width, "height": r.height,
                       "bandwidth": r.bandwidth} for r in done.renditions]
        _change(sessions, asset_id, status=AssetStatus.READY, progress=1.0,
                renditions=renditions, ready_at=clock.now(), error=None)
    return AssetStatus.READY


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
