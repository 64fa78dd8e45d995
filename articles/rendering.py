"""Article bodies: Markdown in, sanitised HTML out. Rendered once on save, never per request."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def render_body(text: str) -> str:
    """Markdown to HTML that is safe to show: scripts, handlers and raw HTML are removed."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))
