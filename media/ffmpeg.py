"""What to ask ffmpeg and ffprobe, and how to read their answers: pure functions, no processes.

- `probe_argv` / `read_probe`: ffprobe's JSON into a `Source` (display size after rotation,
  duration, audio or not), or `BadMedia` with a reason a person can act on.
- `ladder`: the renditions a source allows (1080p, 720p, 480p, 360p by its short side; never
  upscaled; a source below 360p gets one rendition at its own size).
- `transcode_argv`: one ffmpeg pass to all of it: an HLS rendition per rung with keyframes forced
  at the same instants in every rendition (so players switch cleanly), the source's first audio
  track in each when it has one, a master playlist, an MP4 fallback with its index at the front
  (faststart), a poster, and a thumbnail sprite; protocols limited to local files.
- `sprite_vtt`: the WebVTT index of the sprite's tiles, for scrubbing previews.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

RUNGS = ((1080, 5000), (720, 2800), (480, 1400), (360, 800))  # short side, video kbit/s
SEGMENT_S = 4  # HLS segment length; keyframes every KEYFRAME_S so segments cut on them
KEYFRAME_S = 2
AUDIO_KBPS = 128
MP4_MAX_SHORT = 720
THUMB_EVERY_S = 2
THUMB_WIDTH = 160
SPRITE_COLUMNS = 10
SOURCE = "/in/source"


class BadMedia(Exception):
    """The upload is not a usable video (the message says why)."""


@dataclass(frozen=True)
class Source:
    width: int  # as displayed (after rotation)
    height: int
    duration: float
    has_audio: bool
    video_codec: str
    fps: float

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True)
class Rendition:
    name: str  # "720p"
    width: int
    height: int
    video_kbps: int

    @property
    def bandwidth(self) -> int:
        return (self.video_kbps + AUDIO_KBPS) * 1000


def probe_argv() -> list[str]:
    return ["ffprobe", "-v", "error", "-protocol_whitelist", "file", "-print_format", "json",
            "-show_format", "-show_streams", SOURCE]


def _rotation(stream: dict[str, Any]) -> int:
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return int(float(side["rotation"])) % 360
    tag = (stream.get("tags") or {}).get("rotate")
    return int(float(tag)) % 360 if tag else 0


def _rate(text: str | None) -> float:
    try:
        num, _, den = (text or "0/1").partition("/")
        return float(num) / float(den or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0


def read_probe(text: str, max_duration_s: float) -> Source:
    """The source ffprobe described, or BadMedia: not a video, no video stream, no duration,
    too long."""
    try:
        found = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        found = {}
    streams = found.get("streams") or []
    if not found.get("format") and not streams:
        raise BadMedia("not a video file ffmpeg can read")
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    if video is None:
        raise BadMedia("the file has no video stream")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width < 16 or height < 16:
        raise BadMedia("the video stream has no usable picture size")
    if _rotation(video) in (90, 270):
        width, height = height, width
    duration = float(found.get("format", {}).get("duration") or video.get("duration") or 0)
    if not math.isfinite(duration) or duration <= 0:
        raise BadMedia("the video has no duration (truncated or corrupt)")
    if duration > max_duration_s:
        raise BadMedia(f"the video is {duration / 60:.1f} minutes long; the limit is "
                       f"{max_duration_s / 60:.0f}")
    fps = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")) or 25.0
    return Source(width=width, height=height, duration=duration,
                  has_audio=any(s.get("codec_type") == "audio" for s in streams),
                  video_codec=str(video.get("codec_name") or ""), fps=min(fps, 120.0))


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def ladder(source: Source) -> list[Rendition]:
    """The rungs the source allows, largest first; never upscaled."""
    rungs = [(short, kbps) for short, kbps in RUNGS if short <= source.short_side]
    if not rungs:  # smaller than the smallest rung: one rendition at the source's size
        rungs = [(_even(source.short_side), RUNGS[-1][1] * source.short_side // RUNGS[-1][0])]
    out = []
    for short, kbps in rungs:
        scale = short / source.short_side
        w, h = _even(source.width * scale), _even(source.height * scale)
        out.append(Rendition(name=f"{short}p", width=w, height=h, video_kbps=max(kbps, 200)))
    return out


def mp4_rendition(renditions: list[Rendition]) -> Rendition:
    fitting = [r for r in renditions if min(r.width, r.height) <= MP4_MAX_SHORT]
    return fitting[0] if fitting else renditions[-1]


def sprite_grid(duration: float) -> tuple[int, int, int]:
    """(thumbnails, columns, rows) of the sprite: one every THUMB_EVERY_S."""
    count = max(1, math.ceil(duration / THUMB_EVERY_S))
    columns = min(count, SPRITE_COLUMNS)
    return count, columns, math.ceil(count / columns)


def thumb_size(source: Source) -> tuple[int, int]:
    return THUMB_WIDTH, _even(THUMB_WIDTH * source.height / source.width)


def transcode_argv(source: Source, renditions: list[Rendition], mp4: Rendition | None = None,
                   images: Rendition | None = None) -> list[str]:
    """One ffmpeg pass: the HLS renditions under /out/hls (with their master playlist), and
    when asked /out/video.mp4 at `mp4`'s size and /out/poster.jpg (at `images`' size) with
    /out/sprite.jpg; progress as key=value lines on stdout."""
    n = len(renditions)
    extra = (1 if mp4 else 0) + (2 if images else 0)
    count, columns, rows = sprite_grid(source.duration)
    tw, th = thumb_size(source)
    poster_at = min(1.0, source.duration / 2)
    graph = [f"[0:v]split={n + extra}" + "".join(f"[s{i}]" for i in range(n + extra))]
    graph += [f"[s{i}]scale={r.width}:{r.height}:flags=bicubic,setsar=1,format=yuv420p[v{i}]"
              for i, r in enumerate(renditions)]
    at = n
    if mp4:
        graph.append(f"[s{at}]scale={mp4.width}:{mp4.height}:flags=bicubic,setsar=1,"
                     f"format=yuv420p[mp4]")
        at += 1
    if images:
        graph.append(f"[s{at}]trim=start={poster_at:.3f},setpts=PTS-STARTPTS,"
                     f"scale={images.width}:{images.height},setsar=1[poster]")
        graph.append(f"[s{at + 1}]fps=1/{THUMB_EVERY_S},scale={tw}:{th},setsar=1,"
                     f"tile={columns}x{rows}[sprite]")
    keys = f"expr:gte(t,n_forced*{KEYFRAME_S})"
    gop = max(1, round(source.fps * KEYFRAME_S))
    argv = ["ffmpeg", "-hide_banner", "-nostdin", "-y", "-v", "error",
            "-protocol_whitelist", "file,pipe", "-progress", "pipe:1", "-nostats",
            "-i", SOURCE, "-filter_complex", ";".join(graph)]
    for i in range(n):
        argv += ["-map", f"[v{i}]"]
        if source.has_audio:
            argv += ["-map", "0:a:0"]
    for i, r in enumerate(renditions):
        argv += [f"-c:v:{i}", "libx264", f"-b:v:{i}", f"{r.video_kbps}k",
                 f"-maxrate:v:{i}", f"{int(r.video_kbps * 1.07)}k",
                 f"-bufsize:v:{i}", f"{r.video_kbps * 2}k"]
    argv += ["-preset", "veryfast", "-profile:v", "main", "-force_key_frames", keys,
             "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0"]
    if source.has_audio:
        argv += ["-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2", "-ar", "48000"]
    stream_map = " ".join(
        f"v:{i},a:{i},name:{r.name}" if source.has_audio else f"v:{i},name:{r.name}"
        for i, r in enumerate(renditions))
    argv += ["-f", "hls", "-hls_time", str(SEGMENT_S), "-hls_playlist_type", "vod",
             "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
             "-master_pl_name", "master.m3u8", "-var_stream_map", stream_map,
             "-hls_segment_filename", "/out/hls/%v/segment_%05d.ts", "/out/hls/%v/index.m3u8"]
    if mp4:
        argv += ["-map", "[mp4]"] + (["-map", "0:a:0"] if source.has_audio else [])
        argv += ["-c:v", "libx264", "-b:v", f"{mp4.video_kbps}k", "-preset", "veryfast",
                 "-profile:v", "main", "-force_key_frames", keys]
        if source.has_audio:
            argv += ["-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2"]
        argv += ["-movflags", "+faststart", "/out/video.mp4"]
    if images:
        argv += ["-map", "[poster]", "-frames:v", "1", "-q:v", "3", "/out/poster.jpg"]
        argv += ["-map", "[sprite]", "-frames:v", "1", "-q:v", "5", "/out/sprite.jpg"]
    return argv


def merge_masters(*masters: str) -> str:
    """One master playlist listing the variants of several (each pass of a split transcode
    writes its own), highest bandwidth first."""
    head: list[str] = []
    variants: list[tuple[int, str, str]] = []
    for master in masters:
        lines = [line for line in master.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if line.startswith("#EXT-X-STREAM-INF:") and i + 1 < len(lines):
                found = re.search(r"BANDWIDTH=(\d+)", line)
                variants.append((int(found.group(1)) if found else 0, line, lines[i + 1]))
            elif line.startswith("#") and line not in head and \
                    not line.startswith("#EXT-X-STREAM-INF"):
                head.append(line)
    variants.sort(key=lambda v: -v[0])
    return "\n".join(head + [x for _, inf, uri in variants for x in (inf, uri)]) + "\n"


def progress_of(line: str, duration: float) -> float | None:
    """ffmpeg's `-progress` line as a fraction done (None for other lines)."""
    key, _, value = line.partition("=")
    if key in ("out_time_us", "out_time_ms") and value.strip().lstrip("-").isdigit():
        return max(0.0, min(1.0, int(value) / 1e6 / duration)) if duration > 0 else None
    if key == "progress" and value.strip() == "end":
        return 1.0
    return None


