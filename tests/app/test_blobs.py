"""Signed URLs of the local storage backend, served by the app: the signature is the
permission, it expires, and ranges are answered."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kit import clock


def test_a_signed_url_serves_the_blob_with_ranges(client: TestClient) -> None:
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    blobs.put("videos/v1/seg0.ts", b"0123456789")
    url = blobs.url("videos/v1/seg0.ts", expires_s=60)
    r = client.get(url)
    assert r.status_code == 200 and r.content == b"0123456789"
    r = client.get(url, headers={"Range": "bytes=2-4"})
    assert r.status_code == 206 and r.content == b"234"


def test_a_bad_or_expired_signature_is_refused(client: TestClient,
                                              frozen_clock: clock.FrozenClock) -> None:
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    blobs.put("covers/x.png", b"png")
    url = blobs.url("covers/x.png", expires_s=60)
    other = url.replace("covers/x.png", "covers/y.png")
    r = client.get(other)
    assert r.status_code == 403 and r.json()["field"] == "signature"
    frozen_clock.advance(120)
    assert client.get(url).status_code == 403
    assert client.get("/api/v1/blobs/covers/x.png").status_code == 422  # no signature at all


def test_a_signed_url_for_a_deleted_blob_is_not_found(client: TestClient) -> None:
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    blobs.put("covers/gone.png", b"png")
    url = blobs.url("covers/gone.png")
    blobs.delete("covers/gone.png")
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
