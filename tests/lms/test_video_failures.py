"""How a transcode fails, on real ffmpeg in the media sandbox: each failure ends in a state a
person reads, with nothing half-published.

- ffmpeg stopped after the first rendition was already playable (here by the sandbox's output
  limit, which is how a runaway or crashing ffmpeg ends): errored, and the published rendition
  taken back;
- a full disk on the media worker (a real tmpfs, too small): errored with the reason, the
  scratch space left empty, and a retry once there is room makes the video ready;
- a media worker killed mid-transcode (the real `usefulwriter media-worker`, SIGKILL): RQ still
  says the job started, but the row falls quiet, so the reconciler sends the job again; the
  next worker removes the dead one's ffmpeg container, and the video becomes ready.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import docker
import pytest
import redis
from fastapi.testclient import TestClient
from rq import Queue
from sqlalchemy import text

from kit import db, storage
from kit.dispatch import Dispatcher
from kit.settings import Settings
from lms.video import jobs, tasks
from media.pipeline import MediaLimits, MediaSandbox
from models import VideoAsset
from protocol import video_key
from sandbox.media import LABEL as MEDIA_LABEL
from sandbox.media import remove_media_orphans
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API, course_with
from tests.lms.test_video import media_queue, upload  # noqa: F401 - the fixture
from tests.media.test_pipeline import make_clip

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def two_rungs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """480p with audio, 10 s: a 480p and a 360p rendition, so the job runs in two passes."""
    box = MediaSandbox(limits=MediaLimits(wall_s=120))
    return make_clip(box, tmp_path_factory.mktemp("video"), "lecture.mp4", "854x480",
                     audio=True, seconds=10)


def run_job(settings: Settings, asset_id: str, limits: MediaLimits) -> str:
    """What the media worker does with the queued job, with the state announced on Redis."""
    engine = db.make_engine(settings.worker_db, pool_size=1)
    client = redis.Redis.from_url(settings.redis_url)
    try:
        blobs = storage.from_settings(settings.storage, settings.secret_key, settings.http)
        return jobs.process(settings, db.make_sessionmaker(engine, streams=client), blobs,
                            MediaSandbox(limits=limits), uuid.UUID(asset_id))
    finally:
        client.close()
        engine.dispose()


def lecture(client: TestClient, instructor: Account, settings: Settings, clip: Path,
            work: Path) -> dict[str, Any]:
    """`clip` uploaded to a new course, with the media worker's scratch space at `work`."""
    settings.video.work_dir = str(work)
    course_with(client, instructor, [{"title": "One"}])
    result: dict[str, Any] = upload(client, instructor, clip.read_bytes()).json()
    return result


def states(settings: Settings, asset_id: str) -> list[dict]:
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        return [json.loads(fields["data"]) for _, fields in client.xrange(video_key(asset_id))]
    finally:
        client.close()


def row(settings: Settings, asset_id: str) -> VideoAsset:
    with as_worker(settings) as s:
        asset = s.get(VideoAsset, asset_id)
        assert asset is not None
        s.expunge(asset)
        return asset


def test_a_failure_after_the_first_rendition_takes_back_what_was_published(
        client: TestClient, instructor: Account, settings: Settings, two_rungs: Path,
        media_queue: Queue, tmp_path: Path) -> None:  # noqa: F811
    asset = lecture(client, instructor, settings, two_rungs, tmp_path / "work")
    # 2 MiB holds the first pass (360p, the poster and the sprite: 1.3 MB), not the second
    # (480p and the MP4: 3.9 MB)
    assert run_job(settings, asset["id"], MediaLimits(wall_s=300, output_mb=2)) == "errored"
    seen = states(settings, asset["id"])
    assert any(s["playable"] for s in seen), "the first rendition was never published"
    got = client.get(f"{API}/course/videos/{asset['id']}", headers=instructor.headers).json()
    assert got["status"] == "errored" and "size limit" in got["error"], got["error"]
    assert got["renditions"] == [] and seen[-1]["status"] == "errored"
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    assert blobs.list(f"videos/{asset['id']}/") == [f"videos/{asset['id']}/source"]
    assert list((tmp_path / "work").iterdir()) == []  # its scratch space is gone too


@contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                   check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def test_a_full_disk_ends_errored_and_a_retry_once_there_is_room_makes_it_ready(
        client: TestClient, instructor: Account, settings: Settings, two_rungs: Path,
        media_queue: Queue, tmp_path: Path) -> None:  # noqa: F811
    size_kb = two_rungs.stat().st_size // 1024
    with tmpfs(tmp_path / "work", size_kb // 2) as work:
        asset = lecture(client, instructor, settings, two_rungs, work)
        assert run_job(settings, asset["id"], MediaLimits(wall_s=300)) == "errored"
        got = client.get(f"{API}/course/videos/{asset['id']}",
                         headers=instructor.headers).json()
        assert got["status"] == "errored" and "out of disk space" in got["error"], got["error"]
        blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
        assert blobs.list(f"videos/{asset['id']}/") == [f"videos/{asset['id']}/source"]
        assert list(work.iterdir()) == []  # the partial download is gone
        # room for the source, not for what ffmpeg makes of it: ffmpeg's own words
        subprocess.run(["mount", "-o", f"remount,size={size_kb + 256}k", str(work)], check=True)
        r = client.post(f"{API}/course/videos/{asset['id']}/retry", headers=instructor.headers)
        assert r.status_code == 200
        assert run_job(settings, asset["id"], MediaLimits(wall_s=300)) == "errored"
        got = client.get(f"{API}/course/videos/{asset['id']}",
                         headers=instructor.headers).json()
        assert "No space left on device" in got["error"], got["error"]
        assert blobs.list(f"videos/{asset['id']}/") == [f"videos/{asset['id']}/source"]
        assert list(work.iterdir()) == []
        # space freed: the retry makes it ready
        subprocess.run(["mount", "-o", f"remount,size={64 * 1024}k", str(work)], check=True)
        client.post(f"{API}/course/videos/{asset['id']}/retry", headers=instructor.headers)
        assert run_job(settings, asset["id"], MediaLimits(wall_s=300)) == "ready"
        got = client.get(f"{API}/course/videos/{asset['id']}",
                         headers=instructor.headers).json()
        assert [r["ready"] for r in got["renditions"]] == [True, True] and got["error"] is None


def test_a_running_job_keeps_its_row_from_falling_quiet(
        client: TestClient, instructor: Account, settings: Settings,
        media_queue: Queue) -> None:  # noqa: F811
    course_with(client, instructor, [{"title": "One"}])
    asset = upload(client, instructor, b"bytes").json()
    with as_worker(settings) as s:
        s.execute(text("UPDATE video_assets SET updated_at = now() - interval '1 hour'"))
    before = row(settings, asset["id"]).updated_at
    engine = db.make_engine(settings.worker_db, pool_size=1)
    try:
        with jobs._heartbeat(db.make_sessionmaker(engine), uuid.UUID(asset["id"]), every_s=0.1):
            deadline = time.monotonic() + 10
            while row(settings, asset["id"]).updated_at == before:
                assert time.monotonic() < deadline, "the heartbeat never touched the row"
                time.sleep(0.1)
    finally:
        engine.dispose()
    media_queue.empty()  # not waiting in the queue, but its row is fresh: not lost
    jobs_ = Dispatcher(redis.Redis.from_url(settings.redis_url))
    with as_worker(settings) as s:
        assert tasks.reconcile(s, jobs_, settings) == 0


def media_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """The real `usefulwriter media-worker` on the test's database, Redis and storage."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("USEFULWRITER_")}
    env.update(USEFULWRITER_ENVIRONMENT="test", USEFULWRITER_DATABASE_URL=settings.database_url,
               USEFULWRITER_WORKER_DATABASE_URL=settings.worker_db,
               USEFULWRITER_REDIS_URL=settings.redis_url,
               USEFULWRITER_SECRET_KEY=settings.secret_key,
               USEFULWRITER_WEBHOOK_SECRET=settings.webhook_secret,
               USEFULWRITER_STORAGE__ROOT=settings.storage.root,
               USEFULWRITER_VIDEO__WORK_DIR=settings.video.work_dir,
               USEFULWRITER_VIDEO__CPUS="0.5")  # slow enough to be killed mid-way
    return subprocess.Popen([str(Path(sys.executable).parent / "usefulwriter"), "media-worker"],
                            env=env, cwd=ROOT)


def test_a_media_worker_killed_mid_transcode_is_noticed_and_its_job_sent_again(
        client: TestClient, instructor: Account, settings: Settings, two_rungs: Path,
        media_queue: Queue, tmp_path: Path) -> None:  # noqa: F811
    asset = lecture(client, instructor, settings, two_rungs, tmp_path / "work")
    jobs_ = Dispatcher(redis.Redis.from_url(settings.redis_url))
    engine = docker.from_env()
    worker = media_worker(settings)
    try:
        deadline = time.monotonic() + 120
        while (row(settings, asset["id"]).progress or 0) <= 0:  # ffmpeg is at work
            assert worker.poll() is None, "the media worker stopped"
            assert time.monotonic() < deadline, "the transcode never started"
            time.sleep(0.2)
        mine = [c for c in engine.containers.list(filters={"label": MEDIA_LABEL})
                if c.labels[MEDIA_LABEL].split(":")[1] == str(worker.pid)]
        assert mine, "no ffmpeg container of this worker"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert jobs_.job_state(f"video-{asset['id']}-1") == "started"  # RQ cannot tell
    assert row(settings, asset["id"]).status == "processing"
    with as_worker(settings) as s:
        assert tasks.reconcile(s, jobs_, settings) == 0  # not quiet yet
        s.execute(text("UPDATE video_assets SET updated_at = now() - interval '5 minutes'"))
    with as_worker(settings) as s:  # no heartbeat for QUIET_S: lost, though RQ says started
        assert tasks.reconcile(s, jobs_, settings) == 1
    assert media_queue.job_ids == [f"video-{asset['id']}-2"]
    assert remove_media_orphans(engine) >= 1  # what the next media worker does first
    assert not [c for c in engine.containers.list(all=True, filters={"label": MEDIA_LABEL})
                if c.id in {m.id for m in mine}]
    assert run_job(settings, asset["id"], MediaLimits(wall_s=300)) == "ready"
    got = client.get(f"{API}/course/videos/{asset['id']}", headers=instructor.headers).json()
    assert got["status"] == "ready" and [r["name"] for r in got["renditions"]] == ["480p",
                                                                                  "360p"]
