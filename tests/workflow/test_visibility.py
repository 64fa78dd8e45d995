"""Only published articles whose time has come are public."""

import datetime as dt

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": "draft", "published_at": None},
    "review": {"status": "review", "published_at": None},
    "archived": {"status": "archived"},
    "dated draft": {"status": "draft"},
    "dated review": {"status": "review"},
    "scheduled": {"published_at": lambda: timezone.now() + dt.timedelta(hours=2)},
}


def make(kind):
    kwargs = {k: (v() if callable(v) else v) for k, v in HIDDEN[kind].items()}
    return ArticleFactory(**kwargs)


@pytest.mark.parametrize("kind", HIDDEN)
def test_unpublished_or_future_article_is_outside_the_public_gate(kind):
    article = make(kind)

    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("kind", ["archived", "scheduled", "dated draft", "dated review"])
def test_unpublished_or_future_article_page_answers_404(client, kind):
    article = make(kind)  # these have a date, so their public address can be built

    assert client.get(article.public_url()).status_code == 404


def test_scheduled_article_appears_once_due_without_any_job(client, editor):
    article = ArticleFactory(status="draft", published_at=None)
    at = timezone.now() + dt.timedelta(minutes=5)
    services.article_schedule(article=article, by=editor, at=at)
    url = Article.objects.get(pk=article.pk).public_url()
    assert client.get(url).status_code == 404

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(1))

    assert Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(Article.objects.get(pk=article.pk).get_absolute_url()).status_code == 200


def test_unpublished_article_disappears_from_its_cached_page(
    client, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200  # now in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=article, by=editor)

    assert client.get(url).status_code == 404
