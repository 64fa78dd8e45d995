"""Purges touch what a change shows, hits cost one cache call, and a purge is rendered once."""

import json
import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import DatabaseError

from articles import caching
from articles.models import Article
from relations.models import Country
from tests.factories import ArticleFactory
from tests.site.conftest import warm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()


def test_article_pages_are_tagged_by_their_slug():
    article = ArticleFactory(title="Pension talks")

    assert caching.page_tags(article.get_absolute_url()) == ("all", f"article:{article.slug}")
    assert caching.page_tags("/countries/mn/") == ("all", "lists")
    assert caching.page_tags("/articles/") == ("all", "lists")


def test_editing_one_article_keeps_the_other_article_pages_cached(client, commit):
    edited = ArticleFactory(title="Pension talks", countries=["MN"])
    other = ArticleFactory(title="Grain exports", countries=["MN"])
    warm(client, edited.get_absolute_url(), other.get_absolute_url(), "/", "/countries/mn/")

    with commit():
        edited.title = "Pension agreement signed"
        edited.save()

    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    page = client.get(edited.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Pension agreement signed" in page.text
    for url in ("/", "/countries/mn/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Pension agreement signed" in response.text, url


def test_a_withdrawn_article_page_is_gone_at_once(client, commit):
    article = ArticleFactory(title="Pension talks")
    url = article.get_absolute_url()
    warm(client, url)

    with commit():
        article.status = Article.Status.DRAFT
        article.save()

    assert client.get(url).status_code == 404


def test_a_new_slug_purges_the_page_at_the_old_address(client, commit):
    article = ArticleFactory(title="Pension talks")
    old_url = article.get_absolute_url()
    warm(client, old_url)

    with commit():
        article = Article.objects.get(pk=article.pk)  # as the admin loads it
        article.slug = "pension-agreement"
        article.save()

    # Not the stale page: the old address leads to the new one (tests/addresses).
    gone = client.get(old_url)
    assert gone.status_code == 301
    assert gone["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_update_of_a_partly_loaded_article_purges_its_page_precisely(client, commit):
    """Its slug was not loaded, but the save reads it from the database before writing (the
    snapshot then knows the stored one): its own page and the lists go, not every page."""
    article = ArticleFactory(title="Pension talks")
    other = ArticleFactory(title="Grain exports")
    url = article.get_absolute_url()
    warm(client, url, other.get_absolute_url(), "/articles/")

    with commit():
        partial = Article.objects.only("pk", "version", "status").get(pk=article.pk)
        partial.status = Article.Status.ARCHIVED
        partial.save(update_fields=["status"])

    assert client.get(url).status_code == 404
    assert client.get("/articles/")["X-Page-Cache"] == "miss"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_renaming_an_entity_purges_article_pages_too(client, commit):
    article = ArticleFactory(title="Pension talks", countries=["MN"])
    warm(client, article.get_absolute_url())

    with commit():
        Country.objects.filter(code="MN").get().save()

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_an_import_purges_every_page(client, commit, tmp_path):
    article = ArticleFactory(title="Pension talks")
    warm(client, article.get_absolute_url())
    (tmp_path / "note.txt").write_text(
        "Ministers meet in Astana\n\n12 March 2025\n\nThe ministers of two countries met "
        "in Astana on Wednesday to discuss transit.\n",
        encoding="utf-8",
    )

    out = StringIO()
    with commit():
        call_command("import_texts", str(tmp_path), "--json", stdout=out, stderr=StringIO())

    assert json.loads(out.getvalue())["totals"]["created"] == 1
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_hit_is_one_cache_call(client):
    ArticleFactory(title="Pension talks")
    warm(client, "/articles/")
    cache = caches["default"]

    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(cache, "add", wraps=cache.add) as add,
        mock.patch.object(cache, "set", wraps=cache.set) as set_,
    ):
        response = client.get("/articles/")

    assert response["X-Page-Cache"] == "hit"
    assert get_many.call_count == 1  # entry and generations together: one Redis MGET
    assert add.call_count == set_.call_count == 0


def test_cached_pages_are_served_while_the_database_is_down(client):
    article = ArticleFactory(title="Pension talks")
    warm(client, article.get_absolute_url())

    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=DatabaseError("server closed the connection"),
    ):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Pension talks" in response.text


def test_waiting_readers_are_served_the_page_another_request_renders(client):
    """The render lock: a reader who finds the page being rendered waits for that render."""
    ArticleFactory(title="Pension talks")
    warm(client, "/articles/")
    cache = caches["default"]
    request = client.get("/articles/").wsgi_request
    lookup = caching._Lookup(request, cache)
    lookup.fetch()
    entry = cache.get(lookup.page_key)
    cache.delete(lookup.page_key)
    cache.add(lookup.lock_key, 1)
    # The "other request" finishes its render 0.2 s later.
    timer = threading.Timer(0.2, lambda: cache.set(lookup.page_key, entry))
    timer.start()

    with mock.patch("articles.views.ArticleListView.get_context_data") as render:
        response = client.get("/articles/")
    timer.join()

    assert response["X-Page-Cache"] == "hit"
    assert "Pension talks" in response.text
    render.assert_not_called()


def test_a_reader_renders_itself_when_the_other_render_stores_nothing(client):
    ArticleFactory(title="Pension talks")
    cache = caches["default"]
    request = client.get("/articles/").wsgi_request
    lookup = caching._Lookup(request, cache)
    cache.clear()
    cache.add(lookup.lock_key, 1)
    threading.Timer(0.1, lambda: cache.delete(lookup.lock_key)).start()

    response = client.get("/articles/")

    assert response["X-Page-Cache"] == "miss"
    assert "Pension talks" in response.text


def test_a_stuck_render_lock_delays_a_reader_boundedly(client, monkeypatch):
    monkeypatch.setattr(caching, "RENDER_WAIT_SECONDS", 0.2)
    ArticleFactory(title="Pension talks")
    cache = caches["default"]
    request = client.get("/articles/").wsgi_request
    lookup = caching._Lookup(request, cache)
    cache.clear()
    cache.add(lookup.lock_key, 1)  # a process died while rendering: the lock expires later

    response = client.get("/articles/")

    assert response["X-Page-Cache"] == "miss"
    assert "Pension talks" in response.text


def test_article_tags_expire_but_the_shared_ones_do_not(client, redis_cache):
    article = ArticleFactory(title="Pension talks")
    warm(client, article.get_absolute_url(), "/articles/")
    redis = redis_cache._cache.get_client()

    def ttl(tag):
        return redis.ttl(redis_cache.make_key(caching.GENERATION_KEY.format(tag=tag)))

    assert ttl(f"article:{article.slug}") > 300  # outlives every page stamped with it
    assert ttl("lists") == ttl("all") == -1  # no expiry


def test_an_expired_article_tag_never_revalidates_an_older_page(client, redis_cache):
    article = ArticleFactory(title="Pension talks")
    url = article.get_absolute_url()
    warm(client, url)
    redis_cache.delete(caching.GENERATION_KEY.format(tag=f"article:{article.slug}"))

    assert client.get(url)["X-Page-Cache"] == "miss"
