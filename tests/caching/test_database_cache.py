"""The page cache on Django's database cache, what a site without Redis uses (settings.py)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from articles import caching
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_cache(settings):
    settings.ROOT_URLCONF = "tests.caching.urls"
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_page_cache",
            # Small, so that a few pages fill it: Django then deletes the lowest keys.
            "OPTIONS": {"MAX_ENTRIES": 6, "CULL_FREQUENCY": 2},
        }
    }
    call_command("createcachetable", verbosity=0)
    return caches["default"]


def generation(cache, tag):
    return cache.get(caching.GENERATION_KEY.format(tag=tag))


def test_a_hit_is_one_query(client, django_assert_num_queries):
    ArticleFactory(title="Pension talks")
    client.get("/titles/")
    with django_assert_num_queries(1):
        response = client.get("/titles/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content.startswith(b"Pension talks")


def test_a_withdrawal_purges(client, commit):
    article = ArticleFactory(title="Pension talks")
    client.get("/titles/")
    with commit():
        article.status = article.Status.ARCHIVED
        article.save()
    response = client.get("/titles/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Pension talks" not in response.content


def test_a_full_cache_drops_pages_not_the_generations(client, database_cache):
    """Culling deletes the lowest keys. Had it taken `all` and `lists`, every page stored
    under them would have gone stale at once, and the pages just stored with them."""
    ArticleFactory(title="Pension talks")
    client.get("/titles/")
    stamp = (generation(database_cache, "all"), generation(database_cache, "lists"))
    assert None not in stamp

    for page in range(20):  # more pages than the cache holds: it culls again and again
        assert client.get(f"/titles/?page={page}")["X-Page-Cache"] == "miss"
        assert client.get(f"/titles/?page={page}")["X-Page-Cache"] == "hit"

    assert (generation(database_cache, "all"), generation(database_cache, "lists")) == stamp
