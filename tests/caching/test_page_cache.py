"""The anonymous page cache: hits without queries, purges on every public change, never stale."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from articles import caching
from articles.models import Article, Source
from relations.models import Country
from tests.factories import ArticleFactory, EventFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_urls(settings):
    settings.ROOT_URLCONF = "tests.caching.urls"
    settings.PAGE_CACHE_SECONDS = 300


def warm(client, url="/titles/"):
    first = client.get(url)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    return first


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, django_assert_num_queries
):
    ArticleFactory(title="Pension talks", countries=["MN"])
    first = client.get("/titles/")

    with django_assert_num_queries(0):
        second = client.get("/titles/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content == b"Pension talks [Mongolia]"


def test_class_based_views_are_cached_after_rendering(client, django_assert_num_queries):
    ArticleFactory(title="Pension talks")
    first = client.get("/templated/")

    with django_assert_num_queries(0):
        second = client.get("/templated/")

    assert second.content == first.content == b"<p>Pension talks</p>"


def test_query_string_is_part_of_the_key(client):
    warm(client, "/titles/?page=1")

    assert client.get("/titles/?page=2")["X-Page-Cache"] == "miss"


def test_head_is_answered_from_the_cached_page(client):
    warm(client)

    assert client.head("/titles/")["X-Page-Cache"] == "hit"


def test_cached_page_keeps_its_headers(client):
    warm(client)

    hit = client.get("/titles/")

    assert hit["Content-Type"] == "text/plain; charset=utf-8"
    assert "Cookie" in hit["Vary"]
    assert "public" in hit["Cache-Control"]
    assert "max-age=60" in hit["Cache-Control"]
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"


def test_publishing_an_article_purges(client, commit):
    draft = ArticleFactory(title="Pension talks", status=Article.Status.DRAFT, published_at=None)
    warm(client)

    with commit():
        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now() - dt.timedelta(minutes=1)
        draft.save()

    assert b"Pension talks" in client.get("/titles/").content


def test_editing_an_article_purges(client, commit):
    article = ArticleFactory(title="Pension talks")
    warm(client)

    with commit():
        article.title = "Pension agreement signed"
        article.save()

    assert client.get("/titles/").content.startswith(b"Pension agreement signed")


def unpublish(article):
    article.status = Article.Status.DRAFT
    article.save()


def archive(article):
    article.status = Article.Status.ARCHIVED
    article.save()


@pytest.mark.parametrize("withdraw", [unpublish, archive, Article.delete])
def test_a_cached_page_never_shows_a_withdrawn_article(client, commit, withdraw):
    article = ArticleFactory(title="Pension talks")
    warm(client)

    with commit():
        withdraw(article)

    assert b"Pension talks" not in client.get("/titles/").content


def test_renaming_a_country_purges(client, commit):
    ArticleFactory(title="Pension talks", countries=["MN"])
    warm(client)

    with commit():
        mongolia = Country.objects.get(code="MN")
        mongolia.name = "Mongolia (renamed)"
        mongolia.save()

    assert b"Mongolia (renamed)" in client.get("/titles/").content


@pytest.mark.parametrize(
    "change",
    [
        lambda: PersonFactory(name="Someone New"),
        lambda: EventFactory(name="A summit"),
        lambda: Source.objects.filter(name="Kazinform").first().save(),
        lambda: Article.objects.get().countries.add(Country.objects.get(code="CN")),
    ],
    ids=["person", "event", "source", "article-links"],
)
def test_entity_changes_purge(client, commit, change):
    ArticleFactory(title="Pension talks")
    warm(client)

    with commit():
        change()

    assert client.get("/titles/")["X-Page-Cache"] == "miss"


def test_nothing_is_purged_until_the_transaction_commits(client):
    article = ArticleFactory(title="Pension talks")
    warm(client)

    with transaction.atomic():
        article.title = "Changed"
        article.save()
        assert client.get("/titles/")["X-Page-Cache"] == "hit"


def test_rolled_back_writes_do_not_purge(client):
    article = ArticleFactory(title="Pension talks")
    warm(client)

    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Changed"
        article.save()
        raise RuntimeError

    assert client.get("/titles/")["X-Page-Cache"] == "hit"


def test_scheduled_article_appears_on_time_with_a_warm_cache(client):
    ArticleFactory(title="Already out")
    # A whole second, as publication times are stored, and at least two seconds away: a page
    # due to expire within a second is not cached at all.
    due = (timezone.now() + dt.timedelta(seconds=3)).replace(microsecond=0)
    ArticleFactory(title="Scheduled", published_at=due)
    warm(client)
    assert b"Scheduled" not in client.get("/titles/").content

    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)

    assert b"Scheduled" in client.get("/titles/").content


def test_page_timeout_stops_at_the_next_scheduled_article(settings):
    ArticleFactory(published_at=timezone.now() + dt.timedelta(seconds=100))
    cache = caches["default"]

    timeout = caching._page_timeout(cache, (1, 1))

    assert 98 <= timeout <= 100


def test_staff_are_never_served_cached_pages(client):
    ArticleFactory(title="Pension talks")
    warm(client)
    client.force_login(UserFactory(username="desk"))
    Article.objects.update(title="Changed")  # no signal: only an uncached page can show it

    response = client.get("/titles/")

    assert response.content.startswith(b"Changed")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_staff_pages_are_not_stored_for_readers(client):
    staff = client
    staff.force_login(UserFactory(username="desk"))
    staff.get("/titles/")
    staff.logout()
    staff.cookies.clear()

    assert staff.get("/titles/")["X-Page-Cache"] == "miss"


def test_other_methods_bypass_the_cache(client):
    warm(client)

    assert "X-Page-Cache" not in client.post("/titles/")


def test_responses_setting_cookies_are_not_stored(client):
    client.get("/cookie/")

    assert client.get("/cookie/")["X-Page-Cache"] == "miss"


def test_zero_seconds_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/titles/")

    assert "X-Page-Cache" not in client.get("/titles/")


def test_a_failing_cache_serves_pages_uncached(client, caplog):
    ArticleFactory(title="Pension talks")
    with mock.patch.object(caches["default"], "get_many", side_effect=ConnectionError("down")):
        response = client.get("/titles/")

    assert response.status_code == 200
    assert response.content.startswith(b"Pension talks")
    assert "unavailable" in caplog.text


def test_a_forged_host_is_refused_without_a_cache_warning(client, caplog):
    response = client.get("/titles/", headers={"host": "scanner.invalid"})

    assert response.status_code == 400
    assert "public page cache" not in caplog.text
    assert "Invalid HTTP_HOST header" in caplog.text  # Django's own report, once


def test_a_failing_cache_does_not_break_writes(commit, caplog):
    with (
        mock.patch.object(caches["default"], "incr", side_effect=ConnectionError("down")),
        commit(),
    ):
        ArticleFactory(title="Pension talks")

    assert Article.objects.filter(title="Pension talks").exists()
    assert "purge failed" in caplog.text


def test_real_redis_serves_and_purges(client, commit, redis_cache, django_assert_num_queries):
    article = ArticleFactory(title="Pension talks")
    client.get("/titles/")
    with django_assert_num_queries(0):
        assert client.get("/titles/")["X-Page-Cache"] == "hit"

    with commit():
        article.title = "Pension agreement signed"
        article.save()

    response = client.get("/titles/")
    assert response["X-Page-Cache"] == "miss"
    assert response.content.startswith(b"Pension agreement signed")
    assert redis_cache.get(caching.GENERATION_KEY.format(tag="lists")) is not None


def test_a_migration_purges_and_a_migrate_with_nothing_to_apply_does_not(client):
    """A data migration changes rows without the saves that purge (0023 moved slugs): once
    `migrate` has applied a migration, every cached page is stale."""
    from django.apps import apps
    from django.core.management import call_command

    from articles.signals import purge_public_pages_after_migrate

    ArticleFactory(title="Pension talks")
    warm(client)

    call_command("migrate", verbosity=0)  # nothing to apply
    assert client.get("/titles/")["X-Page-Cache"] == "hit"

    # As `migrate` sends it once a plan of one migration (any) has been applied.
    applied = [(object(), False)]
    purge_public_pages_after_migrate(sender=apps.get_app_config("articles"), plan=applied)
    assert client.get("/titles/")["X-Page-Cache"] == "miss"
