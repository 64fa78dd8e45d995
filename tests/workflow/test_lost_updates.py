"""A save from a stale form is refused; the typed edits come back; nothing is overwritten."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article
from relations.services import entity_merge
from tests.factories import ArticleFactory, PersonFactory, UserFactory
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client, editor):
    other = UserFactory(username="second-editor", groups=["Editors"])
    from django.test import Client

    second = Client()
    second.force_login(other)
    client.force_login(editor)
    return client, second


def test_stale_admin_save_is_refused_with_edits_kept(two_editors, draft):
    first, second = two_editors
    opened = Article.objects.get(pk=draft.pk)  # both forms opened at version 1
    assert first.post(change_url(draft), form_data(opened, title="First save")).status_code == 302

    response = second.post(
        change_url(draft), form_data(opened, title="Second save", body="Typed with care.")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this article at" in page
    assert "(by editor)" in page
    form = response.context["adminform"].form
    assert form["title"].value() == "Second save"
    assert form["body"].value() == "Typed with care."


def test_stale_admin_save_overwrites_nothing(two_editors, draft):
    first, second = two_editors
    opened = Article.objects.get(pk=draft.pk)
    first.post(change_url(draft), form_data(opened, title="First save"))

    second.post(change_url(draft), form_data(opened, title="Second save"))

    article = Article.objects.get(pk=draft.pk)
    assert (article.title, article.version) == ("First save", 2)


def test_resubmitting_the_stale_form_is_still_refused(two_editors, draft):
    first, second = two_editors
    opened = Article.objects.get(pk=draft.pk)
    first.post(change_url(draft), form_data(opened, title="First save"))
    second.post(change_url(draft), form_data(opened, title="Second save"))

    response = second.post(change_url(draft), form_data(opened, title="Second save"))

    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).title == "First save"


def test_service_refuses_a_stale_version(editor, draft):
    services.article_save_edit(
        article=Article.objects.get(pk=draft.pk), by=editor, expected_version=1
    )
    stale = Article.objects.get(pk=draft.pk)
    stale.title = "From an old form"

    with pytest.raises(services.StaleArticle):
        services.article_save_edit(article=stale, by=editor, expected_version=1)

    assert Article.objects.get(pk=draft.pk).title != "From an old form"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL run"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_saves_of_one_version_only_one_wins(monkeypatch):
    editor_a = UserFactory(username="a-editor", groups=["Editors"])
    editor_b = UserFactory(username="b-editor", groups=["Editors"])
    article = ArticleFactory(status="draft", published_at=None)
    original_clean = Article.full_clean

    def slow_clean(self, *args, **kwargs):
        # Widen the window between the version check and the write.
        time.sleep(0.3)
        return original_clean(self, *args, **kwargs)

    monkeypatch.setattr(Article, "full_clean", slow_clean)
    start = threading.Barrier(2)
    outcomes = {}

    def save(user, title):
        copy = Article.objects.get(pk=article.pk)
        copy.title = title
        start.wait()
        try:
            services.article_save_edit(article=copy, by=user, expected_version=1)
            outcomes[title] = "saved"
        except services.StaleArticle:
            outcomes[title] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(editor_a, "A wins")),
        threading.Thread(target=save, args=(editor_b, "B wins")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(title for title, outcome in outcomes.items() if outcome == "saved")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.version) == (winner, 2)


def test_a_merge_turns_an_open_form_of_a_relinked_article_stale(editor_client, superuser, draft):
    keep, duplicate = PersonFactory(name="Mukhtar Tileuberdi"), PersonFactory(name="M. Tileuberdi")
    draft.people.set([duplicate])
    other = ArticleFactory(people=[keep])
    opened = Article.objects.get(pk=draft.pk)  # the form holds the duplicate's id

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    response = editor_client.post(
        change_url(draft), form_data(opened, title="Typed while merging", people=[duplicate.pk])
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == [services.stale_message(Article.objects.get(pk=draft.pk))]
    assert "(by chief)" in form.non_field_errors()[0]
    assert "people" not in form.errors  # not "Select a valid choice" for the merged row
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.title, stored.version) == (opened.title, opened.version + 1)
    assert stored.updated_by == superuser
    assert Article.objects.get(pk=other.pk).version == other.version  # linked keep already


def test_a_merge_moves_the_versions_on_in_one_update(superuser):
    keep, duplicate = PersonFactory(), PersonFactory()
    relinked = [ArticleFactory(people=[duplicate]) for _ in range(3)]
    relinked.append(ArticleFactory(people=[keep, duplicate]))  # its link to the duplicate goes
    untouched = ArticleFactory(people=[keep])

    with CaptureQueriesContext(connection) as queries:
        entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    bumps = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_article"')]
    assert len(bumps) == 1, bumps
    versions = Article.objects.filter(pk__in=[a.pk for a in relinked]).values_list(
        "version", flat=True
    )
    assert set(versions) == {2}
    assert Article.objects.get(pk=untouched.pk).version == 1
