"""Template helpers for the public site: the one reviewed place that marks article HTML safe,
JSON-LD data blocks, absolute URLs and cursor links."""

import html
import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.template.base import NodeList
from django.template.defaultfilters import floatformat
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import LEAD_CHARS
from articles.pagination import encode_cursor
from articles.rendering import lead_excerpt
from relations.models import partial_date

register = template.Library()


@register.simple_tag
def when(day, precision="day", day_format="j F Y"):
    """`<time>` for `day` as far as `precision` (an event's `dates_precision`) knows it:
    "January 2025" for a month alone, the day in `day_format` otherwise."""
    iso, label = partial_date(day, precision, day_format)
    if iso is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', iso, label)


def _escape(value):
    """`django.utils.html.escape` without the lazy-string wrapper (a str, not yet safe)."""
    return html.escape(str(value))


# The characters that could end a <script> data block or open markup inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def sanitised_body(article):
    """An article's body HTML, trusted because it was sanitised on save.

    `Article.save()` renders `body` through `articles.rendering.render_body` (Markdown, then
    nh3 with an allow-list of tags, attributes and URL schemes) into `body_html`, which no form
    or import can set directly (`editable=False`). This filter is the only place a template marks
    article HTML safe: review any change to rendering.py together with it.
    """
    return mark_safe(getattr(article, "body_html", "") or "")  # noqa: S308 - see docstring  # nosec B308, B703


def json_ld_script(data):
    """A <script type="application/ld+json"> data block that user text cannot break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - <, >, & escaped above  # nosec B308, B703
    )


@register.simple_tag
def json_ld(data):
    return json_ld_script(data) if data else ""


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    if not path:
        return ""
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def block_again(context, name):
    """The block `name` as the page defines it, rendered a second time.

    Django renders a block in one place only; the meta description and OpenGraph's
    `og:description` (and the title and `og:title`) must say the same, so a page sets the text
    once and base.html repeats it. A BlockNode renders the most derived definition of its name
    (the page's, else base.html's), and leaves the block context as it found it.
    """
    return BlockNode(name, NodeList()).render(context)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with `changes` applied (None removes a key), for page links."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


RENDITION_ORDER = ("thumbnail", "medium", "large")


@register.filter
def srcset(renditions, fmt):
    """`url 320w, url 800w, ...` for one format of `Article.lead_image_renditions`."""
    if not isinstance(renditions, dict):
        return ""
    parts = []
    for name in RENDITION_ORDER:
        r = renditions.get(name) or {}
        if r.get(fmt) and r.get("width"):
            parts.append(f"{r[fmt]} {r['width']}w")
    return ", ".join(parts)


@register.filter
def rendition(renditions, name):
    """One rendition (`{"webp", "fallback", "fallback_type", "width", "height"}`, see articles.images), or an empty dict."""
    return (renditions or {}).get(name) or {} if isinstance(renditions, dict) else {}


def lead_image_url(article):
    renditions = article.lead_image_renditions or {}
    for name in ("large", "medium", "thumbnail"):
        r = renditions.get(name) or {}
        if r.get("fallback"):
            return r["fallback"]
    return article.lead_image.url if article.lead_image else ""


@register.simple_tag(takes_context=True)
def og_image(context, article):
    url = lead_image_url(article)
    return absolute_url(context, url) if url else ""


def _iso(value):
    return value.isoformat() if value else None


def _drop_empty(data):
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, countries):
    url = absolute_url(context, article.get_absolute_url())
    image = lead_image_url(article)
    publisher = {"@type": "Organization", "name": settings.SITE_NAME}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": url,
        "mainEntityOfPage": url,
        # The day alone when the source gave no time (schema.org takes a Date or a DateTime).
        "datePublished": _iso(
            article.published_at
            if article.published_time_known or not article.published_at
            else timezone.localdate(article.published_at)
        ),
        "dateModified": _iso(article.updated_at),
        "inLanguage": article.language,
        "description": article.description,
        "wordCount": article.word_count,
        "image": [absolute_url(context, image)] if image else None,
        "author": {"@type": "Organization", "name": article.source.name}
        if article.source
        else publisher,
        "publisher": publisher,
        "about": [{"@type": "Country", "name": c.name} for c in countries],
        "dateline": article.dateline,
    }
    return json_ld_script(_drop_empty(data))


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """An Event's JSON-LD, when its date and place are known: schema.org's consumers require
    both (`startDate`, `location`), and an undated meeting described without them is an
    invalid block, not a smaller one."""
    place = _drop_empty(
        {
            "@type": "Place",
            "name": event.city or (event.host_country.name if event.host_country else ""),
            "address": _drop_empty(
                {
                    "@type": "PostalAddress",
                    "addressLocality": event.city,
                    "addressCountry": event.host_country.code if event.host_country else None,
                }
            ),
        }
    )
    # As far as the coverage gives them: "2025-01" for a month alone (ISO 8601).
    starts, ends = event.dates_iso()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "url": absolute_url(context, event.get_absolute_url()),
        "startDate": starts,
        "endDate": ends,
        "description": event.summary,
        "location": place if place.get("name") else None,
        "organizer": {"@type": "Organization", "name": event.organization.name}
        if event.organization
        else None,
        "attendee": [{"@type": "Person", "name": p.name} for p in event.participants.all()],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if not (data["startDate"] and data["location"]):
        return ""
    return json_ld_script(_drop_empty(data))


@register.simple_tag(takes_context=True)
def person_json_ld(context, person, positions=()):
    """schema.org Person; `jobTitle` is the latest of `positions`, the page's offices (one per
    office, in its fullest wording: `relations.roles.offices_held`)."""
    latest = positions[0].title if positions else None
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(context, person.get_absolute_url()),
        "alternateName": list(person.aliases or []),
        "jobTitle": latest,
        "nationality": {"@type": "Country", "name": person.country.name}
        if person.country
        else None,
        "description": person.bio,
    }
    return json_ld_script(_drop_empty(data))


@register.simple_tag(takes_context=True)
def organization_json_ld(context, organization):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organization.name,
        "url": absolute_url(context, organization.get_absolute_url()),
        "alternateName": organization.abbreviation,
        "sameAs": [organization.homepage] if organization.homepage else None,
        "member": [{"@type": "Country", "name": c.name} for c in organization.members.all()],
    }
    return json_ld_script(_drop_empty(data))


@register.simple_tag
def pair_url(a, b):
    """The canonical pair page (codes in alphabetical order), avoiding a redirect per link."""
    low, high = sorted([a.code.lower(), b.code.lower()])
    return reverse("relations:country-pair", kwargs={"a": low, "b": high})


def long_date(value):
    """`5 September 2025` in the site's time zone (the `j F Y` date format, without parsing it)."""
    local = timezone.localtime(value)
    return f"{local.day} {MONTHS[local.month]} {local.year}"


