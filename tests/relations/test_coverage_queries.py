"""The coverage reads behind the country and pair pages: both plans agree, months are local."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from relations import queries
from tests.factories import ArticleFactory, country

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def archive():
    base = dt.datetime(2025, 3, 10, 12, tzinfo=ALMATY)
    for i in range(9):
        ArticleFactory(
            title=f"Mongolia {i}", published_at=base - dt.timedelta(days=20 * i),
            countries=["KZ", "MN"] if i % 2 else ["MN"],
        )  # fmt: skip
    ArticleFactory(title="Draft about Mongolia", status=Article.Status.DRAFT, countries=["MN"])
    ArticleFactory(title="Kazakhstan alone", countries=["KZ"])


@pytest.mark.parametrize("codes", [["MN"], ["KZ", "MN"]])
def test_links_and_date_walk_find_the_same_articles(archive, codes):
    countries = [country(c) for c in codes]
    links = queries.link_counts(*countries)

    from_links = queries.covering(*countries, links=links)
    walked = queries.covering(*countries, links=links, few=0)  # every country "common"

    assert str(from_links.query) != str(walked.query)  # two different plans...
    newest_first = ("-published_at", "-pk")
    assert list(from_links.order_by(*newest_first)) == list(walked.order_by(*newest_first))
    assert queries.capped_count(from_links) == queries.capped_count(walked)
    assert "Draft about Mongolia" not in {a.title for a in from_links}


def test_link_counts_stop_at_the_limit(archive):
    mongolia = country("MN")

    assert queries.link_counts(mongolia, limit=3) == {mongolia.pk: 4}
    assert queries.link_counts(mongolia) == {mongolia.pk: 10}  # the draft's link counts too


def test_coverage_by_month_counts_in_local_months():
    mongolia = country("MN")
    # 23:30 in Almaty on 31 January is 18:30 UTC: a January article, not a February one.
    ArticleFactory(published_at=dt.datetime(2025, 1, 31, 23, 30, tzinfo=ALMATY), countries=["MN"])
    ArticleFactory(published_at=dt.datetime(2025, 2, 1, 0, 30, tzinfo=ALMATY), countries=["MN"])
    ArticleFactory(published_at=dt.datetime(2025, 2, 14, 9, tzinfo=ALMATY), countries=["MN"])
    ArticleFactory(published_at=dt.datetime(2023, 6, 1, 9, tzinfo=ALMATY), countries=["MN"])
    coverage = queries.covering(mongolia)
    latest = dt.datetime(2025, 2, 14, 9, tzinfo=ALMATY)

    months = queries.coverage_by_month(coverage, until=latest)

    assert [(m["month"].astimezone(ALMATY).strftime("%Y-%m"), m["n"]) for m in months] == [
        ("2025-02", 2),
        ("2025-01", 1),
    ]  # newest first; June 2023 is outside the 12 months shown


def test_coverage_by_month_spans_a_year_end():
    mongolia = country("MN")
    for day in (
        dt.datetime(2024, 12, 31, 22, tzinfo=ALMATY),
        dt.datetime(2025, 1, 2, tzinfo=ALMATY),
    ):
        ArticleFactory(published_at=day, countries=["MN"])

    months = queries.coverage_by_month(
        queries.covering(mongolia), until=dt.datetime(2025, 1, 2, tzinfo=ALMATY), months=2
    )

    assert [m["month"].astimezone(ALMATY).date() for m in months] == [
        dt.date(2025, 1, 1),
        dt.date(2024, 12, 1),
    ]
