"""An editor sends an article in review back to draft with a note on what to fix; its reporter
sees the note on the article until it is sent for review again, and the history keeps it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import Article, SendBack
from tests.factories import ArticleFactory
from tests.workflow.conftest import change_url, changelist_url, form_data

pytestmark = pytest.mark.django_db

NOTE = "The second paragraph quotes the minister twice; check the figure for grain exports."


@pytest.fixture
def in_review(db):
    return ArticleFactory(
        title="Transit talks in Aktau", body="Delegations met.", status="review", published_at=None
    )


def stored(article):
    return Article.objects.get(pk=article.pk)


def send_back_through_the_form(client, article, note=NOTE):
    return client.post(change_url(article), form_data(article, status="draft", send_back_note=note))


def test_an_editor_sends_back_with_a_note_through_the_change_form(editor_client, editor, in_review):
    response = send_back_through_the_form(editor_client, in_review)

    assert response.status_code == 302
    assert stored(in_review).status == "draft"
    note = SendBack.objects.get(article=in_review)
    assert (note.note, note.created_by, note.resolved_at) == (NOTE, editor, None)
    latest = in_review.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Sent back to draft"


def test_the_reporter_sees_the_note_on_the_change_page(editor, client, reporter, in_review):
    services.article_send_back(article=in_review, by=editor, note="Line one.\nLine <two> & more.")
    client.force_login(reporter)

    page = client.get(change_url(in_review)).content.decode()

    assert 'class="send-back-note"' in page
    assert "Sent back by editor on" in page
    assert "Line one.<br>Line &lt;two&gt; &amp; more." in page  # escaped, lines kept


def test_the_note_is_escaped_everywhere(editor, editor_client, in_review):
    hostile = '<script>alert("x")</script>'
    services.article_send_back(article=in_review, by=editor, note=hostile)

    pages = [
        editor_client.get(change_url(in_review)).content.decode(),
        editor_client.get(
            reverse("admin:articles_article_history", args=[in_review.pk])
        ).content.decode(),
    ]

    for page in pages:
        assert hostile not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_note_is_gone_once_the_reporter_sends_the_article_for_review_again(
    editor, reporter_client, in_review
):
    services.article_send_back(article=in_review, by=editor, note=NOTE)
    assert NOTE in reporter_client.get(change_url(in_review)).content.decode()

    response = reporter_client.post(
        change_url(in_review), form_data(stored(in_review), status="review")
    )

    assert response.status_code == 302
    assert stored(in_review).status == "review"
    assert NOTE not in reporter_client.get(change_url(in_review)).content.decode()
    assert SendBack.objects.get(article=in_review).resolved_at is not None  # kept, resolved


def test_the_submit_for_review_action_resolves_the_note(editor, reporter_client, in_review):
    services.article_send_back(article=in_review, by=editor, note=NOTE)

    reporter_client.post(
        changelist_url(),
        {"action": "submit_for_review_selected", ACTION_CHECKBOX_NAME: [in_review.pk]},
    )

    assert stored(in_review).status == "review"
    assert not SendBack.objects.open().exists()


def test_the_note_is_in_the_history(editor, editor_client, in_review):
    send_back_through_the_form(editor_client, in_review)

    page = editor_client.get(
        reverse("admin:articles_article_history", args=[in_review.pk])
    ).content.decode()

    assert f"Sent back to draft: {NOTE}" in page
    assert LogEntry.objects.filter(
        object_id=str(in_review.pk), user=editor, change_message=f"Sent back to draft: {NOTE}"
    ).exists()


def test_a_reporter_cannot_send_back(reporter, reporter_client, in_review):
    form = reporter_client.get(change_url(in_review)).context["adminform"].form
    assert "send_back_note" not in form.fields
    with pytest.raises(PermissionDenied):
        services.article_send_back(article=in_review, by=reporter, note=NOTE)

    # A reporter may withdraw their own article from review, but that is no send-back: a
    # crafted note is not taken, and nothing shows as sent back.
    response = send_back_through_the_form(reporter_client, in_review)

    assert response.status_code == 302
    assert stored(in_review).status == "draft"
    assert not SendBack.objects.exists()
    assert in_review.history.order_by("-history_id").first().history_change_reason == (
        "Moved back to draft"
    )
    with pytest.raises(PermissionDenied):
        services.article_save_edit(article=stored(in_review), by=reporter, note=NOTE)


def test_a_note_only_goes_with_a_send_back(editor_client, editor, in_review):
    response = editor_client.post(
        change_url(in_review), form_data(in_review, status="review", send_back_note=NOTE)
    )

    assert response.status_code == 200
    assert "send_back_note" in response.context["adminform"].form.errors
    assert not SendBack.objects.exists()
    live = ArticleFactory()
    with pytest.raises(ValidationError):
        services.article_save_edit(article=live, by=editor, note=NOTE)
    with pytest.raises(ValidationError):  # from published: an unpublish, not a send-back
        services.article_send_back(article=live, by=editor, note=NOTE)
    assert stored(live).status == "published"


def test_the_note_field_is_offered_only_on_an_article_in_review(editor_client, in_review, draft):
    assert (
        "send_back_note"
        in editor_client.get(change_url(in_review)).context["adminform"].form.fields
    )
    assert (
        "send_back_note"
        not in editor_client.get(change_url(draft)).context["adminform"].form.fields
    )


def test_the_reporter_finds_the_drafts_sent_back(editor, reporter_client, in_review, draft):
    services.article_send_back(article=in_review, by=editor, note=NOTE)

    everything = reporter_client.get(changelist_url()).content.decode()
    sent_back = reporter_client.get(changelist_url(), {"sent_back": "yes"})

    assert list(sent_back.context["cl"].result_list) == [stored(in_review)]
    assert "Draft, sent back" in everything
    assert everything.count("sent back</span>") == 1  # the other draft is a plain draft


def test_the_bulk_action_asks_for_the_note_first(editor_client, in_review):
    other = ArticleFactory(title="Border crossing plans", status="review", published_at=None)
    selected = {"action": "send_back_selected", ACTION_CHECKBOX_NAME: [in_review.pk, other.pk]}

    confirmation = editor_client.post(changelist_url(), selected)

    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Note for the reporters" in page and "Border crossing plans" in page
    assert stored(in_review).status == "review"  # nothing sent back yet

    done = editor_client.post(changelist_url(), {**selected, "send_back": "yes", "note": NOTE})

    assert done.status_code == 302
    assert {a.status for a in Article.objects.filter(pk__in=[in_review.pk, other.pk])} == {"draft"}
    assert sorted(SendBack.objects.values_list("article", "note")) == sorted(
        [(in_review.pk, NOTE), (other.pk, NOTE)]
    )


def test_the_bulk_action_leaves_articles_not_in_review(editor_client, draft):
    editor_client.post(
        changelist_url(),
        {
            "action": "send_back_selected",
            ACTION_CHECKBOX_NAME: [draft.pk],
            "send_back": "yes",
            "note": NOTE,
        },
    )

    assert stored(draft).version == 1
    assert not SendBack.objects.exists()


def test_reporters_are_not_offered_the_bulk_action(reporter_client, in_review):
    offered = reporter_client.get(changelist_url()).context["action_form"].fields["action"]
    reporter_client.post(
        changelist_url(),
        {
            "action": "send_back_selected",
            ACTION_CHECKBOX_NAME: [in_review.pk],
            "send_back": "yes",
            "note": NOTE,
        },
    )

    assert "send_back_selected" not in dict(offered.choices)
    assert stored(in_review).status == "review"
    assert not SendBack.objects.exists()


@pytest.mark.parametrize("query", [{}, {"sent_back": "yes"}], ids=["all", "sent-back"])
def test_the_list_costs_the_same_queries_for_more_sent_back_drafts(editor, editor_client, query):
    def sent_back(n):
        for article in ArticleFactory.create_batch(n, status="review", published_at=None):
            services.article_send_back(article=article, by=editor, note=NOTE)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(changelist_url(), query).status_code == 200
        return len(captured)

    sent_back(2)
    few = queries()
    sent_back(10)

    assert queries() == few
