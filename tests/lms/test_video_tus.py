"""Resumable video uploads over tus 1.0: an editor creates an upload, sends part of it, loses
the connection mid-request (the bytes that arrived are kept), asks where it stands and finishes;
the file then goes to blob storage and the transcode job to the media queue. Wrong offsets,
sizes, versions and callers are refused with the header they got wrong; an upload can be
abandoned, and one left idle is removed by the reconciler. The video's state is followed live
over SSE."""

from __future__ import annotations

import base64
import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi.testclient import TestClient
from rq import Queue
from sqlalchemy import text

from kit.settings import Settings
from lms.video import tasks
from models import VideoAsset
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API, course_with
from tests.lms.test_video import media_queue  # noqa: F401 (fixture)

TUS = {"Tus-Resumable": "1.0.0"}


def create(client: TestClient | httpx.Client, who: Account, length: int,
           name: str = "lecture.mp4") -> Any:
    meta = "filename " + base64.b64encode(name.encode()).decode()
    return client.post(f"{API}/course/videos/tus", headers={
        **who.headers, **TUS, "Upload-Length": str(length), "Upload-Metadata": meta})


def patch(client: TestClient | httpx.Client, who: Account, url: str, offset: int,
          data: bytes) -> Any:
    return client.patch(url, content=data, headers={
        **who.headers, **TUS, "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream"})


def head(client: TestClient | httpx.Client, who: Account, url: str) -> Any:
    return client.head(url, headers={**who.headers, **TUS})


def interrupted_patch(base: str, who: Account, url: str, offset: int, total: int,
                      sent: bytes) -> None:
    """A PATCH that promises `total` bytes, sends `sent`, and drops the connection."""
    host = urlsplit(base)
    with socket.create_connection((host.hostname, host.port), timeout=10) as sock:
        lines = [f"PATCH {url} HTTP/1.1", f"Host: {host.netloc}",
                 f"Authorization: {who.headers['Authorization']}", "Tus-Resumable: 1.0.0",
                 f"Upload-Offset: {offset}", "Content-Type: application/offset+octet-stream",
                 f"Content-Length: {total}", "", ""]
        sock.sendall("\r\n".join(lines).encode() + sent)


def test_an_interrupted_upload_resumes_from_its_offset_and_goes_to_the_media_queue(
        client: TestClient, live_server: str, instructor: Account, settings: Settings,
        media_queue: Queue, tmp_path: Path) -> None:  # noqa: F811
    settings.video.upload_dir = str(tmp_path / "uploads")
    course_with(client, instructor, [{"title": "One"}])
    options = client.options(f"{API}/course/videos/tus")
    assert options.headers["tus-version"] == "1.0.0"
    assert "creation" in options.headers["tus-extension"]
    data = bytes(range(256)) * 4096  # 1 MiB
    r = create(client, instructor, len(data))
    assert r.status_code == 201, r.text
    url = r.headers["location"]
    asset_id = url.rsplit("/", 1)[1]
    got = client.get(f"{API}/course/videos/{asset_id}", headers=instructor.headers).json()
    assert got["status"] == "waiting_upload" and got["filename"] == "lecture.mp4"
    assert got["size_bytes"] == len(data) and got["received_bytes"] == 0

    assert patch(client, instructor, url, 0, data[:100_000]).headers["upload-offset"] == \
        "100000"
    # the connection drops mid-request: what arrived is kept
    interrupted_patch(live_server, instructor, url, 100_000, 400_000, data[100_000:300_000])
    with httpx.Client(base_url=live_server) as web:
        def offset() -> int:
            return int(head(web, instructor, url).headers["upload-offset"])
        from tests.fixtures.api import wait_for
        wait_for(lambda: offset() == 300_000, timeout=10)
    r = head(client, instructor, url)
    assert r.headers["upload-length"] == str(len(data)) and r.headers["cache-control"] == \
        "no-store"
    r = patch(client, instructor, url, 100_000, data[100_000:200_000])
    assert r.status_code == 409 and r.json()["field"] == "Upload-Offset"
    r = patch(client, instructor, url, 300_000, data[300_000:])
    assert r.status_code == 204 and r.headers["upload-offset"] == str(len(data))
    got = client.get(f"{API}/course/videos/{asset_id}", headers=instructor.headers).json()
    assert got["status"] == "processing" and got["received_bytes"] == len(data)
    assert media_queue.job_ids == [f"video-{asset_id}-1"]
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    assert blobs.get(f"videos/{asset_id}/source") == data
    assert list(Path(settings.video.upload_dir).iterdir()) == []
    r = patch(client, instructor, url, len(data), b"more")
    assert r.status_code == 409  # complete

    # the video's state, live: replayed from the stream's start
    with client.stream("GET", f"{API}/course/videos/{asset_id}/events?timeout=1",
                       headers={**instructor.headers, "Last-Event-ID": "0-0"}) as stream:
        body = "".join(stream.iter_text())
    states = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    assert [s["received_bytes"] for s in states] == [0, 100_000, 300_000, len(data)]
    assert states[-1]["status"] == "processing"
    with client.stream("GET", f"{API}/course/videos/{asset_id}/events?timeout=1",
                       headers=instructor.headers) as stream:
        body = "".join(stream.iter_text())
    assert body.startswith("id: ") and "event: snapshot" in body


