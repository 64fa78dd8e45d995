"""Article bodies: Markdown in, sanitised HTML out. Rendered once on save, never per request."""

import html
import re
import threading

import markdown
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a short article: keep one per
    # thread (instances are not thread-safe) and reset it between documents.
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return md.reset()


# The page's own title is its only h1: a body's "# Heading" becomes an h2, and "#####" an h4,
# rather than bare text once the sanitiser drops a tag it does not allow.
_HEADING_LEVELS = re.compile(r"<(/?)h([1-6])\b")
_BODY_LEVEL = {"1": "2", "5": "4", "6": "4"}


def render_body(text: str) -> str:
    """Markdown to HTML that is safe to show: scripts, handlers and raw HTML are removed."""
    html = _markdown().convert(text or "")
    html = _HEADING_LEVELS.sub(lambda m: f"<{m[1]}h{_BODY_LEVEL.get(m[2], m[2])}", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


# Where a block of the body ends (a paragraph, a heading, a list item, a quotation).
_BLOCK_END = re.compile(r"</(?:p|h[2-4]|li|blockquote|pre)>", re.IGNORECASE)
# A block whose text already ends a sentence (or introduces what follows, with a colon).
_ENDS_SENTENCE = re.compile(r"[.!?:;…][»”\"'’)\]]*$")


def plain_text(body_html: str) -> str:
    """What a reader reads of rendered HTML, as plain text: no tags, no Markdown marks, and
    `&amp;` back to `&` (a feed or a meta tag escapes it once itself).

    A block that ends without a full stop of its own (a heading, a list item) gets one: joined
    with a bare space, "## Pension agreement" ran into the next paragraph in teasers, search
    snippets and descriptions ("... Pension agreement One of the outcomes ...").
    """
    blocks = []
    for block in _BLOCK_END.split(body_html or ""):
        text = " ".join(html.unescape(strip_tags(block)).split())
        if text:
            blocks.append(text)
    ended = [text if _ENDS_SENTENCE.search(text) else f"{text}." for text in blocks[:-1]]
    return " ".join([*ended, *blocks[-1:]])


_SENTENCE_END = re.compile(r"[.!?][»”\"')]?(?=\s+[\"«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
# Words whose full stop ends no sentence: initials ("U.S.", "K."), titles and the months as
# news agencies abbreviate them ("from Aug. 31 to Sept. 1").
_NOT_AN_END = re.compile(
    r"(?:\b\w|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Lt|Col|Sr|Jr|No|Art|Nos|Amb|Gov|Sen|Rep|Dept"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)
LEAD_MIN_SENTENCE = 100  # a lead cut at a sentence's end keeps at least this much


def lead_excerpt(opening: str, *, limit: int) -> str:
    """A card's teaser from the first `limit` characters of an article's plain text: all of
    it if the text is shorter, else up to its last full sentence, else up to its last whole
    word and an ellipsis."""
    if len(opening) < limit:
        return opening.strip()
    ends = [
        m.end()
        for m in _SENTENCE_END.finditer(opening)
        if m.end() >= LEAD_MIN_SENTENCE
        and not _NOT_AN_END.search(opening, max(0, m.start() - 5), m.start() + 1)
    ]
    if ends:
        return opening[: ends[-1]]
    return opening.rsplit(None, 1)[0].rstrip(",;:–—- ") + "…"


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))
