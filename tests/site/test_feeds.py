"""RSS 2.0 and Atom feeds parse cleanly, even with control characters in titles."""

import feedparser
import pytest

from articles.feeds import xml_text
from tests.factories import ArticleFactory

FEEDS = {
    "/feeds/latest/": "rss20",
    "/feeds/latest/atom/": "atom10",
    "/countries/mn/feed/": "rss20",
    "/countries/mn/feed/atom/": "atom10",
    "/events/kz-mn-state-visit/feed/": "rss20",
    "/events/kz-mn-state-visit/feed/atom/": "atom10",
    "/countries/kz/mn/feed/": "rss20",
    "/countries/kz/mn/feed/atom/": "atom10",
    "/people/khurelsukh/feed/": "rss20",
    "/people/khurelsukh/feed/atom/": "atom10",
    "/sources/kazinform/feed/": "rss20",
    "/sources/kazinform/feed/atom/": "atom10",
}


@pytest.mark.parametrize(("url", "version"), FEEDS.items())
def test_feed_parses_without_bozo(client, world, url, version):
    response = client.get(url)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    # The feed names its own address, Atom beside RSS.
    assert [x.href for x in parsed.feed.links if x.rel == "self"] == [f"http://testserver{url}"]
    assert [e.title for e in parsed.entries] == [world.published.title]
    assert parsed.entries[0].link.endswith(world.published.get_absolute_url())
    countries = sorted(c.name for c in world.published.countries.all())
    assert countries and [t.term for t in parsed.entries[0].tags] == countries


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/latest/atom/"])
def test_control_characters_in_a_title_keep_the_feed_valid(client, world, url):
    # No NUL here: PostgreSQL refuses to store it (the importer strips it); see the unit test.
    ArticleFactory(title="Talks\x0b in\x0c Astana\x1b", summary="Bell\x07 rang", countries=["MN"])
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert "Talks in Astana" in [e.title for e in parsed.entries]


def test_xml_text_strips_every_character_xml_forbids():
    assert xml_text("a\x00b\x08c\x0bd\x0ce\x1ff\tg\nh\ri") == "abcdef\tg\nh\ri"


def test_pages_advertise_their_feeds(client, world):
    html = client.get("/countries/mn/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/countries/mn/feed/"' in html
    assert 'href="/feeds/latest/atom/"' in html


@pytest.mark.parametrize("few", [0, 10_000], ids=["walks the date index", "reads the links"])
def test_a_country_feed_is_its_published_coverage_newest_first(client, world, monkeypatch, few):
    # Both of `covering`'s plans: a country most articles mention, and a rare one.
    import datetime as dt

    from django.utils import timezone

    import articles.feeds

    monkeypatch.setattr(articles.feeds, "FEW_LINKS_LISTED", few)
    now = timezone.now()
    for days in (3, 1, 2):
        ArticleFactory(
            title=f"Mongolia {days}", countries=["MN"], published_at=now - dt.timedelta(days=days)
        )
    ArticleFactory(title="Mongolia draft", countries=["MN"], status="draft", published_at=None)
    ArticleFactory(title="China only", countries=["CN"])

    entries = feedparser.parse(client.get("/countries/mn/feed/").content).entries

    titles = [e.title for e in entries]
    assert [t for t in titles if t.startswith("Mongolia ")] == [
        "Mongolia 1",
        "Mongolia 2",
        "Mongolia 3",
    ]
    dates = [e.published_parsed for e in entries]
    assert dates == sorted(dates, reverse=True)
    titles = set(titles)
    assert world.published.title in titles
    assert not titles & {"Mongolia draft", "China only"}


# Not "page": pytest-playwright's fixture of that name would run the test in a browser.
@pytest.mark.parametrize(("url", "feeds"), [
    ("/countries/kz/mn/", ["/countries/kz/mn/feed/", "/countries/kz/mn/feed/atom/"]),
    ("/people/khurelsukh/", ["/people/khurelsukh/feed/", "/people/khurelsukh/feed/atom/"]),
])  # fmt: skip
def test_pair_and_person_pages_link_their_feeds(client, world, url, feeds):
    """In the head for feed readers, and as visible links for readers."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(client.get(url).content)
    assert doc.xpath('//link[@rel="alternate"]/@href')[-2:] == feeds
    assert [a for a in doc.xpath("//main//a/@href") if a in feeds] == feeds


@pytest.mark.parametrize("few", [0, 10_000], ids=["walks the date index", "reads the links"])
def test_a_pair_feed_is_the_coverage_of_both_countries(client, world, monkeypatch, few):
    import articles.feeds

    monkeypatch.setattr(articles.feeds, "FEW_LINKS_LISTED", few)
    ArticleFactory(title="Astana and Ulaanbaatar talk rail", countries=["KZ", "MN"])
    ArticleFactory(title="Mongolia alone", countries=["MN"])
    ArticleFactory(
        title="Both, in draft", countries=["KZ", "MN"], status="draft", published_at=None
    )

    parsed = feedparser.parse(client.get("/countries/kz/mn/feed/").content)

    assert parsed.feed.title == "Newsroom: Kazakhstan – Mongolia"
    assert parsed.feed.link.endswith("/countries/kz/mn/")
    assert {e.title for e in parsed.entries} == {
        "Astana and Ulaanbaatar talk rail",
        world.published.title,
    }


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/countries/mn/kz/feed/", "/countries/kz/mn/feed/"),
        ("/countries/MN/kz/feed/atom/", "/countries/kz/mn/feed/atom/"),
    ],
)
def test_a_pair_feed_has_one_address_whichever_order(client, world, url, location):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.parametrize(
    "url",
    ["/countries/kz/kz/feed/", "/countries/kz/qq/feed/", "/people/nobody/feed/atom/"],
)
def test_unknown_pairs_and_people_have_no_feed(client, world, url):
    assert client.get(url).status_code == 404


def test_a_person_feed_is_their_published_coverage_only(client, world):
    ArticleFactory(title="Draft on the president", people=[world.president], status="draft",
                   published_at=None)  # fmt: skip
    ArticleFactory(title="Someone else", people=[world.minister])
    parsed = feedparser.parse(client.get("/people/khurelsukh/feed/atom/").content)
    assert [e.title for e in parsed.entries] == [world.published.title]


def test_a_person_only_drafts_mention_has_no_feed(client, world):
    from tests.factories import PersonFactory

    hidden = PersonFactory(name="Embargoed Envoy", slug="embargoed-envoy")
    ArticleFactory(title="Draft", people=[hidden], status="draft", published_at=None)
    assert client.get("/people/embargoed-envoy/feed/").status_code == 404


def test_a_source_feed_is_what_it_published_not_what_cites_it(client, world):
    """Kazinform's feed: its own published articles, newest first; an article that only cites
    it, and its unpublished ones, are not in it. A source nothing published has no feed."""
    from articles.models import Source

    ArticleFactory(title="Citing Kazinform", source=Source.objects.get(name="MFA"),
                   cited_source=world.source)  # fmt: skip
    html = client.get("/sources/kazinform/").content.decode()
    assert 'href="/sources/kazinform/feed/atom/"' in html
    entries = feedparser.parse(client.get("/sources/kazinform/feed/").content).entries
    assert [e.title for e in entries] == [world.published.title]
    Source.objects.create(name="Quiet Wire", slug="quiet-wire")
    assert client.get("/sources/quiet-wire/feed/").status_code == 404
