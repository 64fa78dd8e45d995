"""The sitemap lists every public page and nothing else."""

import pytest
from lxml import etree

from articles import views
from tests.factories import ArticleFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    return root, [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def paths(urls):
    return {u.split("testserver", 1)[1] for u in urls}


def test_sitemap_lists_every_public_page(client, world):
    ArticleFactory(title="China and Mongolia", countries=["CN", "MN"])
    _, urls = locations(client, "/sitemap.xml")
    listed = paths(urls)
    expected = {
        "/",
        "/articles/",
        "/countries/",
        "/events/",
        "/agreements/",
        world.published.get_absolute_url(),
        "/countries/kz/",
        "/countries/mn/",
        "/countries/cn/",
        "/countries/kz/mn/",
        "/countries/cn/mn/",
        world.visit.get_absolute_url(),
        world.president.get_absolute_url(),
        world.agreement.get_absolute_url(),
        world.source.get_absolute_url(),
    }
    assert expected <= listed
    # Only a signatory, named by no published article: behind the entity gate.
    assert world.minister.get_absolute_url() not in listed
    assert "/countries/uy/" not in listed  # no coverage, not listed
    assert "/countries/cn/kz/" not in listed  # no shared coverage


def test_every_sitemap_url_answers_200(client, world):
    _, urls = locations(client, "/sitemap.xml")
    for path in paths(urls):
        assert client.get(path).status_code == 200, path


def test_large_sitemap_becomes_an_index_of_sections(client, world, monkeypatch):
    monkeypatch.setattr(views, "SITEMAP_MAX_URLS", 3)
    root, urls = locations(client, "/sitemap.xml")
    assert etree.QName(root).localname == "sitemapindex"
    sections = paths(urls)
    assert "/sitemap-articles.xml" in sections
    _, article_urls = locations(client, "/sitemap-articles.xml")
    assert paths(article_urls) == {world.published.get_absolute_url()}


@pytest.mark.parametrize("section", ["nothing", "pagesx"])
def test_unknown_sitemap_section_is_404(client, world, section):
    assert client.get(f"/sitemap-{section}.xml").status_code == 404


def test_a_country_covered_only_by_a_draft_is_not_in_the_sitemap(client, world):
    ArticleFactory(title="Draft about Zimbabwe", countries=["ZW"], status="draft")
    _, urls = locations(client, "/sitemap.xml")
    assert "/countries/zw/" not in paths(urls)
