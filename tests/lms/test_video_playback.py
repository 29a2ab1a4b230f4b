"""Watching a course's video: a ready video on a video lesson plays for enrolled learners and the
course's staff through signed directory links (every playlist, segment, image and caption
track under one token; 403 for an altered link or another video, 410 once expired), served with
byte ranges and the caching a CDN needs; caption tracks are checked and listed in the master
playlist; the player's reports count the seconds actually played, and `must_watch` completes
at its fraction."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from rq import Queue

from kit import clock, db, storage
from kit.settings import Settings
from lms.progress.service import add_watched, covered, merge
from lms.video import jobs
from media.pipeline import MediaLimits, MediaSandbox
from tests.fixtures.api import Account
from tests.fixtures.courses import API, course_with
from tests.lms.test_video import clip, media_queue, upload  # noqa: F401 (fixtures)

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n\n00:00:02.000 --> 00:00:03.500\nWorld\n"


def run_job(settings: Settings, asset_id: str) -> str:
    """What the media worker does with the queued job (announcing on the video's stream)."""
    engine = db.make_engine(settings.worker_db, pool_size=1)
    client = redis.Redis.from_url(settings.redis_url)
    try:
        blobs = storage.from_settings(settings.storage, settings.secret_key, settings.http)
        return jobs.process(settings, db.make_sessionmaker(engine, streams=client), blobs,
                            MediaSandbox(limits=MediaLimits(wall_s=300)), uuid.UUID(asset_id))
    finally:
        client.close()
        engine.dispose()


@pytest.fixture
def lesson(client: TestClient, instructor: Account, settings: Settings, clip: Path,  # noqa: F811
           media_queue: Queue, tmp_path: Path) -> dict[str, Any]:  # noqa: F811
    """A published video lesson (must_watch 75 %) showing a ready 4-second clip."""
    settings.video.work_dir = str(tmp_path / "work")
    made = course_with(client, instructor, [{"title": "Intro"}])
    asset = upload(client, instructor, clip.read_bytes()).json()
    assert run_job(settings, asset["id"]) == "ready"
    r = client.post(f"{API}/course/sections/{made[0]['section_id']}/lessons",
                    headers=instructor.headers,
                    json={"kind": "video", "title": "Talk", "status": "published",
                          "video": asset["id"],
                          "completion": {"kind": "must_watch", "fraction": 0.75}})
    assert r.status_code == 201, r.text
    assert r.json()["video_id"] == asset["id"]
    return {**r.json(), "asset": asset["id"]}


def test_only_video_lessons_of_the_course_show_its_videos(
        client: TestClient, instructor: Account, lesson: dict[str, Any]) -> None:
    url = f"{API}/course/lessons/{lesson['id']}"
    r = client.patch(url, headers=instructor.headers, json={"video": str(uuid.uuid4())})
    assert r.status_code == 422 and r.json()["field"] == "video"
    text_lesson = client.get(f"{API}/course/outline",
                             headers=instructor.headers).json()["sections"][0]["lessons"][0]
    r = client.patch(f"{API}/course/lessons/{text_lesson['id']}", headers=instructor.headers,
                     json={"video": lesson["asset"]})
    assert r.status_code == 422 and "only video lessons" in r.json()["detail"]


def test_playback_is_signed_ranged_and_for_enrolled_learners_and_staff(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        lesson: dict[str, Any]) -> None:
    url = f"{API}/course/lessons/{lesson['id']}/playback"
    assert client.get(url, headers=learner.headers).status_code == 403  # not enrolled
    assert client.get(f"{API}/course/videos/{lesson['asset']}/playback",
                      headers=learner.headers).status_code == 403  # the staff's preview
    assert client.get(f"{API}/course/videos/{lesson['asset']}/playback",
                      headers=instructor.headers).status_code == 200
    assert client.post(f"{API}/course/enrollment", headers=learner.headers).status_code == 201
    with clock.use(clock.FrozenClock()) as frozen:
        assert isinstance(frozen, clock.FrozenClock)
        play = client.get(url, headers=learner.headers)
        assert play.status_code == 200, play.text
        links = play.json()
        assert links["position"] == 0.0 and 3.5 < links["duration"] < 4.5
        # one token for the whole directory: the master, then what it names, relatively
        master = client.get(links["hls"])
        assert master.status_code == 200 and master.text.startswith("#EXTM3U")
        assert master.headers["content-type"] == "application/vnd.apple.mpegurl"
        assert master.headers["cache-control"] == "public, max-age=10"
        base = links["hls"].rsplit("/", 1)[0]
        media = client.get(f"{base}/360p/index.m3u8").text
        segment = next(line for line in media.splitlines() if line.endswith(".ts"))
        part = client.get(f"{base}/360p/{segment}", headers={"Range": "bytes=0-187"})
        assert part.status_code == 206 and len(part.content) == 188
        assert part.content[0] == 0x47  # an MPEG-TS sync byte
        assert part.headers["cache-control"] == "public, max-age=31536000, immutable"
        size = int(part.headers["content-range"].rsplit("/", 1)[1])
        r = client.get(f"{base}/360p/{segment}", headers={"Range": f"bytes={size}-"})
        assert r.status_code == 416 and r.headers["content-range"] == f"bytes */{size}"
        mp4 = client.get(links["mp4"], headers={"Range": "bytes=4-11"})
        assert mp4.status_code == 206 and mp4.content == b"ftypisom"
        assert client.get(links["poster"]).headers["content-type"] == "image/jpeg"
        assert "sprite.jpg#xywh=" in client.get(links["thumbnails"]).text
        # the same hour, the same links: a CDN keeps one copy for every viewer
        assert client.get(url, headers=instructor.headers).json()["hls"] == links["hls"]
        # an altered token, another video, the upload itself: refused
        token = links["hls"].split("/")[4]
        kid, expires, mac = token.split(".")
        altered = links["hls"].replace(token, f"{kid}.{int(expires) + 3600}.{mac}")
        assert client.get(altered).status_code == 403
        other = links["hls"].replace(lesson["asset"], str(uuid.uuid4()))
        assert client.get(other).status_code == 403
        assert client.get(links["hls"].replace("hls/master.m3u8", "source")).status_code == 404
        assert client.get(links["hls"].replace("hls/master.m3u8", "../source")).status_code \
            in (403, 404, 422)
        # expired: 410, and a new playback answer has fresh links
        frozen.advance(settings.video.playback_ttl_s + 3601)
        gone = client.get(links["hls"])
        assert gone.status_code == 410 and gone.json()["field"] == "token"
        assert client.get(client.get(url, headers=learner.headers).json()["hls"]
                          ).status_code == 200


def test_caption_tracks_are_checked_and_listed_in_the_master_playlist(
        client: TestClient, instructor: Account, learner: Account,
        lesson: dict[str, Any]) -> None:
    captions = f"{API}/course/videos/{lesson['asset']}/captions"
    r = client.put(f"{captions}/en?label=English", headers=instructor.headers, content=VTT)
    assert r.status_code == 200, r.text
    assert r.json()["captions"] == [{"language": "en", "label": "English"}]
    srt = b"1\n00:00:00,500 --> 00:00:01,500\nOla\n"
    r = client.put(f"{captions}/pt-BR?label=Portugu%C3%AAs", headers=instructor.headers,
                   files={"file": ("pt.srt", srt, "application/x-subrip")})
    assert r.status_code == 200 and [c["language"] for c in r.json()["captions"]] == ["en",
                                                                                       "pt-BR"]
    # a label cannot break out of the playlist's quoted string
    r = client.put(f"{captions}/fr?label=Fr%22%0A%23EXT-X-ENDLIST", headers=instructor.headers,
                   content=VTT)
    assert r.status_code == 200 and "fr" in [c["language"] for c in r.json()["captions"]]
    preview = client.get(f"{API}/course/videos/{lesson['asset']}/playback",
                         headers=instructor.headers).json()
    master = client.get(preview["hls"]).text
    assert 'NAME="Fr#EXT-X-ENDLIST"' in master and "#EXT-X-ENDLIST" not in master.splitlines()
    assert client.delete(f"{captions}/fr", headers=instructor.headers).status_code == 204
    bad = b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nBackwards\n"
    r = client.put(f"{captions}/de", headers=instructor.headers, content=bad)
    assert r.status_code == 422 and r.json()["field"] == "file" and "line" in r.json()["detail"]
    r = client.put(f"{captions}/english!", headers=instructor.headers, content=VTT)
    assert r.status_code == 422 and r.json()["field"] == "language"
    assert client.put(f"{captions}/fr", headers=learner.headers,
                      content=VTT).status_code == 403

    client.post(f"{API}/course/enrollment", headers=learner.headers)
    links = client.get(f"{API}/course/lessons/{lesson['id']}/playback",
                       headers=learner.headers).json()
    assert [(c["language"], c["label"]) for c in links["captions"]] == [
        ("en", "English"), ("pt-BR", "Português")]
    track = client.get(links["captions"][0]["url"])
    assert track.headers["content-type"].startswith("text/vtt") and "Hello" in track.text
    master = client.get(links["hls"]).text
    assert re.search(r'TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en".*'
                     r'URI="captions/en.m3u8"', master)
    assert 'SUBTITLES="subs"' in master
    base = links["hls"].rsplit("/", 1)[0]
    assert "en.vtt" in client.get(f"{base}/captions/en.m3u8").text

    assert client.delete(f"{captions}/en", headers=instructor.headers).status_code == 204
    assert client.delete(f"{captions}/en", headers=instructor.headers).status_code == 404
    assert 'LANGUAGE="en"' not in client.get(links["hls"]).text


def test_watching_counts_seconds_played_and_completes_must_watch(
        client: TestClient, instructor: Account, learner: Account,
        lesson: dict[str, Any]) -> None:
    watch = f"{API}/course/lessons/{lesson['id']}/watch"
    assert client.post(watch, headers=instructor.headers,
                       json={"played": [[0, 4]], "position": 4}).json() is None  # staff
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    r = client.post(watch, headers=learner.headers, json={"played": [[0, 1]], "position": 1})
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    # skipping to the end is not watching the middle
    r = client.post(watch, headers=learner.headers, json={"played": [[3, 9]], "position": 4})
    duration = client.get(f"{API}/course/lessons/{lesson['id']}/playback",
                          headers=learner.headers).json()["duration"]
    assert r.json()["watched"] == pytest.approx((1 + duration - 3) / duration, abs=0.01)
    assert r.json()["state"] == "in_progress"
    back = client.get(f"{API}/course/lessons/{lesson['id']}/playback",
                      headers=learner.headers).json()
    assert back["position"] == pytest.approx(min(4.0, duration), abs=0.01)
    r = client.post(watch, headers=learner.headers,
                    json={"played": [[1, 2.5], [0.5, 1.5]], "position": 2.5})
    assert r.json()["state"] == "completed" and r.json()["watched"] >= 0.75
    r = client.post(watch, headers=learner.headers, json={"played": [[2, 1]], "position": -1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.position"


def test_a_report_cannot_claim_more_than_could_have_been_played() -> None:
    assert merge([[5, 6], [0, 2], [1, 3], [3, 4]]) == [[0, 4], [5, 6]]
    assert covered([[0, 2], [1, 3]]) == 3
    assert add_watched([], [(0, 600)], 600, budget=40) == [[0, 40]]
    # what was watched already costs nothing; the budget goes to new seconds only
    assert add_watched([[0, 100]], [(0, 150)], 600, budget=30) == [[0, 130]]
    assert add_watched([[0, 10]], [(-5, 5), (590, 700)], 600, budget=100) == [[0, 10],
                                                                              [590, 600]]
