"""Sitemap sections for published articles and the pages coverage creates.

Countries and pairs are listed only when published coverage exists for them, and every
section reads through `Article.objects.published()`: drafts never reach the sitemap.
"""

from django.db.models import F, Max
from django.urls import reverse

from relations.models import Country
from relations.sitemaps import (
    AgreementSitemap,
    CountedSitemap,
    EventSitemap,
    OrganizationSitemap,
    PersonSitemap,
)

from .models import Article, Source


class ListPagesSitemap(CountedSitemap):
    changefreq = "hourly"

    def items(self):
        return [
            "articles:home",
            "articles:list",
            "relations:country-list",
            "relations:event-list",
            "relations:person-list",
            "relations:agreement-list",
            "relations:organization-list",
            "articles:source-list",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(CountedSitemap):
    """Every live article. Its language editions are not listed as `xhtml:link` alternates:
    Django's `i18n`/`alternates` serve one item at several LANGUAGES-prefixed addresses,
    while an edition is a different article with its own slug. Each page names its
    editions itself (`<link rel="alternate" hreflang>`), which search engines read too."""

    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def location(self, item):
        # Every item is live (`published()`): its dated address, without reading its status.
        return item.public_url()

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default walks every item in Python to find the newest lastmod.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def published_ids():
    return Article.objects.published().values("pk")


class CountrySitemap(CountedSitemap):
    changefreq = "daily"

    def items(self):
        # An uncorrelated IN: SQLite ran the correlated EXISTS form as a scan per country.
        with_coverage = Article.countries.through.objects.filter(article__in=published_ids())
        return (
            Country.objects.filter(pk__in=with_coverage.values("country_id"))
            .only("code")
            .order_by("code")
        )


def covered_pairs():
    """(code_a, code_b) for every pair of countries that share a published article."""
    return (
        Article.countries.through.objects.filter(
            article__in=published_ids(), article__countries__code__gt=F("country__code")
        )
        .values_list("country__code", "article__countries__code")
        .distinct()
        .order_by("country__code", "article__countries__code")
    )


class PairSitemap(CountedSitemap):
    changefreq = "daily"

    def items(self):
        return covered_pairs()

    def location(self, item):
        a, b = item
        return reverse("relations:country-pair", kwargs={"a": a.lower(), "b": b.lower()})


class SourceSitemap(CountedSitemap):
    changefreq = "daily"

    def items(self):
        return Source.objects.public().only("slug").order_by("pk")


def sitemaps_for_request():
    """Fresh section instances, so each counts its rows once per request."""
    return {name: cls() for name, cls in SITEMAPS.items()}


SITEMAPS = {
    "pages": ListPagesSitemap,
    "articles": ArticleSitemap,
    "countries": CountrySitemap,
    "pairs": PairSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "agreements": AgreementSitemap,
    "organizations": OrganizationSitemap,
    "sources": SourceSitemap,
}
