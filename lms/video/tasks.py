"""Videos' background work in the app worker: the reconciler that sends again a transcode lost
with its media worker, a bounded number of times, then ends the asset errored with the reason;
and removes resumable uploads left idle for `video.upload_idle_s`, with their bytes.

A running transcode touches its row every `lms.video.jobs.HEARTBEAT_S`, so a processing asset
whose row has been quiet for `QUIET_S` was lost unless its job is still waiting in the queue:
gone from Redis, failed, or "started" by a worker that was killed (RQ keeps saying started
until the job's timeout, hours for a long video)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kit import clock, db
from kit.dispatch import ALIVE, STARTED, Dispatcher
from kit.settings import Settings
from kit.tasks import Registry
from lms.video import service as videos
from models import AssetStatus, VideoAsset

RECONCILE_EVERY_S = 30
QUIET_S = 120  # a processing asset untouched this long, its job not waiting, was lost
WAITING = ALIVE - {STARTED}  # a job still to be taken by a media worker


def reconcile(s: Session, jobs: Dispatcher, settings: Settings) -> int:
    """Lost transcodes sent again (or, past the attempts, errored); returns how many."""
    quiet = clock.now() - timedelta(seconds=QUIET_S)
    found = 0
    for asset in s.scalars(select(VideoAsset).where(VideoAsset.status == AssetStatus.PROCESSING,
                                                    VideoAsset.updated_at < quiet)
                           .with_for_update(skip_locked=True).limit(50)):
        if jobs.job_state(f"video-{asset.id}-{asset.attempts}") in WAITING:
            continue  # queued behind others: a running one would have touched the row
        found += 1
        if asset.attempts >= settings.video.attempts:
            asset.status = AssetStatus.ERRORED
            asset.error = (f"the transcode was lost {asset.attempts} times (its media worker "
                           "stopped); retry it")
        else:
            videos.send(s, jobs, asset, settings.video)
    return found + abandon_idle(s, settings)


def abandon_idle(s: Session, settings: Settings) -> int:
    idle = clock.now() - timedelta(seconds=settings.video.upload_idle_s)
    gone = list(s.scalars(select(VideoAsset).where(VideoAsset.status == AssetStatus.WAITING,
                                                   VideoAsset.updated_at < idle)
                          .with_for_update(skip_locked=True).limit(50)))
    for asset in gone:
        s.delete(asset)
        videos.partial(settings.video, asset.id).unlink(missing_ok=True)
    s.flush()
    return len(gone)


def register(registry: Registry, sessions: sessionmaker[Session], jobs: Dispatcher,
             settings: Settings) -> None:
    def run() -> int:
        with db.unit_of_work(sessions) as s:
            return reconcile(s, jobs, settings)
    registry.every("lms.video.reconcile", RECONCILE_EVERY_S, run)
