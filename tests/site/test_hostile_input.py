"""Whatever a query string carries, a list answers with a page or a form error, never a 500.

Each public list and admin changelist is sent every parameter it reads with values from the
ends of the calendar and of the integers, markup, control characters, search-syntax
characters and text far too long. Each value here once raised in one of these places: a year
of 0 or of twenty digits, 0001-01-01 and 9999-12-31 as dates, in the public filters, the
admin's year and date filters and its date drill-downs (`?starts_on__year=9999`, also in
django-axes' login records); and on PostgreSQL a NUL character in every admin lookup, which
is now a 400 for any address (`newsroom.middleware.RejectNulMiddleware`).
"""

import pytest
from django.contrib import admin

from articles.filters import ArticleFilter
from relations.filters import AgreementFilter, EventFilter

pytestmark = pytest.mark.django_db

HOSTILE = [
    "0",
    "-1",
    "1",
    "9999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2020-13-45",
    "2020-02-30",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01 00:00:00",
    "\x00",
    "'",
    '"',
    '"><script>alert(1)</script>',
    "NEAR(",
    "AND NOT",
    "*",
    "-",
    "🙂",
    "a" * 3000,
]

PUBLIC_LISTS = {
    "/articles/": [*ArticleFilter.base_filters, "before", "after"],
    "/events/": [*EventFilter.base_filters, "page"],
    "/agreements/": [*AgreementFilter.base_filters, "page"],
    "/search/": ["q", "page"],
}


@pytest.mark.parametrize(("path", "param"), [(p, n) for p, ns in PUBLIC_LISTS.items() for n in ns])
def test_public_lists_answer_any_value_of_their_parameters(client, world, path, param):
    for value in HOSTILE:
        response = client.get(path, {param: value})
        expected = 400 if "\x00" in value else 200
        assert response.status_code == expected, (param, value[:40], response.status_code)


# The admin's lists are slower to render: the values that reach a filter's conversion.
ADMIN_HOSTILE = ["0", "99999999999999999999", "2020-02-30", "0001-01-01", "9999-12-31", "\x00", "'"]

ADMIN_LISTS = sorted(
    admin.site._registry,  # ours, and those of Django and the libraries it registers
    key=lambda m: m._meta.label,
)


# Django's own date filter passes a date it was given as a naive time; it warns, and answers.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")
@pytest.mark.parametrize("model", ADMIN_LISTS, ids=lambda m: m._meta.label)
def test_admin_lists_answer_any_value_of_their_filters(admin_client, world, model):
    changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = admin_client.get(changelist)
    assert response.status_code == 200
    params = {"q"}
    for spec in response.context["cl"].filter_specs:
        params.update(spec.expected_parameters())
    for param in sorted(params):
        for value in ADMIN_HOSTILE:
            response = admin_client.get(changelist, {param: value})
            # A filter value the list cannot use redirects to "?e=1", as Django answers it.
            expected = {400} if "\x00" in value else {200, 302}
            assert response.status_code in expected, (param, value[:40], response.status_code)


# Year, month and day at the ends of the calendar, for a list's date drill-down.
DRILL_DOWNS = [
    {"year": "9999"},
    {"year": "9999", "month": "12"},
    {"year": "9999", "month": "12", "day": "31"},
    {"year": "1"},
    {"year": "1", "month": "1", "day": "1"},
    {"year": "0"},
    {"year": "2025", "month": "2", "day": "30"},
    {"year": "99999999999999999999"},
]

DRILLED_LISTS = [m for m, a in admin.site._registry.items() if a.date_hierarchy]


def test_lists_with_a_date_drill_down_include_django_axes_login_records():
    labels = {m._meta.label for m in DRILLED_LISTS}
    assert {"relations.Event", "relations.Agreement", "axes.AccessAttempt"} <= labels


@pytest.mark.parametrize("model", DRILLED_LISTS, ids=lambda m: m._meta.label)
def test_admin_date_drill_downs_at_the_calendars_ends_are_refused(admin_client, world, model):
    changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    field = admin.site._registry[model].date_hierarchy
    for parts in DRILL_DOWNS:
        params = {f"{field}__{part}": value for part, value in parts.items()}
        response = admin_client.get(changelist, params)
        # Refused as Django refuses any filter it cannot apply: back to the list with ?e=1.
        assert response.status_code == 302, (parts, response.status_code)
        assert response["Location"].endswith("?e=1")
    # A drill-down that names a real year still filters.
    assert admin_client.get(changelist, {f"{field}__year": "2025"}).status_code == 200


@pytest.mark.parametrize(
    "address", ["/search/?q=%00", "/articles/?country=mn%00", "/events/%00/", "/admin/?q=%00"]
)
def test_an_address_with_a_nul_character_is_a_bad_request(client, address):
    response = client.get(address)
    assert response.status_code == 400


@pytest.mark.parametrize("address", ["/search/?q=%00", "/events/%00/"])
def test_a_bad_request_is_the_sites_own_page_without_a_query(
    client, address, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(address)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<title>Bad request · Newsroom</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "/static/css/site" in html
    assert "\x00" not in html


def test_an_address_that_names_a_nul_in_words_is_answered(client, world):
    """%2500 is the text "%00", not a NUL character."""
    assert client.get("/search/?q=%2500").status_code == 200
