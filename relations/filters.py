"""django-filter sets for the public event and people lists and the agreement registry."""

import django_filters
from django.db.models import Q

from newsroom.filters import PublicFilterSet, YearFilter
from newsroom.widgets import PlainNumberInput, PlainSelect, PlainTextInput

from . import queries
from .models import Agreement, Country, Event, Person


def country_choices():
    """The country select of the public filters (articles, events, people, agreements)."""
    return [("", "Any country"), *Country.objects.values_list("code", "name").order_by("name")]


def country_filter(label="Country", **kwargs):
    """A select of every country by its code (`country_choices`; "Any country" first), for a
    public filter: give `method` or `field_name`."""
    return django_filters.ChoiceFilter(
        widget=PlainSelect, label=label, choices=country_choices, empty_label=None, **kwargs
    )


class UpperCodeMixin:
    """Codes are upper case in the database; readers and links use lower case."""

    code_fields = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and any(data.get(f) for f in self.code_fields):
            data = data.copy()
            for f in self.code_fields:
                if data.get(f):
                    data[f] = data[f].upper()
        super().__init__(data, *args, **kwargs)


class EventFilter(UpperCodeMixin, PublicFilterSet):
    code_fields = ("country",)

    kind = django_filters.ChoiceFilter(
        widget=PlainSelect, label="Kind", choices=Event.Kind.choices, empty_label="Any kind"
    )
    # The day an event is listed by (`dated_events`): its start, or when it was first reported.
    year = YearFilter(widget=PlainNumberInput, label="Year", field_name="day")
    country = country_filter("Country (host or participant)", method="filter_country")

    class Meta:
        model = Event
        fields = []

    def filter_country(self, queryset, name, value):
        taking_part = Event.countries.through.objects.filter(country__code=value)
        return queryset.filter(
            Q(host_country__code=value) | Q(pk__in=taking_part.values("event_id"))
        )


class PersonFilter(UpperCodeMixin, PublicFilterSet):
    code_fields = ("country",)

    name = django_filters.CharFilter(
        widget=PlainTextInput, label="Name", field_name="name", lookup_expr="icontains"
    )
    country = country_filter(field_name="country__code")

    class Meta:
        model = Person
        fields = []


class AgreementFilter(UpperCodeMixin, PublicFilterSet):
    code_fields = ("party",)

    kind = django_filters.ChoiceFilter(
        widget=PlainSelect, label="Kind", choices=Agreement.Kind.choices, empty_label="Any kind"
    )
    party = country_filter("Party", method="filter_party")
    year = YearFilter(
        widget=PlainNumberInput, label="Year", field_name="signed_on", method="filter_year"
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_party(self, queryset, name, value):
        parties = Agreement.parties.through.objects.filter(country__code=value)
        return queryset.filter(pk__in=parties.values("agreement_id"))

    def filter_year(self, queryset, name, value):
        # A document the text dates only by the event it was signed at is listed at the
        # event's day, as the registry shows it: its start, or for an undated event the day a
        # published article first reported it (`queries.event_day`); `event_is_public` is
        # the view's annotation.
        queryset = queryset.alias(event_day=queries.event_day("event__"))
        at_event = Q(signed_on__isnull=True, event_is_public=True, event_day__year=value)
        return queryset.filter(Q(signed_on__year=value) | at_event)
