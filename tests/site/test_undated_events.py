"""An event the coverage gives no date for stands in time by the day it was first reported,
on every page that lists events, instead of after every dated one (or, on PostgreSQL, before
them: NULL sorts first in a descending order there)."""

import datetime as dt

import pytest
from django.urls import reverse

from articles.models import Article
from relations.models import Organization
from tests.factories import ArticleFactory, EventFactory

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
    from tests.factories import AgreementFactory

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
