"""What the public FilterSets share."""

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator


def utc_instant(moment):
    """`moment` (naive: the site's local time) as an aware UTC time, or None when no timestamp
    can hold it: midnight of 1 January of the year 1 is in the year 0 in UTC, east of UTC."""
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


class SharedChoices(BaseChoiceIterator):
    """Choices read for one request, shared rather than copied or normalized again.

    A form deep-copies its fields, and each field its choices: 249 countries twice per page.
    These are never mutated (a tuple inside), so every copy may be this same object. As a
    `BaseChoiceIterator`, Django takes them as they are instead of re-checking every pair
    each time a field or widget is given them (about 500 calls per list page).
    """

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __getitem__(self, index):
        return self.choices[index]

    def __deepcopy__(self, memo):
        return self


class PublicFilterSet(django_filters.FilterSet):
    """A FilterSet whose callable choices (countries, sources) are read once per request.

    django-filter keeps a callable as the field's choices and calls it on every pass over
    them: the `required` check, validation and rendering each ran the query again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        read = {}  # two filters offering the same list (two countries) read it once
        for f in self.filters.values():
            choices = f.extra.get("choices")
            if callable(choices):
                if choices not in read:
                    read[choices] = SharedChoices(choices())
                f.extra["choices"] = read[choices]


class YearFilter(django_filters.NumberFilter):
    """A whole year a date can hold (1 to 9999), matched with the `year` lookup.

    django-filter's NumberFilter takes any decimal, and the database lookup turns the year into
    a date range: year 0 or a twenty-digit year raised instead of filtering. Out of range is a
    form error like any other bad value.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
