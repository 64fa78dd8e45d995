"""Canonical links, OpenGraph, JSON-LD and safe output under a strict CSP."""

import html
import json
import re

import pytest
from lxml import html as lxml_html

from articles.templatetags.articles import json_ld_script
from tests.factories import ArticleFactory


def json_ld(content):
    doc = lxml_html.fromstring(content)
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def meta(content, prop):
    doc = lxml_html.fromstring(content)
    return [m.get("content") for m in doc.xpath(f'//meta[@property="{prop}"]')]


def test_article_has_news_article_json_ld(client, world):
    data = json_ld(client.get(world.published.get_absolute_url()).content)
    assert [d["@type"] for d in data] == ["NewsArticle"]
    assert data[0]["headline"] == world.published.title
    assert data[0]["url"].endswith(world.published.get_absolute_url())
    assert data[0]["datePublished"].startswith(str(world.published.published_at.year))


def test_event_has_event_json_ld(client, world):
    data = json_ld(client.get(world.visit.get_absolute_url()).content)
    assert [d["@type"] for d in data] == ["Event"]
    assert data[0]["startDate"] == "2024-10-28"
    assert data[0]["location"]["address"]["addressCountry"] == "MN"


@pytest.mark.parametrize(
    "missing",
    [
        {"starts_on": None, "ends_on": None},
        {"city": "", "host_country": None},
    ],
    ids=["undated", "no place"],
)
def test_an_event_without_a_date_or_a_place_has_no_event_json_ld(client, world, missing):
    """schema.org's consumers require an Event's startDate and location: a block without
    them is refused, so the page has none (the page itself still shows what is known)."""
    for name, value in missing.items():
        setattr(world.visit, name, value)
    world.visit.save()
    response = client.get(world.visit.get_absolute_url())
    assert response.status_code == 200
    assert json_ld(response.content) == []


def test_person_has_person_json_ld(client, world):
    data = json_ld(client.get(world.president.get_absolute_url()).content)
    assert [d["@type"] for d in data] == ["Person"]
    assert data[0]["jobTitle"] == "President of Mongolia"


def test_article_has_canonical_and_opengraph(client, world):
    content = client.get(world.published.get_absolute_url()).content
    doc = lxml_html.fromstring(content)
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    assert canonical == ["http://testserver" + world.published.get_absolute_url()]
    assert meta(content, "og:type") == ["article"]
    assert meta(content, "og:title") == [world.published.title]
    assert meta(content, "og:url") == canonical
    assert meta(content, "og:description")
    assert meta(content, "og:image") == []  # no lead image, no og:image


def test_an_article_without_a_summary_is_described_by_its_text_as_read(client, world):
    """Meta description, OpenGraph, JSON-LD and the feeds take the text as a reader sees it:
    no Markdown marks, and `&` once (the feeds showed "&amp;" to their readers)."""
    import feedparser

    article = ArticleFactory(
        title="Corridor talks",
        summary="",
        body='Trade & transit "grew" by **10%** [here](https://example.org).',
    )
    said = 'Trade & transit "grew" by 10% here.'
    content = client.get(article.get_absolute_url()).content
    doc = lxml_html.fromstring(content)
    assert doc.xpath('//meta[@name="description"]/@content') == [said]
    assert meta(content, "og:description") == [said]
    assert json_ld(content)[0]["description"] == said
    for url in ("/feeds/latest/", "/feeds/latest/atom/"):
        entries = feedparser.parse(client.get(url).content).entries
        # A summary is HTML: the text's "&" is "&amp;" in it, which a reader shows as "&".
        summaries = [e.summary for e in entries if e.title == "Corridor talks"]
        assert [html.unescape(s) for s in summaries] == [said], url


def test_a_feed_summary_shows_angle_brackets_in_a_text_as_text(client, world):
    """A text that quotes markup (here as inline code) is summarised as text, not as markup a
    feed reader would render or drop."""
    import feedparser

    ArticleFactory(title="Markup talk", summary="", body="Compare 5 < 6 and `<b>bold</b>`.")
    for url in ("/feeds/latest/", "/feeds/latest/atom/"):
        entries = feedparser.parse(client.get(url).content).entries
        (summary,) = [e.summary for e in entries if e.title == "Markup talk"]
        assert "<b>" not in summary, url
        assert html.unescape(summary) == "Compare 5 < 6 and <b>bold</b>.", url


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/", "/articles/?country=mn", "/agreements/?kind=declaration", "/events/?year=2024",
     "/countries/mn/", "/countries/kz/mn/", "/search/?q=pension"],
)  # fmt: skip
def test_a_pages_og_url_is_its_canonical_url(client, world, url):
    doc = lxml_html.fromstring(client.get(url).content)
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    assert len(canonical) == 1
    assert doc.xpath('//meta[@property="og:url"]/@content') == canonical


