"""/articles/, /events/ and /agreements/ filter by every documented parameter."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Source
from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory


@pytest.fixture
def other(world):
    """An article that shares nothing with the world's published one."""
    return ArticleFactory(
        title="Chinese trade delegation in Almaty",
        body="Exports of grain grew.",
        countries=["CN"],
        source=Source.objects.get(name="Xinhua"),
        published_at=timezone.now() - dt.timedelta(days=40),
        events=[EventFactory(slug="trade-fair")],
        people=[PersonFactory(slug="someone-else")],
        agreements=[AgreementFactory(slug="grain-memo")],
    )


def titles(client, query):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    return [a.title for a in response.context["articles"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=mn", "Kazakhstan and Mongolia sign a pension agreement"),
        ("country=MN", "Kazakhstan and Mongolia sign a pension agreement"),
        ("country=cn", "Chinese trade delegation in Almaty"),
        ("event=kz-mn-state-visit", "Kazakhstan and Mongolia sign a pension agreement"),
        ("event=trade-fair", "Chinese trade delegation in Almaty"),
        ("person=khurelsukh", "Kazakhstan and Mongolia sign a pension agreement"),
        ("person=someone-else", "Chinese trade delegation in Almaty"),
        ("source=kazinform", "Kazakhstan and Mongolia sign a pension agreement"),
        ("source=xinhua", "Chinese trade delegation in Almaty"),
        ("agreement=strategic-partnership", "Kazakhstan and Mongolia sign a pension agreement"),
        ("agreement=grain-memo", "Chinese trade delegation in Almaty"),
        ("q=pension", "Kazakhstan and Mongolia sign a pension agreement"),
        ("q=grain", "Chinese trade delegation in Almaty"),
    ],
)
def test_article_list_filters_by_each_parameter(client, other, query, expected):
    assert titles(client, query) == [expected]


def test_article_list_filters_by_date_range(client, world, other):
    old = timezone.localdate(other.published_at)
    assert titles(client, f"date_before={old.isoformat()}") == [other.title]
    after = (old + dt.timedelta(days=1)).isoformat()
    assert titles(client, f"date_after={after}") == [world.published.title]
    both = f"date_after={old.isoformat()}&date_before={old.isoformat()}"
    assert titles(client, both) == [other.title]


def test_date_range_follows_the_sites_days(client, world):
    """Days are Astana's (UTC+5): 23:30 local on 1 March is 18:30 UTC, 00:10 on 2 March is
    19:10 UTC on 1 March."""
    late = ArticleFactory(
        title="Late on the first", published_at=dt.datetime(2025, 3, 1, 18, 30, tzinfo=dt.UTC)
    )
    early = ArticleFactory(
        title="Early on the second", published_at=dt.datetime(2025, 3, 1, 19, 10, tzinfo=dt.UTC)
    )
    assert titles(client, "date_after=2025-03-01&date_before=2025-03-01") == [late.title]
    assert titles(client, "date_after=2025-03-02&date_before=2025-03-02") == [early.title]
    assert titles(client, "date_after=2025-03-01&date_before=2025-03-02") == [
        early.title,
        late.title,
    ]


def test_date_range_is_an_index_range(world):
    from articles.filters import ArticleFilter
    from articles.models import Article

    qs = ArticleFilter(
        {"date_after": "2025-03-01", "date_before": "2025-03-31"},
        queryset=Article.objects.for_listing(),
    ).qs
    sql = str(qs.query)
    # Compared as times, not converted to a date per row.
    assert "published_at" in sql and "::date" not in sql and "django_datetime_cast_date" not in sql


def test_article_list_filters_combine(client, world, other):
    assert titles(client, "country=cn&source=kazinform") == []


def test_partner_narrows_a_country_to_the_articles_about_both(client, world, other):
    ArticleFactory(title="China and Mongolia talk rail", countries=["CN", "MN"])
    ArticleFactory(title="Mongolia alone", countries=["MN"])

    assert titles(client, "country=mn&partner=cn") == ["China and Mongolia talk rail"]
    assert titles(client, "country=CN&partner=MN") == ["China and Mongolia talk rail"]
    assert titles(client, "country=cn&partner=+mn+") == ["China and Mongolia talk rail"]
    assert titles(client, "country=kz&partner=mn") == [
        "Kazakhstan and Mongolia sign a pension agreement"
    ]
    assert titles(client, "partner=cn") == [
        "China and Mongolia talk rail",
        "Chinese trade delegation in Almaty",
    ]
    assert titles(client, "country=mn&partner=xx") == []


def test_the_pair_page_links_to_the_pairs_whole_coverage(client, world):
    html = client.get("/countries/kz/mn/").content.decode()
    assert 'href="/articles/?country=kz&amp;partner=mn">All 1 article about Kazakhstan and' in html
    assert titles(client, "country=kz&partner=mn") == [world.published.title]


