"""Reusable reads for the public pages about countries, pairs, events and people.

Plain functions taking and returning QuerySets (relations/models.py is frozen). Coverage is
always passed in as an already gated QuerySet of articles (`country.articles.published()`),
so this app never imports `articles`: the dependency stays one way.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .models import Agreement, Country, Event, Figure


def published_articles():
    """The articles app's public gate, reached through the reverse relation (no import)."""
    return Country.articles.field.model.objects.published()


def coverage_counts():
    """{country_id: number of published articles} for countries with coverage (one query)."""
    links = Country.articles.through.objects.filter(article__in=published_articles().values("pk"))
    return dict(links.order_by().values_list("country_id").annotate(n=Count("article_id")))


def canonical_pair(a, b):
    """The pair in canonical (alphabetical by code) order."""
    return (a, b) if a.code < b.code else (b, a)


def events_involving(country):
    """Events a country hosted or took part in."""
    participated = Event.countries.through.objects.filter(country=country).values("event_id")
    return Event.objects.filter(Q(host_country=country) | Q(pk__in=participated))


def events_of_pair(a, b, *, covered_by=None):
    """Events both countries hosted or attended.

    With `covered_by` (the pair's published coverage), also events that coverage names and
    that involve one of the two: the importer may know only one side of a meeting. A summit
    named in passing that involves neither is not part of the pair's story.
    """
    both = events_involving(a).filter(pk__in=events_involving(b).values("pk"))
    condition = Q(pk__in=both.values("pk"))
    if covered_by is not None:
        either = Q(pk__in=events_involving(a).values("pk")) | Q(
            pk__in=events_involving(b).values("pk")
        )
        condition |= Q(pk__in=covered_by.values("events")) & either
    return Event.objects.filter(condition)


def agreements_of_pair(a, b, *, events=None):
    """Agreements with both countries as parties, plus documents signed at the pair's events
    whose parties are not recorded (multilateral documents of a summit name their parties)."""
    parties = Agreement.parties.through.objects
    condition = Q(pk__in=parties.filter(country=a).values("agreement_id")) & Q(
        pk__in=parties.filter(country=b).values("agreement_id")
    )
    if events is not None:
        condition |= Q(event__in=events.values("pk")) & ~Q(pk__in=parties.values("agreement_id"))
    return Agreement.objects.filter(condition)


def co_covered_countries(country, articles, *, limit=12):
    """Countries most often covered together with `country` in `articles`, with `n` (one query)."""
    return (
        Country.objects.filter(articles__in=articles.values("pk"))
        .exclude(pk=country.pk)
        .annotate(n=Count("articles"))
        .order_by("-n", "name")[:limit]
    )


def coverage_by_month(articles):
    """[{"month": date, "n": int}], newest first: one aggregate query."""
    return list(
        articles.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )


@dataclass
class Bar:
    year: int
    value: object
    label: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Series:
    """One indicator's yearly values for a pair, laid out as a small SVG bar chart."""

    indicator: object
    figures: list
    bars: list
    width: int
    height: int
    baseline: float


def pair_figures(a, b, *, width=480, height=200, pad=28):
    """Figures for the pair, grouped by indicator, with bar geometry computed server-side."""
    low, high = canonical_pair(a, b)
    rows = Figure.objects.filter(country_a=low, country_b=high).select_related("indicator")
    grouped = defaultdict(list)
    for figure in rows.order_by("indicator__name", "year", "kind"):
        grouped[figure.indicator].append(figure)
    series = []
    for indicator, figures in grouped.items():
        actual = [f for f in figures if f.kind == Figure.Kind.ACTUAL] or figures
        top = max((abs(float(f.value)) for f in actual), default=0) or 1
        slot = (width - 2 * pad) / max(len(actual), 1)
        bars = []
        for i, f in enumerate(actual):
            h = (height - 2 * pad) * abs(float(f.value)) / top
            bars.append(
                Bar(
                    year=f.year,
                    value=f.value,
                    label=f"{f.year}: {f.value} {indicator.unit}".strip(),
                    x=round(pad + i * slot + slot * 0.15, 1),
                    y=round(height - pad - h, 1),
                    width=round(slot * 0.7, 1),
                    height=round(h, 1),
                )
            )
        series.append(
            Series(
                indicator=indicator,
                figures=figures,
                bars=bars,
                width=width,
                height=height,
                baseline=height - pad,
            )
        )
    return series
