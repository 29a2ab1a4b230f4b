"""A course's videos through the API and the media worker's job, on real ffmpeg in the media
sandbox: an editor uploads a clip, the job on the media queue makes it ready with its files in
blob storage; an upload that is not a video ends errored with the reason and can be retried;
deleting removes every file; only editors upload; the reconciler sends a lost transcode again,
then gives up with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import text

from kit import db, storage
from kit.dispatch import Dispatcher
from kit.models import OutboxMessage
from kit.settings import Settings
from lms.video import jobs, tasks
from media.pipeline import MediaLimits, MediaSandbox
from models import VideoAsset
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API, course_with
from tests.media.test_pipeline import make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    box = MediaSandbox(limits=MediaLimits(wall_s=120))
    return make_clip(box, tmp_path_factory.mktemp("video"), "talk.mp4", "640x360", audio=True,
                     seconds=4)


@pytest.fixture
def media_queue(settings: Settings) -> Iterator[Queue]:
    client = redis.Redis.from_url(settings.redis_url)
    queue = Queue("media", connection=client, serializer=JSONSerializer)
    queue.empty()
    yield queue
    queue.empty()
    client.close()


def upload(client: TestClient, who: Account, data: bytes, name: str = "talk.mp4",
           slug: str = "course") -> Any:
    return client.post(f"{API}/{slug}/videos", headers=who.headers,
                       files={"file": (name, data, "video/mp4")})


def run_job(settings: Settings, asset_id: str) -> str:
    """What the media worker does with the queued job."""
    engine = db.make_engine(settings.worker_db, pool_size=1)
    try:
        blobs = storage.from_settings(settings.storage, settings.secret_key, settings.http)
        return jobs.process(settings, db.make_sessionmaker(engine), blobs,
                            MediaSandbox(limits=MediaLimits(wall_s=300)), uuid.UUID(asset_id))
    finally:
        engine.dispose()


def test_an_editor_uploads_and_the_media_job_makes_it_ready(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        clip: Path, media_queue: Queue, tmp_path: Path) -> None:
    settings.video.work_dir = str(tmp_path / "work")
    course_with(client, instructor, [{"title": "One"}])
    assert upload(client, learner, clip.read_bytes()).status_code == 403
    r = upload(client, instructor, clip.read_bytes())
    assert r.status_code == 201, r.text
    asset = r.json()
    assert asset["status"] == "processing" and asset["filename"] == "talk.mp4"
    assert media_queue.job_ids == [f"video-{asset['id']}-1"]  # the media queue, not a runner's
    job = media_queue.fetch_job(f"video-{asset['id']}-1")
    assert job is not None and job.func_name == "lms.video.jobs.run"

    assert run_job(settings, asset["id"]) == "ready"
    with as_worker(settings) as s:  # the uploader is told, by mail through the outbox
        mails = [m.payload for m in s.query(OutboxMessage).filter_by(topic="kit.mail")]
        assert [(m["to"], m["subject"]) for m in mails] == [(instructor.email,
                                                             "talk.mp4 is ready")]
    got = client.get(f"{API}/course/videos/{asset['id']}", headers=instructor.headers).json()
    assert got["status"] == "ready" and got["progress"] == 1.0 and got["has_audio"] is True
    assert (got["width"], got["height"]) == (640, 360) and 3.5 < got["duration"] < 4.5
    assert [r["name"] for r in got["renditions"]] == ["360p"]
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    keys = set(blobs.list(f"videos/{asset['id']}/"))
    base = f"videos/{asset['id']}/"
    assert base + "source" in keys and base + "master.m3u8" in keys  # not for players
    for name in ("hls/master.m3u8", "hls/360p/index.m3u8", "video.mp4", "poster.jpg",
                 "sprite.jpg", "sprite.vtt"):
        assert base + "out/" + name in keys, name  # what a playback token opens
    assert any(k.endswith(".ts") for k in keys)
    assert client.get(f"{API}/course/videos", headers=learner.headers).status_code == 403
    listed = client.get(f"{API}/course/videos", headers=instructor.headers).json()
    assert [a["id"] for a in listed] == [asset["id"]]
    # deleting removes the asset and every file of it
    assert client.delete(f"{API}/course/videos/{asset['id']}",
                         headers=instructor.headers).status_code == 204
    assert blobs.list(base) == []
    assert client.get(f"{API}/course/videos/{asset['id']}",
                      headers=instructor.headers).status_code == 404


def test_not_a_video_ends_errored_with_a_reason_and_can_be_retried(
        client: TestClient, instructor: Account, settings: Settings, media_queue: Queue,
        tmp_path: Path) -> None:
    settings.video.work_dir = str(tmp_path / "work")
    course_with(client, instructor, [{"title": "One"}])
    asset = upload(client, instructor, b"my lecture notes\n" * 50, name="notes.mp4").json()
    assert run_job(settings, asset["id"]) == "errored"
    got = client.get(f"{API}/course/videos/{asset['id']}", headers=instructor.headers).json()
    assert got["status"] == "errored" and "not a video file" in got["error"]
    r = client.post(f"{API}/course/videos/{asset['id']}/retry", headers=instructor.headers)
    assert r.status_code == 200 and r.json()["status"] == "processing"
    assert f"video-{asset['id']}-1" in media_queue.job_ids  # attempts start again
    r = client.post(f"{API}/course/videos/{asset['id']}/retry", headers=instructor.headers)
    assert r.status_code == 409  # only an errored one
    # too large for one request, or empty: refused before anything is stored
    settings.video.multipart_max_mb = 1
    r = upload(client, instructor, b"x" * (3 * 1024 * 1024))
    assert r.status_code == 413 and r.json()["field"] == "file"
    r = upload(client, instructor, b"")
    assert r.status_code == 422 and r.json()["field"] == "file"


def test_the_reconciler_sends_a_lost_transcode_again_then_gives_up(
        client: TestClient, instructor: Account, settings: Settings,
        media_queue: Queue) -> None:
    course_with(client, instructor, [{"title": "One"}])
    asset = upload(client, instructor, b"bytes").json()
    jobs_ = Dispatcher(redis.Redis.from_url(settings.redis_url))

    def lose() -> None:  # the media worker died with the job: gone from Redis, a quiet row
        media_queue.empty()  # the queue and its jobs
        with as_worker(settings) as s:
            s.execute(text("UPDATE video_assets SET updated_at = now() - interval '1 hour'"))

    with as_worker(settings) as s:
        assert tasks.reconcile(s, jobs_, settings) == 0  # its job is queued: not lost
    for attempt in (2, 3):
        lose()
        with as_worker(settings) as s:
            assert tasks.reconcile(s, jobs_, settings) == 1
        assert media_queue.job_ids == [f"video-{asset['id']}-{attempt}"]
    lose()
    with as_worker(settings) as s:
        assert tasks.reconcile(s, jobs_, settings) == 1
        row = s.get(VideoAsset, asset["id"])
        assert row is not None and row.status == "errored" and "lost 3 times" in str(row.error)
