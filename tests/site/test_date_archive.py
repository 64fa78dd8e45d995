"""An article's address cut short (/articles/2025/09/) leads to the list for that period."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "after", "before"),
    [
        ("/articles/2025/", "2025-01-01", "2025-12-31"),
        ("/articles/2024/02/", "2024-02-01", "2024-02-29"),  # a leap year's February
        ("/articles/2025/9/5/", "2025-09-05", "2025-09-05"),
    ],
)
def test_a_year_month_or_day_leads_to_the_list_for_it(client, path, after, before):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/articles/?date_after={after}&date_before={before}"


@pytest.mark.parametrize(
    "path",
    ["/articles/0/", "/articles/2025/13/", "/articles/2025/02/30/", "/articles/9" * 12 + "/"],
)
def test_a_date_that_does_not_exist_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_month_lists_that_months_articles_in_local_time(client):
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    ArticleFactory(
        title="First of September", published_at=dt.datetime(2025, 9, 1, 0, 30, tzinfo=local)
    )
    ArticleFactory(
        title="Last of August", published_at=dt.datetime(2025, 8, 31, 23, 30, tzinfo=local)
    )
    ArticleFactory(
        title="Held back", status="draft", published_at=dt.datetime(2025, 9, 2, tzinfo=local)
    )
    page = client.get("/articles/2025/09/", follow=True).content.decode()
    assert "First of September" in page
    assert "Last of August" not in page and "Held back" not in page


def test_the_archive_answers_reading_methods_only(client):
    assert client.head("/articles/2025/").status_code == 302
    assert client.post("/articles/2025/").status_code == 405
