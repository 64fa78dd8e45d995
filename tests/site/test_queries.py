"""Each page type makes the same number of queries for 60 and for 600 articles."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.pagination import encode_cursor
from articles.sitemaps import SITEMAPS
from tests.site.conftest import bulk_articles

# A ceiling per page, so a constant but bloated page still fails. The sitemap costs a count
# and a page of rows per section.
MAX_QUERIES = 12
MAX_QUERIES_SITEMAP = 2 * len(SITEMAPS) + 1


def urls(world, articles):
    deep = encode_cursor(articles[-10])  # near the end of the archive
    return {
        "home": "/",
        "list": "/articles/",
        "list-filtered": "/articles/?country=mn&source=kazinform",
        "list-deep": f"/articles/?before={deep}",
        "article": world.published.get_absolute_url(),
        "countries": "/countries/",
        "country": "/countries/mn/",
        "pair": "/countries/kz/mn/",
        "events": "/events/",
        "event": world.visit.get_absolute_url(),
        "person": world.president.get_absolute_url(),
        "agreements": "/agreements/",
        "agreement": world.agreement.get_absolute_url(),
        "source": world.source.get_absolute_url(),
        "search": "/search/?q=transit",
        "feed": "/feeds/latest/",
        "feed-country": "/countries/mn/feed/atom/",
        "feed-event": "/events/kz-mn-state-visit/feed/",
        "sitemap": "/sitemap.xml",
    }


def uncached_get(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "list",
        "list-filtered",
        "list-deep",
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
        "search",
        "feed",
        "feed-country",
        "feed-event",
        "sitemap",
    ],
)
def test_query_count_is_the_same_for_60_and_600_articles(
    client, world, django_assert_num_queries, page_type
):
    small = bulk_articles(world, 60)
    with CaptureQueriesContext(connection) as at_60:
        uncached_get(client, urls(world, small)[page_type])
    assert len(at_60) <= (MAX_QUERIES_SITEMAP if page_type == "sitemap" else MAX_QUERIES)

    large = small + bulk_articles(world, 540, start=60)
    url = urls(world, large)[page_type]
    cache.clear()
    with django_assert_num_queries(len(at_60)):
        response = client.get(url)
    assert response.status_code == 200
