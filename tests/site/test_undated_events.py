"""An event the coverage gives no date for stands in time by the day it was first reported,
on every page that lists events, instead of after every dated one (or, on PostgreSQL, before
them: NULL sorts first in a descending order there)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from relations.models import Event, Organization
from relations.views import LIST_SIZE
from tests.factories import AgreementFactory, ArticleFactory, EventFactory

UTC = dt.UTC


def noon(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def undated(world):
    """Beside the world's state visit (28 October 2024): consultations first reported on
    10 March 2025 (and again later; a draft of January does not count), and a summit of 2019
    that a 2025 article recalls, which that article does not date."""
    sco = Organization.objects.get(slug="sco")
    consultations = EventFactory(
        name="Kazakhstan–Mongolia consultations",
        kind="meeting",
        starts_on=None,
        ends_on=None,
        city="",
        host_country=None,
        organization=sco,
    )
    recalled = EventFactory(
        name="SCO Summit 2019", starts_on=None, ends_on=None, host_country=None, organization=sco
    )
    world.visit.organization = sco
    world.visit.save()
    for event in (consultations, recalled):
        event.countries.set([world.kz, world.mn])
    ArticleFactory(
        title="Consultations in the spring",
        published_at=noon(2025, 3, 10),
        countries=["KZ", "MN"],
        events=[consultations, recalled],
    )
    ArticleFactory(
        title="Consultations, a follow-up", published_at=noon(2025, 6, 1), events=[consultations]
    )
    ArticleFactory(
        title="Consultations announced",
        status=Article.Status.DRAFT,
        published_at=noon(2025, 1, 8),
        events=[consultations],
    )
    return consultations


ORDER = ["Kazakhstan–Mongolia consultations", "Kazakhstan–Mongolia state visit", "SCO Summit 2019"]


@pytest.mark.parametrize("url", ["/events/", "/countries/mn/", "/organizations/sco/"])
def test_an_undated_event_is_listed_by_its_first_report(client, world, undated, url):
    events = list(client.get(url).context["events"])
    assert [e.name for e in events] == ORDER
    assert [(e.starts_on, getattr(e, "day", e.starts_on)) for e in events] == [
        (None, dt.date(2025, 3, 10)),
        (dt.date(2024, 10, 28), dt.date(2024, 10, 28)),
        (None, None),
    ]


def test_the_front_page_counts_a_reported_event_among_the_recent_ones(client, world, undated):
    """Not the summit no report dates: it is in no time."""
    events = client.get("/").context["recent_events"]

    assert [e.name for e in events] == ORDER[:2]
    assert 'reported <time datetime="2025-03-10">10 Mar 2025</time>' in (
        client.get("/").content.decode()
    )


def test_the_event_list_says_the_date_is_that_of_the_first_report(client, world, undated):
    html = client.get("/events/").content.decode()

    assert 'Meeting · first reported <time datetime="2025-03-10">10 March 2025</time>' in html
    assert "8 January 2025" not in html  # the draft's day
    summit = html[html.index("SCO Summit 2019") :]
    assert "reported" not in summit[: summit.index("</li>")]


def test_the_event_page_says_its_dates_are_not_given(client, world, undated):
    html = client.get(undated.get_absolute_url()).content.decode()

    assert (
        "<dt>Dates</dt><dd>Not given in the coverage; first reported "
        '<time datetime="2025-03-10">10 March 2025</time></dd>'
    ) in html
    recalled = client.get(reverse("relations:event-detail", kwargs={"slug": "sco-summit-2019"}))
    assert "<dt>Dates</dt>" not in recalled.content.decode()


def test_the_country_page_marks_the_day_as_a_report(client, world, undated):
    html = client.get("/countries/mn/").content.decode()

    item = html[html.index("Kazakhstan–Mongolia consultations") :]
    assert item[: item.index("</li>")].endswith(
        'reported <time datetime="2025-03-10">10 Mar 2025</time></span>'
    )


def test_the_pair_timeline_places_it_by_its_first_report(client, world, undated):
    html = client.get("/countries/kz/mn/").content.decode()

    entry = html[: html.index("Kazakhstan–Mongolia consultations")]
    entry = entry[entry.rindex("<li") :]
    assert '<time datetime="2025-03-10">10 March 2025</time> (first reported) · Meeting' in entry
    # Newest first: the report's article, then the event it reported, then the 2024 visit;
    # the recalled summit keeps no date and comes last.
    positions = [
        html.index(text)
        for text in (
            "Consultations in the spring",
            "Kazakhstan–Mongolia consultations",
            "Kazakhstan–Mongolia state visit",
            "SCO Summit 2019",
        )
    ]
    assert positions == sorted(positions)
    summit = html[: html.index("SCO Summit 2019")]
    assert "Undated · Summit" in summit[summit.rindex("<li") :]


def test_an_event_dated_by_its_coverage_keeps_its_own_dates(client, world, undated):
    """The first report is read only for an undated event."""
    undated.starts_on = undated.ends_on = dt.date(2024, 1, 15)
    undated.save()

    events = list(client.get("/events/").context["events"])

    assert [e.name for e in events] == [
        "Kazakhstan–Mongolia state visit",
        "Kazakhstan–Mongolia consultations",
        "SCO Summit 2019",
    ]
    assert events[1].day == dt.date(2024, 1, 15)


def test_the_year_filter_finds_an_event_by_its_first_report(client, world, undated):
    def listed(year):
        return [e.name for e in client.get(f"/events/?year={year}").context["events"]]

    assert listed(2025) == ["Kazakhstan–Mongolia consultations"]
    assert listed(2024) == ["Kazakhstan–Mongolia state visit"]


def test_a_document_signed_at_an_undated_event_stands_at_its_first_report(client, world, undated):
    memo = AgreementFactory(title="Consultations protocol", event=undated, signed_on=None)
    memo.parties.set([world.kz, world.mn])
    Article.objects.get(title="Consultations in the spring").agreements.add(memo)

    html = client.get("/countries/kz/mn/").content.decode()

    entry = html[: html.index("Consultations protocol")]
    entry = entry[entry.rindex("<li") :]
    assert (
        '<time datetime="2025-03-10">10 March 2025</time> (day the event was first reported)'
        in entry
    )
    assert html.index("Consultations protocol") < html.index("Kazakhstan–Mongolia state visit")


# A document without a signing date, signed at an undated event, is dated by the event's first
# report in the registry (and its year filter) and on its own page, as on the pair page.


def signed_at(event, title, *, reported_by="Consultations in the spring"):
    """A document without a signing date, signed at `event`, that a published article links."""
    document = AgreementFactory(title=title, event=event, signed_on=None)
    Article.objects.get(title=reported_by).agreements.add(document)
    return document


def registry_cell(html, title):
    """The registry row's "Signed" cell of the document titled `title`."""
    row = html[html.index(title) :]
    row = row[: row.index("</tr>")]
    return row[row.index('data-label="Signed">') : row.rindex("</td>")]


