"""Keyset pagination: cursors walk the whole list without gaps or repeats, and a deep page
seeks instead of using an OFFSET."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.pagination import decode_cursor, encode_cursor, seek_before, seeking
from tests.site.conftest import bulk_articles


def follow(client, url):
    response = client.get(url)
    return response, [a.pk for a in response.context["articles"]]


def test_older_links_walk_every_article_once_in_date_order(client, world):
    bulk_articles(world, 45)
    expected = list(
        world.published.__class__.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    seen, url = [], "/articles/"
    while url:
        response, pks = follow(client, url)
        seen += pks
        page = response.context["page"]
        url = f"/articles/?before={page.next_cursor}" if page.has_next else None
    assert seen == expected


def test_newer_link_returns_to_the_previous_page(client, world):
    bulk_articles(world, 45)
    first, first_pks = follow(client, "/articles/")
    second, _ = follow(client, f"/articles/?before={first.context['page'].next_cursor}")
    back, back_pks = follow(client, f"/articles/?after={second.context['page'].prev_cursor}")
    assert back_pks == first_pks
    assert not back.context["page"].has_previous


def test_page_links_use_rel_next_and_prev_and_keep_filters(client, world):
    bulk_articles(world, 45)
    html = client.get("/articles/?country=mn").content.decode()
    assert 'rel="next"' in html and "country=mn" in html.split('rel="next"')[1].split(">")[0]
    second = client.get("/articles/?country=mn&before=" + encode_cursor(world.published))
    assert 'rel="prev"' in second.content.decode()


def test_deep_page_uses_no_offset(client, world):
    articles = bulk_articles(world, 45)
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/articles/?before={encode_cursor(articles[-5])}")
    assert not any("OFFSET" in q["sql"].upper() for q in ctx.captured_queries)


def test_malformed_cursor_is_ignored(client, world):
    response = client.get("/articles/?before=garbage-')")
    assert response.status_code == 200
    assert decode_cursor("garbage") is None
    assert decode_cursor("99999999999999999999999-1") is None


def test_deep_page_bounds_its_index_range_by_the_cursor_before_the_gate(world):
    """SQLite ranges an index by the first upper bound on a column it meets: with the gate's
    `published_at <= now` first, a deep page walked the index from the newest article."""
    articles = bulk_articles(world, 45)
    cursor = articles[-5]
    listing = Article.objects.for_listing().filter(countries__code="MN")
    qs = seeking(listing, seek_before(cursor.published_at, cursor.pk))
    # The WHERE clause's own parameters (the card's teaser adds some to the SELECT).
    _, params = qs.query.get_compiler(connection=connection).compile(qs.query.where)
    at = connection.ops.adapt_datetimefield_value(cursor.published_at)
    assert params[0] == at  # the cursor's bound is the first condition
    assert params.count(at) == 2 and len(params) > 3  # the gate and the filter are kept
    assert [a.pk for a in qs] == [
        a.pk
        for a in listing
        if a.published_at <= cursor.published_at
        and (a.published_at, a.pk) < (cursor.published_at, cursor.pk)
    ]
