"""The admin's article search: title, slug and summary as Django matches them, the text through
the full-text index, for articles of every status."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def found(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    titles = re.findall(r'<th class="field-title"><a [^>]*>([^<]+)</a>', response.text)
    return sorted(html.unescape(title) for title in titles)


def test_finds_a_draft_by_a_word_of_its_text_in_another_form(admin_client):
    ArticleFactory(title="Budget talks", body="The pension fund was debated.", status="draft")
    ArticleFactory(title="Grain exports", body="Wheat and barley.", status="draft")

    assert found(admin_client, "pensions") == ["Budget talks"]
    assert found(admin_client, "pensio") == ["Budget talks"]  # the last word as a prefix


def test_finds_by_any_part_of_the_title_slug_or_summary(admin_client):
    ArticleFactory(title="Uzbekistan visit", slug="tashkent-trip", summary="Rail and water.")
    ArticleFactory(title="Grain exports", body="Wheat.")

    assert found(admin_client, "bekist") == ["Uzbekistan visit"]
    assert found(admin_client, "kent-tr") == ["Uzbekistan visit"]
    assert found(admin_client, "ater") == ["Uzbekistan visit"]


def test_an_article_matching_both_ways_is_listed_once(admin_client):
    ArticleFactory(title="Pension reform", body="The pension age rises.")

    assert found(admin_client, "pension") == ["Pension reform"]


def test_the_text_is_never_scanned_with_like(admin_client):
    ArticleFactory(title="Budget talks", body="The pension fund was debated.")

    with CaptureQueriesContext(connection) as queries:
        assert found(admin_client, "pension fund") == ["Budget talks"]

    body = f"{connection.ops.quote_name('articles_article')}.{connection.ops.quote_name('body')}"
    scans = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    if connection.vendor == "postgresql":
        assert scans  # title, slug and summary are matched by LIKE, served by trigram indexes
    else:
        assert not scans  # SQLite: title, slug and summary through the FTS5 trigram table
    assert not any(re.search(re.escape(body) + r"[^,]*LIKE", sql) for sql in scans)


def test_case_is_folded_beyond_ascii(admin_client):
    ArticleFactory(title="Визит в Монголию", slug="vizit")
    ArticleFactory(title="Grain exports")

    assert found(admin_client, "монгол") == ["Визит в Монголию"]
    assert found(admin_client, "МОНГОЛ") == ["Визит в Монголию"]


def test_each_word_must_be_found_somewhere(admin_client):
    ArticleFactory(title="Uzbekistan visit", slug="tashkent-trip", summary="Rail and water.")
    ArticleFactory(title="Uzbekistan grain", slug="grain")

    assert found(admin_client, "bekist ail") == ["Uzbekistan visit"]  # title and summary
    assert found(admin_client, "bekist zzq") == []


def test_a_quoted_phrase_is_matched_whole(admin_client):
    ArticleFactory(title="A state visit to Mongolia")
    ArticleFactory(title="A statesman visiting Astana")

    assert found(admin_client, '"state visit"') == ["A state visit to Mongolia"]
    assert found(admin_client, "state visit") == [
        "A state visit to Mongolia",
        "A statesman visiting Astana",
    ]


def test_words_shorter_than_a_trigram_still_match(admin_client):
    ArticleFactory(title="Uzbekistan visit", slug="uz-visit")
    ArticleFactory(title="Grain exports", slug="grain")

    assert found(admin_client, "zb") == ["Uzbekistan visit"]
    assert found(admin_client, "zb visit") == ["Uzbekistan visit"]


TRICKY = 'Talks on the ab"cd formula and title:x* OR AND NOT'


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ('ab"cd', [TRICKY]),
        ('a"b"c', []),
        ("OR AND NOT", [TRICKY]),
        ("title:x*", [TRICKY]),
        ("('^-", []),
    ],
)
def test_query_syntax_in_a_search_is_only_text(admin_client, term, expected):
    ArticleFactory(title=TRICKY)
    ArticleFactory(title="Grain exports")

    assert found(admin_client, term) == expected


def test_the_title_index_follows_edits_and_deletions(admin_client):
    from articles.models import Article

    article = ArticleFactory(title="Uzbekistan visit", slug="uz-visit", summary="")
    Article.objects.filter(pk=article.pk).update(title="Tajikistan visit", summary="Dushanbe.")

    assert found(admin_client, "bekist") == []
    assert found(admin_client, "ajikist") == ["Tajikistan visit"]
    assert found(admin_client, "ushanb") == ["Tajikistan visit"]
    Article.objects.filter(pk=article.pk).delete()
    assert found(admin_client, "ajikist") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 trigram table")
def test_sqlite_title_triggers_dropped_by_a_table_rebuild_are_restored(admin_client):
    from django.apps import apps

    from articles.models import Article
    from articles.signals import restore_sqlite_search_triggers

    article = ArticleFactory(title="Uzbekistan visit", slug="uz-visit")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_trgm_au")
    Article.objects.filter(pk=article.pk).update(title="Tajikistan visit")

    restore_sqlite_search_triggers(sender=apps.get_app_config("articles"), using="default")
    Article.objects.filter(pk=article.pk).update(summary="Talks in Dushanbe.")

    assert found(admin_client, "ajikist ushanb") == ["Tajikistan visit"]
    assert found(admin_client, "bekist") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plans")
def test_sqlite_pages_a_broad_search_along_the_lists_order(rf, superuser):
    """A word in most texts: the page walks the list's order and stops at its last row,
    instead of reading every hit and sorting them (400 ms at 50,000 articles)."""
    from django.contrib import admin

    from articles.models import Article
    from newsroom.db import refresh_statistics

    ArticleFactory.create_batch(3, title="Budget talks", body="Pension fund.")
    request = rf.get(CHANGELIST)
    request.user = superuser
    model_admin = admin.site.get_model_admin(Article)
    results, _ = model_admin.get_search_results(request, Article.objects.all(), "pension budget")
    with connection.cursor() as cursor:
        refresh_statistics()
        # What ANALYZE says of a 50,000-article archive, so the plan is the one it gets there.
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        cursor.execute(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('articles_article', %s, %s)",
            ["article_updated_idx", "50000 1"],
        )
        cursor.execute("ANALYZE sqlite_schema")
        plan = results.order_by("-updated_at", "-pk").explain()

    assert "article_updated_idx" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # ties by key are sorted, not all
    assert "articles_article_trgm" in plan and "articles_article_fts" in plan, plan
    assert len(results.order_by("-updated_at")[:100]) == 3


def test_punctuation_alone_searches_nothing_in_the_text(admin_client):
    ArticleFactory(title="Budget talks", body="Pension fund.")

    assert found(admin_client, "“”") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")
def test_postgresql_answers_the_search_from_indexes_alone(rf, superuser):
    from django.contrib import admin

    from articles.models import Article

    ArticleFactory(title="Budget talks", body="The pension fund was debated.")
    request = rf.get(CHANGELIST)
    request.user = superuser
    results, _ = admin.site.get_model_admin(Article).get_search_results(
        request, Article.objects.all(), "pension"
    )
    with connection.cursor() as cursor:
        # A tiny table would be scanned, or walked along the date index: only bitmap scans.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = results.order_by().explain()

    # Every condition is an index scan ORed with the others: the cost follows the matches,
    # not the archive. A condition no index serves would force a sequential scan even now.
    assert "Seq Scan" not in plan
    assert "BitmapOr" in plan
    for index in ("article_title_trgm_idx", "article_summary_trgm_idx", "article_slug_trgm_idx"):
        assert index in plan
    assert "article_search_idx" in plan  # the full-text GIN index, for the text
    assert [a.title for a in results] == ["Budget talks"]
