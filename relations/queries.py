"""Reusable reads for the public pages about countries, pairs, events, people and
organizations.

Plain functions taking and returning QuerySets, for reads that span models or pages (a
model's own gate is its `public_rows`, which calls the one here). Coverage is always passed
in as an already gated QuerySet of articles (`country.articles.published()`), so this app
never imports `articles`: the dependency stays one way.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear, TruncDate
from django.utils import timezone

from .models import Agreement, Country, Event, Figure, Organization, Person, as_written


def published_articles():
    """The articles app's public gate, reached through the reverse relation (no import)."""
    return Country.articles.field.model.objects.published()


# The entity gate. An event, person or agreement is public only once a published article
# links it: the importer creates them from drafts too, and a planned visit's Event would
# otherwise announce an unpublished story. Each helper is one correlated EXISTS on the
# article's M2M through table (indexed by entity), so it adds no query to a page.


def linked_by_published(relation, outer="pk"):
    """EXISTS(a published article links the entity at `outer` through `relation`)."""
    return Exists(published_articles().filter(**{relation: OuterRef(outer)}))


def linked_from_links(relation, outer="pk"):
    """`linked_by_published` for an entity with few rows and many links each (organizations):
    read from the link table by the entity's key, each link's article checked by its key.

    Left to order the join itself, SQLite walks the published articles by date and probes
    each for a link, since the link index looks unselective when a few rows share thousands
    of links; for an entity that no published article links that is the whole archive (a
    list of twenty organizations: 216 ms at 50,000 articles, 1 ms this way). People, events
    and agreements keep the plain join: their link indexes are selective, and this form costs
    more to build.
    """
    articles = published_articles()
    field = articles.model._meta.get_field(relation)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_reverse_field_name(): OuterRef(outer)}
    )
    return Exists(links.filter(Exists(articles.filter(pk=OuterRef(field.m2m_column_name())))))


def public_events(queryset=None):
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(linked_by_published("events"))


def first_reported(relation, outer="pk"):
    """The local day the first published article linking the entity at `outer` through
    `relation` appeared (a correlated subquery)."""
    first = published_articles().filter(**{relation: OuterRef(outer)}).order_by("published_at")
    return Subquery(first.values(day=TruncDate("published_at"))[:1], output_field=DateField())


def event_day(prefix=""):
    """The day an event is listed by: its start, or, for one the coverage gives no date, the
    day a published article first reported it (else None). `prefix` reaches the event from
    another row through its join ("event__" from an agreement); the gate for the event itself
    is the caller's.

    A report dates an event only when the event's name gives no other year: "SCO Summit
    2024" recalled in a 2025 article was not held when that article appeared. The first
    report is read only for undated events (a CASE), so a dated event costs what it did.
    """
    report = first_reported("events", outer=f"{prefix}pk")
    named_year = Q(**{f"{prefix}name__regex": r"(19|20)[0-9]{2}\)?$"})
    of_its_year = ~named_year | Q(
        **{f"{prefix}name__contains": Cast(ExtractYear(report), CharField())}
    )
    return Case(
        When(**{f"{prefix}starts_on__isnull": False}, then=F(f"{prefix}starts_on")),
        When(of_its_year, then=report),
        output_field=DateField(),
    )


def dated_events(queryset=None):
    """Public events, each with `day` (`event_day`), so that an event the coverage gives no
    date for stands among the others in time rather than after all of them. Order with
    `EVENTS_NEWEST_FIRST`."""
    return public_events(queryset).annotate(day=event_day())


EVENTS_NEWEST_FIRST = (F("day").desc(nulls_last=True), "name")


def public_people(queryset=None):
    queryset = Person.objects.all() if queryset is None else queryset
    return queryset.filter(linked_by_published("people"))


def public_people_listed():
    """`public_people`, for the list of them all: read from each person's links
    (`linked_from_links`). Counting the people list through the plain join, SQLite walked the
    published articles by date for each person until one linked them: 18 ms for 300 people
    at 50,000 articles, 2 ms this way."""
    return Person.objects.filter(linked_from_links("people"))