def _clock(seconds: float) -> str:
    whole, millis = int(seconds), int(round(seconds % 1 * 1000)) % 1000
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{millis:03d}"


def sprite_vtt(source: Source, sprite_url: str = "sprite.jpg") -> str:
    """A WebVTT cue per thumbnail, pointing at its tile (`#xywh=`), as players expect."""
    count, columns, _ = sprite_grid(source.duration)
    tw, th = thumb_size(source)
    cues = ["WEBVTT", ""]
    for i in range(count):
        start, end = i * THUMB_EVERY_S, min((i + 1) * THUMB_EVERY_S, source.duration)
        x, y = (i % columns) * tw, (i // columns) * th
        cues += [f"{_clock(start)} --> {_clock(end)}", f"{sprite_url}#xywh={x},{y},{tw},{th}", ""]
    return "\n".join(cues)


def master_with_captions(master: str, captions: list[tuple[str, str, str]]) -> str:
    """The master playlist with WebVTT subtitle groups: (language, name, playlist URI)."""
    if not captions:
        return master
    media = [f'#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="{name}",LANGUAGE="{lang}",'
             f'DEFAULT={"YES" if i == 0 else "NO"},AUTOSELECT=YES,URI="{uri}"'
             for i, (lang, name, uri) in enumerate(captions)]
    out = []
    for line in master.splitlines():
        if line.startswith("#EXT-X-STREAM-INF:"):
            line += ',SUBTITLES="subs"'
        out.append(line)
    head = [line for line in out if line.startswith(("#EXTM3U", "#EXT-X-VERSION",
                                                     "#EXT-X-INDEPENDENT"))]
    rest = [line for line in out if line not in head]
    return "\n".join(head + media + rest) + "\n"
