"""django-filter sets for the public article list (`/articles/?country=mn&date_after=...`)."""

import datetime as dt

import django_filters
from django import forms

from newsroom.filters import PublicFilterSet, utc_instant
from newsroom.widgets import PlainDateInput, PlainSelect, PlainTextInput
from relations.filters import UpperCodeMixin, country_choices
from relations.models import Country
from relations.queries import FEW_LINKS_LISTED, covering, link_counts

from .models import Article, Source
from .search import search_filter


def start_of_day(day):
    """The first instant of `day` in the site's time zone, or None (see `utc_instant`)."""
    return utc_instant(dt.datetime.combine(day, dt.time.min))


def _source_choices():
    sources = Source.objects.public().values_list("slug", "name").order_by("name")
    return [("", "Any source"), *sources]


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after > before:
            # Beside the field, as any other refused value: an empty list said nothing.
            self.add_error("date_before", "This is before the From date.")
        return cleaned


class ArticleFilter(UpperCodeMixin, PublicFilterSet):
    code_fields = ("country", "partner")

    q = django_filters.CharFilter(widget=PlainTextInput, label="Words", method="filter_q")
    country = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label="Country",
        choices=country_choices,
        method="filter_country",
        empty_label=None,
    )
    # A pair's whole coverage (`?country=kz&partner=mn`), which its page links to: articles
    # about both countries. An extension of DESIGN.md's parameters. A code, like the event
    # and person slugs: a second select of 249 countries would add half to every list page.
    partner = django_filters.CharFilter(
        widget=PlainTextInput, label="Also about (country code)", method="filter_country"
    )
    source = django_filters.ChoiceFilter(
        widget=PlainSelect,
        label="Source",
        choices=_source_choices,
        method="filter_source",
        empty_label=None,
    )
    event = django_filters.CharFilter(
        widget=PlainTextInput, label="Event (slug)", field_name="events__slug", lookup_expr="exact"
    )
    person = django_filters.CharFilter(
        widget=PlainTextInput, label="Person (slug)", field_name="people__slug", lookup_expr="exact"
    )
    agreement = django_filters.CharFilter(
        widget=PlainTextInput,
        label="Agreement (slug)",
        field_name="agreements__slug",
        lookup_expr="exact",
    )
    organization = django_filters.CharFilter(
        widget=PlainTextInput,
        label="Organization (slug)",
        field_name="organizations__slug",
        lookup_expr="exact",
    )
    date_after = django_filters.DateFilter(
        label="From", method="filter_date_after", widget=PlainDateInput
    )
    date_before = django_filters.DateFilter(
        label="Until", method="filter_date_before", widget=PlainDateInput
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def filter_country(self, queryset, name, value):
        # Read the way the country's own page reads its coverage (`covering`): through its
        # links when it has few, by walking the date index with a probe when most articles
        # name it. A join on the country's code hid which country it was from the planner:
        # PostgreSQL gathered and sorted all 50,000 of Kazakhstan's articles to show 20.
        # `value` is already upper case (UpperCodeMixin) and stripped (the form field).
        country = Country.objects.only("pk").filter(code=value).first()
        if country is None:
            return queryset.none()
        links = link_counts(country, limit=FEW_LINKS_LISTED)
        return covering(country, articles=queryset, links=links, few=FEW_LINKS_LISTED)

    # Days are the site's (local) days. Compared as times, so the database reads a range of
    # its date index; `published_at__date` converted every row's time to a local date first
    # (a whole-table scan: 26 ms for a month at 50,000 articles).
    # A date at either end of the calendar (0001-01-01, 9999-12-31) sets no bound: every
    # article is inside it.
    def filter_date_after(self, queryset, name, value):
        start = start_of_day(value)
        return queryset if start is None else queryset.filter(published_at__gte=start)

    def filter_date_before(self, queryset, name, value):
        end = start_of_day(value + dt.timedelta(days=1)) if value < dt.date.max else None
        return queryset if end is None else queryset.filter(published_at__lt=end)

    def filter_source(self, queryset, name, value):
        return queryset.filter(source__slug=value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return search_filter(queryset, value)

    @property
    def active(self):
        """True when the reader narrowed the list (for headings and the empty message)."""
        return self.is_bound and any(self.form.cleaned_data.get(n) for n in self.filters)