def public_agreements(queryset=None):
    queryset = Agreement.objects.all() if queryset is None else queryset
    return queryset.filter(linked_by_published("agreements"))


def public_organizations(queryset=None):
    """Organizations the public sees something of: one a published article links, or one a
    public event is held by or a public agreement names as a party (those pages link it).
    The importer creates organizations from drafts too, and reference organizations nothing
    covers yet would be pages of empty sections."""
    queryset = Organization.objects.all() if queryset is None else queryset
    return queryset.filter(
        linked_from_links("organizations")
        | Exists(public_events(Event.objects.filter(organization=OuterRef("pk"))))
        | Exists(public_agreements(Agreement.objects.filter(party_organizations=OuterRef("pk"))))
    )


# Roles and figures are statements: each is public once a published article states it, so an
# appointment or a number in a draft stays out of sight, and goes when its articles are
# withdrawn or deleted.


def public_positions(queryset):
    """Roles that published articles state, with when they first and last stated them
    (`first_stated`, `last_stated`), latest first; the dates a draft gave are left out."""
    stated = published_articles().filter(positions=OuterRef("pk")).order_by().values("published_at")
    return (
        queryset.filter(linked_by_published("positions"))
        .annotate(
            first_stated=Subquery(stated.order_by("published_at")[:1]),
            last_stated=Subquery(stated.order_by("-published_at")[:1]),
        )
        .order_by("-last_stated", "title")
    )


# Counts above this are shown as "1000+": an exact COUNT over a country's whole archive reads
# every row it counts (Django admin's `show_full_result_count` trade-off).
COUNT_CAP = 1000
# Aggregates ("most often covered with") read only a country's or pair's latest articles: an
# index seek bounded in size, following what the desk writes about now.
AGGREGATE_WINDOW = 500
# "Coverage by month" spans the year before the latest article.
MONTHS_SHOWN = 12
# A country linked to at most this many articles is read from its links (`covering`).
# Reading n links beats walking the date index for a capped count of COUNT_CAP while
# n is below about sqrt(COUNT_CAP x archive size): about 7,000 for 50,000 articles.
FEW_LINKS = 5000
# The same for a newest-first page of whole rows: sorting a few hundred beats a long walk.
FEW_LINKS_LISTED = 300


class CappedCount(int):
    """A count that stopped at COUNT_CAP; renders as "1000+" when more rows exist."""

    more = False

    def __new__(cls, value, *, more=False):
        obj = super().__new__(cls, value)
        obj.more = more
        return obj

    def __str__(self):
        return f"{int(self)}+" if self.more else str(int(self))


def capped_count(queryset, cap=COUNT_CAP):
    """COUNT that reads at most `cap + 1` rows (one query)."""
    n = queryset.order_by()[: cap + 1].count()
    return CappedCount(min(n, cap), more=n > cap)


def coverage_counts(relation="countries"):
    """{entity id: number of published articles} for the entities of the article's M2M
    `relation` that have coverage (one query over their links)."""
    m2m = published_articles().model._meta.get_field(relation)
    links = m2m.remote_field.through.objects.filter(article__in=published_articles().values("pk"))
    entity = f"{m2m.m2m_reverse_field_name()}_id"
    return dict(links.order_by().values_list(entity).annotate(n=Count("article_id")))


def linking(relation, entity):
    """Published articles linked to `entity` through the M2M `relation`, as an EXISTS filter.

    A join through the M2M table would make the database gather the entity's whole coverage
    and sort it by date; the correlated EXISTS lets it walk the (-published_at, -id) index
    newest first and probe the through table's (article_id, <entity>_id) unique index until
    the page is full, and the planner can still choose the join for rare entities.
    """
    return Exists(entity_links(relation, entity).filter(article_id=OuterRef("pk")))


def link_counts(*countries, limit=FEW_LINKS):
    """{country pk: articles linked to it, published or not, counted up to `limit` + 1} (one
    bounded index-only count per country), for `covering` to choose its plan."""
    links = Country.articles.through.objects.order_by()
    return {c.pk: links.filter(country_id=c.pk)[: limit + 1].count() for c in countries}


