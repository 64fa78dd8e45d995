"""Deep admin pages (`newsroom.adminpaging`): the keys first, then the rows.

The threshold is lowered here so that a few dozen rows have "deep" pages; what is checked is
what an editor sees on them (the same rows, in the same order, as Django's own paginator),
that a deep page keeps the list's joins and prefetches, and that the keys come from an index.
"""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.admin import ArticleAdmin
from articles.models import Article
from newsroom import adminpaging
from newsroom.adminpaging import DeferredJoinPaginator
from tests.factories import ArticleFactory
from tests.relations.test_admin import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(monkeypatch):
    """23 articles, some changed at the same instant (ties broken by key), in every status."""
    monkeypatch.setattr(adminpaging, "DEFERRED_FROM", 4)
    now = timezone.now()
    statuses = ["published", "draft", "review", "archived"]
    articles = [
        ArticleFactory(title=f"Deep page item {n:02}", status=statuses[n % 4], countries=["MN"])
        for n in range(23)
    ]
    for n, article in enumerate(articles):
        # Pairs of articles share a change time: the key decides their order.
        Article.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(hours=n // 2))
    return articles


def test_every_page_holds_what_djangos_paginator_gives(archive):
    rows = Article.objects.select_related("source").order_by("-updated_at", "-pk")
    expected = Paginator(rows, 5, orphans=1)
    deferred = DeferredJoinPaginator(rows, 5, orphans=1)

    assert deferred.num_pages == expected.num_pages == 5
    for number in expected.page_range:
        assert [a.pk for a in deferred.page(number)] == [a.pk for a in expected.page(number)]


def test_a_deep_admin_page_shows_its_rows_in_order_with_their_columns(
    archive, admin_client, monkeypatch
):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 5)
    url = reverse("admin:articles_article_changelist")

    shallow, shallow_queries = page_queries(admin_client, url)
    deep, deep_queries = page_queries(admin_client, url + "?p=4")

    titles = [a.title for a in deep.context["cl"].result_list]
    by_change = Article.objects.order_by("-updated_at", "-pk").values_list("title", flat=True)
    assert titles == list(by_change[15:20])
    page = deep.content.decode()
    assert all(title in page for title in titles)
    assert page.count('<td class="field-country_codes">MN</td>') == 5  # prefetched
    # One query more than a shallow page (the keys), whatever the rows shown.
    assert deep_queries == shallow_queries + 1
    assert [a.title for a in shallow.context["cl"].result_list] == list(by_change[:5])


def test_a_filtered_deep_page_keeps_the_filter(archive, admin_client, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)
    url = reverse("admin:articles_article_changelist") + "?status=draft&p=3"

    response = admin_client.get(url)

    assert response.status_code == 200
    shown = response.context["cl"].result_list
    drafts = Article.objects.filter(status="draft").order_by("-updated_at", "-pk")
    assert [a.pk for a in shown] == [a.pk for a in drafts[4:6]]
    assert {a.status for a in shown} == {"draft"}


def test_the_live_lists_keys_come_from_its_index_alone():
    """The live list ("Published (live)") checks each row's publication time: with that time
    in the (status, updated) index, its deep page's keys are read without the rows (at
    50,000 articles on SQLite: 106 ms for the last page's keys, 6 ms from the index)."""
    ArticleFactory.create_batch(30)
    keys = (
        Article.objects.filter(status="published")
        .exclude(published_at__gt=timezone.now())
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)[20:25]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:  # a table this small would be read whole
            cursor.execute("ANALYZE articles_article")
            for method in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
                cursor.execute(f"SET LOCAL enable_{method} = off")
    plan = keys.explain()
    if connection.vendor == "sqlite":
        assert "COVERING INDEX article_status_updated_idx" in plan, plan
    else:
        assert "Index Only Scan using article_status_updated_idx" in plan, plan
