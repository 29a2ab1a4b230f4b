"""Probe and transcode an upload in the media sandbox (sandbox.media), with what ffmpeg knows
turned into states a person can act on: `BadMedia` for an upload that is not a usable video,
`TranscodeFailed` for a run that did not finish (a crash, the time or size limit, memory), each
with its reason; progress as a fraction, from ffmpeg's own counter."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from media.ffmpeg import (
    BadMedia,
    Rendition,
    Source,
    ladder,
    probe_argv,
    progress_of,
    read_probe,
    sprite_vtt,
    transcode_argv,
)
from sandbox.media import MediaLimits, MediaSandbox

__all__ = ["MediaLimits", "MediaSandbox", "TranscodeFailed", "Transcoded", "probe", "transcode"]

PROBE_LIMITS = MediaLimits(cpus=1.0, memory_mb=256, wall_s=60, output_mb=1)


class TranscodeFailed(Exception):
    """ffmpeg did not produce the outputs (the message says why)."""


@dataclass(frozen=True)
class Transcoded:
    source: Source
    renditions: list[Rendition]
    out_dir: Path  # hls/master.m3u8, hls/<name>/index.m3u8 + segments, video.mp4, poster.jpg,
    #                sprite.jpg, sprite.vtt


def probe(box: MediaSandbox, upload: Path, work: Path, max_duration_s: float) -> Source:
    """What the upload is, or BadMedia with the reason."""
    result, text = box.output(probe_argv(), upload, work / "probe", PROBE_LIMITS)
    if not text.strip():
        detail = result.reason if result.exit_code != 0 else "no streams"
        raise BadMedia(f"not a video file ffmpeg can read ({detail})")
    return read_probe(text, max_duration_s)


def transcode(box: MediaSandbox, upload: Path, source: Source, out_dir: Path,
              on_progress: Callable[[float], None] = lambda _: None,
              limits: MediaLimits | None = None) -> Transcoded:
    """The whole ladder in one ffmpeg pass; `out_dir` is emptied first, so a retry starts
    clean."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    renditions = ladder(source)
    last = [-1.0]

    def progress(line: str) -> None:
        done = progress_of(line, source.duration)
        if done is not None and done - last[0] >= 0.01:
            last[0] = done
            on_progress(done)

    result = box.run(transcode_argv(source, renditions), upload, out_dir, progress, limits)
    if not result.ok:
        raise TranscodeFailed(f"ffmpeg {result.reason}")
    expected = [out_dir / "hls" / "master.m3u8", out_dir / "video.mp4",
                out_dir / "poster.jpg", out_dir / "sprite.jpg"]
    expected += [out_dir / "hls" / r.name / "index.m3u8" for r in renditions]
    missing = [str(p.relative_to(out_dir)) for p in expected if not p.is_file()]
    if missing:
        raise TranscodeFailed(f"ffmpeg finished without {', '.join(missing)}")
    (out_dir / "sprite.vtt").write_text(sprite_vtt(source))
    on_progress(1.0)
    return Transcoded(source=source, renditions=renditions, out_dir=out_dir)
