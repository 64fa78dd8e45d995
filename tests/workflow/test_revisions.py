"""Every save keeps a revision; editors compare two and restore an earlier one."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Source
from tests.factories import ArticleFactory, country
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db


def edit(article, by, **changes):
    article = Article.objects.get(pk=article.pk)
    m2m = changes.pop("m2m", None)
    for name, value in changes.items():
        setattr(article, name, value)
    return services.article_save_edit(
        article=article, by=by, expected_version=article.version, m2m=m2m
    )


def test_admin_save_keeps_one_revision_with_user_and_relations(editor_client, editor, draft):
    data = form_data(draft, title="With countries", countries=[country("KZ").pk, country("MN").pk])

    editor_client.post(change_url(draft), data)

    latest = draft.history.order_by("-history_id").first()
    assert draft.history.count() == 2  # created, then this one save (with its m2m)
    assert latest.history_user == editor
    assert latest.title == "With countries"
    assert {row.country.code for row in latest.countries.all()} == {"KZ", "MN"}


def test_restore_brings_back_an_earlier_text(editor, draft):
    edit(draft, editor, body="Second wording of the story.")
    first = draft.history.order_by("history_id").first()

    restored = services.article_restore_revision(
        article=draft, history_id=first.history_id, by=editor
    )

    stored = Article.objects.get(pk=draft.pk)
    assert stored.body == "Ministers discussed the corridor."
    assert stored.version == restored.version == 3


def test_restore_brings_back_earlier_relations(editor, draft):
    edit(draft, editor, m2m={"countries": [country("KZ")]})
    with_kz = draft.history.order_by("-history_id").first()
    edit(draft, editor, m2m={"countries": [country("CN")]})

    services.article_restore_revision(article=draft, history_id=with_kz.history_id, by=editor)

    assert [c.code for c in Article.objects.get(pk=draft.pk).countries.all()] == ["KZ"]


def test_restore_records_who_restored_and_logs_it(editor, draft, caplog):
    edit(draft, editor, body="Changed.")
    first = draft.history.order_by("history_id").first()

    with caplog.at_level(logging.INFO, logger="articles.workflow"):
        services.article_restore_revision(article=draft, history_id=first.history_id, by=editor)

    latest = draft.history.order_by("-history_id").first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Restored revision")
    assert LogEntry.objects.filter(
        object_id=str(draft.pk), change_message__startswith="Restored"
    ).exists()
    assert "Restored revision" in caplog.text and "by editor" in caplog.text


def test_restore_keeps_the_current_status(editor, draft):
    services.article_publish(article=draft, by=editor)
    first = draft.history.order_by("history_id").first()  # a draft revision

    services.article_restore_revision(article=draft, history_id=first.history_id, by=editor)

    assert Article.objects.get(pk=draft.pk).is_live()


def test_editor_restores_through_the_admin(editor_client, editor, draft):
    edit(draft, editor, title="Renamed")
    first = draft.history.order_by("history_id").first()
    url = reverse("admin:articles_article_simple_history", args=[draft.pk, first.history_id])

    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url)

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Draft on the transit corridor"


def test_compare_page_marks_removed_and_added_words(editor_client, editor, draft):
    edit(draft, editor, body="Ministers discussed the new corridor.")
    old, new = draft.history.order_by("history_id")

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[draft.pk]),
        {"a": old.history_id, "b": new.history_id},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<ins>new </ins>" in page or "<ins>new</ins>" in page
    assert "Ministers discussed the" in page


def test_compare_page_escapes_html_in_the_text(editor_client, editor, draft):
    edit(draft, editor, body="<script>alert(1)</script> and more")

    response = editor_client.get(reverse("admin:articles_article_compare", args=[draft.pk]))

    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_compare_page_shows_removed_text_struck(editor_client, editor, draft):
    edit(draft, editor, body="Ministers met.")

    response = editor_client.get(reverse("admin:articles_article_compare", args=[draft.pk]))

    assert "<del>" in response.content.decode()


def test_history_page_lists_revisions_and_actions(editor_client, editor, draft):
    services.article_publish(article=draft, by=editor)

    response = editor_client.get(reverse("admin:articles_article_history", args=[draft.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Compare selected revisions" in page
    assert "Published" in page


def test_history_page_query_count_does_not_grow_with_revisions(editor_client, editor, draft):
    url = reverse("admin:articles_article_history", args=[draft.pk])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200
        return len(queries)

    edit(draft, editor, title="Wording", m2m={"countries": [country("KZ")]})
    count_queries()  # what a process reads once (content types) is not the page's cost
    small = count_queries()
    for n in range(6):
        edit(draft, editor, title=f"Wording {n}", m2m={"countries": [country("KZ")]})

    assert count_queries() == small


def test_imported_article_keeps_history_too(editor):
    article = ArticleFactory()

    assert article.history.count() == 1


def test_restore_skips_links_deleted_since_and_says_which(editor_client, editor, draft):
    from django.contrib.admin.models import DELETION

    from tests.factories import EventFactory, PersonFactory

    gone = PersonFactory(name="Tamerlan Zhaksylykov")
    kept = PersonFactory(name="Saule Bekmukhanbetova")
    event = EventFactory(name="Steppe Transit Forum")
    edit(draft, editor, m2m={"people": [gone, kept], "events": [event]})
    linked = draft.history.order_by("-history_id").first()
    edit(draft, editor, body="Another wording.", m2m={"people": [], "events": []})
    url = reverse("admin:articles_article_simple_history", args=[draft.pk, linked.history_id])
    # Deleted through the admin, which remembers the name in its log.
    editor_client.post(reverse("admin:relations_person_delete", args=[gone.pk]), {"post": "yes"})
    assert LogEntry.objects.filter(action_flag=DELETION, object_repr=gone.name).exists()

    assert "Tamerlan Zhaksylykov" in editor_client.get(url).content.decode()
    response = editor_client.post(url, follow=True)

    connection.check_constraints()  # the links written are to rows that exist
    stored = Article.objects.get(pk=draft.pk)
    assert response.status_code == 200
    assert list(stored.people.all()) == [kept]
    assert list(stored.events.all()) == [event]
    assert stored.body == "Ministers discussed the corridor."
    page = response.content.decode()
    assert "Restored the revision" in page
    assert "Not restored, deleted since: person “Tamerlan Zhaksylykov”" in page


def test_restore_through_the_service_skips_deleted_links(editor, draft):
    from tests.factories import AgreementFactory, PersonFactory

    person, agreement = PersonFactory(), AgreementFactory()
    edit(draft, editor, m2m={"people": [person], "agreements": [agreement]})
    linked = draft.history.order_by("-history_id").first()
    edit(draft, editor, m2m={"people": [], "agreements": []})
    person.delete()

    services.article_restore_revision(article=draft, history_id=linked.history_id, by=editor)

    connection.check_constraints()
    stored = Article.objects.get(pk=draft.pk)
    assert list(stored.people.all()) == []
    assert list(stored.agreements.all()) == [agreement]
    # The new revision records what was restored, not the deleted link.
    assert list(draft.history.order_by("-history_id").first().people.all()) == []


def test_restore_keeps_the_current_source_when_the_old_one_was_deleted(editor, draft):
    from tests.factories import SourceFactory

    old_source = SourceFactory(name="Steppe Herald")
    edit(draft, editor, source=old_source)
    linked = draft.history.order_by("-history_id").first()
    kazinform = Source.objects.get(name="Kazinform")
    edit(draft, editor, source=kazinform)
    old_source.delete()

    services.article_restore_revision(article=draft, history_id=linked.history_id, by=editor)

    assert Article.objects.get(pk=draft.pk).source == kazinform


def test_restore_page_lists_only_what_a_restore_brings_back(editor_client, editor, draft):
    first = draft.history.order_by("history_id").first()
    edit(draft, editor, title="Renamed", status="published", published_at=timezone.now())
    url = reverse("admin:articles_article_simple_history", args=[draft.pk, first.history_id])

    response = editor_client.get(url)

    changed = {diff.name for diff in response.context["diffs"] if diff.changed}
    assert changed == {"title"}
    assert "Published at" not in response.content.decode()
