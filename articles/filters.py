"""django-filter sets for the public article list (`/articles/?country=mn&date_after=...`)."""

import datetime as dt
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Case, Q, When
from django.utils.formats import date_format
from django.utils.html import format_html

from newsroom.filters import PublicFilterSet, utc_instant
from newsroom.widgets import PlainDateInput, PlainSelect, PlainTextInput
from relations.addresses import FormerAddress
from relations.filters import UpperCodeMixin, country_filter
from relations.models import Agreement, Country, Event, Organization, Person
from relations.queries import (
    FEW_LINKS_LISTED,
    covering,
    link_counts,
    public_agreements,
    public_events,
    public_organizations,
    public_people,
)

from .models import Article, Source
from .search import search_filter


def start_of_day(day):
    """The first instant of `day` in the site's time zone, or None (see `utc_instant`)."""
    return utc_instant(dt.datetime.combine(day, dt.time.min))


def _source_choices():
    sources = Source.objects.public().values_list("slug", "name").order_by("name")
    return [("", "Any source"), *sources]


# filter name -> (model, article relation, the field that names it, its public gate)
ENTITY_FILTERS = {
    "event": (Event, "events", "name", public_events),
    "person": (Person, "people", "name", public_people),
    "agreement": (Agreement, "agreements", "title", public_agreements),
    "organization": (Organization, "organizations", "name", public_organizations),
}


def day_range(after, before):
    """'between 1 and 30 September 2025', 'since 1 September 2025', 'until ...' or ''."""
    if after and before:
        if after == before:
            return f"on {date_format(after, 'j F Y')}"
        if (after.year, after.month) == (before.year, before.month):
            start = date_format(after, "j")
        elif after.year == before.year:
            start = date_format(after, "j F")
        else:
            start = date_format(after, "j F Y")
        return f"between {start} and {date_format(before, 'j F Y')}"
    if after:
        return f"since {date_format(after, 'j F Y')}"
    if before:
        return f"until {date_format(before, 'j F Y')}"
    return ""


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
    country = country_filter(method="filter_country")
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
    # Slugs in the address (DESIGN.md), as links from entity pages give them; a reader may type
    # a name instead. The chosen entity's name is shown beside the field and in the heading.
    event = django_filters.CharFilter(
        widget=PlainTextInput, label="Event (name or slug)", method="filter_entity"
    )
    person = django_filters.CharFilter(
        widget=PlainTextInput, label="Person (name or slug)", method="filter_entity"
    )
    agreement = django_filters.CharFilter(
        widget=PlainTextInput, label="Agreement (title or slug)", method="filter_entity"
    )
    organization = django_filters.CharFilter(
        widget=PlainTextInput, label="Organization (name or slug)", method="filter_entity"
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen = {}  # filter name -> the entity it selected, for the heading and the form
        self._entities = {}  # filter name -> the entity its value names (None: none), read once

    def entity(self, name, value):
        """The entity filter `name` chooses by `value`: the row by slug, or by its name as a
        reader typed it. Only an entity the public may see (the entity gate), so a planned
        visit's name is never put in a heading. One query per entity filter set (none when
        unset), shared by the filter and `moved_slugs`."""
        if name not in self._entities:
            model, _, label, public = ENTITY_FILTERS[name]
            value = value.strip()
            by_name = {f"{label}__iexact": value}
            self._entities[name] = (
                public(model.objects.only("pk", "slug", label))
                .filter(Q(slug=value) | Q(**by_name))
                .annotate(by_slug=Case(When(slug=value, then=0), default=1))
                .order_by("by_slug", "pk")
                .first()
            )
        return self._entities[name]

    def moved_slugs(self):
        """{filter name: current slug} for each filter given a slug that names nothing now
        but that a public entity left (a new slug, a merge: `FormerAddress`), so the list can
        answer as the entity's old page does, with a 301 to its current slug.

        No query when every value names something (the source's choices and the entities
        are read anyway); one for each value that names nothing. The entities are looked at
        only when the list would be read: no other value is refused (a moved source aside).
        """
        if not self.is_bound:
            return {}
        errors, data, moved = set(self.form.errors), self.form.cleaned_data, {}
        source = (self.data.get("source") or "").strip()
        if "source" in errors and source:
            row = FormerAddress.objects.moved_row(Source, slug=source)
            if row is not None:
                moved["source"] = row.slug
        if errors - set(moved):
            return moved
        for name, (model, *_) in ENTITY_FILTERS.items():
            value = (data.get(name) or "").strip()
            if value and self.entity(name, value) is None:
                row = FormerAddress.objects.moved_row(model, slug=value)
                if row is not None:
                    moved[name] = row.slug
        return moved

    def filter_entity(self, queryset, name, value):
        _, relation, label, _ = ENTITY_FILTERS[name]
        entity = self.entity(name, value)
        if entity is None:
            self._describe(name, f"No {name} has this {label} or slug.")
            return queryset.none()
        self.chosen[name] = entity
        self._describe(
            name,
            format_html(
                'Chosen: <a href="{}">{}</a>', entity.get_absolute_url(), getattr(entity, label)
            ),
        )
        return queryset.filter(**{relation: entity})

    def _describe(self, name, text):
        # The bound field (made when the form was validated) copied the field's help text.
        self.form.fields[name].help_text = text
        self.form[name].help_text = text

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
        # What the source published and what cites it, as its page and its choice's count
        # (`Source.objects.public()`) have it: a source only cited is a choice too.
        source = Source.objects.filter(slug=value).values("pk")
        return queryset.filter(Q(source__in=source) | Q(cited_source__in=source))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return search_filter(queryset, value)

    def _choice_label(self, filter_name, value):
        return dict(self.filters[filter_name].extra["choices"]).get(value, value)

    @cached_property
    def heading(self):
        """What the list shows, in words: "Articles about Mongolia from Kazinform". Plain text
        (templates escape it), built from the cleaned filters and the entities they chose:
        names come from the choices the form already read and the rows the filters read."""
        if not self.is_bound or not self.form.is_valid():
            return "Articles"
        data = self.form.cleaned_data
        about = [
            self._choice_label("country", code)
            for code in (data.get("country"), data.get("partner"))
            if code
        ]
        chosen = self.chosen
        if "organization" in chosen:
            about.append(chosen["organization"].name)
        parts = []
        if about:
            parts.append("about " + " and ".join(about))
        if "event" in chosen:
            parts.append(f"on {chosen['event'].name}")
        if "agreement" in chosen:
            parts.append(f"on {chosen['agreement'].title}")
        if "person" in chosen:
            parts.append(f"mentioning {chosen['person'].name}")
        if data.get("source"):
            parts.append(f"from or citing {self._choice_label('source', data['source'])}")
        dates = day_range(data.get("date_after"), data.get("date_before"))
        if dates:
            parts.append(dates)
        if (data.get("q") or "").strip():
            parts.append(f"matching “{data['q'].strip()}”")
        return " ".join(["Articles", *parts])

    @property
    def active(self):
        """True when the reader narrowed the list (for headings and the empty message)."""
        return self.is_bound and any(self.form.cleaned_data.get(n) for n in self.filters)
