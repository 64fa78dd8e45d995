"""Publishing, scheduling and unpublishing are logged with the user who did it."""

import datetime as dt
import logging

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from articles import services
from relations.models import Person
from tests.factories import ArticleFactory, PersonFactory
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db


def entries(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk)).values_list(
            "user__username", "change_message"
        )
    )


def test_publishing_is_logged_with_the_editor(editor, draft, caplog):
    with caplog.at_level(logging.INFO, logger="articles.workflow"):
        services.article_publish(article=draft, by=editor)

    assert ("editor", "Published") in entries(draft)
    assert "Published: article" in caplog.text and "by editor" in caplog.text


def test_scheduling_is_logged_with_the_time(editor, draft):
    at = timezone.now() + dt.timedelta(days=1)

    services.article_schedule(article=draft, by=editor, at=at)

    assert any(msg.startswith("Scheduled for ") for user, msg in entries(draft) if user == "editor")


def test_unpublishing_is_logged(editor):
    live = ArticleFactory()

    services.article_unpublish(article=live, by=editor)

    assert ("editor", "Unpublished (now draft)") in entries(live)


def test_revision_records_the_change_reason_and_user(editor, draft):
    services.article_publish(article=draft, by=editor)

    latest = draft.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Published")


def latest_reason(article):
    return article.history.order_by("-history_id").first().history_change_reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "published", "published_at": timezone.now()}, "Published"),
        ({"status": "review"}, "Sent for review"),
        ({"status": "archived"}, "Archived"),
        ({"title": "Only the wording changed"}, "Edited"),
    ],
    ids=["publish", "review", "archive", "edit"],
)
def test_the_change_form_records_the_reason_the_bulk_actions_record(
    editor_client, draft, changes, reason
):
    response = editor_client.post(change_url(draft), form_data(draft, **changes))

    assert response.status_code == 302
    assert latest_reason(draft) == reason


def test_scheduling_through_the_change_form_records_the_time(editor_client, draft):
    at = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)

    editor_client.post(change_url(draft), form_data(draft, status="published", published_at=at))

    assert latest_reason(draft) == f"Scheduled for {at:%Y-%m-%d %H:%M}"
    assert (
        "editor",
        f"Scheduled for {at:%Y-%m-%d %H:%M}",
    ) in entries(draft)


def test_a_body_saved_unchanged_from_a_browser_is_not_logged_as_changed(editor_client, editor):
    """Browsers submit a textarea with CRLF; the text is stored with LF. Read as it came,
    every save of a multi-line body said "Changed Body" in the history."""
    article = ArticleFactory(
        status="draft", published_at=None, body="Para one.\n\nPara two.", summary="One.\nTwo."
    )
    browser = {"body": "Para one.\r\n\r\nPara two.", "summary": "One.\r\nTwo."}

    response = editor_client.post(
        change_url(article), form_data(article, title="New title", **browser)
    )

    assert response.status_code == 302
    [message] = [m for user, m in entries(article) if user == "editor"]
    assert "Title" in message and "Body" not in message and "Summary" not in message
    stored = type(article).objects.get(pk=article.pk)
    assert (stored.body, stored.summary) == ("Para one.\n\nPara two.", "One.\nTwo.")


def test_an_entity_text_from_a_browser_reads_as_stored(rf, superuser):
    """The same for every admin text area (a person's bio, an event's summary)."""
    person = PersonFactory(bio="Diplomat.\n\nAmbassador.")
    request = rf.get("/")
    request.user = superuser
    form = admin.site._registry[Person].get_form(request, person)

    bound = form(
        {"name": person.name, "slug": person.slug, "bio": "Diplomat.\r\n\r\nAmbassador."},
        instance=person,
    )

    assert "bio" not in bound.changed_data
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["bio"] == "Diplomat.\n\nAmbassador."
