"""Sitemap sections for entity pages (events, people, agreements, organizations), behind the
entity gate."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .queries import public_agreements, public_events, public_organizations, public_people


class CountedSitemap(Sitemap):
    """A section that counts its items once per instance.

    `Sitemap.paginator` builds a new Paginator (so a new COUNT) on every access; the sitemap
    views touch it several times per section.
    """

    @cached_property
    def paginator(self):
        return Paginator(self._items(), self.limit)


class EventSitemap(CountedSitemap):
    changefreq = "weekly"

    def items(self):
        return public_events().only("slug").order_by("pk")


class PersonSitemap(CountedSitemap):
    changefreq = "weekly"

    def items(self):
        return public_people().only("slug").order_by("pk")


class AgreementSitemap(CountedSitemap):
    changefreq = "monthly"

    def items(self):
        return public_agreements().only("slug").order_by("pk")


class OrganizationSitemap(CountedSitemap):
    changefreq = "weekly"

    def items(self):
        return public_organizations().only("slug").order_by("pk")