def test_article_with_renditions_has_og_image_and_picture(client, world):
    article = world.published
    renditions = {
        name: {
            "webp": f"/media/r/{name}.webp",
            "fallback": f"/media/r/{name}.jpg",
            "fallback_type": "image/jpeg",
            "width": w,
            "height": w // 2,
        }
        for name, w in [("thumbnail", 320), ("medium", 800), ("large", 1600)]
    }
    # update(), not save(): no file exists and image processing is not under test here.
    type(article).objects.filter(pk=article.pk).update(
        lead_image="articles/2025/09/visit.jpg",
        lead_image_alt="Two presidents shake hands",
        lead_image_credit="Akorda",
        lead_image_renditions=renditions,
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert meta(content, "og:image") == ["http://testserver/media/r/large.jpg"]
    assert (
        '<source type="image/webp" srcset="/media/r/thumbnail.webp 320w, /media/r/medium.webp 800w, /media/r/large.webp 1600w"'
        in content
    )
    assert (
        'srcset="/media/r/thumbnail.jpg 320w, /media/r/medium.jpg 800w, /media/r/large.jpg 1600w"'
        in content
    )
    assert 'src="/media/r/medium.jpg"' in content
    assert 'alt="Two presidents shake hands"' in content and "Akorda" in content


def test_article_language_is_marked(client, world):
    article = ArticleFactory(title="Казахстан и Монголия", language="ru")
    doc = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    assert doc.xpath('//article[@lang="ru"]')


def test_script_in_a_title_is_escaped_everywhere(client, world):
    evil = '</script><script>alert("x")</script>'
    article = ArticleFactory(title=f"Talks {evil}", countries=["MN"], summary="<b>bold</b>")
    for url in (
        article.get_absolute_url(),
        "/",
        "/articles/",
        "/countries/mn/",
        "/search/?q=Talks",
    ):
        content = client.get(url).content.decode()
        assert '<script>alert("x")' not in content, url
        assert "&lt;script&gt;" in content or "\\u003Cscript\\u003E" in content, url
        assert "<b>bold</b>" not in content, url
    data = json_ld(client.get(article.get_absolute_url()).content)
    assert data[0]["headline"] == f"Talks {evil}"


def test_json_ld_escapes_markup_characters():
    out = json_ld_script({"name": "</script><b>&"})
    assert "</script><b>" not in out.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(out.split(">", 1)[1].rsplit("</script>", 1)[0]) == {"name": "</script><b>&"}


def test_body_html_is_the_sanitised_render(client, world):
    article = ArticleFactory(body="Hello <script>alert(1)</script> **world**")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>world</strong>" in content
    assert "alert(1)</script>" not in content


@pytest.mark.parametrize("url", ["/", "/articles/", "/countries/mn/", "/countries/kz/mn/"])
def test_pages_have_no_inline_style_script_or_handler(client, world, url):
    content = client.get(url).content.decode()
    assert not re.search(r"\sstyle=", content)
    assert not re.search(r"<style", content)
    assert not re.search(r"\son[a-z]+=", content)
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", content)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)


@pytest.mark.django_db
def test_robots_txt_points_crawlers_to_the_sitemap_and_away_from_the_desk(client):
    response = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /preview/", "Disallow: /search/"} <= set(lines)
    sitemap = response.wsgi_request.build_absolute_uri("/sitemap.xml")
    assert sitemap.startswith("https://testserver")  # as the TLS terminator reports
    assert lines[-1] == f"Sitemap: {sitemap}"
    assert client.get("/sitemap.xml").status_code == 200
    # Nothing a reader is meant to find from a search engine is closed off.
    assert not any(line in lines for line in ("Disallow: /", "Disallow: /articles/"))


@pytest.mark.django_db
def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    icon = static("favicon.svg")
    page = lxml_html.fromstring(client.get("/").content)
    assert page.xpath('//link[@rel="icon"]/@href') == [icon]

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == icon
    assert finders.find("favicon.svg")
