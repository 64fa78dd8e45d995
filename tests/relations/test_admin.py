"""The relations admin: what an editor sees when a form is wrong."""

import pytest
from django.urls import reverse

from relations.models import Agreement, Country, Event
from tests.factories import EventFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _field_errors(response, name):
    return list(response.context["adminform"].form.errors.get(name, []))


def post_event(client, event=None, **fields):
    """The event form posted: a new event (`slug` from `name`), or `event` changed."""
    data = {"kind": "talks", "dates_precision": "day", **fields}
    if event is None:
        data.setdefault("slug", data["name"].lower().replace(" ", "-"))
        return client.post(reverse("admin:relations_event_add"), data)
    data = {"name": event.name, "slug": event.slug, "kind": event.kind, **data}
    return client.post(reverse("admin:relations_event_change", args=[event.pk]), data)


def test_event_ending_before_it_starts_is_an_error_on_its_end_date(admin_client):
    response = post_event(
        admin_client, name="Backwards Summit", starts_on="2025-05-05", ends_on="2025-05-01"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert _field_errors(response, "ends_on") == ["The end date cannot be before the start date."]
    assert "is violated" not in page
    assert not Event.objects.filter(slug="backwards-summit").exists()


def test_event_with_an_end_but_no_start_is_an_error_on_its_start_date(admin_client):
    response = post_event(admin_client, name="Half-dated", ends_on="2025-05-01")

    assert _field_errors(response, "starts_on") == [
        "Give the start date too: an event with an end date needs one."
    ]
    assert "is violated" not in response.content.decode()


def test_a_mistyped_start_date_is_one_error_not_two(admin_client):
    response = post_event(
        admin_client, name="Spring talks", starts_on="2025-02-30", ends_on="2025-05-01"
    )

    assert _field_errors(response, "starts_on") == ["Enter a valid date."]
    assert _field_errors(response, "ends_on") == []
    assert not Event.objects.filter(slug="spring-talks").exists()


def test_a_mistyped_start_of_a_stored_event_is_not_compared_with_its_end(admin_client):
    import datetime as dt

    event = EventFactory(starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 6, 2))
    response = post_event(admin_client, event, starts_on="2025-13-01", ends_on="2025-05-01")

    assert _field_errors(response, "starts_on") == ["Enter a valid date."]
    assert _field_errors(response, "ends_on") == []  # not checked against the stored start


def test_agreement_in_force_before_signing_is_an_error_on_its_in_force_date(admin_client):
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        {"title": "Memorandum on dry ports", "slug": "memorandum-on-dry-ports",
         "kind": "memorandum", "status": "signed", "signed_on": "2025-03-02",
         "in_force_on": "2025-03-01",
         "signings-TOTAL_FORMS": "0", "signings-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert _field_errors(response, "in_force_on") == [
        "An agreement cannot enter into force before it is signed."
    ]
    assert "is violated" not in response.content.decode()
    assert not Agreement.objects.filter(slug="memorandum-on-dry-ports").exists()


def test_role_ending_before_it_starts_is_an_error_on_its_end_date(admin_client):
    person = PersonFactory(name="Nurlan Example")

    response = admin_client.post(
        reverse("admin:relations_person_change", args=[person.pk]),
        {"name": person.name, "slug": person.slug, "country": person.country_id,
         "positions-TOTAL_FORMS": "1", "positions-INITIAL_FORMS": "0",
         "positions-0-title": "Ambassador to Mongolia", "positions-0-started_on": "2024-01-10",
         "positions-0-ended_on": "2023-12-31"},
    )  # fmt: skip

    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.errors == [{"ended_on": ["A role cannot end before it starts."]}]
    assert "is violated" not in response.content.decode()
    assert not person.positions.exists()


def _people_with_roles(n, title="President"):
    from tests.factories import PositionFactory

    return [
        PositionFactory(person=PersonFactory(name=f"Head Number{i}"), title=title) for i in range(n)
    ]


def _autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "positions", "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_a_role_is_named_with_its_holder():
    [position] = _people_with_roles(1, title="President of Mongolia")

    assert str(position) == "President of Mongolia (Head Number0)"


def test_the_positions_picker_tells_holders_of_one_title_apart(admin_client):
    _people_with_roles(3)

    assert sorted(_autocomplete(admin_client, "President")) == [
        "President (Head Number0)",
        "President (Head Number1)",
        "President (Head Number2)",
    ]


def test_the_positions_picker_finds_a_role_by_its_holders_name(admin_client):
    _people_with_roles(2)

    assert _autocomplete(admin_client, "Number1") == ["President (Head Number1)"]


def test_the_positions_picker_finds_a_role_by_another_spelling_of_its_holder(admin_client):
    [position, _] = _people_with_roles(2)
    position.person.aliases = ["U.Khurelsukh"]
    position.person.save()

    assert _autocomplete(admin_client, "U.Khurelsukh") == ["President (Head Number0)"]


