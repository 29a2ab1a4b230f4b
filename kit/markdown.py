"""Markdown to HTML that is safe to show to anyone: markdown-it-py renders (CommonMark, tables,
strikethrough; raw HTML in the source is escaped, not passed through), then nh3 (the Ammonia
sanitiser) keeps an allowlist of tags and attributes and only http, https and mailto links.
No script, no event handler, no `javascript:` URL survives either step on its own."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
        "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"},
              "code": {"class"}, "th": {"align"}, "td": {"align"}}  # no style: CSS is not sanitised


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("js-default").enable(["table", "strikethrough"])


def render(source: str) -> str:
    html = _renderer().render(source)
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
