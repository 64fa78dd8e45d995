"""Whether an article's time of day is known follows who set the time: the importer's noon
for a text that gives only its day is not, the desk's moment is."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
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


# -- an imported text without a date (DESIGN.md: never published with an invented one) --


def undated_import():
    return ArticleFactory(
        title="Briefing for journalists",
        status="review",
        published_at=None,
        published_time_known=False,
        fingerprint="briefing for journalists|",
    )


def test_publishing_an_undated_import_asks_for_its_date(editor):
    article = undated_import()
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=article, by=editor)

    assert services.UNDATED_IMPORT in refused.value.messages
    assert (stored(article).status, stored(article).published_at) == ("review", None)


def test_the_publish_action_leaves_an_undated_import_and_says_why(editor_client):
    article = undated_import()
    other = ArticleFactory(status="review", published_at=None)  # written here: publishes now
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk, other.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "Published or scheduled: 1 article(s)." in html
    assert "Not changed — “Briefing for journalists”: Imported without a date" in html
    assert stored(article).status == "review" and stored(other).status == "published"


def test_the_form_asks_for_an_undated_imports_date_and_takes_it(editor_client):
    article = undated_import()
    response = editor_client.post(change_url(article), form_data(article, status="published"))
    assert response.status_code == 200
    assert "Imported without a date: set the date it was first published" in (
        response.content.decode()
    )
    assert stored(article).status == "review"

    data = form_data(
        article, status="published", published_at_0="2024-06-03", published_at_1="10:00:00"
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = stored(article)
    assert after.status == "published" and after.is_live()
    assert timezone.localtime(after.published_at).date() == dt.date(2024, 6, 3)


def test_an_undated_import_may_be_scheduled_with_a_date(editor):
    article = undated_import()
    when = timezone.now() + dt.timedelta(days=1)
    services.article_publish(article=article, by=editor, at=when)
    assert stored(article).is_scheduled()
