"""/sources/: the outlets published articles come from or cite, with what each published."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def main(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def entry(page, name):
    """The list item of the source named `name` (its link through its meta line)."""
    start = page.index(f">{name}</a>")
    return page[start : page.index("</li>", start)]


def test_sources_list_counts_published_and_cited_articles_only(client, world):
    # The world: one published article from Kazinform citing the MFA, and a draft, an item
    # in review, an archived and a scheduled article from Kazinform, none of which count.
    ArticleFactory(title="Second wire story", source=world.source, cited_source=None)
    page = main(client.get("/sources/"))
    assert '<a href="/sources/kazinform/">Kazinform</a>' in page
    assert "News agency · Kazakhstan · 2 articles</p>" in entry(page, "Kazinform")
    # The MFA published nothing here; it is cited once.
    assert "Ministry · Kazakhstan · cited in 1 article</p>" in entry(page, "MFA")
    assert page.index(">Kazinform<") < page.index(">MFA<")  # A to Z


def test_a_source_only_unpublished_articles_name_is_not_listed(client, world):
    wire = Source.objects.create(name="Quiet Wire", slug="quiet-wire", kind="news_agency")
    ArticleFactory(title="Held back", source=wire, status="draft")
    ArticleFactory(
        title="Due next week",
        source=wire,
        published_at=timezone.now() + dt.timedelta(days=7),
    )
    page = main(client.get("/sources/"))
    assert "Quiet Wire" not in page and "quiet-wire" not in page


def test_sources_list_is_linked_from_every_page_and_the_sitemap(client, world):
    assert '<a href="/sources/">Sources</a>' in client.get("/").content.decode()
    sitemap = client.get("/sitemap-pages.xml")
    assert sitemap.status_code == 200
    assert "/sources/</loc>" in sitemap.content.decode()


def test_the_article_filter_lists_what_a_source_published_and_what_cites_it(client, world):
    # The world's published article comes from Kazinform and cites the MFA; the MFA is a
    # choice of the filter, so choosing it must find that article, and nothing unpublished.
    ArticleFactory(title="From the ministry", source=Source.objects.get(name="MFA"))
    ArticleFactory(title="Other wire story", source=world.source, cited_source=None)
    page = main(client.get("/articles/", {"source": "mfa"}))

    assert '<option value="mfa" selected>MFA</option>' in page
    assert "Articles from or citing MFA" in page
    assert world.published.title in page and "From the ministry" in page
    assert "Other wire story" not in page and "SECRET" not in page
