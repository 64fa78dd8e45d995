"""Every public URL answers with its content; unknown things are 404; pairs are canonical."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles.views import FRONT_PAGE_WINDOW
from relations.models import Agreement, Country, Event, Figure, Indicator, Signatory
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
)


def page_urls(world):
    return {
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "article": world.published.get_absolute_url(),
        "countries": reverse("relations:country-list"),
        "country": reverse("relations:country-detail", kwargs={"code": "mn"}),
        "pair": reverse("relations:country-pair", kwargs={"a": "kz", "b": "mn"}),
        "events": reverse("relations:event-list"),
        "event": world.visit.get_absolute_url(),
        "person": world.president.get_absolute_url(),
        "agreements": reverse("relations:agreement-list"),
        "agreement": world.agreement.get_absolute_url(),
        "source": world.source.get_absolute_url(),
        "sources": reverse("articles:source-list"),
        "search": reverse("articles:search") + "?q=pension",
    }


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "list",
        "article",
        "countries",
        "country",
        "pair",
        "events",
        "event",
        "person",
        "agreements",
        "agreement",
        "source",
        "sources",
        "search",
    ],
)
def test_public_page_answers_and_shows_the_published_article(client, world, name):
    response = client.get(page_urls(world)[name])
    assert response.status_code == 200
    html = response.content.decode()
    if name not in ("events", "agreements", "countries", "sources"):
        assert "Kazakhstan and Mongolia sign a pension agreement" in html
    assert html.count("<h1") == 1


def test_contract_urls_are_the_designed_paths(world):
    assert reverse("relations:country-detail", kwargs={"code": "mn"}) == "/countries/mn/"
    assert reverse("relations:country-pair", kwargs={"a": "kz", "b": "mn"}) == "/countries/kz/mn/"
    assert reverse("articles:feed-latest") == "/feeds/latest/"
    assert reverse("articles:feed-country", kwargs={"code": "mn"}) == "/countries/mn/feed/"
    assert reverse("articles:feed-event", kwargs={"slug": "x"}) == "/events/x/feed/"
    assert reverse("articles:search") == "/search/"
    assert reverse("sitemap") == "/sitemap.xml"


@pytest.mark.parametrize(
    "url",
    [
        "/countries/xx/",
        "/countries/kz/xx/",
        "/countries/mn/mn/",
        "/events/no-such-event/",
        "/people/nobody/",
        "/agreements/no-such-agreement/",
        "/sources/no-such-source/",
        "/articles/2020/01/01/no-such-article/",
        "/countries/xx/feed/",
        "/events/no-such-event/feed/",
    ],
)
def test_unknown_things_are_404(client, world, url):
    assert client.get(url).status_code == 404


def test_article_url_with_the_wrong_date_is_404(client, world):
    url = "/articles/1999/01/01/" + world.published.slug + "/"
    assert client.get(url).status_code == 404


def test_uppercase_country_code_redirects_permanently_to_lowercase(client, world):
    response = client.get("/countries/MN/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/mn/"


def test_pair_in_reverse_order_redirects_to_the_canonical_order(client, world):
    response = client.get("/countries/mn/kz/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/kz/mn/"


def test_pair_in_upper_case_redirects_to_the_canonical_url(client, world):
    response = client.get("/countries/KZ/MN/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/kz/mn/"


def test_pair_timeline_merges_event_agreement_and_article_newest_first(client, world):
    html = client.get("/countries/kz/mn/").content.decode()
    article = html.index("Kazakhstan and Mongolia sign a pension agreement")
    event = html.index("Kazakhstan–Mongolia state visit")
    agreement = html.index("Strategic Partnership Declaration")
    assert article < event  # the article (two days ago) is newer than the 2024 visit
    assert article < agreement
    assert "Minister of Foreign Affairs" in html  # the signatory's role


def test_pair_timeline_says_where_its_articles_stop_and_links_to_the_older_ones(client, world):
    """The timeline shows the pair's 40 latest articles, but its events and agreements go
    back years: a note stands below the last article shown, linking to the ones before it."""
    import re

    from django.core.cache import cache

    from relations.views import TIMELINE_SIZE
    from tests.site.conftest import bulk_articles

    assert (
        "Older articles are not in this timeline"
        not in client.get("/countries/kz/mn/").content.decode()
    )

    bulk_articles(world, TIMELINE_SIZE + 5)  # 3 days ago, a minute apart: "Bulk report 0" newest
    cache.clear()  # bulk_create skips the signals that purge the cached page
    html = client.get("/countries/kz/mn/").content.decode()
    note = html.index("Older articles are not in this timeline")
    last_shown = f"Bulk report {TIMELINE_SIZE - 2}<"  # the world's own article is the newest
    assert html.index(last_shown) < note < html.index("Kazakhstan–Mongolia state visit")
    assert f"Bulk report {TIMELINE_SIZE - 1}<" not in html

    link = re.search(r'<a href="([^"]+)">the articles about both before this one</a>', html[note:])
    older = client.get(link.group(1).replace("&amp;", "&"))
    assert [a.title for a in older.context["articles"]] == [
        f"Bulk report {i}" for i in range(TIMELINE_SIZE - 1, TIMELINE_SIZE + 5)
    ]


def test_pair_figures_are_a_chart_and_a_table_with_the_same_numbers(client, world):
    html = client.get("/countries/kz/mn/").content.decode()
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert '<th scope="col">Year</th>' in html and "<caption>Trade turnover" in html
    for value in ("450.5", "520", "610.25"):
        assert html.count(value) >= 2  # once in the chart, once in the table


def test_a_year_without_a_figure_is_a_gap_in_the_chart(client, world):
    from relations.queries import pair_figures

    indicator = Indicator.objects.get(name="Trade turnover")
    early = Figure.objects.create(
        indicator=indicator, country_a=world.kz, country_b=world.mn, year=2018, value=300
    )
    world.published.figures.add(early)

    (series,) = pair_figures(world.kz, world.mn)
    x = {bar.year: bar.x for bar in series.bars}
    assert list(x) == [2018, 2022, 2023, 2024]
    step = x[2023] - x[2022]
    assert step > 0 and abs((x[2022] - x[2018]) - 4 * step) < 0.5  # 2019-2021 left empty


def test_country_page_links_its_most_covered_partners_to_pair_pages(client, world):
    ArticleFactory(title="China and Mongolia", countries=["MN", "CN"])
    html = client.get("/countries/mn/").content.decode()
    assert 'href="/countries/kz/mn/"' in html
    assert 'href="/countries/cn/mn/"' in html


def test_country_page_shows_coverage_by_month(client, world):
    response = client.get("/countries/mn/")
    months = response.context["months"]
    assert [m["n"] for m in months] == [1]
    html = response.content.decode()
    assert "Coverage by month" in html
    # The caption names the twelve months the table covers, ending with the latest article's.
    latest = timezone.localtime(response.context["articles"][0].published_at)
    first = latest.year * 12 + latest.month - 12  # eleven months earlier, counted from year 0
    first = dt.date(first // 12, first % 12 + 1, 1)
    assert f"per month, {first:%B %Y} to {latest:%B %Y} (months without" in html


def test_country_page_lists_events_hosted_or_attended_and_agreements(client, world):
    hosted_elsewhere = EventFactory(name="Summit in Astana attended by Mongolia")
    hosted_elsewhere.countries.set([world.mn])
    world.published.events.add(hosted_elsewhere)  # public once published coverage links it
    html = client.get("/countries/mn/").content.decode()
    assert "Kazakhstan–Mongolia state visit" in html  # hosted
    assert "Summit in Astana attended by Mongolia" in html  # attended
    assert "Strategic Partnership Declaration" in html
    assert "Ukhnaagiin Khurelsukh" in html


def test_countries_page_lists_covered_countries_first_with_counts(client, world):
    response = client.get("/countries/")
    covered = [c.code for c in response.context["covered"]]
    assert set(covered) == {"KZ", "MN"}
    assert all(c.n == 1 for c in response.context["covered"])
    # The rest follow, folded away: a reader looking for one still finds it.
    others = lxml_html.fromstring(response.content).xpath(
        '//section[@aria-labelledby="others-heading"]/details'
    )[0]
    assert others.xpath("string(summary)") == (
        f"{Country.objects.count() - 2} countries with no published coverage yet"
    )
    assert "Uruguay" in others.xpath("string(.//ul)")


def test_event_page_lists_documents_signed_there_with_signatories(client, world):
    html = client.get(world.visit.get_absolute_url()).content.decode()
    assert "Strategic Partnership Declaration" in html
    assert "Murat Nurtleu" in html and "Minister of Foreign Affairs" in html
    assert "Ulaanbaatar" in html


def test_event_page_names_its_host_country_once_in_its_facts(client, world):
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(client.get(world.visit.get_absolute_url()).content)
    facts = doc.xpath('//dl[@class="facts"]')[0]
    assert [term.text_content() for term in facts.xpath("dt")][:3] == ["Kind", "Dates", "Place"]
    assert " ".join(facts.xpath("dd[3]")[0].text_content().split()) == "Ulaanbaatar, Mongolia"
    assert len(facts.xpath('.//a[@href="/countries/mn/"]')) == 2  # the place, and a participant


def test_person_roles_have_term_columns_only_when_some_term_is_dated(client, world):
    from django.core.cache import cache
    from lxml import html as lxml_html

    def headers():
        cache.clear()  # the page is cached whole
        doc = lxml_html.fromstring(client.get(world.president.get_absolute_url()).content)
        return [th.text_content() for th in doc.xpath("//table[1]/thead//th")]

    assert headers() == ["Role", "Stated in coverage"]
    world.president.positions.update(started_on=dt.date(2021, 6, 25))
    assert headers() == ["Role", "From", "To", "Stated in coverage"]


def test_person_page_shows_roles_and_agreements_signed(client, world):
    html = client.get(world.president.get_absolute_url()).content.decode()
    assert "President of Mongolia" in html
    world.published.people.add(world.minister)  # public once published coverage links him
    html = client.get(world.minister.get_absolute_url()).content.decode()
    assert "Strategic Partnership Declaration" in html


@pytest.fixture
def undated(world):
    """Beside the world's declaration (28 October 2024), an older dated document and an
    undated one, created and titled so that only the order by date lists the undated last.
    The minister signed all three; an organization is a party to all three."""
    organization = OrganizationFactory(name="Eurasian Economic Union", slug="eaeu")
    world.agreement.party_organizations.add(organization)
    world.published.people.add(world.minister)  # his page is public
    for title, signed_on in [
        ("Accord without a date", None),
        ("Older accord", dt.date(2020, 5, 4)),
    ]:
        agreement = AgreementFactory(title=title, signed_on=signed_on)
        agreement.parties.set([world.kz, world.mn])
        agreement.party_organizations.add(organization)
        Signatory.objects.create(agreement=agreement, person=world.minister, party=world.kz)
        world.published.agreements.add(agreement)
    return organization


def listed_agreements(client, world, page):
    if page == "agreements":
        return [a.title for a in client.get("/agreements/").context["agreements"]]
    if page == "country":
        return [a.title for a in client.get("/countries/kz/").context["agreements"]]
    if page == "organization":
        return [a.title for a in client.get("/organizations/eaeu/").context["agreements"]]
    if page == "person":
        response = client.get(world.minister.get_absolute_url())
        return [s.agreement.title for s in response.context["signings"]]
    # The documents signed at an event: the undated one there too.
    Agreement.objects.filter(signed_on__lt=world.agreement.signed_on).update(event=world.visit)
    Agreement.objects.filter(signed_on=None).update(event=world.visit)
    return [
        a.title for a in client.get("/events/kz-mn-state-visit/").context["event"].agreements.all()
    ]


# Not "page": that name is pytest-playwright's fixture, and a test taking it is run in a browser
# (and reordered among the transactional browser tests, which flush the database).
@pytest.mark.parametrize("kind", ["agreements", "country", "organization", "person", "event"])
def test_undated_agreements_are_listed_after_the_dated_ones(client, world, undated, kind):
    """Newest first, and a document without a signing date last, on both engines (PostgreSQL
    puts NULL first in a descending order, SQLite last)."""
    assert listed_agreements(client, world, kind) == [
        "Strategic Partnership Declaration",
        "Older accord",
        "Accord without a date",
    ]


def test_agreement_page_shows_parties_signatories_and_event(client, world):
    html = client.get(world.agreement.get_absolute_url()).content.decode()
    assert "Mongolia" in html and "Kazakhstan" in html
    assert "Murat Nurtleu" in html
    assert "Kazakhstan–Mongolia state visit" in html


def test_source_page_shows_what_it_published_and_what_cites_it(client, world):
    mfa = world.published.cited_source
    response = client.get(mfa.get_absolute_url())
    assert list(response.context["citing"]) == [world.published]
    assert list(response.context["published"]) == []


def test_search_finds_the_article_by_a_body_word(client, world):
    response = client.get("/search/?q=pension")
    assert [a.pk for a in response.context["results"]] == [world.published.pk]


def test_search_without_words_shows_the_form_only(client, world):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] == []


FEED_URLS = [
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/countries/mn/feed/",
    "/countries/mn/feed/atom/",
    "/events/kz-mn-state-visit/feed/",
    "/events/kz-mn-state-visit/feed/atom/",
    "/sources/kazinform/feed/",
    "/sources/kazinform/feed/atom/",
]

PUBLIC_URLS = [
    "/",
    "/articles/",
    "/search/?q=pension",
    "/countries/",
    "/countries/mn/",
    "/countries/kz/mn/",
    "/events/",
    "/events/kz-mn-state-visit/",
    "/people/",
    "/people/khurelsukh/",
    "/agreements/",
    "/agreements/strategic-partnership/",
    "/sources/",
    "/sources/kazinform/",
    *FEED_URLS,
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_urls_answer_reading_methods_only(world, url):
    """The site is read-only to the public: HEAD as GET, any other method 405 (the feeds
    answered every method with the feed), as a real client meets it: with the CSRF check on,
    which used to answer a POST first, with its failure page (403)."""
    client = Client(enforce_csrf_checks=True)
    assert client.head(url).status_code == 200
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, response.status_code)
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_pair_timeline_leaves_out_a_summit_neither_country_attended(client, world):
    summit = EventFactory(name="Summit in Tianjin", host_country=world.cn)
    summit.countries.set([world.cn])
    AgreementFactory(title="Tianjin Declaration", event=summit)
    ArticleFactory(title="Both at a summit", countries=["KZ", "MN"], events=[summit])
    html = client.get("/countries/kz/mn/").content.decode()
    assert "Both at a summit" in html
    assert "Summit in Tianjin" not in html
    assert "Tianjin Declaration" not in html


def test_pair_timeline_includes_documents_without_parties_signed_at_a_pair_event(client, world):
    memo = AgreementFactory(title="Memorandum on Tourism", event=world.visit)
    world.published.agreements.add(memo)  # public once published coverage links it
    assert "Memorandum on Tourism" in client.get("/countries/kz/mn/").content.decode()


def test_pair_timeline_leaves_out_an_organizations_documents_when_one_country_is_no_member(
    client, world
):
    """A summit the pair's coverage names brings its documents without parties; one whose
    party is an organization only when both countries are members of it."""
    both = OrganizationFactory(name="Both-member council", abbreviation="BMC")
    both.members.set([world.kz, world.mn])
    one = OrganizationFactory(name="Shanghai-style organization", abbreviation="SSO")
    one.members.set([world.kz, world.cn])
    summit = EventFactory(name="Summit in Tianjin", host_country=world.cn)
    summit.countries.set([world.cn, world.kz])
    members_only = AgreementFactory(title="Member states' agreement", event=summit)
    members_only.party_organizations.set([one])
    shared = AgreementFactory(title="Council statement", event=summit)
    shared.party_organizations.set([both])
    AgreementFactory(title="Summit communique", event=summit)
    ArticleFactory(
        title="Both at a summit",
        countries=["KZ", "MN", "CN"],
        events=[summit],
        agreements=list(summit.agreements.all()),
    )

    pair = client.get("/countries/kz/mn/").content.decode()
    assert "Summit in Tianjin" in pair
    assert "Summit communique" in pair and "Council statement" in pair
    assert "Member states&#x27; agreement" not in pair
    # China and Kazakhstan are both members: the document is part of their relations.
    assert "Member states&#x27; agreement" in client.get("/countries/cn/kz/").content.decode()


def test_pair_timeline_dates_an_undated_document_by_the_event_it_was_signed_at(client, world):
    memo = AgreementFactory(title="Memorandum on Tourism", event=world.visit, signed_on=None)
    world.published.agreements.add(memo)
    EventFactory(name="Older forum", starts_on=dt.date(2023, 5, 1)).countries.set(
        [world.kz, world.mn]
    )
    world.published.events.add(Event.objects.get(name="Older forum"))

    html = client.get("/countries/kz/mn/").content.decode()

    entry = html[html.index("Memorandum on Tourism") - 400 : html.index("Memorandum on Tourism")]
    assert (
        '<time datetime="2024-10-28">28 October 2024</time> (during the event, which ran to '
        '<time datetime="2024-10-29">29 October 2024</time>)'
    ) in entry
    assert html.index("Kazakhstan–Mongolia state visit") < html.index("Memorandum on Tourism")
    assert html.index("Memorandum on Tourism") < html.index("Older forum")
    assert "Undated" not in html


def test_pair_timeline_keeps_a_document_undated_when_its_event_is_not_public(client, world):
    hidden = EventFactory(name="Closed consultations", starts_on=dt.date(2025, 1, 10))
    hidden.countries.set([world.kz, world.mn])
    memo = AgreementFactory(title="Protocol of consultations", event=hidden, signed_on=None)
    memo.parties.set([world.kz, world.mn])
    world.published.agreements.add(memo)

    html = client.get("/countries/kz/mn/").content.decode()

    entry = html[
        html.index("Protocol of consultations") - 300 : html.index("Protocol of consultations")
    ]
    assert "Undated" in entry
    assert "2025-01-10" not in html and "Closed consultations" not in html


def test_article_page_lists_what_it_links_in_order_from_one_query(
    client, world, django_assert_num_queries
):
    older = EventFactory(
        name="Astana forum", slug="astana-forum", starts_on=dt.date(2023, 5, 1), ends_on=None
    )
    undated = EventFactory(name="Working group", slug="working-group", starts_on=None, ends_on=None)
    un = OrganizationFactory(name="United Nations", abbreviation="UN", slug="un")
    article = ArticleFactory(
        title="Links in order",
        countries=["MN", "KZ", "CN"],
        events=[undated, older, world.visit],
        people=[world.president, world.minister],
        agreements=[world.agreement],
    )
    article.organizations.set([un])

    links = article.linked_entities()
    assert [c.name for c in links["countries"]] == ["China", "Kazakhstan", "Mongolia"]
    # Newest first, undated last (the events' own order).
    assert [e.name for e in links["events"]] == [world.visit.name, "Astana forum", "Working group"]
    assert [p.name for p in links["people"]] == ["Murat Nurtleu", "Ukhnaagiin Khurelsukh"]
    assert [str(o) for o in links["organizations"]] == ["United Nations (UN)"]

    # The article, everything it links, its other published editions (none here), and the
    # page cache asking when the next one is due.
    with django_assert_num_queries(4):
        html = client.get(article.get_absolute_url()).content.decode()
    sidebar = html.split('aria-label="In this article"', 1)[1]
    for url, text in [
        ("/countries/cn/", "China"),
        (world.visit.get_absolute_url(), world.visit.name),
        (world.president.get_absolute_url(), world.president.name),
        (world.agreement.get_absolute_url(), world.agreement.title),
        (un.get_absolute_url(), "United Nations (UN)"),
    ]:
        assert f'<a href="{url}">{text}</a>' in sidebar
    assert sidebar.index("Astana forum") < sidebar.index("Working group")


def test_source_page_counts_stop_at_a_thousand(client, world):
    from tests.site.conftest import bulk_articles

    bulk_articles(world, 1001)
    html = client.get(world.source.get_absolute_url()).content.decode()
    assert f'Published by {world.source.name} <span class="count">(1000+)</span>' in html
    assert f'Citing {world.source.name} <span class="count">(1000+)</span>' in html
    assert "All 1000+ articles from" in html


def test_a_figure_is_shown_as_written_without_padded_zeros(client, world):
    """The column keeps two decimals: 35.3 came back as 35.30, 520 as 520.00."""
    target = Figure.objects.create(
        indicator=Indicator.objects.get(name="Trade turnover"),
        country_a=world.kz,
        country_b=world.mn,
        year=2025,
        value=Decimal("35.3"),
        kind=Figure.Kind.TARGET,
        quote="Turnover should reach 35.3 million.",
    )
    world.published.figures.add(target)
    html = client.get("/countries/kz/mn/").content.decode()
    doc = lxml_html.fromstring(html)
    cells = [c.text_content() for c in doc.xpath('//table[@class="figures"]//td[@class="num"]')]
    assert cells == ["450.5", "520", "610.25", "35.3"]
    chart = doc.xpath('//*[local-name()="text"][@class="value"]/text()')
    assert chart == ["450.5", "520", "610.25"]
    desc = doc.xpath('string(//*[local-name()="desc"])')
    assert "450.5 USD" in desc and "520 USD" in desc and ".50" not in desc and ".00" not in desc
    assert ".00" not in html.split('class="figures"')[1].split("</table>")[0]


def test_a_figure_of_thousands_is_grouped_and_not_padded(client, world):
    figure = Figure.objects.get(year=2022)
    figure.value = Decimal("1250.50")
    figure.save()
    html = client.get("/countries/kz/mn/").content.decode()
    assert "1,250.5<" in html and "1,250.50" not in html


def robots(client, url):
    doc = lxml_html.fromstring(client.get(url).content)
    return doc.xpath('//meta[@name="robots"]/@content')


def test_a_country_without_published_coverage_is_not_indexed(client, world):
    assert robots(client, "/countries/zw/") == ["noindex"]


def test_a_country_covered_only_by_a_draft_is_not_indexed(client, world):
    ArticleFactory(title="Draft about Zimbabwe", countries=["ZW"], status="draft")
    assert robots(client, "/countries/zw/") == ["noindex"]


def test_a_covered_country_is_indexed(client, world):
    assert robots(client, "/countries/mn/") == []


def test_a_sentence_giving_several_figures_is_quoted_once(client, world):
    """One sentence often states a pair's turnover for several years: the table quotes it on
    its first row and says "As above" on the rows it also gave, instead of repeating it."""
    sentence = "Turnover reached 610.25 million in 2024, against 520 in 2023 and 450.5 in 2022."
    world.published.body += f"\n\n{sentence}"
    world.published.save()
    Figure.objects.filter(year__in=[2023, 2024]).update(quote=sentence)
    Figure.objects.filter(year=2022).update(quote="Trade stood at 450.5 million in 2022.")
    html = client.get("/countries/kz/mn/").content.decode()
    table = lxml_html.fromstring(html).xpath('//table[@class="figures"]')[0]
    quotes = [row.xpath("string(td[3])") for row in table.xpath(".//tbody/tr")]
    assert quotes == ["—", sentence, "As above"]


def test_the_front_page_ranks_partners_not_the_home_country(client, world, settings):
    """Nearly every article names Kazakhstan: at the top of "most covered" it said nothing."""
    ArticleFactory(title="China and Kazakhstan on transit", countries=["KZ", "CN"])
    ArticleFactory(title="China and Mongolia on grain", countries=["KZ", "CN", "MN"])
    doc = lxml_html.fromstring(client.get("/").content)
    section = doc.xpath('//section[@aria-labelledby="countries-heading"]')[0]
    assert section.xpath("string(h2)") == "Most covered partners"
    assert section.xpath('string(p[@class="meta"])') == (
        f"Counted over the {FRONT_PAGE_WINDOW} most recent articles."
    )
    assert [" ".join(li.text_content().split()) for li in section.xpath(".//li")] == [
        "China (2 articles)",
        "Mongolia (2 articles)",
    ]

    settings.HOME_COUNTRY = "CN"  # another newsroom's subject
    doc = lxml_html.fromstring(client.get("/?other").content)
    names = doc.xpath('//section[@aria-labelledby="countries-heading"]//li/a/text()')
    assert names == ["Kazakhstan", "Mongolia"]


def test_person_page_lists_the_public_events_they_took_part_in_newest_first(client, world):
    older = EventFactory(name="Earlier talks", starts_on=dt.date(2023, 4, 2), ends_on=None)
    hidden = EventFactory(name="Planned visit", starts_on=dt.date(2026, 1, 5), ends_on=None)
    for event in (older, hidden):
        event.participants.add(world.president)
    world.published.events.add(older)  # only drafts name the planned visit
    ArticleFactory(status="draft", events=[hidden])

    html = client.get(world.president.get_absolute_url()).content.decode()

    events = html[html.index('id="events-heading"') : html.index('id="signed-heading"')]
    assert events.index("Kazakhstan–Mongolia state visit") < events.index("Earlier talks")
    assert '<time datetime="2024-10-28">28 Oct 2024</time>, Ulaanbaatar' in events
    assert "Planned visit" not in html


def test_people_list_names_the_public_people_a_to_z_and_filters_them(client, world):
    hidden = PersonFactory(name="Aigerim Unpublished", country=world.mn)
    ArticleFactory(status="draft", people=[hidden])
    other = PersonFactory(name="Wang Example", country=world.cn)
    ArticleFactory(people=[other])

    def listed(query=""):
        return [p.name for p in client.get(f"/people/{query}").context["people"]]

    assert listed() == ["Ukhnaagiin Khurelsukh", "Wang Example"]
    assert listed("?country=mn") == ["Ukhnaagiin Khurelsukh"]
    assert listed("?country=cn&name=wang") == ["Wang Example"]
    assert listed("?name=nobody") == []
    html = client.get("/people/").content.decode()
    assert '<a href="/people/khurelsukh/">Ukhnaagiin Khurelsukh</a>' in html
    assert "Aigerim Unpublished" not in html
    assert 'aria-current="page">People</a>' in html


def test_people_list_pages_say_previous_and_next_not_newer_and_older(client, world):
    from relations.views import LIST_SIZE

    for n in range(LIST_SIZE):
        ArticleFactory(people=[PersonFactory(name=f"Person {n:02d} Example")])

    first = client.get("/people/").content.decode()
    second = client.get("/people/?page=2").content.decode()

    assert 'rel="next" href="?page=2">Next</a>' in first and "Older" not in first
    assert 'rel="prev" href="?page=1">Previous</a>' in second and "Newer" not in second


def test_registry_pages_say_newer_and_older_as_it_lists_newest_signed_first(client, world):
    """The registry is in time order (`NEWEST_SIGNED_FIRST`), not A to Z, so its links keep
    the shared include's "Newer"/"Older"; the A-to-Z people list says "Previous"/"Next"."""
    from relations.views import LIST_SIZE

    for n in range(LIST_SIZE):
        agreement = AgreementFactory(title=f"Accord {n:02d}", signed_on=dt.date(2020, 1, 1 + n))
        world.published.agreements.add(agreement)

    first = client.get("/agreements/").content.decode()
    second = client.get("/agreements/?page=2")

    assert 'rel="next" href="?page=2">Older</a>' in first
    assert 'rel="prev" href="?page=1">Newer</a>' in second.content.decode()
    assert [a.title for a in second.context["agreements"]] == ["Accord 00"]  # the oldest


