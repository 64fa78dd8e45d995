"""The admin's article search: title, slug and summary as Django matches them, the text through
the full-text index, for articles of every status."""

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
    return sorted(re.findall(r'<th class="field-title"><a [^>]*>([^<]+)</a>', response.text))


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
    assert scans  # title, slug and summary are still matched by LIKE
    assert not any(re.search(re.escape(body) + r"[^,]*LIKE", sql) for sql in scans)


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