def test_the_registry_dates_a_document_at_an_undated_event_by_its_first_report(
    client, world, undated
):
    signed_at(undated, "Consultations protocol")

    html = client.get("/agreements/").content.decode()

    assert registry_cell(html, "Consultations protocol") == (
        'data-label="Signed"><span class="meta">at the event, first reported</span> '
        '<time datetime="2025-03-10">10 Mar 2025</time>'
    )


def test_the_registry_year_filter_finds_it_by_its_first_report(client, world, undated):
    signed_at(undated, "Consultations protocol")

    def listed(year):
        return [a.title for a in client.get(f"/agreements/?year={year}").context["agreements"]]

    assert listed(2025) == ["Consultations protocol"]
    assert listed(2024) == ["Strategic Partnership Declaration"]


def test_the_agreement_page_dates_it_by_its_first_report(client, world, undated):
    document = signed_at(undated, "Consultations protocol")

    html = client.get(document.get_absolute_url()).content.decode()

    assert (
        "<dt>Date signed</dt><dd>At the event, first reported "
        '<time datetime="2025-03-10">10 March 2025</time></dd>'
    ) in html
    # The description search engines and link previews show says so too.
    assert (
        '<meta name="description" content="Consultations protocol. Memorandum, '
        "Kazakhstan–Mongolia consultations (first reported 10 March 2025)."
    ) in html


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_only_a_published_article_dates_it(client, world, undated, status):
    """An earlier article the public cannot read linking the event gives it no date: the
    document stands at the published report's day, not at the unpublished one's."""
    ArticleFactory(
        title="Consultations, an early text",
        status=status,
        published_at=noon(2024, 12, 2),
        events=[undated],
    )
    document = signed_at(undated, "Consultations protocol")

    registry = client.get("/agreements/").content.decode()
    detail = client.get(document.get_absolute_url()).content.decode()
    in_2024 = [a.title for a in client.get("/agreements/?year=2024").context["agreements"]]

    assert '<time datetime="2025-03-10">10 Mar 2025</time>' in registry_cell(
        registry, "Consultations protocol"
    )
    assert '<time datetime="2025-03-10">10 March 2025</time>' in detail
    for html in (registry, detail):
        assert "2024-12-02" not in html
        assert "8 Jan" not in html  # the fixture's draft of 8 January 2025
    assert "Consultations protocol" not in in_2024


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_an_event_only_unpublished_articles_link_dates_nothing(client, world, undated, status):
    """The document is public (a published article links it), its event is not: the event's
    unpublished reports neither name it nor date the document, in the registry, its year
    filter or the document's page."""
    planned = EventFactory(name="Planned consultations", starts_on=None, ends_on=None)
    fields = (
        {"status": Article.Status.DRAFT, "published_at": noon(2025, 2, 1)}
        if status == "draft"
        else {"published_at": timezone.now() + dt.timedelta(days=3)}
    )
    ArticleFactory(title="Consultations planned", events=[planned], **fields)
    document = signed_at(planned, "Planned protocol")
    signed_at(undated, "Consultations protocol")  # dated: the page does show report days

    registry = client.get("/agreements/").content.decode()
    detail = client.get(document.get_absolute_url()).content.decode()
    years = {
        year: [a.title for a in client.get(f"/agreements/?year={year}").context["agreements"]]
        for year in (2025, timezone.localdate().year)
    }

    assert "first reported" in registry_cell(registry, "Consultations protocol")
    assert registry_cell(registry, "Planned protocol") == 'data-label="Signed">—'
    assert "<dt>Date signed</dt>" not in detail
    assert "Planned consultations" not in registry + detail
    assert years[2025] == ["Consultations protocol"]
    assert "Planned protocol" not in years[timezone.localdate().year]


