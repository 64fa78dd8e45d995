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
}


@pytest.mark.parametrize(("url", "version"), FEEDS.items())
def test_feed_parses_without_bozo(client, world, url, version):
    response = client.get(url)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
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