def test_the_positions_picker_costs_the_same_queries_for_more_roles(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _people_with_roles(2)
    with CaptureQueriesContext(connection) as small:
        _autocomplete(admin_client, "President")
    _people_with_roles(6)
    with CaptureQueriesContext(connection) as large:
        assert len(_autocomplete(admin_client, "President")) == 8

    assert len(large) == len(small)


def page_queries(client, url):
    """The page at `url` and how many queries it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("who", ["editor", "reporter"])
def test_an_articles_chosen_roles_cost_no_query_each(client, who, request):

    from tests.factories import ArticleFactory

    user = request.getfixturevalue(who)
    client.force_login(user)
    # A reporter sees a published article read only, its roles listed as text.
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    article.positions.set(_people_with_roles(2))
    page_queries(client, url)  # the session and content types are read once
    _, small = page_queries(client, url)
    article.positions.set(_people_with_roles(6, title="Deputy Minister"))
    response, large = page_queries(client, url)

    assert "Deputy Minister (Head Number5)" in response.content.decode()
    assert large == small


def test_a_persons_roles_cost_no_query_each(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PositionFactory

    person = PersonFactory(name="Many Roles")
    url = reverse("admin:relations_person_change", args=[person.pk])
    PositionFactory(person=person, title="Envoy 1")
    admin_client.get(url)  # what a process reads once (content types) is not the page's cost
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get(url).status_code == 200
    for n in range(2, 7):
        PositionFactory(person=person, title=f"Envoy {n}")
    with CaptureQueriesContext(connection) as large:
        assert admin_client.get(url).status_code == 200

    assert len(large) == len(small)


@pytest.mark.parametrize("who", ["editor", "reporter"])
def test_an_articles_chosen_figures_cost_no_query_each(client, who, request):
    from decimal import Decimal

    from relations.models import Country, Figure, Indicator
    from tests.factories import ArticleFactory

    client.force_login(request.getfixturevalue(who))
    article = ArticleFactory()  # published: a reporter sees it read only
    url = reverse("admin:articles_article_change", args=[article.pk])
    kz, mn = Country.objects.get(code="KZ"), Country.objects.get(code="MN")
    turnover = Indicator.objects.create(name="Trade turnover", unit="USD million")

    def figures(n):
        return [
            Figure.objects.get_or_create(
                indicator=turnover, country_a=kz, country_b=mn, year=2000 + i,
                defaults={"value": Decimal(i + 1)},
            )[0]
            for i in range(n)
        ]  # fmt: skip

    article.figures.set(figures(2))
    page_queries(client, url)  # the session and content types are read once
    _, small = page_queries(client, url)
    article.figures.set(figures(7))
    response, large = page_queries(client, url)

    assert "Trade turnover KZ-MN 2006: 7" in response.content.decode()
    assert large == small


def test_an_editor_cannot_change_a_countrys_iso_code(client, editor):
    kazakhstan = Country.objects.get(code="KZ")
    client.force_login(editor)
    url = reverse("admin:relations_country_change", args=[kazakhstan.pk])

    response = client.post(
        url,
        {"code": "QQ", "name": "Kazakhstan", "official_name": kazakhstan.official_name,
         "slug": kazakhstan.slug, "aliases": "\n".join(kazakhstan.aliases), "_save": "Save"},
    )  # fmt: skip

    assert response.status_code == 302
    kazakhstan.refresh_from_db()
    assert kazakhstan.code == "KZ"
    assert client.get("/countries/kz/").status_code == 200
    assert 'name="code"' not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("dated", "listed"), [("no", ["Undated talks"]), ("yes", ["Dated summit"])]
)
def test_event_changelist_finds_the_events_without_dates(admin_client, dated, listed):
    EventFactory(name="Dated summit")
    EventFactory(name="Undated talks", starts_on=None, ends_on=None)

    response = admin_client.get(reverse("admin:relations_event_changelist"), {"dated": dated})

    assert [e.name for e in response.context["cl"].result_list] == listed
    assert "Not given (listed by first report)" in response.content.decode()


def _listed(client, url, params=None):
    import re

    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), sorted(
        re.findall(
            r'<th class="field-(?:title|name)"><a [^>]*>([^<]+)</a>', response.content.decode()
        )
    )


def test_the_article_list_filters_by_country_and_lists_only_countries_in_use(admin_client):
    from tests.factories import ArticleFactory

    ArticleFactory(title="Steppe talks", countries=["KZ", "MN"])
    ArticleFactory(title="Grain", countries=["KZ"])
    ArticleFactory(title="Editorial note", countries=[])
    url = reverse("admin:articles_article_changelist")

    page, _ = _listed(admin_client, url)
    assert 'href="?country=mn"' in page and 'href="?country=kz"' in page
    assert 'href="?country=ee"' not in page  # no article is about Estonia
    assert _listed(admin_client, url, {"country": "mn"})[1] == ["Steppe talks"]
    assert _listed(admin_client, url, {"country": "kz"})[1] == ["Grain", "Steppe talks"]
    assert _listed(admin_client, url, {"country": "none"})[1] == ["Editorial note"]
    assert _listed(admin_client, url, {"country": "zz"})[1] == []


def test_the_country_filter_costs_the_same_queries_for_more_articles(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    url = reverse("admin:articles_article_changelist")
    ArticleFactory.create_batch(2, countries=["KZ", "MN"])
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url, {"country": "mn"})
    ArticleFactory.create_batch(6, countries=["KZ", "MN", "CN"])
    with CaptureQueriesContext(connection) as large:
        admin_client.get(url, {"country": "mn"})
    assert len(large) == len(small)


def test_agreements_filter_by_party_and_organizations_by_member(admin_client):
    from tests.factories import AgreementFactory, OrganizationFactory

    kz, mn = Country.objects.get(code="KZ"), Country.objects.get(code="MN")
    AgreementFactory(title="Transit accord").parties.set([kz, mn])
    AgreementFactory(title="Water memorandum").parties.set([kz])
    OrganizationFactory(name="Steppe Council").members.set([kz, mn])
    OrganizationFactory(name="Grain Union").members.set([kz])

    agreements = reverse("admin:relations_agreement_changelist")
    assert _listed(admin_client, agreements, {"parties__id__exact": mn.pk})[1] == ["Transit accord"]
    organizations = reverse("admin:relations_organization_changelist")
    page, _ = _listed(admin_client, organizations)
    assert "By member countries" in page
    assert _listed(admin_client, organizations, {"members__id__exact": mn.pk})[1] == [
        "Steppe Council"
    ]
