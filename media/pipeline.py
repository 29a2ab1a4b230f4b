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
    merge_masters,
    mp4_rendition,
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
    renditions: list[Rendition]  # the whole ladder
    ready: list[Rendition]  # those made so far (all of them once the transcode is done)
    out_dir: Path  # hls/master.m3u8, hls/<name>/index.m3u8 + segments, video.mp4, poster.jpg,
    #                sprite.jpg, sprite.vtt


def probe(box: MediaSandbox, upload: Path, work: Path, max_duration_s: float) -> Source:
    """What the upload is, or BadMedia with the reason."""
    result, text = box.output(probe_argv(), upload, work / "probe", PROBE_LIMITS)
    if not text.strip():
        detail = result.reason if result.exit_code != 0 else "no streams"
        raise BadMedia(f"not a video file ffmpeg can read ({detail})")
    return read_probe(text, max_duration_s)


def _pixels(r: Rendition) -> int:
    return r.width * r.height


def transcode(box: MediaSandbox, upload: Path, source: Source, out_dir: Path,
              on_progress: Callable[[float], None] = lambda _: None,
              limits: MediaLimits | None = None,
              on_first: Callable[[Transcoded], None] | None = None) -> Transcoded:
    """The whole ladder, its MP4, poster and sprite; `out_dir` is emptied first, so a retry
    starts clean.

    With `on_first` and more than one rung, it runs in two passes so that playback can start
    early: the smallest rendition with the poster and the sprite first (about a seventh of the
    work for a 1080p source), handed to `on_first` as soon as it is done, then every other
    rendition and the MP4 in one pass. Keyframes are forced at the same instants in both, so
    the renditions stay aligned; the master playlist lists them all once both are done.
    Without it, everything is one pass."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    renditions = ladder(source)
    mp4 = mp4_rendition(renditions)
    if on_first is None or len(renditions) == 1:
        _run(box, upload, source, out_dir, transcode_argv(source, renditions, mp4, mp4),
             on_progress, limits)
        return _finish(source, renditions, renditions, out_dir, on_progress)

    first, rest = renditions[-1:], renditions[:-1]
    weight = _pixels(first[0]) / (_pixels(first[0]) + sum(map(_pixels, rest)) + _pixels(mp4))
    _run(box, upload, source, out_dir, transcode_argv(source, first, None, mp4),
         lambda done: on_progress(done * weight), limits)
    on_first(_finish(source, renditions, first, out_dir, lambda _: None, mp4=False))
    second = out_dir / ".rest"
    _run(box, upload, source, second, transcode_argv(source, rest, mp4, None),
         lambda done: on_progress(weight + done * (1 - weight)), limits)
    for r in rest:
        (second / "hls" / r.name).rename(out_dir / "hls" / r.name)
    (second / "video.mp4").rename(out_dir / "video.mp4")
    master = out_dir / "hls" / "master.m3u8"
    master.write_text(merge_masters((second / "hls" / "master.m3u8").read_text(),
                                    master.read_text()))
    shutil.rmtree(second)
    return _finish(source, renditions, renditions, out_dir, on_progress)


def _run(box: MediaSandbox, upload: Path, source: Source, out_dir: Path, argv: list[str],
         on_progress: Callable[[float], None], limits: MediaLimits | None) -> None:
    last = [-1.0]

    def progress(line: str) -> None:
        done = progress_of(line, source.duration)
        if done is not None and done - last[0] >= 0.01:
            last[0] = done
            on_progress(done)

    result = box.run(argv, upload, out_dir, progress, limits)
    if not result.ok:
        raise TranscodeFailed(f"ffmpeg {result.reason}")


def _finish(source: Source, renditions: list[Rendition], made: list[Rendition], out_dir: Path,
            on_progress: Callable[[float], None], mp4: bool = True) -> Transcoded:
    """Check that the pass made what it should (or TranscodeFailed), and write the sprite's
    index."""
    expected = [out_dir / "hls" / "master.m3u8", out_dir / "poster.jpg", out_dir / "sprite.jpg"]
    expected += [out_dir / "video.mp4"] if mp4 else []
    expected += [out_dir / "hls" / r.name / "index.m3u8" for r in made]
    missing = [str(p.relative_to(out_dir)) for p in expected if not p.is_file()]
    if missing:
        raise TranscodeFailed(f"ffmpeg finished without {', '.join(missing)}")
    (out_dir / "sprite.vtt").write_text(sprite_vtt(source))
    on_progress(1.0)
    return Transcoded(source=source, renditions=renditions, ready=made, out_dir=out_dir)
