"""Sitemap sections for entity pages (events, people, agreements)."""

from django.contrib.sitemaps import Sitemap

from .models import Agreement, Event, Person


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.only("slug").order_by("pk")


class PersonSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Person.objects.only("slug").order_by("pk")


class AgreementSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Agreement.objects.only("slug").order_by("pk")
