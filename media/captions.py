"""Caption tracks: WebVTT (or SubRip, converted) checked and normalised before anyone's player
sees it, and the one-segment HLS subtitle playlist that lists a track in a master playlist.

A caption file is text a learner's browser renders, so it is held to WebVTT's grammar: the
`WEBVTT` header, cues with `start --> end` timings that are well-formed, end after they start and
do not run past the video, a bounded size and count, no NUL or other control characters, and
none of the blocks a player might act on (`STYLE` blocks are dropped: the player styles captions,
not the upload). Errors name the line, so an instructor can fix the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 2 * 1024 * 1024
MAX_CUES = 20_000
MAX_CUE_CHARS = 2000
TIME = re.compile(r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})")
TIMING = re.compile(rf"^\s*({TIME.pattern})\s+-->\s+({TIME.pattern})(\s+.*)?$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47, the common forms


class BadCaptions(ValueError):
    """The file is not a caption track we accept (the message names the line)."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    settings: str = ""


def _seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _clock(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    return (f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:"
            f"{millis // 1000 % 60:02d}.{millis % 1000:03d}")


def parse(data: bytes, duration: float | None = None) -> list[Cue]:
    """The cues of a WebVTT or SubRip file, or BadCaptions naming what is wrong and where."""
    if len(data) > MAX_BYTES:
        raise BadCaptions(f"the file is larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadCaptions("the file is not UTF-8 text") from None
    if CONTROL.search(text):
        line = text[:CONTROL.search(text).start()].count("\n") + 1  # type: ignore[union-attr]
        raise BadCaptions(f"line {line}: control characters are not allowed")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    vtt = lines[0].startswith("WEBVTT")
    if lines[0].strip() and not vtt and not lines[0].strip().isdigit() \
            and "-->" not in lines[0]:
        raise BadCaptions("line 1: a WebVTT file starts with WEBVTT (or give a SubRip file)")
    cues: list[Cue] = []
    i = 1 if vtt else 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        head = block[0].strip()
        if vtt and (head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head):
            continue  # comments, the uploader's styles and regions: not carried over
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise BadCaptions(f"line {block_start + 1}: expected a cue timing "
                              "(00:00:01.000 --> 00:00:04.000)")
        found = TIMING.match(block[timing_at])
        line_no = block_start + timing_at + 1
        if found is None:
            raise BadCaptions(f"line {line_no}: the timing is not hh:mm:ss.mmm --> "
                              "hh:mm:ss.mmm")
        start = _seconds(TIME.match(found.group(1)))  # type: ignore[arg-type]
        end = _seconds(TIME.match(found.group(6)))  # type: ignore[arg-type]
        if end <= start:
            raise BadCaptions(f"line {line_no}: the cue ends before it starts")
        if duration is not None and start >= duration + 1:
            raise BadCaptions(f"line {line_no}: the cue starts after the video ends "
                              f"({_clock(duration)})")
        body = "\n".join(block[timing_at + 1:]).strip()
        if not body:
            raise BadCaptions(f"line {line_no}: the cue has no text")
        if len(body) > MAX_CUE_CHARS:
            raise BadCaptions(f"line {line_no}: the cue is longer than {MAX_CUE_CHARS} "
                              "characters")
        settings = (found.group(11) or "").strip() if vtt else ""
        cues.append(Cue(start=start, end=end, text=body, settings=settings))
        if len(cues) > MAX_CUES:
            raise BadCaptions(f"more than {MAX_CUES} cues")
    if not cues:
        raise BadCaptions("the file has no cues")
    return cues


def to_vtt(cues: list[Cue]) -> str:
    """The cues as a normalised WebVTT file, in time order."""
    out = ["WEBVTT", ""]
    for cue in sorted(cues, key=lambda c: (c.start, c.end)):
        timing = f"{_clock(cue.start)} --> {_clock(cue.end)}"
        out += [f"{timing} {cue.settings}".rstrip(), cue.text, ""]
    return "\n".join(out)


def check_language(code: str) -> str:
    if not LANGUAGE.fullmatch(code):
        raise BadCaptions(f"{code!r} is not a language tag like en, pt-BR or zh-Hant")
    return code


def subtitle_playlist(duration: float, uri: str = "captions.vtt") -> str:
    """An HLS media playlist with the whole track as its one segment."""
    target = max(1, int(duration + 0.999))
    return (f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{target}\n"
            f"#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:{duration:.3f},\n"
            f"{uri}\n#EXT-X-ENDLIST\n")
