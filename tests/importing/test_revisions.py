"""An imported article's revisions hold its relations, so restoring the imported version
(or comparing with it) keeps the countries, people and events the text named."""

import pytest

from articles import services
from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article

pytestmark = pytest.mark.django_db

TEXT = (
    "2025-03-04\nKazakhstan and Mongolia discuss a second rail crossing\n"
    "Deputy Minister of Foreign Affairs of Kazakhstan Alibek Kuantyrov met the Mongolian "
    "ambassador in Astana to talk about freight trains, Kazinform reports.\n"
)


def import_text(text):
    texts_import(files=[files.from_bytes("talks.txt", text.encode())])
    return Article.objects.get()


def codes(revision):
    return {row.country.code for row in revision.countries.all()}


def test_the_created_revision_of_an_imported_article_holds_its_relations():
    article = import_text(TEXT)

    created = article.history.get()
    assert codes(created) == {"KZ", "MN"}
    assert [row.person.name for row in created.people.all()] == ["Alibek Kuantyrov"]


def test_restoring_the_imported_revision_keeps_the_articles_links(editor):
    article = import_text(TEXT)
    imported = article.history.get()
    article.title = "Edited by the desk"
    services.article_save_edit(article=article, by=editor, m2m={"countries": [], "people": []})

    services.article_restore_revision(article=article, history_id=imported.history_id, by=editor)

    article.refresh_from_db()
    assert article.title == "Kazakhstan and Mongolia discuss a second rail crossing"
    assert {c.code for c in article.countries.all()} == {"KZ", "MN"}
    assert [p.name for p in article.people.all()] == ["Alibek Kuantyrov"]


def test_a_corrected_text_makes_one_revision_with_its_new_links():
    article = import_text(TEXT)

    import_text(TEXT.replace("the Mongolian ambassador", "the Chinese ambassador"))

    revisions = list(article.history.order_by("history_id"))
    assert len(revisions) == 2
    assert codes(revisions[-1]) == {"KZ", "MN", "CN"}
    assert {c.code for c in article.countries.all()} == {"KZ", "MN", "CN"}
