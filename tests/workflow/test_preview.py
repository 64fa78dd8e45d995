"""Preview: staff only (404 for others), the public template, noindex, never cached."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def test_anonymous_visitor_gets_404_not_a_login_redirect(client, draft):
    assert client.get(preview_url(draft)).status_code == 404


def test_logged_in_non_staff_user_gets_404(client, draft):
    client.force_login(UserFactory(username="reader", is_staff=False))

    assert client.get(preview_url(draft)).status_code == 404


def test_reporter_previews_a_draft_with_the_public_template(reporter_client, draft):
    response = reporter_client.get(preview_url(draft))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert "Preview — not published" in response.content.decode()
    assert draft.title in response.content.decode()


def test_preview_is_noindex_in_header_and_page(editor_client, draft):
    response = editor_client.get(preview_url(draft))

    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_preview_is_never_cached(editor_client, draft):
    response = editor_client.get(preview_url(draft))

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_change_form_links_to_the_preview(editor_client, draft):
    response = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    assert preview_url(draft) in response.content.decode()


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft"},  # unpublished, keeping its publication time
        {"status": "review"},
        {"status": "archived"},
        {"status": "published", "published_at": "future"},
    ],
    ids=["dated draft", "dated review", "archived", "scheduled"],
)
def test_view_on_site_leads_staff_to_the_preview_until_the_article_is_live(editor_client, state):
    when = state.get("published_at")
    article = ArticleFactory(
        status=state["status"],
        **({"published_at": timezone.now() + dt.timedelta(days=1)} if when else {}),
    )
    content_type = ContentType.objects.get_for_model(Article)

    response = editor_client.get(
        reverse("admin:view_on_site", args=[content_type.pk, article.pk]), follow=True
    )

    preview = reverse("articles:preview", kwargs={"pk": article.pk})
    assert article.get_absolute_url() == preview
    assert response.redirect_chain[-1][0].endswith(preview)
    assert response.status_code == 200
    assert "Preview — not published." in response.content.decode()


def test_a_live_articles_address_is_its_public_page(client):
    article = ArticleFactory(title="Corridor talks resume")

    assert article.get_absolute_url() == article.public_url()
    assert article.get_absolute_url().startswith("/articles/")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_undated_preview_has_no_stray_separator_before_its_source(editor_client, draft):
    response = editor_client.get(preview_url(draft))

    meta = response.content.decode().split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    assert meta.split()[0].startswith("<a")  # the source comes first, with nothing before it
    assert ">Kazinform</a>" in meta
    assert "·" not in meta


def test_a_dated_preview_separates_its_date_and_source(editor_client, draft):
    draft.published_at = timezone.now()
    draft.save()

    meta = editor_client.get(preview_url(draft)).content.decode().split('<p class="meta">')[1]

    assert "</time> · <a" in " ".join(meta.split("</p>")[0].split())
