"""RSS 2.0 and Atom feeds of published articles: latest, per country, pair of countries, event,
person, organization and source."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from relations.models import Country
from relations.queries import (
    FEW_LINKS_LISTED,
    covering,
    link_counts,
    linked_coverage,
    public_events,
    public_organizations,
    public_people,
)
from relations.views import pair_redirect

from .models import CARD_FIELDS, Article, Source

FEED_SIZE = 30

# XML 1.0 forbids these; one of them in a title makes the feed generator emit a broken
# document (or raise), so every text that reaches a feed goes through `xml_text`.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    return _XML_INVALID.sub("", str(value or ""))


class ArticleFeed(Feed):
    """What every article feed shares; subclasses choose the articles and the titles, and
    name their own address (`url_name`, with `url_kwargs`: an Atom feed beside an RSS one
    differs by its `feed_type` and its `url_name`)."""

    url_name = None

    def url_kwargs(self, obj):
        return {}

    def feed_url(self, obj):
        return reverse(self.url_name, kwargs=self.url_kwargs(obj))

    def articles(self, obj):
        return Article.objects.for_listing()

    def items(self, obj):
        # A card's columns, and what an entry adds: its description and its update time.
        return self.articles(obj).only(*CARD_FIELDS, "body_html", "updated_at")[:FEED_SIZE]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        # A description is HTML to feed readers (RSS by custom, Atom's type="html"): the
        # excerpt is text, so its "<" and "&" are escaped once, or "<b>" in a text would be
        # read as markup and "&lt;" as "<".
        return escape(xml_text(item.excerpt(60)))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return xml_text(item.source.name) if item.source else None

    def item_categories(self, item):
        return [xml_text(name) for name in item.country_names]


class LatestFeed(ArticleFeed):
    url_name = "articles:feed-latest"

    def title(self, obj):
        return f"{settings.SITE_NAME}: latest coverage"

    def link(self, obj):
        return reverse("articles:list")

    def description(self, obj):
        return "The latest published coverage of Kazakhstan's diplomacy."


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description
    url_name = "articles:feed-latest-atom"


class EntityFeed(ArticleFeed):
    """Coverage of one country, event, person or organization: `relation` names the Article
    link to it (a source's feed reads its own articles instead)."""

    relation = None

    def articles(self, obj):
        return linked_coverage(self.relation, obj)

    def title(self, obj):
        return xml_text(f"{settings.SITE_NAME}: {obj.name}")

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return xml_text(f"Published coverage of {obj.name}.")

    def url_kwargs(self, obj):
        return {"slug": obj.slug}


def coverage_of(*countries):
    """Articles about every one of `countries`, as their pages read them (`covering`): a
    country most articles mention is read by walking the date index, not by gathering and
    sorting its whole coverage (Kazakhstan's feed took 247 ms at 50,000 articles on SQLite)."""
    return covering(
        *countries,
        articles=Article.objects.for_listing(),
        links=link_counts(*countries),
        few=FEW_LINKS_LISTED,
    )


class CountryFeed(EntityFeed):
    relation = "countries"
    url_name = "articles:feed-country"

    def get_object(self, request, code):
        return get_object_or_404(Country, code=code.upper())

    def articles(self, obj):
        return coverage_of(obj)

    def url_kwargs(self, obj):
        return {"code": obj.code.lower()}


class CountryAtomFeed(CountryFeed):
    feed_type = Atom1Feed
    subtitle = CountryFeed.description
    url_name = "articles:feed-country-atom"


class EventFeed(EntityFeed):
    relation = "events"
    url_name = "articles:feed-event"

    def get_object(self, request, slug):
        return get_object_or_404(public_events(), slug=slug)


class EventAtomFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = EventFeed.description
    url_name = "articles:feed-event-atom"


class OrganizationFeed(EntityFeed):
    relation = "organizations"
    url_name = "articles:feed-organization"

    def get_object(self, request, slug):
        return get_object_or_404(public_organizations(), slug=slug)

    def title(self, obj):
        return xml_text(f"{settings.SITE_NAME}: {obj}")


class OrganizationAtomFeed(OrganizationFeed):
    feed_type = Atom1Feed
    subtitle = OrganizationFeed.description
    url_name = "articles:feed-organization-atom"


class PairFeed(ArticleFeed):
    """Coverage of two countries together, as their pair page lists it: either order of the
    codes leads to the one address, as for the page (`/countries/kz/mn/feed/`)."""

    url_name = "articles:feed-pair"

    def __call__(self, request, *args, **kwargs):
        moved = pair_redirect(self.url_name, kwargs["a"], kwargs["b"])
        return moved or super().__call__(request, *args, **kwargs)

    def get_object(self, request, a, b):
        codes = [a.upper(), b.upper()]
        found = {c.code: c for c in Country.objects.filter(code__in=codes)}
        if len(found) != 2:
            raise Http404("Unknown country code.")
        return found[codes[0]], found[codes[1]]

    def articles(self, obj):
        return coverage_of(*obj)

    def title(self, obj):
        a, b = obj
        return xml_text(f"{settings.SITE_NAME}: {a.name} – {b.name}")

    def link(self, obj):
        return reverse("relations:country-pair", kwargs=self.url_kwargs(obj))

    def description(self, obj):
        a, b = obj
        return xml_text(f"Published coverage of relations between {a.name} and {b.name}.")

    def url_kwargs(self, obj):
        a, b = obj
        return {"a": a.code.lower(), "b": b.code.lower()}


class PairAtomFeed(PairFeed):
    feed_type = Atom1Feed
    subtitle = PairFeed.description
    url_name = "articles:feed-pair-atom"


class PersonFeed(EntityFeed):
    relation = "people"
    url_name = "articles:feed-person"

    def get_object(self, request, slug):
        return get_object_or_404(public_people(), slug=slug)

    def description(self, obj):
        return xml_text(f"Published coverage mentioning {obj.name}.")


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
    subtitle = PersonFeed.description
    url_name = "articles:feed-person-atom"


class SourceFeed(EntityFeed):
    """What one outlet published (not what cites it), newest first, read from the
    (source, status, published_at) index."""

    url_name = "articles:feed-source"

    def get_object(self, request, slug):
        return get_object_or_404(Source.objects.public(), slug=slug)

    def articles(self, obj):
        return Article.objects.for_listing().filter(source=obj)

    def description(self, obj):
        return xml_text(f"Articles published by {obj.name}.")


class SourceAtomFeed(SourceFeed):
    feed_type = Atom1Feed
    subtitle = SourceFeed.description
    url_name = "articles:feed-source-atom"
