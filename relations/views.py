"""Public pages about the world the articles describe: countries, pairs, events, people,
agreements, organizations. Coverage is reached through related names (`country.articles.for_listing()`),
which carry the articles app's one public gate without this app importing it."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import Http404, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, urlencode
from django.views.generic import TemplateView

from newsroom.http import read_only

from . import exports, queries
from .filters import AgreementFilter, EventFilter, PersonFilter
from .models import NEWEST_SIGNED_FIRST, Agreement, Country, Event, Signatory
from .roles import offices_held

# The articles model reached through a reverse relation: this app never imports `articles`.
Article = Country.articles.field.model

COVERAGE_SIZE = 12
TIMELINE_SIZE = 40
LIST_SIZE = 30


def public_page(view):
    """Cache anonymous public pages (`articles.caching`, imported late: this app's modules
    load before the articles app's)."""
    from articles.caching import cache_public_page

    return method_decorator(cache_public_page, name="dispatch")(view)


@method_decorator(read_only, name="dispatch")
class PublicView(TemplateView):
    pass


def signings():
    # Signatories stay named on a public agreement; `person_is_public` decides whether the
    # name links to a person page (which the entity gate may not publish yet).
    return Prefetch(
        "signings",
        queryset=Signatory.objects.select_related("person", "party", "party_organization")
        .annotate(
            person_is_public=queries.linked_by_published("people", "person_id"),
            party_organization_is_public=queries.signatory_organization_is_public(),
        )
        .order_by("pk"),
    )


def with_public_event(agreements):
    """Agreements annotated with whether their event passes the entity gate."""
    return agreements.annotate(event_is_public=queries.linked_by_published("events", "event_id"))


def date_by_event(agreements, known=None):
    """Give each of `agreements` (rows of `with_public_event` with their event) `event_day`:
    for a document without a signing date, the day of the public event it was signed at (its
    start, else the day a published article first reported it, `queries.dated_events`),
    shown marked as the event's; and `event_until`, the event's last day when it lasted more
    than one (the document is shown as signed during it). `known` (event pk -> day) gives
    days already read; the others come in one query, made only when a row's event is
    undated: the first report is not compiled into every registry query.
    """
    agreements = list(agreements)
    days = dict(known or {})
    needs_day = {
        a.event_id
        for a in agreements
        if a.signed_on is None
        and a.event_is_public
        and a.event
        and a.event.starts_on is None
        and a.event_id not in days
    }
    if needs_day:
        undated = queries.dated_events(Event.objects.filter(pk__in=needs_day))
        days.update(undated.values_list("pk", "day"))
    for agreement in agreements:
        at_event = agreement.signed_on is None and agreement.event_is_public and agreement.event
        agreement.event_day = (
            (agreement.event.starts_on or days.get(agreement.event_id)) if at_event else None
        )
        # An event of several days: the text says the document was signed during it, not on
        # its first day ("at the event, 31 Aug 2025" for a document signed on 1 September).
        ends = agreement.event.ends_on if at_event else None
        agreement.event_until = ends if ends and agreement.event.starts_on < ends else None
    return agreements


@public_page
class CountryListView(PublicView):
    template_name = "relations/country_list.html"

    def get_context_data(self, **kwargs):
        counts = queries.coverage_counts()
        covered, others = [], []
        for country in Country.objects.only("code", "name").order_by("name"):
            country.n = counts.get(country.pk, 0)
            (covered if country.n else others).append(country)
        covered.sort(key=lambda c: (-c.n, c.name))
        return super().get_context_data(covered=covered, others=others, **kwargs)


@public_page
class CountryDetailView(PublicView):
    template_name = "relations/country_detail.html"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("relations:country-detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        country = get_object_or_404(Country, code=kwargs["code"].upper())
        links = queries.link_counts(country)
        coverage = queries.covering(country, links=links)
        listing = Article.objects.for_listing()
        articles = list(
            queries.covering(country, articles=listing, links=links, few=queries.FEW_LINKS_LISTED)[
                :COVERAGE_SIZE
            ]
        )
        latest = articles[0].published_at if articles else None
        months = queries.coverage_by_month(coverage, until=latest)
        # The first and last month the table covers, for its caption (it lists only the months
        # with coverage).
        bounds = queries.month_bounds(latest) if latest else None
        peak = max((m["n"] for m in months), default=0) or 1
        for m in months:
            m["percent"] = round(100 * m["n"] / peak)
        return super().get_context_data(
            country=country,
            articles=articles,
            coverage_count=queries.capped_count(coverage),
            events=queries.dated_events(queries.events_involving(country))
            .select_related("host_country")
            .order_by(*queries.EVENTS_NEWEST_FIRST)[:COVERAGE_SIZE],
            agreements=date_by_event(
                with_public_event(queries.public_agreements(country.agreements.all()))
                .select_related("event")
                .order_by(*NEWEST_SIGNED_FIRST)[:COVERAGE_SIZE]
            ),
            people=queries.public_people(country.people.all()).order_by("name")[:LIST_SIZE],
            memberships=queries.public_organizations(country.organizations.all())
            .only("name", "abbreviation", "slug")
            .order_by("name"),
            partners=queries.co_covered_countries(country, coverage),
            months=months,
            months_from=bounds[0] if bounds else None,
            months_to=bounds[-2] if bounds else None,
            **kwargs,
        )


def pair_redirect(url_name, a, b):
    """A pair's pages (and feeds) have one address, the codes in lower case and in order:
    a 301 there from any other, None when already there; two equal codes are a 404."""
    low, high = sorted([a.lower(), b.lower()])
    if low == high:
        raise Http404("A country pair needs two different countries.")
    if (a, b) != (low, high):
        return redirect(url_name, a=low, b=high, permanent=True)
    return None


@dataclass
class TimelineEntry:
    date: dt.date | None
    kind: str
    item: object
    # The date is the event's: the text names where a document was signed, not when.
    at_event: bool = False
    # The date is the event's first report: the coverage does not say when it took place.
    reported: bool = False
    # How much of the date is known: an event the coverage dates to a month shows the month.
    precision: str = "day"


def agreement_entry(agreement):
    """A document without a signing date stands at the date of the public event it was signed
    at (`date_by_event`), marked as such, rather than among the undated at the end; at an
    undated event, at the day the event was first reported."""
    if agreement.signed_on is None and agreement.event_is_public and agreement.event:
        day = agreement.event_day
        reported = agreement.event.starts_on is None and day is not None
        return TimelineEntry(
            day,
            "agreement",
            agreement,
            at_event=True,
            reported=reported,
            precision=agreement.event.dates_precision,
        )
    return TimelineEntry(agreement.signed_on, "agreement", agreement)


@public_page
class CountryPairView(PublicView):
    template_name = "relations/country_pair.html"

    def get(self, request, *args, **kwargs):
        moved = pair_redirect("relations:country-pair", kwargs["a"], kwargs["b"])
        return moved or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        codes = [kwargs["a"].upper(), kwargs["b"].upper()]
        found = {c.code: c for c in Country.objects.filter(code__in=codes)}
        if len(found) != 2:
            raise Http404("Unknown country code.")
        a, b = found[codes[0]], found[codes[1]]
        links = queries.link_counts(a, b)
        coverage = queries.covering(a, b, links=links)
        listing = Article.objects.for_listing()
        articles = list(
            queries.covering(a, b, articles=listing, links=links, few=queries.FEW_LINKS_LISTED)[
                :TIMELINE_SIZE
            ]
        )
        coverage_count = queries.capped_count(coverage)
        events = queries.events_of_pair(a, b, covered_by=[x.pk for x in articles])
        agreements = queries.agreements_of_pair(a, b, events=events)
        timeline = [
            TimelineEntry(timezone.localdate(x.published_at), "article", x) for x in articles
        ]
        if len(articles) == TIMELINE_SIZE and coverage_count > TIMELINE_SIZE:
            # Events and agreements go back further than the latest articles: say where the
            # articles stop, and link to the ones before (after the last shown, on equal dates).
            oldest = articles[-1]
            timeline.append(
                TimelineEntry(timezone.localdate(oldest.published_at), "older-articles", oldest)
            )
        shown = list(
            queries.dated_events(events)
            .select_related("host_country")
            .order_by(*queries.EVENTS_NEWEST_FIRST)[:TIMELINE_SIZE]
        )
        timeline += [
            TimelineEntry(
                e.day, "event", e, reported=e.starts_on is None, precision=e.dates_precision
            )
            for e in shown
        ]
        pair_agreements = (
            with_public_event(agreements)
            .select_related("event")
            .prefetch_related(signings())
            .order_by(*NEWEST_SIGNED_FIRST)[:TIMELINE_SIZE]
        )
        timeline += [
            agreement_entry(g)
            for g in date_by_event(pair_agreements, known={e.pk: e.day for e in shown})
        ]
        # Newest first; undated entries go last rather than being dropped. The sort is stable,
        # so the note on older articles stays below the last article of its day.
        timeline.sort(key=lambda e: (e.date is not None, e.date or dt.date.min), reverse=True)
        return super().get_context_data(
            a=a,
            b=b,
            timeline=timeline,
            coverage_count=coverage_count,
            series=queries.pair_figures(a, b),
        )


def filtered_page(request, filterset_class, queryset):
    """(filterset, page): `queryset` filtered by the request's values (nothing when a value is
    refused: the form says why), and the page of it the request asks for."""
    filterset = filterset_class(request.GET or None, queryset=queryset)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
    return filterset, Paginator(rows, LIST_SIZE).get_page(request.GET.get("page"))


@public_page
class EventListView(PublicView):
    template_name = "relations/event_list.html"

    def get_context_data(self, **kwargs):
        filterset, page = filtered_page(
            self.request,
            EventFilter,
            queries.dated_events()
            .select_related("host_country")
            .order_by(*queries.EVENTS_NEWEST_FIRST),
        )
        return super().get_context_data(filter=filterset, page=page, events=page, **kwargs)


@public_page
class EventDetailView(PublicView):
    template_name = "relations/event_detail.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(
            queries.dated_events()
            .select_related("host_country", "organization")
            .prefetch_related(
                "countries",
                Prefetch("participants", queryset=queries.public_people()),
                Prefetch(
                    "agreements",
                    queryset=queries.public_agreements()
                    .order_by(*NEWEST_SIGNED_FIRST)
                    .prefetch_related(signings()),
                ),
            ),
            slug=kwargs["slug"],
        )
        return super().get_context_data(
            event=event,
            articles=queries.linked_coverage("events", event)[:LIST_SIZE],
            coverage_count=queries.capped_count(
                queries.linked_coverage("events", event, listing=False)
            ),
            **kwargs,
        )


@public_page
class PersonListView(PublicView):
    """The people the coverage names, A to Z, with the country each serves."""

    template_name = "relations/person_list.html"

    def get_context_data(self, **kwargs):
        filterset, page = filtered_page(
            self.request,
            PersonFilter,
            queries.public_people_listed().select_related("country").order_by("name", "pk"),
        )
        return super().get_context_data(filter=filterset, page=page, people=page, **kwargs)


@public_page
class PersonDetailView(PublicView):
    template_name = "relations/person_detail.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(
            queries.public_people().select_related("country"), slug=kwargs["slug"]
        )
        # One row per office, however many wordings coverage stated it in (`relations.roles`).
        positions = offices_held(
            queries.public_positions(
                person.positions.select_related("country", "organization")
            ).annotate(organization_is_public=queries.organization_is_public())
        )
        return super().get_context_data(
            person=person,
            positions=positions,
            # Coverage rarely gives a term's dates: columns of dashes only look like missing data.
            positions_dated=any(p.started_on or p.ended_on for p in positions),
            events=queries.dated_events(person.events.all())
            .select_related("host_country")
            .order_by(*queries.EVENTS_NEWEST_FIRST)[:LIST_SIZE],
            signings=person.signings.filter(
                queries.linked_by_published("agreements", "agreement_id")
            )
            .select_related("agreement", "party")
            .order_by(F("agreement__signed_on").desc(nulls_last=True), "agreement__title", "pk"),
            articles=queries.linked_coverage("people", person)[:LIST_SIZE],
            coverage_count=queries.capped_count(
                queries.linked_coverage("people", person, listing=False)
            ),
            **kwargs,
        )


