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