def test_a_dated_event_gives_its_own_date_not_its_first_report(client, world, undated):
    """The world's visit starts on 28 October 2024 and was first reported two days ago."""
    document = signed_at(world.visit, "Visit protocol")

    registry = client.get("/agreements/").content.decode()
    detail = client.get(document.get_absolute_url()).content.decode()

    def listed(year):
        return [a.title for a in client.get(f"/agreements/?year={year}").context["agreements"]]

    assert registry_cell(registry, "Visit protocol") == (
        'data-label="Signed"><span class="meta">during the event,</span> '
        '<time datetime="2024-10-28">28 Oct</time> – <time datetime="2024-10-29">29 Oct 2024</time>'
    )
    assert (
        '<dt>Date signed</dt><dd>During the event, <time datetime="2024-10-28">28 October '
        '2024</time> – <time datetime="2024-10-29">29 October 2024</time></dd>'
    ) in detail
    assert "Visit protocol" in listed(2024)
    assert "Visit protocol" not in listed(timezone.localdate().year)


def test_an_event_whose_name_gives_another_year_dates_no_document(client, world, undated):
    """ "SCO Summit 2019", recalled in the 2025 article that reported the consultations: that
    article's day is not the summit's, so the document signed there stays undated."""
    summit = Event.objects.get(name="SCO Summit 2019")
    recalled = signed_at(summit, "Summit charter")
    signed_at(undated, "Consultations protocol")

    registry = client.get("/agreements/").content.decode()
    detail = client.get(recalled.get_absolute_url()).content.decode()
    in_2025 = [a.title for a in client.get("/agreements/?year=2025").context["agreements"]]

    assert registry_cell(registry, "Summit charter") == 'data-label="Signed">—'
    assert "first reported" in registry_cell(registry, "Consultations protocol")
    assert "<dt>Date signed</dt>" not in detail
    assert in_2025 == ["Consultations protocol"]