def covering(*countries, articles=None, links=None, few=FEW_LINKS):
    """Published articles (or `articles`) about every country in `countries`.

    A country with at most `few` links (by `links`, from `link_counts`) is read from its links:
    the database checks each article with the covering `article_live_idx`. A country most
    articles mention (Kazakhstan, here) is read by walking the date index with an EXISTS probe
    instead, which fills a page or a capped count after a few rows. Either way one query.
    Listings pass a smaller `few`: there each link costs a whole row to sort, not an index probe.
    """
    qs = published_articles() if articles is None else articles
    through = Country.articles.through.objects
    for country in countries:
        if links is not None and links.get(country.pk, few + 1) <= few:
            qs = qs.filter(pk__in=through.filter(country_id=country.pk).values("article_id"))
        else:
            qs = qs.filter(linking("countries", country))
    return qs


def linked_coverage(relation, entity, *, listing=True):
    """Published articles linking `entity` through `relation`, newest first (for cards when
    `listing`).

    Events, people and agreements are rare in the archive (tens to hundreds of articles), so
    the database starts from the entity's through rows (`IN`) and sorts the few it finds;
    the EXISTS walk that suits countries (`covering`) would read the whole date index for
    them on SQLite, which cannot choose between the two plans.
    """
    return _coverage(listing).filter(pk__in=entity_links(relation, entity).values("article_id"))


def _coverage(listing):
    """Published articles, with what a card shows when `listing`."""
    return published_articles().model.objects.for_listing() if listing else published_articles()


def entity_links(relation, entity):
    """The rows of `relation`'s M2M table that link `entity` to an article."""
    m2m = published_articles().model._meta.get_field(relation)
    return m2m.remote_field.through.objects.filter(
        **{f"{m2m.m2m_reverse_field_name()}_id": entity.pk}
    )


def broad_coverage(relation, entity, *, many, listing=True):
    """`linked_coverage` for an entity that may be in thousands of articles (an organization:
    the UN, the SCO). With `many` links (`links_more_than`), gathering and sorting every
    linked article costs the entity's whole coverage (120 ms for 16,000 at 50,000 articles),
    so the date index is walked newest first with an EXISTS probe (`linking`) instead, as
    `covering` does for countries."""
    if not many:
        return linked_coverage(relation, entity, listing=listing)
    return _coverage(listing).filter(linking(relation, entity))


def links_more_than(relation, entity, few):
    """Whether more than `few` articles (published or not) link `entity`: one index-only
    count that stops at `few` + 1."""
    return entity_links(relation, entity).order_by()[: few + 1].count() > few


def canonical_pair(a, b):
    """The pair in canonical (alphabetical by code) order."""
    return (a, b) if a.code < b.code else (b, a)


def involving(*countries):
    """Q: events any of `countries` hosted or took part in (one flat condition, no nested
    SELECT of events)."""
    attended = Event.countries.through.objects.filter(country__in=countries).values("event_id")
    return Q(host_country__in=countries) | Q(pk__in=attended)


def events_involving(country):
    """Events a country hosted or took part in."""
    return Event.objects.filter(involving(country))


def latest_ids(articles, window=AGGREGATE_WINDOW):
    """The ids of the latest `window` articles of `articles` (a bounded subquery)."""
    return articles.order_by("-published_at", "-pk").values("pk")[:window]


def recent_events(before, *, limit, window=AGGREGATE_WINDOW):
    """The `limit` latest public events that began before the day `before`, an undated one by
    its first report (`dated_events`), newest first, in two queries that do not grow with the
    archive.

    Sorting every public event by its day would read them all. So the dated ones are read
    from the date index (as far as `limit`), and the undated ones only among the events the
    latest `window` published articles link: an event first reported before them is older
    than the events they cover.
    """
    events = public_events().select_related("host_country")
    dated = events.filter(starts_on__lt=before).order_by("-starts_on", "name")[:limit]
    covered = Event.articles.through.objects.filter(
        article_id__in=latest_ids(published_articles(), window)
    )
    undated = (
        dated_events(
            Event.objects.filter(starts_on__isnull=True, pk__in=covered.values("event_id"))
        )
        .select_related("host_country")
        .order_by(*EVENTS_NEWEST_FIRST)[:limit]
    )
    # An undated event no report dates (`dated_events`) is in no time, so not a recent one.
    found = [*dated, *(e for e in undated if e.day)]
    found.sort(key=lambda e: e.name)
    found.sort(key=lambda e: e.starts_on or e.day, reverse=True)
    return found[:limit]


