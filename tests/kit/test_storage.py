"""The storage seam: the same contract for the local directory and for S3 through boto3 (against
a real S3-protocol server on loopback, moto's server mode)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient

from kit import clock
from kit.settings import StorageSettings
from kit.storage import BadKey, BlobNotFound, LocalStorage, S3Storage, Storage, from_settings
from kit.web.ranges import blob_response

SECRET = "storage-test-secret-" + "s" * 20


@pytest.fixture(params=["local", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    if request.param == "local":
        yield from_settings(StorageSettings(root=str(tmp_path / "blobs")), SECRET)
    else:
        settings: StorageSettings = request.getfixturevalue("s3_settings")
        yield from_settings(settings, SECRET)


def test_the_backend_is_chosen_by_settings(tmp_path: Path,
                                           s3_settings: StorageSettings) -> None:
    assert isinstance(from_settings(StorageSettings(root=str(tmp_path)), SECRET), LocalStorage)
    assert isinstance(from_settings(s3_settings, SECRET), S3Storage)


def test_put_get_range_exists_delete(blobs: Storage) -> None:
    blobs.put("videos/a/source.bin", bytes(range(256)) * 4)
    assert blobs.exists("videos/a/source.bin")
    assert blobs.get("videos/a/source.bin") == bytes(range(256)) * 4
    assert blobs.get_range("videos/a/source.bin", 10, 14) == bytes([10, 11, 12, 13])
    assert blobs.get_range("videos/a/source.bin", 1020, 2000) == bytes([252, 253, 254, 255])
    blobs.put("videos/a/source.bin", b"replaced")
    assert blobs.get("videos/a/source.bin") == b"replaced"
    blobs.delete("videos/a/source.bin")
    blobs.delete("videos/a/source.bin")  # deleting what is gone is no error
    assert not blobs.exists("videos/a/source.bin")


def test_a_missing_blob_is_not_found(blobs: Storage) -> None:
    with pytest.raises(BlobNotFound):
        blobs.get("nothing/here")
    with pytest.raises(BlobNotFound):
        blobs.get_range("nothing/here", 0, 10)
    with pytest.raises(BlobNotFound):
        blobs.stat("nothing/here")


def test_stat_stream_and_put_file(blobs: Storage, tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000  # > 2 chunks of 1 MiB
    source = tmp_path / "upload.bin"
    source.write_bytes(data)
    blobs.put_file("videos/b/source", source, "video/mp4")
    info = blobs.stat("videos/b/source")
    assert info.size == len(data) and info.etag.startswith('"') and info.modified.tzinfo
    assert b"".join(blobs.stream("videos/b/source", 0, len(data))) == data
    chunks = list(blobs.stream("videos/b/source", 100, 2_200_000))
    assert len(chunks) >= 3 and b"".join(chunks) == data[100:2_200_000]
    assert list(blobs.stream("videos/b/source", 5, 5)) == []
    blobs.put("videos/b/source", b"other")
    assert blobs.stat("videos/b/source").etag != info.etag  # a new version, a new validator


def test_list_by_prefix_is_sorted(blobs: Storage) -> None:
    for key in ("b/2", "a/1", "b/1", "bb/1"):
        blobs.put(key, key.encode())
    assert blobs.list("b/") == ["b/1", "b/2"]
    assert blobs.list("b") == ["b/1", "b/2", "bb/1"]
    assert blobs.list() == ["a/1", "b/1", "b/2", "bb/1"]
    assert blobs.list("zzz") == []


def test_put_content_stores_once_by_hash(blobs: Storage) -> None:
    key = blobs.put_content("packages", b"zip bytes")
    assert key == "packages/" + hashlib.sha256(b"zip bytes").hexdigest()
    assert blobs.put_content("packages", b"zip bytes") == key
    assert blobs.list("packages/") == [key] and blobs.get(key) == b"zip bytes"


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/../b", "a/./b", "",
                                 "sp ace", "a\\b", ".hidden", "x" * 1100])
def test_unsafe_keys_are_refused(blobs: Storage, key: str) -> None:
    with pytest.raises(BadKey):
        blobs.put(key, b"x")


def test_signed_url_reads_the_blob_without_credentials(blobs: Storage) -> None:
    blobs.put("covers/c.png", b"\x89PNG fake")
    url = blobs.url("covers/c.png", expires_s=60)
    if isinstance(blobs, S3Storage):  # presigned by boto3; the S3 server checks signatures
        assert "Signature=" in url and "Expires=" in url
        assert httpx.get(url).content == b"\x89PNG fake"
    else:  # served by the app: tests/app/test_blobs.py
        assert url.startswith("/api/v1/blobs/covers/c.png?expires=")


def test_local_urls_expire_and_cannot_be_altered(tmp_path: Path,
                                                 frozen_clock: clock.FrozenClock) -> None:
    blobs = LocalStorage(tmp_path, SECRET, "/b")
    expires = int(clock.time()) + 60
    signature = blobs.sign("a/b", expires)
    assert blobs.verify("a/b", expires, signature)
    assert not blobs.verify("a/c", expires, signature)
    assert not blobs.verify("a/b", expires + 1, signature)
    assert not LocalStorage(tmp_path, "another-secret", "/b").verify("a/b", expires, signature)
    frozen_clock.advance(61)
    assert not blobs.verify("a/b", expires, signature)


def test_local_writes_are_atomic(tmp_path: Path) -> None:
    blobs = LocalStorage(tmp_path, SECRET, "/b")
    blobs.put("a/b", b"1" * 100_000)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b"]  # no temporary left
    assert blobs.list() == ["a/b"]


def test_blobs_are_served_with_byte_ranges(blobs: Storage) -> None:
    """kit.web.ranges over either backend: 206 with Content-Range, suffix and open ranges, 416
    past the end with the size, If-Range that only keeps a range for the same version, and
    several ranges answered whole."""
    app = FastAPI()

    @app.api_route("/b/{key:path}", methods=["GET", "HEAD"])
    def serve(key: str, request: Request) -> Response:
        return blob_response(request, blobs, key, "video/mp4", "public, max-age=60")

    data = bytes(range(256)) * 40  # 10240 bytes
    blobs.put("videos/c/video.mp4", data)
    web = TestClient(app)
    whole = web.get("/b/videos/c/video.mp4")
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["cache-control"] == "public, max-age=60"
    etag = whole.headers["etag"]
    for header, span in (("bytes=0-99", (0, 100)), ("bytes=10000-", (10000, 10240)),
                         ("bytes=-40", (10200, 10240)), ("bytes=10200-99999", (10200, 10240))):
        r = web.get("/b/videos/c/video.mp4", headers={"Range": header})
        assert r.status_code == 206, header
        assert r.content == data[span[0]:span[1]], header
        assert r.headers["content-range"] == f"bytes {span[0]}-{span[1] - 1}/10240"
        assert r.headers["content-length"] == str(span[1] - span[0])
    r = web.get("/b/videos/c/video.mp4", headers={"Range": "bytes=10240-"})
    assert r.status_code == 416 and r.headers["content-range"] == "bytes */10240"
    r = web.get("/b/videos/c/video.mp4", headers={"Range": "bytes=0-1,5-9"})
    assert r.status_code == 200 and r.content == data
    r = web.get("/b/videos/c/video.mp4", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert r.status_code == 206 and r.content == data[:10]
    r = web.get("/b/videos/c/video.mp4", headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert r.status_code == 200 and r.content == data  # another version: the whole blob
    modified = format_datetime(blobs.stat("videos/c/video.mp4").modified, usegmt=True)
    r = web.get("/b/videos/c/video.mp4", headers={"Range": "bytes=0-9", "If-Range": modified})
    assert r.status_code == 206
    assert web.get("/b/videos/c/video.mp4",
                   headers={"If-None-Match": etag}).status_code == 304
    head = web.head("/b/videos/c/video.mp4", headers={"Range": "bytes=0-9"})
    assert head.status_code == 206 and head.content == b""
    assert head.headers["content-range"] == "bytes 0-9/10240"
