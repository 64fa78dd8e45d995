"""Article cards and article links: built in Python for speed, so their markup, escaping and
URLs are pinned here against what Django's own tools produce."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse, set_script_prefix
from django.utils.choices import normalize_choices
from django.utils.html import escape

from articles.filters import ArticleFilter
from articles.models import Article, Source
from articles.templatetags.articles import article_card
from newsroom.filters import SharedChoices
from tests.factories import ArticleFactory

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def card_article(world):
    source = Source.objects.create(name='Press & "Wire" <b>', slug="press-wire")
    article = ArticleFactory(
        title='Talks on <water> & "rivers"',
        slug="talks-on-water",
        summary="Both sides <i>agreed</i> & signed.",
        language="ru",
        source=source,
        countries=["MN", "KZ"],
        published_at=dt.datetime(2025, 9, 5, 23, 30, tzinfo=dt.UTC),  # 6 September in Astana
    )
    return Article.objects.for_listing().get(pk=article.pk)


def test_card_markup_escapes_every_value(card_article):
    assert str(article_card(card_article)) == (
        '<article class="card" lang="ru">\n'
        '  <h3><a href="/articles/2025/09/06/talks-on-water/">'
        "Talks on &lt;water&gt; &amp; &quot;rivers&quot;</a></h3>\n"
        '  <p class="meta"><time datetime="2025-09-06T04:30:00+0500">6 September 2025</time>'
        " · Press &amp; &quot;Wire&quot; &lt;b&gt;"
        ' · <span class="tags">Kazakhstan, Mongolia</span></p>\n'
        "  <p>Both sides &lt;i&gt;agreed&lt;/i&gt; &amp; signed.</p>\n"
        "</article>\n"
    )


def test_card_escaping_matches_django(card_article):
    html = str(article_card(card_article))
    for value in (card_article.title, card_article.summary, card_article.source.name):
        assert escape(value) in html


def test_card_without_source_countries_summary_or_text(world):
    article = ArticleFactory(title="Plain", slug="plain", source=None, summary="", body="")
    html = str(article_card(Article.objects.for_listing().get(pk=article.pk)))
    assert '<span class="tags">' not in html
    assert "<p>" not in html.split('class="meta">', 1)[1]
    assert html.count(" · ") == 0


def test_card_without_a_summary_shows_the_opening_of_its_text_escaped(world):
    article = ArticleFactory(
        summary="", body='Ministers met on *water* & "rivers".\n\nA second paragraph.'
    )
    html = str(article_card(Article.objects.for_listing().get(pk=article.pk)))
    assert "<p>Ministers met on water &amp; &quot;rivers&quot;. A second paragraph.</p>" in html


def test_card_cuts_a_long_opening_at_its_last_full_sentence(world):
    first = "The delegations of the two countries met in the capital to review the year's work. "
    second = "Officials from the U.S. Chamber of Commerce joined them for the second session. "
    article = ArticleFactory(summary="", body=first + second + "Talks went on " * 40)
    html = str(article_card(Article.objects.for_listing().get(pk=article.pk)))
    assert f"<p>{escape(first + second.strip())}</p>" in html  # not cut after "U.S."


def test_card_with_a_summary_shows_the_summary_not_the_text(world):
    article = ArticleFactory(summary="What the desk wrote.", body="What the text says.")
    html = str(article_card(Article.objects.for_listing().get(pk=article.pk)))
    assert "<p>What the desk wrote.</p>" in html
    assert "What the text says" not in html


def test_listing_reads_card_columns_only(world):
    article = Article.objects.for_listing().get(pk=world.published.pk)
    assert {
        "body",
        "body_html",
        "plain_text",
        "lead_image_renditions",
    } <= article.get_deferred_fields()
    assert "title" not in article.get_deferred_fields()


@pytest.mark.parametrize(
    "published_at",
    [
        dt.datetime(2025, 1, 1, 0, 0, tzinfo=ALMATY),
        dt.datetime(2024, 12, 31, 19, 0, tzinfo=dt.UTC),  # already 1 January in Astana
        dt.datetime(2025, 10, 9, 12, 0, tzinfo=ALMATY),
    ],
)
def test_article_url_matches_reverse(world, published_at):
    article = ArticleFactory(slug="a-b_c-9", published_at=published_at)
    local = published_at.astimezone(ALMATY)
    expected = reverse(
        "articles:detail",
        kwargs={"year": local.year, "month": local.month, "day": local.day, "slug": "a-b_c-9"},
    )
    assert article.get_absolute_url() == expected.replace(
        f"/{local.month}/{local.day}/", f"/{local.month:02d}/{local.day:02d}/"
    )


def test_article_url_follows_the_script_prefix(world):
    article = world.published
    plain = article.get_absolute_url()
    set_script_prefix("/news/")
    try:
        assert article.get_absolute_url() == "/news" + plain
    finally:
        set_script_prefix("/")
    assert article.get_absolute_url() == plain


def test_unpublished_article_links_to_its_preview(world):
    article = ArticleFactory(status="draft", published_at=None)
    assert article.get_absolute_url() == reverse("articles:preview", kwargs={"pk": article.pk})


def test_filter_choices_are_shared_not_renormalized(world):
    filterset = ArticleFilter({"country": "mn"})
    choices = filterset.filters["country"].extra["choices"]
    assert isinstance(choices, SharedChoices)
    assert normalize_choices(choices) is choices
    field = filterset.form.fields["country"]
    assert ("MN", "Mongolia") in list(field.choices)
    html = str(filterset.form["country"])
    assert '<option value="MN" selected>Mongolia</option>' in html
    assert filterset.is_valid()
