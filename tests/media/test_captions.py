"""Caption tracks: WebVTT and SubRip accepted and normalised, everything else refused with the
line that is wrong; the HLS subtitle playlist and the master playlist's subtitle group."""

from __future__ import annotations

import pytest

from media.captions import BadCaptions, check_language, parse, subtitle_playlist, to_vtt
from media.ffmpeg import master_with_captions

VTT = b"""WEBVTT - lecture 1

STYLE
::cue { color: red }

NOTE written by the instructor

intro
00:00:01.000 --> 00:00:04.500 line:90%
Hello, <b>world</b>.

00:05.000 --> 00:07.250
Second cue,
on two lines.
"""

SRT = b"""1
00:00:01,000 --> 00:00:02,000
Ol\xc3\xa1

2
00:00:03,000 --> 00:00:04,000
Tchau
"""


def test_webvtt_and_subrip_are_normalised() -> None:
    cues = parse(VTT, duration=10)
    assert [(c.start, c.end) for c in cues] == [(1.0, 4.5), (5.0, 7.25)]
    assert cues[0].settings == "line:90%" and cues[1].text == "Second cue,\non two lines."
    out = to_vtt(cues)
    assert out.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:04.500 line:90%\nHello")
    assert "STYLE" not in out and "color: red" not in out and "NOTE" not in out
    srt = parse(SRT)
    assert [c.text for c in srt] == ["Olá", "Tchau"]
    assert "00:00:03.000 --> 00:00:04.000\nTchau" in to_vtt(srt)
    assert parse(b"\xef\xbb\xbf" + VTT)[0].start == 1.0  # a byte-order mark is fine


@pytest.mark.parametrize(("data", "message"), [
    (b"Some notes\n\nmore", "line 1: a WebVTT file starts with WEBVTT"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nbackwards\n", "line 3: the cue ends before"),
    (b"WEBVTT\n\n00:00:01 --> 00:00:02\nno millis\n", "line 3: the timing is not"),
    (b"WEBVTT\n\ncue\njust text\n", "line 3: expected a cue timing"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", "line 3: the cue has no text"),
    (b"WEBVTT\n\n00:01:00.000 --> 00:01:02.000\nlate\n", "starts after the video ends"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nbell\x07\n", "control characters"),
    (b"WEBVTT\n", "no cues"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
])
def test_what_is_wrong_is_named_with_its_line(data: bytes, message: str) -> None:
    with pytest.raises(BadCaptions, match=message):
        parse(data, duration=10)


def test_languages_and_playlists() -> None:
    assert check_language("pt-BR") == "pt-BR"
    with pytest.raises(BadCaptions):
        check_language("English")
    playlist = subtitle_playlist(9.5)
    assert "#EXT-X-TARGETDURATION:10" in playlist and "#EXTINF:9.500," in playlist
    assert playlist.rstrip().endswith("#EXT-X-ENDLIST")
    master = ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=928000,"
              "RESOLUTION=640x360\n360p/index.m3u8\n")
    out = master_with_captions(master, [("en", "English", "captions/en.m3u8"),
                                        ("pt-BR", "Português", "captions/pt-BR.m3u8")])
    lines = out.splitlines()
    assert lines[2].startswith('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",'
                               'LANGUAGE="en",DEFAULT=YES')
    assert 'LANGUAGE="pt-BR",DEFAULT=NO' in lines[3]
    assert lines[4].endswith(',SUBTITLES="subs"') and lines[5] == "360p/index.m3u8"
    assert master_with_captions(master, []) == master
