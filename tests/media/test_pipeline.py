"""The media pipeline on real ffmpeg in the media sandbox: clips made by ffmpeg's own test
sources (landscape with audio, portrait without), probed and transcoded to an HLS ladder whose
playlists, segment lengths and keyframes are checked with ffprobe, an MP4 with its index first,
a poster and a thumbnail sprite; a truncated file and a text file named .mp4 refused with a
reason; the sandbox's time and output limits."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from media.ffmpeg import BadMedia, Source, ladder, read_probe, sprite_vtt
from media.pipeline import Transcoded, TranscodeFailed, probe, transcode
from sandbox.media import MediaLimits, MediaSandbox

MAX_S = 3600.0


@pytest.fixture(scope="module")
def box() -> MediaSandbox:
    return MediaSandbox(limits=MediaLimits(cpus=1.0, memory_mb=1024, wall_s=300))


def make_clip(box: MediaSandbox, work: Path, name: str, size: str, audio: bool,
              seconds: int = 10) -> Path:
    """A clip from ffmpeg's test sources (testsrc2, and a sine tone for audio)."""
    argv = ["ffmpeg", "-hide_banner", "-v", "error", "-f", "lavfi", "-i",
            f"testsrc2=size={size}:rate=25:duration={seconds}"]
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    argv += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        argv += ["-c:a", "aac"]
    argv += [f"/out/{name}"]
    result = box.run(argv, None, work)
    assert result.ok, result.stderr
    return work / name


def ffprobe(box: MediaSandbox, target: Path, *args: str) -> str:
    """ffprobe on a file of ours (mounted as the source) or a playlist beside it."""
    result, text = box.output(["ffprobe", "-v", "error", *args], target,
                              target.parent / ".probe")
    assert result.ok, result.stderr
    return text


