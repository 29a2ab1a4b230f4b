"""Course covers through blob storage: an editor uploads an image, which is stored re-encoded
(upright, bounded, without its metadata) under a content-hash key; the course names its URL, which
serves it with year-long caching; anything but an image is refused naming the file; learners
may not set one; removing it removes the blob."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image

from tests.fixtures.api import Account
from tests.fixtures.courses import API, course_with


def image(fmt: str, size: tuple[int, int], exif_orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", size, (200, 30, 30))
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation  # Orientation
        exif[0x010F] = "Secret Camera Co"  # Make: metadata that must not survive
        img.save(out, fmt, exif=exif.tobytes())
    else:
        img.save(out, fmt)
    return out.getvalue()


def test_a_cover_is_stored_re_encoded_and_served_for_good(
        client: TestClient, instructor: Account, learner: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    assert client.get(f"{API}/course").json()["cover_url"] is None
    # a portrait photo stored sideways with an EXIF orientation, larger than the limit
    r = client.put(f"{API}/course/cover", headers=instructor.headers,
                   files={"file": ("cover.jpg", image("JPEG", (3000, 2000), 6), "image/jpeg")})
    assert r.status_code == 200, r.text
    url = r.json()["cover_url"]
    assert url.startswith("/api/v1/courses/course/cover?v=")
    got = client.get(url)  # anyone may see a published course's cover
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert got.headers["cache-control"] == "public, max-age=31536000, immutable"
    stored = Image.open(io.BytesIO(got.content))
    assert stored.size == (1067, 1600)  # turned upright, then bounded
    assert b"Secret Camera Co" not in got.content and not stored.getexif()
    assert client.get(f"{API}/course/cover").headers["cache-control"] == "public, max-age=60"
    blobs = client.app.state.uw.storage  # type: ignore[attr-defined]
    mine = f"covers/{r.json()['id']}/"  # the session's blob store holds other tests' too
    [first] = blobs.list(mine)

    r = client.put(f"{API}/course/cover", headers=instructor.headers,
                   content=image("PNG", (400, 300)))
    assert r.status_code == 200 and r.json()["cover_url"] != url
    assert first not in blobs.list(mine) and len(blobs.list(mine)) == 1  # replaced

    for bad in (b"GIF89a not really", b"%PDF-1.7\n", image("GIF", (10, 10))):
        r = client.put(f"{API}/course/cover", headers=instructor.headers, content=bad)
        assert r.status_code == 422 and r.json()["field"] == "file", r.text
    assert client.put(f"{API}/course/cover", headers=learner.headers,
                      content=image("PNG", (10, 10))).status_code == 403

    assert client.delete(f"{API}/course/cover", headers=instructor.headers).status_code == 204
    assert blobs.list(mine) == []
    assert client.get(f"{API}/course").json()["cover_url"] is None
    assert client.get(f"{API}/course/cover").status_code == 404