def events_of_pair(a, b, *, covered_by=None):
    """Events both countries hosted or attended.

    With `covered_by` (ids of the pair's latest published articles, the ones its timeline
    shows), also events those articles name and that involve one of the two: the importer may
    know only one side of a meeting. A summit named in passing that involves neither is not
    part of the pair's story. Only the shown articles are read: gathering the pair's whole
    coverage sorted by date cost more than the rest of the page.
    """
    condition = involving(a) & involving(b)
    if covered_by is not None:
        named = Event.articles.through.objects.filter(article_id__in=list(covered_by))
        condition |= Q(pk__in=named.values("event_id")) & involving(a, b)
    return public_events(Event.objects.filter(condition))


def agreements_of_pair(a, b, *, events=None):
    """Agreements with both countries as parties, plus documents signed at the pair's events
    (`events`, a QuerySet) whose parties are not recorded (multilateral documents of a summit
    name their parties).

    A document whose parties are organizations belongs to the pair only when both countries
    are members of one of them: the SCO member states' agreements signed at a summit that
    Kazakhstan attended are not part of Kazakhstan's relations with Mongolia, an observer.
    """
    parties = Agreement.parties.through.objects
    condition = Q(pk__in=parties.filter(country=a).values("agreement_id")) & Q(
        pk__in=parties.filter(country=b).values("agreement_id")
    )
    if events is not None:
        members = Organization.members.through.objects
        shared = members.filter(
            country=a, organization_id__in=members.filter(country=b).values("organization_id")
        ).values("organization_id")
        organizations = Agreement.party_organizations.through.objects
        condition |= (
            Q(event__in=events)
            & ~Q(pk__in=parties.values("agreement_id"))
            & (
                ~Q(pk__in=organizations.values("agreement_id"))
                | Q(pk__in=organizations.filter(organization_id__in=shared).values("agreement_id"))
            )
        )
    return public_agreements(Agreement.objects.filter(condition))


def organization_is_public(outer="organization_id"):
    """EXISTS(the organization at `outer` passes the entity gate): whether a role's or a
    signatory's organization links to its page (no query of its own)."""
    return Exists(public_organizations().filter(pk=OuterRef(outer)))


def signatory_organization_is_public(outer="party_organization_id"):
    """Whether a signatory's organization on a public agreement links to its page: a
    published article links the organization, or the agreement names it as a party. Both
    make it pass the entity gate (`public_organizations`), so the link never leads to a 404;
    the gate's third way in (an event it held) is left out. Building the whole gate into the
    signatories' query cost the pair page 4 ms of its 31.
    """
    parties = Agreement.party_organizations.through.objects.filter(
        agreement_id=OuterRef("agreement_id"), organization_id=OuterRef(outer)
    )
    return linked_from_links("organizations", outer) | Exists(parties)


def agreements_of_organization(organization):
    """Public documents adopted by `organization`: those naming it as a party, and the
    multilateral ones signed at its events (naming no parties, or three countries or more,
    and no other organization). An agreement between two countries signed on a summit's
    sidelines is theirs, not the organization's (as on the pair page, `agreements_of_pair`)."""
    organizations = Agreement.party_organizations.through.objects
    bilateral = (
        Agreement.parties.through.objects.order_by()
        .values("agreement_id")
        .annotate(n=Count("country_id"))
        .filter(n__lte=2)
        .values("agreement_id")
    )
    condition = Q(pk__in=organizations.filter(organization=organization).values("agreement_id")) | (
        Q(event__organization=organization)
        & ~Q(pk__in=bilateral)
        & ~Q(pk__in=organizations.values("agreement_id"))
    )
    return public_agreements(Agreement.objects.filter(condition))