def test_article_list_shows_its_filter_form(client, world):
    html = client.get("/articles/").content.decode()
    assert "<summary>Filter articles</summary>" in html
    assert "<fieldset>" in html and ">Filter articles</legend>" in html
    for name in ("q", "country", "partner", "source", "event", "person", "agreement", "date_after"):
        assert f'name="{name}"' in html
        assert f'for="id_{name}"' in html


def test_invalid_filter_value_shows_an_error_and_no_articles(client, world):
    response = client.get("/articles/?date_after=not-a-date")
    assert response.status_code == 200
    assert list(response.context["articles"]) == []
    assert "Enter a valid date" in response.content.decode()


@pytest.mark.parametrize("query", ["date_after=0001-01-01", "date_before=9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_sets_no_bound(client, world, other, query):
    """The first day of the year 1 east of UTC, or the day after 9999-12-31, is no instant a
    timestamp can hold: the bound falls away instead of raising."""
    assert set(titles(client, query)) == {world.published.title, other.title}


@pytest.mark.parametrize("query", ["date_after=9999-12-31", "date_before=0001-01-01"])
def test_a_date_beyond_every_article_lists_none(client, world, query):
    assert titles(client, query) == []


def test_an_invalid_value_is_described_to_assistive_technology(client, world):
    """Django points an invalid field's aria-describedby at `<id>_error`: the message has it."""
    html = client.get("/articles/?date_after=not-a-date").content.decode()
    assert 'aria-describedby="id_date_after_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<span class="error" id="id_date_after_error">Enter a valid date.</span>' in html


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2024-05-01", 'value="2024-05-01"'),
        ("05/01/2024", 'value="2024-05-01"'),  # a format the form reads, shown as ISO
        ("not-a-date", None),
        ("2024-02-30", None),
    ],
)
def test_a_date_field_shows_back_only_a_date(client, world, given, shown):
    """A date input may hold an ISO date or nothing (HTML): other text is not echoed into it;
    the error beside the field says what was wrong."""
    html = client.get("/articles/", {"date_after": given}).content.decode()
    field = re.search(r'<input[^>]*name="date_after"[^>]*>', html).group(0)
    if shown:
        assert shown in field
    else:
        assert "value=" not in field


def event_names(client, query):
    return [e.name for e in client.get(f"/events/?{query}").context["events"]]


def test_event_list_filters_by_kind_year_and_country(client, world):
    forum = EventFactory(
        name="Astana forum", kind="forum", starts_on=dt.date(2025, 5, 1), ends_on=None
    )
    world.published.events.add(forum)  # public only once published coverage links it
    assert event_names(client, "kind=forum") == ["Astana forum"]
    assert event_names(client, "year=2024") == ["Kazakhstan–Mongolia state visit"]
    assert event_names(client, "country=mn") == ["Kazakhstan–Mongolia state visit"]
    assert event_names(client, "country=kz") == [
        "Astana forum",  # hosted
        "Kazakhstan–Mongolia state visit",  # attended
    ]


def agreement_titles(client, query):
    return [a.title for a in client.get(f"/agreements/?{query}").context["agreements"]]


def test_agreement_registry_filters_by_kind_party_and_year(client, world):
    memo = AgreementFactory(
        title="Grain memorandum", kind="memorandum", signed_on=dt.date(2023, 3, 1)
    )
    memo.parties.set([world.cn])
    world.published.agreements.add(memo)  # public only once published coverage links it
    assert agreement_titles(client, "kind=memorandum") == ["Grain memorandum"]
    assert agreement_titles(client, "party=mn") == ["Strategic Partnership Declaration"]
    assert agreement_titles(client, "party=CN") == ["Grain memorandum"]
    assert agreement_titles(client, "year=2023") == ["Grain memorandum"]