@pytest.fixture(scope="module")
def clips(box: MediaSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("clips")
    make_clip(box, work, "landscape.mp4", "1280x720", audio=True)
    make_clip(box, work, "portrait.mp4", "360x640", audio=False)
    yield work


def boxes(path: Path) -> list[str]:
    """The MP4's top-level boxes, in order."""
    data, found, at = path.read_bytes(), [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        found.append(kind.decode("latin-1"))
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
        if size < 8:
            break
        at += size
    return found


def keyframes(box: MediaSandbox, rendition: Path) -> list[float]:
    """The keyframe times of a rendition: its segments in order (MPEG-TS concatenates, keeping
    their timestamps), read by ffprobe."""
    joined = rendition.parent / f"{rendition.name}.ts"
    playlist = (rendition / "index.m3u8").read_text().splitlines()
    joined.write_bytes(b"".join((rendition / line).read_bytes() for line in playlist
                                if line and not line.startswith("#")))
    text = ffprobe(box, joined, "-select_streams", "v:0", "-skip_frame", "nokey",
                   "-show_entries", "frame=pts_time", "-of", "csv=p=0", "/in/source")
    return [round(float(v.split(",")[0]), 2) for v in text.split() if v.strip(", ")]


@pytest.mark.parametrize("passes", [1, 2])
def test_a_landscape_clip_with_audio_becomes_an_aligned_hls_ladder(
        box: MediaSandbox, clips: Path, tmp_path: Path, passes: int) -> None:
    """In one pass, or in two (the smallest rendition, the poster and the sprite first, so
    playback can start, then the rest): the same aligned ladder either way."""
    upload = clips / "landscape.mp4"
    source = probe(box, upload, tmp_path, MAX_S)
    assert (source.width, source.height, source.has_audio) == (1280, 720, True)
    assert 9.5 < source.duration < 10.5
    seen: list[float] = []
    early: list[tuple[list[str], str, list[str]]] = []

    def first(part: Transcoded) -> None:
        out = part.out_dir
        early.append(([r.name for r in part.ready], (out / "hls" / "master.m3u8").read_text(),
                      sorted(p.name for p in out.iterdir())))

    done = transcode(box, upload, source, tmp_path / "out", seen.append,
                     on_first=first if passes == 2 else None)
    assert [r.name for r in done.renditions] == ["720p", "480p", "360p"]  # never upscaled
    assert done.ready == done.renditions
    assert seen[-1] == 1.0 and seen == sorted(seen)
    # ffmpeg reports nothing until every output has begun, and the sprite's first tile needs
    # 20 s of video: so a 10 s clip's one pass reports only near its end, while the second
    # pass (no sprite) reports all along
    assert passes == 1 or len([s for s in seen if 0 < s < 1]) >= 3, seen
    if passes == 2:
        [(ready, master, files)] = early
        assert ready == ["360p"] and "360p/index.m3u8" in master and "720p" not in master
        assert {"poster.jpg", "sprite.jpg", "sprite.vtt"} <= set(files)
        assert "video.mp4" not in files  # made in the second pass
        assert max(s for s in seen if s < 1.0) > 0.5  # progress spans both passes

    hls = tmp_path / "out" / "hls"
    master = (hls / "master.m3u8").read_text()
    variants = re.findall(r"#EXT-X-STREAM-INF:([^\n]+)\n([^\n]+)", master)
    assert [uri for _, uri in variants] == ["720p/index.m3u8", "480p/index.m3u8",
                                           "360p/index.m3u8"]
    assert [re.search(r"RESOLUTION=(\d+x\d+)", a).group(1) for a, _ in variants] == [  # type: ignore[union-attr]
        "1280x720", "854x480", "640x360"]
    assert all("mp4a" in a for a, _ in variants)  # audio in every rendition
    for rendition in done.renditions:
        playlist = (hls / rendition.name / "index.m3u8").read_text()
        lengths = [float(v) for v in re.findall(r"#EXTINF:([\d.]+),", playlist)]
        assert 2 <= len(lengths) <= 4 and max(lengths) <= 4.2, lengths
        assert abs(sum(lengths) - source.duration) < 0.5
        assert "#EXT-X-ENDLIST" in playlist and "#EXT-X-PLAYLIST-TYPE:VOD" in playlist
    # keyframes at the same instants in every rendition: players switch between them cleanly
    frames = {r.name: keyframes(box, hls / r.name) for r in done.renditions}
    assert frames["720p"] == frames["480p"] == frames["360p"]
    assert len(frames["720p"]) >= 5  # one every two seconds
    # the fallback MP4 starts with its index (faststart); a poster; the sprite and its index
    order = boxes(tmp_path / "out" / "video.mp4")
    assert order.index("moov") < order.index("mdat")
    assert (tmp_path / "out" / "poster.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert (tmp_path / "out" / "sprite.jpg").read_bytes()[:2] == b"\xff\xd8"
    vtt = (tmp_path / "out" / "sprite.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count("sprite.jpg#xywh=") == 5
    sprite = json.loads(ffprobe(box, tmp_path / "out" / "sprite.jpg", "-print_format", "json",
                                "-show_streams", "/in/source"))["streams"][0]
    assert (sprite["width"], sprite["height"]) == (160 * 5, 90)


def test_a_small_portrait_clip_without_audio_gets_one_rendition_and_no_audio(
        box: MediaSandbox, clips: Path, tmp_path: Path) -> None:
    upload = clips / "portrait.mp4"
    source = probe(box, upload, tmp_path, MAX_S)
    assert (source.width, source.height, source.has_audio) == (360, 640, False)
    done = transcode(box, upload, source, tmp_path / "out")
    assert [(r.name, r.width, r.height) for r in done.renditions] == [("360p", 360, 640)]
    master = (tmp_path / "out" / "hls" / "master.m3u8").read_text()
    assert "RESOLUTION=360x640" in master and "mp4a" not in master
    # retrying into the same directory starts clean
    again = transcode(box, upload, source, tmp_path / "out")
    assert again.renditions == done.renditions


def test_what_is_not_a_usable_video_is_refused_with_a_reason(
        box: MediaSandbox, clips: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("these are my lecture notes, not a video\n" * 100)
    with pytest.raises(BadMedia, match="not a video file"):
        probe(box, text, tmp_path, MAX_S)
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes((clips / "landscape.mp4").read_bytes()[:20_000])
    with pytest.raises((BadMedia, TranscodeFailed)):
        source = probe(box, truncated, tmp_path, MAX_S)
        transcode(box, truncated, source, tmp_path / "out")
    with pytest.raises(BadMedia, match="limit is 0"):
        probe(box, clips / "landscape.mp4", tmp_path, 5.0)
    # audio alone: no video stream
    result = box.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=2",
                      "/out/tone.m4a"], None, tmp_path)
    assert result.ok, result.stderr
    with pytest.raises(BadMedia, match="no video stream"):
        probe(box, tmp_path / "tone.m4a", tmp_path, MAX_S)


def test_the_sandbox_holds_its_limits_and_has_no_network(box: MediaSandbox,
                                                         tmp_path: Path) -> None:
    forever = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240",
               "-f", "null", "-"]
    result = box.run(forever, None, tmp_path / "a", limits=MediaLimits(wall_s=2))
    assert result.timed_out and not result.ok and "time limit" in result.reason
    big = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480",
           "-c:v", "rawvideo", "-f", "rawvideo", "/out/big.raw"]
    result = box.run(big, None, tmp_path / "b", limits=MediaLimits(wall_s=60, output_mb=20))
    assert result.output_full and "size limit" in result.reason
    # no network, and a read-only root
    result, text = box.output(["sh", "-c", "cat /proc/net/dev | wc -l; touch /etc/x || "
                               "echo read-only; id -u"], None, tmp_path / "c")
    lines = text.split()
    assert lines[0] == "3" and "read-only" in lines and lines[-1] == "60001"  # only lo


def test_the_ladder_and_the_sprite_index() -> None:
    tall = Source(width=1080, height=1920, duration=61.0, has_audio=True, video_codec="h264",
                  fps=30)
    assert [(r.name, r.width, r.height) for r in ladder(tall)] == [
        ("1080p", 1080, 1920), ("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640)]
    tiny = Source(width=320, height=240, duration=3, has_audio=False, video_codec="h264", fps=25)
    assert [(r.width, r.height) for r in ladder(tiny)] == [(320, 240)]
    vtt = sprite_vtt(tall)
    assert vtt.count("-->") == 31 and "00:01:00.000 --> 00:01:01.000" in vtt
    assert "sprite.jpg#xywh=0,284,160,284" in vtt  # the 11th thumbnail starts the second row
    rotated = json.dumps({"format": {"duration": "4.0"}, "streams": [
        {"codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080,
         "side_data_list": [{"rotation": -90}], "avg_frame_rate": "30/1"}]})
    assert (read_probe(rotated, MAX_S).width, read_probe(rotated, MAX_S).height) == (1080, 1920)


def test_orphans_of_a_dead_media_worker_are_removed_and_live_ones_kept() -> None:
    """The same ownership rule as the runner's containers (sandbox.box.owner_gone): a
    container of a process of this host that ended, or whose pid now belongs to another
    process, is removed; this process's and other hosts' are left."""
    import socket

    import docker

    from sandbox.box import owner_id
    from sandbox.images import media_tag
    from sandbox.media import LABEL, remove_media_orphans

    client = docker.from_env()
    host = socket.gethostname()
    owners = {"dead": f"{host}:{2**22 + 7}:1", "reused": f"{host}:1:999999999999",
              "mine": owner_id(), "elsewhere": "another-host:1:1"}
    made = {name: client.containers.create(media_tag(), ["true"], labels={LABEL: owner})
            for name, owner in owners.items()}
    try:
        assert remove_media_orphans(client) >= 2
        left = {c.id for c in client.containers.list(all=True, filters={"label": LABEL})}
        assert made["dead"].id not in left and made["reused"].id not in left
        assert made["mine"].id in left and made["elsewhere"].id in left
    finally:
        for container in made.values():
            try:
                container.remove(force=True)
            except docker.errors.NotFound:
                pass