def test_registry_pages_say_previous_and_next_among_the_undated(client, world):
    """Documents without a signing date follow all the signed ones: a page that ends with
    them links on with "Next" (not "Older"), one that starts with them back with "Previous"
    (not "Newer")."""
    from relations.views import LIST_SIZE

    for n in range(LIST_SIZE - 3):
        agreement = AgreementFactory(title=f"Accord {n:02d}", signed_on=dt.date(2020, 1, 1 + n))
        world.published.agreements.add(agreement)
    for n in range(2 * LIST_SIZE):
        world.published.agreements.add(AgreementFactory(title=f"Undated {n:02d}", signed_on=None))

    pages = [client.get(f"/agreements/?page={n}") for n in (1, 2, 3)]

    signed = [[a.signed_on for a in page.context["agreements"]] for page in pages]
    assert signed[0][0] and not signed[0][-1]  # signed, then undated
    assert not any(signed[1] + signed[2])  # undated only
    first, second, third = (page.content.decode() for page in pages)
    assert 'rel="next" href="?page=2">Next</a>' in first
    assert 'rel="prev" href="?page=1">Previous</a>' in second
    assert 'rel="next" href="?page=3">Next</a>' in second
    assert 'rel="prev" href="?page=2">Previous</a>' in third
    assert "Older" not in first + second + third and "Newer" not in second + third
