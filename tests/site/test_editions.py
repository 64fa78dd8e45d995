"""An article's page names the story's other published editions, each in its own language."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory
from tests.site.conftest import warm

pytestmark = pytest.mark.django_db

RU, KK = Article.Language.RU, Article.Language.KK


@pytest.fixture
def story(world):
    """The world's published article with a published Russian and a draft Kazakh edition."""
    ru = ArticleFactory(
        title="Казахстан и Монголия подписали пенсионное соглашение",
        slug="pension-ru",
        language=RU,
        translation_of=world.published,
    )
    kk = ArticleFactory(
        title="Қазақстан мен Моңғолия зейнетақы келісіміне қол қойды",
        slug="pension-kk",
        language=KK,
        translation_of=world.published,
        status="draft",
        published_at=None,
    )
    return world.published, ru, kk


def editions_nav(html):
    match = re.search(r'<nav class="editions".*?</nav>', html, re.S)
    return match[0] if match else ""


def alternates(html):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)


def test_page_links_the_published_editions_in_their_own_language(client, story):
    original, ru, kk = story

    html = client.get(original.get_absolute_url()).content.decode()

    nav = editions_nav(html)
    assert 'lang="en"' in nav and "Also in:" in nav
    assert (
        f'<a href="{ru.get_absolute_url()}" hreflang="ru" lang="ru">'
        '<span class="edition-language">Русский</span> — '
        "Казахстан и Монголия подписали пенсионное соглашение</a>"
    ) in nav
    assert "Қазақша" not in html and kk.title not in html  # a draft stays out of sight


def test_translation_links_back_to_the_original(client, story):
    original, ru, kk = story

    html = client.get(ru.get_absolute_url()).content.decode()

    assert '<article class="article" lang="ru">' in html
    nav = editions_nav(html)
    assert f'href="{original.get_absolute_url()}" hreflang="en" lang="en"' in nav
    assert "English</span> — Kazakhstan and Mongolia sign a pension agreement" in nav


def test_head_lists_each_published_edition_with_itself_and_a_default(client, story):
    original, ru, kk = story

    html = client.get(ru.get_absolute_url()).content.decode()

    base = "http://testserver"
    assert alternates(html) == [
        ("ru", base + ru.get_absolute_url()),
        ("en", base + original.get_absolute_url()),
        ("x-default", base + original.get_absolute_url()),  # the site reads in English
    ]


def test_scheduled_and_archived_editions_are_not_named(client, story):
    original, ru, kk = story
    Article.objects.filter(pk=ru.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    Article.objects.filter(pk=kk.pk).update(status="archived", published_at=timezone.now())

    html = client.get(original.get_absolute_url()).content.decode()

    assert editions_nav(html) == "" and alternates(html) == []
    assert ru.title not in html and kk.title not in html


def test_an_article_alone_has_no_editions_and_no_alternates(client, world):
    html = client.get(world.published.get_absolute_url()).content.decode()

    assert editions_nav(html) == "" and alternates(html) == []


def test_edition_titles_are_escaped(client, world):
    ArticleFactory(
        title="<script>alert(1)</script> Заголовок",
        language=RU,
        translation_of=world.published,
    )

    html = client.get(world.published.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Заголовок" in editions_nav(html)


def test_the_page_costs_the_same_queries_with_one_edition_or_two(client, world):
    ArticleFactory(title="Русская версия", language=RU, translation_of=world.published)
    with CaptureQueriesContext(connection) as one:
        client.get(world.published.get_absolute_url())
    caches["default"].clear()

    ArticleFactory(title="Қазақша нұсқа", language=KK, translation_of=world.published)
    with CaptureQueriesContext(connection) as two:
        html = client.get(world.published.get_absolute_url()).content.decode()

    assert len(two) == len(one)
    assert "Русская версия" in html and "Қазақша нұсқа" in html


# -- the page cache --


def test_publishing_an_edition_purges_its_siblings_pages(client, cached, commit, story, editor):
    original, ru, kk = story
    warm(client, original.get_absolute_url())
    warm(client, ru.get_absolute_url())

    with commit():
        services.article_publish(article=kk, by=editor)

    for url in (original.get_absolute_url(), ru.get_absolute_url()):
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert "Қазақша" in editions_nav(page.text), url


def test_withdrawing_an_edition_purges_its_siblings_pages(client, cached, commit, story, editor):
    original, ru, kk = story
    warm(client, original.get_absolute_url())

    with commit():
        services.article_unpublish(article=ru, by=editor)

    page = client.get(original.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert ru.title not in page.text


def test_retitling_an_edition_purges_its_siblings_pages(client, cached, commit, story):
    original, ru, kk = story
    warm(client, original.get_absolute_url())

    with commit():
        ru = Article.objects.get(pk=ru.pk)
        ru.title = "Новый заголовок"
        ru.save()

    assert "Новый заголовок" in client.get(original.get_absolute_url()).text


def test_linking_an_edition_purges_the_originals_page(client, cached, commit, world):
    warm(client, world.published.get_absolute_url())
    ru = ArticleFactory(title="Русская версия", language=RU)

    with commit():
        ru = Article.objects.get(pk=ru.pk)
        ru.translation_of = world.published
        ru.save()

    assert "Русская версия" in client.get(world.published.get_absolute_url()).text


def test_a_body_edit_keeps_the_siblings_pages_cached(client, cached, commit, story):
    original, ru, kk = story
    warm(client, original.get_absolute_url())

    with commit():
        ru = Article.objects.get(pk=ru.pk)
        ru.body = "Исправленный текст."
        ru.save()

    assert client.get(original.get_absolute_url())["X-Page-Cache"] == "hit"


def test_the_demo_shows_a_story_in_english_and_russian(client, db):
    from articles.demo import load_demo

    load_demo()
    load_demo()  # idempotent

    ru = Article.objects.get(language=RU)
    assert ru.translation_of.title == "Kazakhstan and Mongolia raise ties to strategic partnership"
    html = client.get(ru.translation_of.get_absolute_url()).content.decode()
    assert f'<a href="{ru.get_absolute_url()}" hreflang="ru" lang="ru">' in editions_nav(html)
    assert client.get(ru.get_absolute_url()).status_code == 200


def test_deleting_an_edition_purges_its_siblings_pages(client, cached, commit, story):
    original, ru, kk = story
    warm(client, original.get_absolute_url())

    with commit():
        Article.objects.get(pk=ru.pk).delete()

    page = client.get(original.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert editions_nav(page.text) == ""
