"""Article.version: every write of an existing row is a new version."""

from articles.models import Article
from tests.factories import ArticleFactory


def test_new_article_starts_at_version_one(db):
    article = ArticleFactory()

    assert Article.objects.get(pk=article.pk).version == 1


def test_each_update_increments_the_stored_version(db):
    article = ArticleFactory()

    article.title = "Second wording"
    article.save()
    article.body = "Third wording."
    article.save()

    assert Article.objects.get(pk=article.pk).version == 3


def test_update_fields_save_also_increments_the_version(db):
    article = ArticleFactory()

    article.summary = "A short summary."
    article.save(update_fields=["summary"])

    assert Article.objects.get(pk=article.pk).version == 2