def test_bad_uploads_are_refused_by_the_header_at_fault(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        tmp_path: Path) -> None:
    settings.video.upload_dir = str(tmp_path / "uploads")
    settings.video.upload_max_mb = 1
    course_with(client, instructor, [{"title": "One"}])
    assert create(client, learner, 10).status_code == 403
    r = client.post(f"{API}/course/videos/tus", headers={**instructor.headers,
                                                          "Upload-Length": "10"})
    assert r.status_code == 412 and r.json()["field"] == "Tus-Resumable"
    r = create(client, instructor, 2 * 1024 * 1024)
    assert r.status_code == 413 and r.json()["field"] == "Upload-Length"
    r = client.post(f"{API}/course/videos/tus", headers={**instructor.headers, **TUS,
                                                          "Upload-Defer-Length": "1"})
    assert r.status_code == 400 and r.json()["field"] == "Upload-Length"
    r = client.post(f"{API}/course/videos/tus", headers={
        **instructor.headers, **TUS, "Upload-Length": "10", "Upload-Metadata": "filename %%"})
    assert r.status_code == 400 and r.json()["field"] == "Upload-Metadata"

    url = create(client, instructor, 10).headers["location"]
    r = client.patch(url, content=b"12345", headers={**instructor.headers, **TUS,
                                                     "Upload-Offset": "0"})
    assert r.status_code == 415 and r.json()["field"] == "Content-Type"
    assert patch(client, learner, url, 0, b"12345").status_code == 403
    r = patch(client, instructor, url, 0, b"0123456789ABC")
    assert r.status_code == 413 and r.json()["field"] == "Upload-Length"
    # abandoned by the client (tus termination): the asset and its bytes go
    assert client.delete(url, headers={**instructor.headers, **TUS}).status_code == 204
    assert head(client, instructor, url).status_code == 404
    assert list(Path(settings.video.upload_dir).iterdir()) == []

    # deleted as a video while its upload is unfinished: its bytes go too
    url = create(client, instructor, 10).headers["location"]
    patch(client, instructor, url, 0, b"123")
    assert client.delete(f"{API}/course/videos/{url.rsplit('/', 1)[1]}",
                         headers=instructor.headers).status_code == 204
    assert list(Path(settings.video.upload_dir).iterdir()) == []

    # left idle: removed by the reconciler
    url = create(client, instructor, 10).headers["location"]
    patch(client, instructor, url, 0, b"12345")
    with as_worker(settings) as s:
        assert tasks.abandon_idle(s, settings) == 0
        s.execute(text("UPDATE video_assets SET updated_at = now() - interval '2 days'"))
    with as_worker(settings) as s:
        assert tasks.abandon_idle(s, settings) == 1
        assert s.get(VideoAsset, url.rsplit("/", 1)[1]) is None
    assert list(Path(settings.video.upload_dir).iterdir()) == []