def test_the_registry_keeps_documents_dated_by_an_event_after_the_signed_ones(
    client, world, undated
):
    """Its order is the signing date's (read from `agreement_signed_idx`), in the page and the
    exports alike: a document dated by its event's first report comes after the signed ones,
    as one dated by its event's start always has."""
    signed_at(undated, "Consultations protocol")
    signed_at(world.visit, "Visit protocol")

    listed = [a.title for a in client.get("/agreements/").context["agreements"]]
    export = client.get("/agreements/export.json")
    exported = [a["title"] for a in json.loads(b"".join(export.streaming_content))["agreements"]]

    assert listed == [
        "Strategic Partnership Declaration",
        "Consultations protocol",
        "Visit protocol",
    ]
    assert exported == listed


def test_the_export_writes_no_first_report_day(client, world, undated):
    """The export gives the dates the texts give (`relations.exports`): the year filter finds
    the document by its event's first report, as the registry does, but no column says that
    day, and `signed_on` stays empty."""
    signed_at(undated, "Consultations protocol")

    document = client.get("/agreements/export.json", {"year": "2025"})
    response = client.get("/agreements/export.csv", {"year": "2025"})
    text = b"".join(response.streaming_content).decode("utf-8")[1:]
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    (record,) = json.loads(b"".join(document.streaming_content))["agreements"]

    assert row["title"] == record["title"] == "Consultations protocol"
    assert row["signed_on"] == row["event_starts_on"] == ""
    assert record["signed_on"] is None
    assert record["event"]["starts_on"] is None
    assert row["event"] == record["event"]["name"] == "Kazakhstan–Mongolia consultations"
    assert "2025-03-10" not in text
    assert "2025-03-10" not in json.dumps(record)


def test_the_registry_dates_documents_by_their_events_in_constant_queries(
    client, world, undated, django_assert_num_queries
):
    """The days of the page's undated events come in one query, not a query per row."""

    def add(n, start):
        for i in range(start, start + n):
            event = EventFactory(name=f"Working group {i}", starts_on=None, ends_on=None)
            Article.objects.get(title="Consultations, a follow-up").events.add(event)
            signed_at(event, f"Working group protocol {i:02d}")

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/agreements/").status_code == 200
    add(LIST_SIZE, 2)
    cache.clear()  # the page cache would answer without a query
    with django_assert_num_queries(len(few)):
        html = client.get("/agreements/").content.decode()
    assert html.count("at the event, first reported</span>") == LIST_SIZE - 1  # and the world's


@pytest.mark.parametrize("url", ["/countries/mn/", "/organizations/sco/"])
def test_entity_pages_date_a_document_at_an_undated_event_by_its_first_report(
    client, world, undated, url
):
    document = signed_at(undated, "Consultations protocol")
    document.parties.set([world.kz, world.mn])
    document.party_organizations.add(Organization.objects.get(slug="sco"))

    html = client.get(url).content.decode()

    item = html[html.index(">Consultations protocol</a>") :]
    item = item[: item.index("</li>")]
    assert item.endswith(
        ", at Kazakhstan–Mongolia consultations, first reported "
        '<time datetime="2025-03-10">10 Mar 2025</time></span>'
    )