@register.filter
def figure_value(value):
    """A figure as written (35.3, not the column's 35.30), with thousands grouped (1,250.5)."""
    places = max(0, -Decimal(value).normalize().as_tuple().exponent)
    return floatformat(value, f"{places}g")


@register.filter
def cursor(article):
    """The list's `?before=` cursor for `article`: the articles older than it."""
    return encode_cursor(article)


@register.simple_tag
def article_card(article):
    """One article in a list: title link, date, source, countries, summary.

    Rendered here rather than by an included template: a list page shows up to 40 cards, and
    the template version cost about 0.4 ms each (variable lookups, two date filters), most of
    an uncached list page. Every value is escaped once with `html.escape` (what Django's
    `escape` does, without its lazy-string check per call) and the markup around them is
    constant: nesting `format_html` cost ten escaping passes per card. The country names come
    with `for_listing()`.
    """
    meta = []
    if article.published_at:
        local = timezone.localtime(article.published_at)
        # Digits, signs and month names: nothing to escape.
        meta.append(
            f'<time datetime="{local.strftime("%Y-%m-%dT%H:%M:%S%z")}">{long_date(local)}</time>'
        )
    if article.source_id:
        meta.append(_escape(article.source.name))
    countries = article.country_names  # set by `Article.objects.for_listing()`
    if countries:
        meta.append(f'<span class="tags">{", ".join(map(_escape, countries))}</span>')
    # `lead`: the opening of the text when there is no summary (`for_listing()`; search
    # results show their own snippet instead).
    teaser = article.summary or lead_excerpt(getattr(article, "lead", ""), limit=LEAD_CHARS)
    summary = f"\n  <p>{_escape(teaser)}</p>" if teaser else ""
    return mark_safe(  # noqa: S308 - every value escaped above, the markup is constant  # nosec B308, B703
        f'<article class="card" lang="{_escape(article.language)}">\n'
        f'  <h3><a href="{_escape(article.get_absolute_url())}">{_escape(article.title)}</a></h3>\n'
        f'  <p class="meta">{" · ".join(meta)}</p>{summary}\n</article>\n'
    )
