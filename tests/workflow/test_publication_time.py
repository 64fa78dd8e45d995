"""Whether an article's time of day is known follows who set the time: the importer's noon
for a text that gives only its day is not, the desk's moment is."""

import datetime as dt

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db


def stored(article):
    return Article.objects.get(pk=article.pk)


def test_publishing_an_undated_article_stamps_a_known_time(editor):
    undated = ArticleFactory(status="review", published_at=None, published_time_known=False)
    services.article_publish(article=undated, by=editor)
    assert stored(undated).published_at is not None
    assert stored(undated).published_time_known is True


def test_publishing_keeps_a_day_only_date_and_says_so(editor):
    noon = timezone.make_aware(dt.datetime(2025, 9, 1, 12, 0))
    day_only = ArticleFactory(status="review", published_at=noon, published_time_known=False)
    services.article_publish(article=day_only, by=editor)
    assert (stored(day_only).published_at, stored(day_only).published_time_known) == (noon, False)


def test_an_editor_who_types_a_time_knows_it(editor_client):
    noon = timezone.make_aware(dt.datetime(2025, 9, 1, 12, 0))
    day_only = ArticleFactory(status="review", published_at=noon, published_time_known=False)
    data = form_data(day_only, published_at_0="2025-09-01", published_at_1="09:45:00")
    response = editor_client.post(change_url(day_only), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = stored(day_only)
    assert timezone.localtime(after.published_at).time() == dt.time(9, 45)
    assert after.published_time_known is True


def test_an_editor_who_corrects_only_the_day_still_does_not_know_the_time(editor_client):
    noon = timezone.make_aware(dt.datetime(2025, 9, 1, 12, 0))
    day_only = ArticleFactory(status="published", published_at=noon, published_time_known=False)
    data = form_data(day_only, published_at_0="2025-09-02", published_at_1="12:00:00")
    response = editor_client.post(change_url(day_only), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = stored(day_only)
    assert timezone.localtime(after.published_at).date() == dt.date(2025, 9, 2)
    assert after.published_time_known is False


def test_an_editor_who_publishes_from_the_form_without_a_time_publishes_now(editor_client):
    in_review = ArticleFactory(status="review", published_at=None, published_time_known=False)
    before = timezone.now().replace(microsecond=0)
    response = editor_client.post(change_url(in_review), form_data(in_review, status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    after = stored(in_review)
    assert after.status == "published"
    assert before <= after.published_at <= timezone.now()
    assert after.published_time_known is True
    assert after.is_live()


def test_clearing_the_time_of_a_published_article_is_still_an_error(editor_client):
    live = ArticleFactory(status="published")
    data = form_data(live, published_at_0="", published_at_1="")
    response = editor_client.post(change_url(live), data)
    assert response.status_code == 200
    assert "A published article needs a publication time." in response.content.decode()
    assert stored(live).published_at == live.published_at
