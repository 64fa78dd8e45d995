"""The one public gate: drafts, items in review, archived and scheduled articles never appear
on any page, feed, sitemap, search result or count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.site.test_pages import FEED_URLS, page_urls

HIDDEN = ("draft", "review", "archived", "scheduled")


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "list",
        "countries",
        "country",
        "pair",
        "event",
        "person",
        "agreement",
        "source",
        "sources",
    ],
)
def test_unpublished_articles_never_appear_on_public_pages(client, world, name):
    html = client.get(page_urls(world)[name]).content.decode()
    assert "SECRET" not in html
    for status in HIDDEN:
        assert getattr(world, status).slug not in html


@pytest.mark.parametrize("url", FEED_URLS)
def test_unpublished_articles_never_appear_in_feeds(client, world, url):
    xml = client.get(url).content.decode()
    assert "pension agreement" in xml
    assert "SECRET" not in xml


def test_unpublished_articles_never_appear_in_the_sitemap(client, world):
    xml = client.get("/sitemap.xml").content.decode()
    assert world.published.get_absolute_url() in xml
    for status in HIDDEN:
        assert getattr(world, status).slug not in xml


def test_unpublished_articles_never_appear_in_search(client, world):
    response = client.get("/search/?q=SECRET")
    assert response.context["results"] == []
    assert "about Mongolia" not in response.content.decode()


def test_unpublished_articles_are_not_counted(client, world):
    country = client.get("/countries/mn/").context
    assert country["coverage_count"] == 1
    assert [m["n"] for m in country["months"]] == [1]
    assert client.get("/countries/kz/mn/").context["coverage_count"] == 1
    assert client.get(world.visit.get_absolute_url()).context["coverage_count"] == 1
    covered = {c.code: c.n for c in client.get("/countries/").context["covered"]}
    assert covered == {"KZ": 1, "MN": 1}


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_article_detail_is_404(client, world, status):
    article = getattr(world, status)
    # Build the URL it would have once live: the gate, not the URL, must refuse it.
    local = timezone.localtime(article.published_at or world.published.published_at)
    url = reverse(
        "articles:detail",
        kwargs={
            "year": local.year,
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
            "slug": article.slug,
        },
    )
    assert client.get(url).status_code == 404


def test_article_list_filters_cannot_reach_unpublished_articles(client, world):
    response = client.get("/articles/?q=SECRET")
    assert list(response.context["articles"]) == []
