"""Fixtures for the editorial workflow: logged-in clients and admin form data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def draft(db, reporter):
    return ArticleFactory(
        title="Draft on the transit corridor",
        body="Ministers discussed the corridor.",
        status="draft",
        published_at=None,
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_url():
    return reverse("admin:articles_article_add")


def changelist_url():
    return reverse("admin:articles_article_changelist")


def form_data(article=None, **overrides):
    """What the admin change form posts for ``article`` (or a new one), with overrides."""
    data = {
        "title": "A new piece",
        "slug": "",
        "summary": "",
        "body": "Body text.",
        "language": "en",
        "byline": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "source": "",
        "cited_source": "",
        "dateline": "",
        "image_credit": "",
    }
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            language=article.language,
            status=article.status,
            source=article.source_id or "",
            edit_version=article.version,
            countries=[c.pk for c in article.countries.all()],
        )
        if article.published_at:
            local = timezone.localtime(article.published_at)
            data.update(
                published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S")
            )
    if "published_at" in overrides:
        when = overrides.pop("published_at")
        local = timezone.localtime(when)
        data.update(
            published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S")
        )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