@pytest.mark.parametrize("few", [0, 300], ids=["walk-the-date-index", "read-the-links"])
def test_country_filter_lists_the_same_coverage_by_either_plan(
    client, world, other, monkeypatch, few
):
    """`?country=` reads like the country page (`covering`): through the country's links when
    it has few, by walking the date index when most articles name it. Both plans must list
    the same published articles, newest first, page after page."""
    import articles.filters

    monkeypatch.setattr(articles.filters, "FEW_LINKS_LISTED", few)
    mongolian = [
        ArticleFactory(
            title=f"Mongolia report {i}",
            countries=["MN"],
            published_at=timezone.now() - dt.timedelta(hours=1, minutes=i),
        )
        for i in range(25)
    ]
    ArticleFactory(title="Mongolia draft", countries=["MN"], status="draft", published_at=None)
    ArticleFactory(
        title="Mongolia scheduled",
        countries=["MN"],
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    expected = [a.title for a in mongolian] + ["Kazakhstan and Mongolia sign a pension agreement"]

    first = client.get("/articles/?country=mn")
    page = first.context["page"]
    second = client.get(f"/articles/?country=mn&before={page.next_cursor}")
    shown = [a.title for a in page.items] + [a.title for a in second.context["articles"]]

    assert shown == expected
    assert not second.context["page"].has_next


def test_country_filter_of_an_unknown_or_uncovered_country(client, world):
    assert titles(client, "country=be") == []  # a real country with no coverage
    response = client.get("/articles/?country=xx")
    assert response.status_code == 200
    assert list(response.context["articles"]) == []


@pytest.mark.parametrize("path", ["/events/", "/agreements/"])
@pytest.mark.parametrize(
    ("year", "error"),
    [
        ("0", "greater than or equal to 1"),
        ("-1", "greater than or equal to 1"),
        ("99999999999999999999", "less than or equal to 9999"),
        ("2024.5", "Enter a whole number"),
    ],
)
def test_a_year_no_date_can_hold_is_a_form_error(client, world, path, year, error):
    """The year lookup turns the year into a date range: year 0 or a twenty-digit year raised
    (a 500) before the filter checked them."""
    response = client.get(path, {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'min="1"' in html and 'max="9999"' in html
    assert not list(response.context["events" if path == "/events/" else "agreements"])


def test_a_date_range_that_ends_before_it_starts_is_a_form_error(client, world):
    """ "From" after "Until" listed nothing and said nothing; the error is now beside Until,
    where a screen reader announces it with the field."""
    response = client.get("/articles/", {"date_after": "2025-09-10", "date_before": "2025-09-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is before the From date." in html
    assert 'aria-describedby="id_date_before_error"' in html
    assert not list(response.context["articles"])
    # The same day at both ends is a one-day range, not an error.
    day = timezone.localdate(world.published.published_at).isoformat()
    response = client.get("/articles/", {"date_after": day, "date_before": day})
    assert "This is before the From date." not in response.content.decode()
    assert world.published in response.context["articles"]


def test_the_registry_dates_a_document_by_the_event_it_was_signed_at(client, world):
    """Texts often date a document only by the visit it was signed during: the registry shows
    the event's date, marked as such, and lists it under that year."""
    memo = AgreementFactory(title="Memorandum on Tourism", event=world.visit, signed_on=None)
    memo.parties.set([world.kz, world.mn])
    world.published.agreements.add(memo)  # public once published coverage links it
    html = client.get("/agreements/").content.decode()
    row = html[html.index("Memorandum on Tourism") :].split("</tr>")[0]
    # The visit lasted two days: the text does not say on which the memorandum was signed.
    assert (
        'during the event,</span> <time datetime="2024-10-28">28 Oct</time> – '
        '<time datetime="2024-10-29">29 Oct 2024</time>'
    ) in row
    listed = client.get("/agreements/", {"year": "2024"}).context["agreements"]
    # ...and a dated document under its own year.
    assert memo in listed and world.agreement in listed

    talks = EventFactory(name="Talks in Astana", starts_on=dt.date(2024, 11, 5), ends_on=None)
    note = AgreementFactory(title="Note on Transit", event=talks, signed_on=None)
    world.published.events.add(talks)
    world.published.agreements.add(note)
    cache.clear()  # the purge waits for a commit the test's transaction never makes
    html = client.get("/agreements/").content.decode()
    row = html[html.index("Note on Transit") :].split("</tr>")[0]
    assert 'at the event,</span> <time datetime="2024-11-05">5 Nov 2024</time>' in row
    assert memo not in client.get("/agreements/", {"year": "2023"}).context["agreements"]


def test_the_registry_names_organizations_that_are_parties(client, world):
    """A document adopted by an organization's members (the SCO's) has the organization as
    its party, often with no country named: its Parties cell said nothing."""
    from relations.models import Organization

    sco = Organization.objects.get(abbreviation="SCO")
    charter = AgreementFactory(title="Charter of the Youth Council", event=world.visit)
    charter.party_organizations.set([sco])
    world.agreement.party_organizations.add(sco)
    world.published.agreements.add(charter)

    html = client.get("/agreements/").content.decode()

    def parties(title):
        row = html[html.index(title) :].split("</tr>")[0]
        return re.search(r'data-label="Parties">(.*?)</td>', row).group(1)

    assert parties("Charter of the Youth Council") == f"{sco.name} (SCO)"
    assert parties(world.agreement.title) == f"Kazakhstan, Mongolia; {sco.name} (SCO)"


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("/articles/", False),
        ("/articles/?country=mn", True),
        ("/articles/?date_after=31.31.2024", True),  # a refused value is shown with its message
        ("/articles/?before=1-1", False),  # paging on is no filter
        ("/events/", False),
        ("/events/?year=2024", True),
        ("/agreements/", False),
        ("/agreements/?party=mn", True),
    ],
)
def test_filters_are_folded_away_until_one_is_set(client, world, url, opened):
    """On a phone the open form stood two screens above the first result; a reader opens it
    (a <details>, no script), and finds it open on a filtered page."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(client.get(url).content)
    (details,) = doc.xpath('//form[@class="filters"]/details')
    assert (details.get("open") is not None) is opened, url
    assert details.xpath("summary/text()")[0].startswith("Filter")
