"""The storage seam: the same contract for the local directory and for S3 through boto3 (against
a real S3-protocol server on loopback, moto's server mode)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kit import clock
from kit.settings import StorageSettings
from kit.storage import BadKey, BlobNotFound, LocalStorage, S3Storage, Storage, from_settings

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
