"""Transcoding speed on this machine, and what the media sandbox costs against the same ffmpeg
run bare.

    .venv/bin/python scripts/bench_video.py [--seconds 20] [--runs 3]

For three sources made by ffmpeg's test sources (1080p landscape with audio: a four-rung
ladder; 720p landscape with audio: three rungs; 360×640 portrait without audio: one rung), the
whole one-pass transcode (`media.ffmpeg.transcode_argv`: HLS ladder, MP4, poster, sprite) runs
`--runs` times two ways, alternating:

- bare: the media image's own ffmpeg under a plain chroot of its exported filesystem
  (sandbox.bare), no container and no limits;
- sandboxed: `sandbox.media.MediaSandbox` with every limit on and as many CPUs as the machine
  has, so the two differ only by the sandbox.

It prints, per source, the median wall time, the speed as a multiple of real time (clip length
over wall time; above 1 is faster than playback), and the ratio sandboxed/bare.

A second table measures the split the media job uses for sources of more than one rung
(`media.pipeline.transcode(on_first=...)`): the smallest rendition with the poster and sprite
first, then the rest. Sandboxed, alternating with the one-pass transcode: the time until the
first rendition is playable and the total, each as a ratio to the one pass.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import docker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from media.ffmpeg import ladder, mp4_rendition, transcode_argv  # noqa: E402
from media.pipeline import Transcoded, probe, transcode  # noqa: E402
from sandbox.bare import export_rootfs  # noqa: E402
from sandbox.images import media_tag  # noqa: E402
from sandbox.media import MediaLimits, MediaSandbox  # noqa: E402

SOURCES = (("1080p", "1920x1080", True), ("720p", "1280x720", True),
           ("portrait-360", "360x640", False))


def make(box: MediaSandbox, work: Path, name: str, size: str, audio: bool, seconds: int) -> Path:
    argv = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
            f"testsrc2=size={size}:rate=30:duration={seconds}"]
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    argv += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    argv += (["-c:a", "aac"] if audio else []) + [f"/out/{name}.mp4"]
    result = box.run(argv, None, work)
    if not result.ok:
        raise SystemExit(f"making {name}: {result.reason}")
    return work / f"{name}.mp4"


def bare(root: Path, upload: Path, argv: list[str]) -> float:
    """Wall seconds of argv chrooted into the media image's filesystem."""
    shutil.rmtree(root / "out", ignore_errors=True)
    (root / "out").mkdir()
    (root / "in").mkdir(exist_ok=True)
    shutil.copyfile(upload, root / "in" / "source")
    start = time.perf_counter()
    done = subprocess.run(["chroot", str(root), *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bare ffmpeg failed: {done.stderr.decode()[-500:]}")
    return wall


def sandboxed(box: MediaSandbox, upload: Path, argv: list[str], out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = box.run(argv, upload, out, on_stdout=lambda _: None)
    wall = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"sandboxed ffmpeg failed: {result.reason}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each clip")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("the bare baseline needs chroot: run as root")
    cpus = float(os.cpu_count() or 1)
    box = MediaSandbox(limits=MediaLimits(cpus=cpus, memory_mb=2048, wall_s=1800,
                                          output_mb=8192))
    root = export_rootfs(docker.from_env(), media_tag())
    print(f"# {args.seconds} s clips, {args.runs} runs each, {cpus:.0f} CPUs; "
          "medians; speed = clip length / wall time")
    print(f"{'source':<14}{'rungs':>6}{'bare s':>9}{'sandbox s':>11}{'bare ×rt':>10}"
          f"{'sandbox ×rt':>13}{'ratio':>8}")
    uploads: list[tuple[str, Path, Any, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="uw-bench-video-") as tmp:
        work = Path(tmp)
        for name, size, audio in SOURCES:
            upload = make(box, work / "clips", name, size, audio, args.seconds)
            source = probe(box, upload, work / "probe", 3600)
            rungs = ladder(source)
            argv = transcode_argv(source, rungs, mp4_rendition(rungs), mp4_rendition(rungs))
            times_bare, times_box = [], []
            for _ in range(args.runs):
                times_bare.append(bare(root, upload, argv))
                times_box.append(sandboxed(box, upload, argv, work / "out"))
            b, s = statistics.median(times_bare), statistics.median(times_box)
            print(f"{name:<14}{len(ladder(source)):>6}{b:>9.2f}{s:>11.2f}"
                  f"{source.duration / b:>10.2f}{source.duration / s:>13.2f}{s / b:>8.3f}")
            uploads.append((name, upload, source, argv))
        print("\n# the media job's split (sandboxed): first playable rendition, then the rest")
        print(f"{'source':<14}{'1 pass s':>10}{'first s':>9}{'2 pass s':>10}{'first/1':>9}"
              f"{'total/1':>9}")
        for name, upload, source, argv in uploads:
            if len(ladder(source)) == 1:
                continue  # one rung: one pass
            one, first, both = [], [], []
            for _ in range(args.runs):
                one.append(sandboxed(box, upload, argv, work / "out"))
                start = time.perf_counter()
                marks: list[float] = []

                def playable(_: Transcoded, marks: list[float] = marks,
                             start: float = start) -> None:
                    marks.append(time.perf_counter() - start)
                transcode(box, upload, source, work / "out2", on_first=playable)
                both.append(time.perf_counter() - start)
                first.append(marks[0])
            o, f, t2 = (statistics.median(x) for x in (one, first, both))
            print(f"{name:<14}{o:>10.2f}{f:>9.2f}{t2:>10.2f}{f / o:>9.3f}{t2 / o:>9.3f}")


if __name__ == "__main__":
    main()
