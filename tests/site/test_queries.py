"""Each page type makes the same number of queries for 60 and for 600 articles."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.pagination import encode_cursor
from articles.sitemaps import SITEMAPS
from tests.site.conftest import bulk_articles

# A ceiling per page, so a constant but bloated page still fails. The sitemap costs a count
# and a page of rows per section.
MAX_QUERIES = 12
MAX_QUERIES_SITEMAP = 2 * len(SITEMAPS) + 1


def urls(world, articles):
    deep = encode_cursor(articles[-10])  # near the end of the archive
    return {
        "home": "/",
        "list": "/articles/",
        "list-filtered": "/articles/?country=mn&source=kazinform",
        "list-deep": f"/articles/?before={deep}",
        "article": world.published.get_absolute_url(),
        "countries": "/countries/",
        "country": "/countries/mn/",
        "pair": "/countries/kz/mn/",
        "events": "/events/",
        "event": world.visit.get_absolute_url(),
        "person": world.president.get_absolute_url(),
        "people": "/people/?country=mn",
        "agreements": "/agreements/",
        "agreement": world.agreement.get_absolute_url(),
        "source": world.source.get_absolute_url(),
        "sources": "/sources/",
        "search": "/search/?q=transit",
        "feed": "/feeds/latest/",
        "feed-country": "/countries/mn/feed/atom/",
        "feed-event": "/events/kz-mn-state-visit/feed/",
        "feed-pair": "/countries/kz/mn/feed/",
        "feed-person": f"{world.president.get_absolute_url()}feed/atom/",
        "feed-source": f"{world.source.get_absolute_url()}feed/",
        "sitemap": "/sitemap.xml",
    }


def uncached_get(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "list",
        "list-filtered",
        "list-deep",
        "article",
        "countries",
        "country",
        "pair",
        "events",
        "event",
        "person",
        "people",
        "agreements",
        "agreement",
        "source",
        "sources",
        "search",
        "feed",
        "feed-country",
        "feed-event",
        "feed-pair",
        "feed-person",
        "feed-source",
        "sitemap",
    ],
)
def test_query_count_is_the_same_for_60_and_600_articles(
    client, world, django_assert_num_queries, page_type
):
    small = bulk_articles(world, 60)
    with CaptureQueriesContext(connection) as at_60:
        uncached_get(client, urls(world, small)[page_type])
    assert len(at_60) <= (MAX_QUERIES_SITEMAP if page_type == "sitemap" else MAX_QUERIES)

    large = small + bulk_articles(world, 540, start=60)
    url = urls(world, large)[page_type]
    cache.clear()
    with django_assert_num_queries(len(at_60)):
        response = client.get(url)
    assert response.status_code == 200


def test_whether_a_source_is_public_is_one_index_seek(world):
    """`Source.objects.public()` (the source filter's choices, on every list page) asks, per
    source, whether a published article comes from it. With statistics that call most
    articles published, SQLite answered it by walking every published article's date for a
    source that has none (150 ms at 50,000 articles); the (source, status, date) index
    answers it with one seek on both engines."""
    from articles.models import Article, Source

    unused = Source.objects.create(name="Unused wire", slug="unused-wire")
    bulk_articles(world, 200)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:  # a tiny table would be scanned
            cursor.execute("ANALYZE articles_article")
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Source.objects.public().explain()
    if connection.vendor == "sqlite":
        assert "article_source_live_idx" in plan and "article_cited_live_idx" in plan, plan
        assert "article_status_pub_id_idx" not in plan, plan
    else:
        # PostgreSQL hashes the whole subquery once on a table this small; at 50,000 articles
        # it probes per source (with the index above). A probe must seek by the source's key.
        published = Article.objects.published()
        for field in ("source", "cited_source"):
            plan = published.filter(**{field: unused}).explain()
            conditions = [line for line in plan.splitlines() if "Index Cond" in line]
            assert any(f"{field}_id = {unused.pk}" in line for line in conditions), plan


def test_an_articles_editions_are_read_by_key_not_by_walking_the_date_index(world):
    """The article page reads the story's other editions. With the published gate in that
    query, SQLite's sampled statistics made it walk every published article's date for them
    (65 ms at 50,000 articles); they are read by key (the partial unique index), at most one
    per language, and gated by `is_live()`."""
    from articles.models import Article
    from articles.views import published_editions

    articles = bulk_articles(world, 200)
    original = articles[0]
    Article.objects.filter(pk=articles[1].pk).update(translation_of=original, language="ru")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The statistics the sampled ANALYZE of `refresh_statistics` left on the bench's
            # 50,000-article archive (about 200 rows per status, so that walking the published
            # ones by date looked cheap), with none yet for the editions' index.
            cursor.execute("ANALYZE")
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            cursor.executemany(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('articles_article', %s, %s)",
                [
                    ("article_status_pub_id_idx", "45276 201 1 1"),
                    ("article_live_idx", "52080 1 1 1"),
                    ("article_pub_idx", "39104 1 1"),
                    ("sqlite_autoindex_articles_article_1", "16920 1"),
                ],
            )
            cursor.execute("ANALYZE sqlite_schema")  # reload them
        else:
            cursor.execute("ANALYZE articles_article")
            cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as queries:
        editions = published_editions(original)
    assert [edition.pk for edition in editions] == [articles[1].pk]
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + query["sql"])
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "article_one_edition_per_language" in plan, plan
    assert "article_status_pub_id_idx" not in plan, plan


def test_whether_an_organization_is_public_starts_from_its_links(world):
    """An organization has thousands of links on average (a few rows, each in many
    articles), so its link index looked unselective and SQLite answered "does a published
    article link it?" by walking every published article by date: the whole archive for an
    organization nothing published links (216 ms for a list of twenty at 50,000 articles).
    The gate reads the organization's links first and checks each one's article by key."""
    from articles.models import Article
    from relations.models import Organization
    from relations.queries import linked_from_links, public_organizations

    articles = bulk_articles(world, 200)
    busy = Organization.objects.create(name="Busy Organization", slug="busy-org")
    Organization.objects.create(name="Quiet Organization", slug="quiet-org")
    Through = Article.organizations.through
    Through.objects.bulk_create([Through(article=a, organization=busy) for a in articles])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE articles_article")
            cursor.execute("ANALYZE articles_article_organizations")
    assert set(public_organizations().values_list("slug", flat=True)) >= {"busy-org"}
    assert not public_organizations().filter(slug="quiet-org").exists()
    plan = Organization.objects.filter(linked_from_links("organizations")).explain()
    if connection.vendor == "sqlite":
        assert "article_status_pub_id_idx" not in plan, plan
        assert "SEARCH U0 USING INTEGER PRIMARY KEY" in plan, plan  # each link's article


def test_the_registry_reads_agreements_newest_first_undated_last_from_their_index(world):
    """The registry's order (undated last on both engines) is the order of
    `agreement_signed_idx`: a page of it walks the index instead of sorting every agreement.
    PostgreSQL puts NULLs first in a descending index, so there the index says NULLS LAST."""
    from relations.models import Agreement
    from relations.views import agreement_registry

    start = dt.date(2020, 1, 1)
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Accord {i}",
            slug=f"accord-{i}",
            signed_on=None if i % 5 == 0 else start + dt.timedelta(days=i),
        )
        for i in range(60)
    )
    world.published.agreements.add(*agreements)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:  # a tiny table would be scanned and sorted
            cursor.execute("ANALYZE relations_agreement")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        plan = agreement_registry({}).qs[:30].explain()

    assert "agreement_signed_idx" in plan, plan
    assert "TEMP B-TREE" not in plan.upper() and "Sort" not in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite statistics")
def test_sqlite_statistics_count_every_row(world):
    """`refresh_statistics` (after `migrate` and imports) reads every row: a sample cannot
    count a column of few values. On a 50,000-article archive it put about 200 articles in
    each status, and the admin's article list sorted the whole table instead of walking the
    date index (550 ms against 52 ms)."""
    from articles.models import Article
    from newsroom.db import refresh_statistics

    bulk_articles(world, 900)
    total = Article.objects.count()
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'article_status_updated_idx'")
        rows, per_status, *_ = map(int, cursor.fetchone()[0].split())

    statuses = Article.objects.values("status").distinct().count()
    assert rows == total
    assert per_status == -(-total // statuses)  # the average, rounded up


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite statistics")
def test_sqlite_statistics_are_read_again_once_the_archive_changed_by_a_tenth(world):
    """After an import the statistics are refreshed only when they no longer describe the
    archive's size: an exact pass costs about 2 s at 500,000 articles."""
    from newsroom.db import refresh_statistics, statistics_stale

    bulk_articles(world, 100)
    refresh_statistics()
    assert not statistics_stale()
    bulk_articles(world, 5, start=100)  # 5% more
    refresh_statistics(only_if_stale=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'article_status_updated_idx'")
        before = int(cursor.fetchone()[0].split()[0])
    assert not statistics_stale()

    bulk_articles(world, 20, start=105)  # now 19% more than described
    assert statistics_stale()
    refresh_statistics(only_if_stale=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'article_status_updated_idx'")
        after = int(cursor.fetchone()[0].split()[0])
    assert (before, after) == (105, 130)
    assert not statistics_stale()
