"""Reporters cannot publish by any route; editors can. Enforced on the server."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory
from tests.workflow.conftest import add_url, change_url, changelist_url, form_data

pytestmark = pytest.mark.django_db


def stored(article):
    return Article.objects.get(pk=article.pk)


def test_reporter_cannot_publish_through_the_change_form(reporter_client, draft):
    response = reporter_client.post(
        change_url(draft), form_data(draft, status="published", published_at=timezone.now())
    )

    assert response.status_code == 200
    assert "only editors can" in response.context["adminform"].form.errors["status"][0]
    assert stored(draft).status == "draft"


def test_reporter_cannot_create_an_article_already_published(reporter_client):
    response = reporter_client.post(
        add_url(),
        form_data(title="Premature visit", status="published", published_at=timezone.now()),
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.filter(title="Premature visit").exists()


def test_reporter_form_offers_only_draft_and_review(reporter_client, draft):
    response = reporter_client.get(change_url(draft))

    choices = [
        value for value, _ in response.context["adminform"].form.fields["status"].widget.choices
    ]
    assert choices == ["draft", "review"]


def test_reporter_can_send_a_draft_to_review_through_the_form(reporter_client, draft):
    response = reporter_client.post(change_url(draft), form_data(draft, status="review"))

    assert response.status_code == 302
    assert stored(draft).status == "review"


def test_reporter_sees_the_publication_time_but_cannot_set_it(reporter_client):
    in_review = ArticleFactory(status="review", published_at=timezone.now() - dt.timedelta(days=3))
    before = in_review.published_at

    form = reporter_client.get(change_url(in_review)).context["adminform"].form
    response = reporter_client.post(
        change_url(in_review),
        form_data(
            in_review, title="Retitled", published_at=timezone.now() + dt.timedelta(days=900)
        ),
    )

    assert "published_at" not in form.fields  # shown read only
    assert response.status_code == 302
    assert (stored(in_review).title, stored(in_review).published_at) == ("Retitled", before)


def test_reporter_cannot_date_a_new_draft(reporter_client):
    reporter_client.post(
        add_url(),
        form_data(
            title="Backdated note",
            slug="backdated-note",
            published_at=timezone.now() - dt.timedelta(400),
        ),
    )

    assert Article.objects.get(title="Backdated note").published_at is None


def test_reporter_cannot_change_the_time_through_the_service(reporter):
    in_review = ArticleFactory(status="review", published_at=timezone.now() - dt.timedelta(days=3))
    in_review.published_at = timezone.now() + dt.timedelta(days=900)

    with pytest.raises(PermissionDenied):
        services.article_save_edit(article=in_review, by=reporter)

    assert stored(in_review).published_at < timezone.now()


def test_editor_sets_the_publication_time_through_the_form(editor_client):
    in_review = ArticleFactory(status="review", published_at=None)
    at = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)

    response = editor_client.post(change_url(in_review), form_data(in_review, published_at=at))

    assert response.status_code == 302
    assert stored(in_review).published_at == at


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "archive_selected"])
def test_reporter_cannot_publish_through_bulk_action(reporter_client, draft, action):
    live = ArticleFactory()

    reporter_client.post(
        changelist_url(), {"action": action, ACTION_CHECKBOX_NAME: [draft.pk, live.pk]}
    )

    assert stored(draft).status == "draft"
    assert stored(live).status == "published"
    assert stored(draft).version == 1 and stored(live).version == 1


def test_reporter_does_not_see_publishing_actions(reporter_client, draft):
    response = reporter_client.get(changelist_url())

    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "publish_selected" not in actions
    assert "submit_for_review_selected" in actions


def test_reporter_cannot_edit_a_published_article_by_crafted_post(reporter_client):
    live = ArticleFactory(title="Official visit")

    response = reporter_client.post(change_url(live), form_data(live, title="Vandalised"))

    assert response.status_code == 403
    assert stored(live).title == "Official visit"


def test_reporter_cannot_edit_a_scheduled_article(reporter_client):
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(days=2))

    response = reporter_client.post(change_url(scheduled), form_data(scheduled, title="Moved"))

    assert response.status_code == 403
    assert stored(scheduled).title != "Moved"


def test_reporter_sees_a_published_article_read_only(reporter_client):
    live = ArticleFactory()

    response = reporter_client.get(change_url(live))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_reporter_cannot_restore_a_revision_of_a_published_article(reporter_client, editor):
    live = ArticleFactory(title="Original")
    services.article_save_edit(article=stored(live), by=editor, m2m={})
    first = live.history.order_by("history_id").first()
    url = reverse("admin:articles_article_simple_history", args=[live.pk, first.history_id])

    response = reporter_client.post(url)

    assert response.status_code == 403
    assert stored(live).version == 2


def test_reporter_cannot_publish_through_the_service(reporter, draft):
    with pytest.raises(PermissionDenied):
        services.article_publish(article=draft, by=reporter)

    assert stored(draft).status == "draft"


def test_status_allowed_is_the_one_check_for_importers(reporter, editor):
    assert services.article_status_allowed(reporter, "draft")
    assert services.article_status_allowed(reporter, "review")
    assert not services.article_status_allowed(reporter, "published")
    assert not services.article_status_allowed(reporter, "archived")
    assert services.article_status_allowed(editor, "published")


def test_editor_publishes_through_the_change_form(editor_client, draft):
    response = editor_client.post(
        change_url(draft), form_data(draft, status="published", published_at=timezone.now())
    )

    assert response.status_code == 302
    assert stored(draft).is_live()


def test_editor_publishes_through_bulk_action(editor_client, draft):
    editor_client.post(
        changelist_url(), {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk]}
    )

    assert stored(draft).is_live()


def test_editor_schedules_and_the_article_waits(editor, draft):
    at = timezone.now() + dt.timedelta(hours=3)

    services.article_schedule(article=draft, by=editor, at=at)

    assert stored(draft).is_scheduled()
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_scheduling_in_the_past_is_refused(editor, draft):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.article_schedule(article=draft, by=editor, at=timezone.now() - dt.timedelta(1))


def test_editor_unpublishes_through_bulk_action(editor_client):
    live = ArticleFactory()

    editor_client.post(
        changelist_url(), {"action": "unpublish_selected", ACTION_CHECKBOX_NAME: [live.pk]}
    )

    assert stored(live).status == "draft"


def test_archived_article_comes_back_only_as_a_draft(editor, editor_client):
    archived = ArticleFactory(status="archived")

    response = editor_client.post(change_url(archived), form_data(archived, status="published"))

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    services.article_unarchive(article=archived, by=editor)
    assert stored(archived).status == "draft"


def test_a_refused_save_still_shows_the_stored_status(editor_client, draft):
    stale = form_data(draft, status="published", edit_version=draft.version - 1)

    response = editor_client.post(change_url(draft), stale)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this article" in page
    assert "Status: <strong>Draft</strong>" in page
    assert Article.objects.get(pk=draft.pk).status == "draft"


def test_the_change_form_says_when_an_article_is_scheduled(editor_client):
    later = timezone.now() + dt.timedelta(days=2)
    scheduled = ArticleFactory(status="published", published_at=later)

    page = editor_client.get(change_url(scheduled)).content.decode()

    assert "Status: <strong>Scheduled for " in page
