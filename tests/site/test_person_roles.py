"""A person's page shows one row per office, however many wordings coverage stated it in."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from tests.factories import ArticleFactory, PersonFactory, PositionFactory, country


def on(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


@pytest.fixture
def head_of_state(db):
    """A president stated as "President of Kazakhstan" in one article and as "President" in two
    later ones (the latest wording is the bare one), and as "Head of State" (no country: a
    synonym, left to editors)."""
    kz = country("KZ")
    person = PersonFactory(name="Aset Example", slug="aset-example", country=kz)
    bare = PositionFactory(person=person, title="President", country=kz)
    named = PositionFactory(person=person, title="President of Kazakhstan", country=kz)
    head = PositionFactory(person=person, title="Head of State")
    for day, roles in [
        (on(2024, 10, 31), [named]),
        (on(2025, 9, 1), [bare, head]),
        (on(2025, 11, 18), [bare]),
    ]:
        ArticleFactory(published_at=day, people=[person], positions=roles)
    return person


def roles(content):
    """(role, stated in coverage) of each row of the page's roles table (the role without its
    other wordings, `wordings`)."""
    doc = lxml_html.fromstring(content)
    rows = doc.xpath('//section[@aria-labelledby="roles-heading"]//tbody/tr')
    return [
        (
            row.xpath("th")[0].text_content().removesuffix(wordings(row)),
            " ".join(row.xpath("td")[-1].text_content().split()),
        )
        for row in rows
    ]


def wordings(row):
    """The "also stated as ..." line of a roles table row ("" when it has none)."""
    return "".join(span.text_content() for span in row.xpath('th/span[@class="meta"]'))


def test_one_office_stated_two_ways_is_one_row_over_both_spans(client, head_of_state):
    response = client.get(head_of_state.get_absolute_url())

    assert roles(response.content) == [
        ("President of Kazakhstan", "31 Oct 2024 to 18 Nov 2025"),
        ("Head of State", "1 Sep 2025"),
    ]


def test_the_other_wordings_are_named_under_the_office(client, head_of_state):
    doc = lxml_html.fromstring(client.get(head_of_state.get_absolute_url()).content)
    rows = doc.xpath('//section[@aria-labelledby="roles-heading"]//tbody/tr')

    assert [wordings(row) for row in rows] == ["also stated as “President”", ""]


def test_the_job_title_and_description_are_the_offices_fullest_wording(client, head_of_state):
    doc = lxml_html.fromstring(client.get(head_of_state.get_absolute_url()).content)

    [data] = [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]
    assert data["jobTitle"] == "President of Kazakhstan"
    assert doc.xpath('//meta[@name="description"]/@content') == [
        "Aset Example (Kazakhstan), President of Kazakhstan: roles, events, agreements signed"
        " and coverage."
    ]


def queries_for(client, url):
    """The queries a reader's request for `url` makes, rendered afresh (not from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_grouping_the_roles_costs_no_query(client, head_of_state):
    """The page makes as many queries for three wordings of two offices as for one role."""
    single = PersonFactory(name="Bolat Example", slug="bolat-example", country=country("KZ"))
    ArticleFactory(people=[single], positions=[PositionFactory(person=single, title="Minister")])

    assert queries_for(client, head_of_state.get_absolute_url()) == queries_for(
        client, single.get_absolute_url()
    )