def agreement_registry(data):
    """The registry's FilterSet over the agreements the public may see: the page's and the
    exports' one gate and order.

    The order is the document's own signing date, read from `agreement_signed_idx` (a page
    walks the index rather than sorting every agreement), so a document dated only by the
    event it was signed at, whether the event has dates or only a first report (`event_day`),
    comes after the signed ones, in the page and the exports alike; the page shows that day
    marked as the event's, and the year filter finds the document by it."""
    return AgreementFilter(
        data or None,
        queryset=with_public_event(queries.public_agreements())
        .select_related("event")
        .order_by(*NEWEST_SIGNED_FIRST),
    )


def registry_filters_valid(filterset):
    return not filterset.is_bound or filterset.is_valid()


@public_page
class AgreementListView(PublicView):
    template_name = "relations/agreement_list.html"

    def get_context_data(self, **kwargs):
        filterset = agreement_registry(self.request.GET)
        valid = registry_filters_valid(filterset)
        agreements = (
            filterset.qs.prefetch_related("parties", "party_organizations")
            if valid
            else Agreement.objects.none()
        )
        page = Paginator(agreements, LIST_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = date_by_event(page.object_list)
        return super().get_context_data(
            filter=filterset,
            page=page,
            agreements=page,
            # The downloads carry the filters (not the page: an export is the whole list).
            export_query=urlencode(
                {n: self.request.GET[n] for n in filterset.filters if self.request.GET.get(n)}
            ),
            **kwargs,
        )


@public_page
class AgreementDetailView(PublicView):
    template_name = "relations/agreement_detail.html"

    def get_context_data(self, **kwargs):
        agreement = get_object_or_404(
            with_public_event(queries.public_agreements())
            .select_related("event")
            .prefetch_related("parties", "party_organizations", signings()),
            slug=kwargs["slug"],
        )
        date_by_event([agreement])
        return super().get_context_data(
            agreement=agreement,
            articles=queries.linked_coverage("agreements", agreement)[:LIST_SIZE],
            coverage_count=queries.capped_count(
                queries.linked_coverage("agreements", agreement, listing=False)
            ),
            **kwargs,
        )


@public_page
class OrganizationListView(PublicView):
    template_name = "relations/organization_list.html"

    def get_context_data(self, **kwargs):
        counts = queries.coverage_counts("organizations")
        organizations = list(
            queries.public_organizations()
            .annotate(members_count=Count("members"))
            .only("name", "abbreviation", "slug")
            .order_by("name")
        )
        for organization in organizations:
            organization.n = counts.get(organization.pk, 0)
        return super().get_context_data(organizations=organizations, **kwargs)


ORGANIZATION_FEW_LINKS = 500


@public_page
class OrganizationDetailView(PublicView):
    template_name = "relations/organization_detail.html"

    def get_context_data(self, **kwargs):
        organization = get_object_or_404(
            queries.public_organizations().prefetch_related(
                Prefetch("members", queryset=Country.objects.only("code", "name").order_by("name"))
            ),
            slug=kwargs["slug"],
        )
        # Sorting a few hundred linked articles is cheap; beyond, walk the date index.
        many = queries.links_more_than("organizations", organization, ORGANIZATION_FEW_LINKS)
        return super().get_context_data(
            organization=organization,
            events=queries.dated_events(organization.events.all())
            .select_related("host_country")
            .order_by(*queries.EVENTS_NEWEST_FIRST)[:LIST_SIZE],
            agreements=date_by_event(
                with_public_event(queries.agreements_of_organization(organization))
                .select_related("event")
                .order_by(*NEWEST_SIGNED_FIRST)[:LIST_SIZE]
            ),
            articles=queries.broad_coverage("organizations", organization, many=many)[
                :COVERAGE_SIZE
            ],
            coverage_count=queries.capped_count(
                queries.broad_coverage("organizations", organization, many=many, listing=False)
            ),
            list_size=LIST_SIZE,
            **kwargs,
        )


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@read_only
def agreement_export(request, fmt):
    """`/agreements/export.csv|json`: the registry as its filters select it, every page,
    streamed (relations.exports). Never stored in the page cache (it streams), and marked
    `no-cache` so no browser or proxy serves a copy older than the registry."""
    filterset = agreement_registry(request.GET)
    if not registry_filters_valid(filterset):
        # A data client must not take a refused filter for an empty list (the page shows the
        # error beside its field; a file has no field to show it beside). Plain text or JSON,
        # never markup: the messages may quote the value.
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        if fmt == "json":
            return JsonResponse({"errors": errors}, status=400)
        return HttpResponseBadRequest(
            "".join(f"{name}: {' '.join(messages)}\n" for name, messages in errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    filters = applied_filters(filterset)
    if request.method == "HEAD":
        content = ()  # the headers only: no reason to read the registry
    elif fmt == "csv":
        content = exports.csv_stream(filterset.qs, request)
    else:
        content = exports.json_stream(filterset.qs, request, filters=filters)
    response = StreamingHttpResponse(content, content_type=EXPORT_TYPES[fmt])
    # The values were validated (a kind, an ISO code, a year): safe in a file name.
    name = "-".join(["agreements", *(str(v).lower() for v in filters.values() if v)])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    )
    patch_cache_control(response, no_cache=True)
    return response


def applied_filters(filterset):
    """{filter name: the value applied, None when not}, from a valid (or unbound) FilterSet."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    return {name: data.get(name) or None for name in filterset.filters}