def co_covered_countries(country, articles, *, limit=12, window=AGGREGATE_WINDOW):
    """Countries most often covered together with `country` in the latest `window` of
    `articles`, with `n` (one query over at most `window` articles' links)."""
    return (
        Country.objects.filter(articles__in=latest_ids(articles, window))
        .exclude(pk=country.pk)
        .annotate(n=Count("articles"))
        .order_by("-n", "name")[:limit]
    )


def month_bounds(until, months=MONTHS_SHOWN):
    """The first instants of the `months` local months up to and including `until`'s, oldest
    first, then of the month after: `months + 1` bounds."""
    local = timezone.localtime(until)
    last = local.year * 12 + local.month - 1  # months since the year 0
    return [
        dt.datetime(i // 12, i % 12 + 1, 1, tzinfo=local.tzinfo)
        for i in range(last - months + 1, last + 2)
    ]


def coverage_by_month(articles, *, until=None, months=MONTHS_SHOWN):
    """[{"month": datetime, "n": int}] for the months with coverage among the `months` months
    up to `until` (the latest article's time), newest first.

    One grouped query over the window: an article falls in the first month that ends after its
    time (`CASE WHEN published_at < end_0 THEN 0 WHEN published_at < end_1 THEN 1 ...`), so
    the database compares timestamps rather than truncating each one to a local month (a
    Python function per row on SQLite).
    """
    if until is None:
        return []
    # `months` ranges, oldest first: starts[i] <= published_at < starts[i + 1].
    starts = month_bounds(until, months)
    month = Case(
        *(When(published_at__lt=end, then=Value(i)) for i, end in enumerate(starts[1:])),
        output_field=IntegerField(),
    )
    window = articles.filter(published_at__gte=starts[0], published_at__lt=starts[-1])
    counts = dict(
        window.order_by().annotate(month=month).values_list("month").annotate(n=Count("pk"))
    )
    found = [{"month": start, "n": counts.get(i, 0)} for i, start in enumerate(starts[:-1])]
    return [m for m in reversed(found) if m["n"]]


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


# The longest run of years a pair's chart gives a slot each (`pair_figures`).
MAX_CHART_YEARS = 15


def pair_figures(a, b, *, width=480, height=200, pad=28):
    """The pair's public figures (stated by a published article), grouped by indicator, with
    bar geometry computed server-side.

    A figure keeps the sentence of the first text that gave it, which may be a draft's; it is
    quoted (`quote_is_public`) only when a published article stating the figure says it.
    """
    low, high = canonical_pair(a, b)
    quoting = published_articles().filter(figures=OuterRef("pk"), body__contains=OuterRef("quote"))
    rows = (
        Figure.objects.filter(country_a=low, country_b=high)
        .filter(linked_by_published("figures"))
        .annotate(quote_is_public=Exists(quoting))
        .select_related("indicator")
    )
    grouped = defaultdict(list)
    for figure in rows.order_by("indicator__name", "year", "kind"):
        grouped[figure.indicator].append(figure)
    series = []
    for indicator, figures in grouped.items():
        actual = [f for f in figures if f.kind == Figure.Kind.ACTUAL] or figures
        top = max((abs(float(f.value)) for f in actual), default=0) or 1
        # A slot a year, so a year without a figure shows as a gap rather than bars that sit
        # side by side as if the years followed; over a span too long for that, a slot a bar.
        first = min(f.year for f in actual)
        span = max(f.year for f in actual) - first + 1
        by_year = span <= MAX_CHART_YEARS and len({f.year for f in actual}) == len(actual)
        slot = (width - 2 * pad) / max(span if by_year else len(actual), 1)
        bars = []
        for n, f in enumerate(actual):
            i = f.year - first if by_year else n
            h = (height - 2 * pad) * abs(float(f.value)) / top
            bars.append(
                Bar(
                    year=f.year,
                    value=f.value,
                    label=f"{f.year}: {as_written(f.value)} {indicator.unit}".strip(),
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
