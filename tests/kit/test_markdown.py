"""Markdown is rendered and sanitised: well-known XSS vectors come out inert (read back with
an HTML parser: what is left as escaped text is harmless, what is left as markup is checked)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from kit.markdown import TAGS, render

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://example.com></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](https://ok.example.com 'title\" onmouseover=\"alert(1)')",
]


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("source", VECTORS)
def test_xss_vectors_come_out_inert(source: str) -> None:
    found = markup(render(source))
    assert set(found.tags) <= TAGS
    for name, value in found.attrs:
        assert not name.startswith("on") and name != "style", (name, value)
        if name in ("href", "src"):
            assert urlsplit(value or "").scheme in ("", "http", "https", "mailto"), value


def test_markdown_still_renders() -> None:
    html = render("# Title\n\n**bold** `code` [link](https://example.com)\n\n| a |\n|---|\n| 1 |")
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">link</a>' in html
    assert "<table>" in html and "<code>code</code>" in html
