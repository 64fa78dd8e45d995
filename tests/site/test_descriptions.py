"""Every public page describes itself once, in the meta description and OpenGraph alike: what a
search result or a shared link shows under the title."""

import pytest
from lxml import html as lxml_html

from tests.factories import AgreementFactory, ArticleFactory, EventFactory, PersonFactory

SITE_DEFAULT = "Coverage of Kazakhstan's diplomacy: summits, visits, talks and the agreements"


def descriptions(content):
    doc = lxml_html.fromstring(content)
    return (
        doc.xpath('//meta[@name="description"]/@content'),
        doc.xpath('//meta[@property="og:description"]/@content'),
    )


def described(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    meta, og = descriptions(response.content)
    assert len(meta) == 1 and len(og) == 1, url
    assert meta == og, url
    return meta[0]


LIST_PAGES = [
    "/articles/",
    "/articles/?country=mn&event=kz-mn-state-visit",
    "/countries/",
    "/countries/mn/",
    "/countries/kz/mn/",
    "/events/",
    "/events/kz-mn-state-visit/",
    "/people/",
    "/people/?country=mn",
    "/people/khurelsukh/",
    "/agreements/",
    "/agreements/?party=mn",
    "/agreements/strategic-partnership/",
    "/sources/kazinform/",
    "/search/?q=pension",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_a_list_page_has_an_og_description_equal_to_its_own_meta_description(client, world, url):
    text = described(client, url)
    assert text.strip() and not text.startswith(SITE_DEFAULT), url


def test_the_front_page_shares_the_site_description(client, world):
    assert described(client, "/").startswith(SITE_DEFAULT)


def test_a_pages_og_title_is_its_title_without_the_site_name(client, world):
    doc = lxml_html.fromstring(client.get("/agreements/").content)
    assert doc.xpath('//meta[@property="og:title"]/@content') == ["Agreements"]


def test_descriptions_name_the_entity_with_its_facts(client, world):
    assert described(client, "/events/kz-mn-state-visit/") == (
        "Kazakhstan–Mongolia state visit (Ulaanbaatar, Mongolia, 28 October 2024 to"
        " 29 October 2024): participants, documents signed and coverage."
    )
    assert described(client, "/agreements/strategic-partnership/") == (
        "Strategic Partnership Declaration. Declaration signed on 28 October 2024,"
        " Kazakhstan–Mongolia state visit; parties: Kazakhstan, Mongolia."
        " Signatories and coverage."
    )
    assert described(client, "/people/khurelsukh/") == (
        "Ukhnaagiin Khurelsukh (Mongolia), President of Mongolia: roles, events, agreements signed"
        " and coverage."
    )


def test_kazakhstans_own_page_is_not_about_its_relations_with_itself(client, world):
    text = described(client, "/countries/kz/")
    assert "relations with Kazakhstan" not in text
    assert text.startswith("Coverage of Kazakhstan's foreign relations")
    assert described(client, "/countries/mn/").startswith(
        "Coverage of Kazakhstan's relations with Mongolia"
    )


def test_names_in_a_description_are_escaped_once(client, world):
    name = 'Talks "A&B" <b>here</b>'
    event = EventFactory(
        name=name,
        slug="odd-talks",
        city="",
        host_country=None,
        starts_on=None,
        ends_on=None,
    )
    ArticleFactory(title="Odd talks covered", events=[event])
    response = client.get("/events/odd-talks/")
    assert b"<b>here</b>" not in response.content
    meta, og = descriptions(response.content)
    assert meta == og == [f"{name}: participants, documents signed and coverage."]


def test_a_description_names_no_event_that_only_unpublished_articles_cover(client, world):
    """The entity gate: an agreement's event that no published article covers is not named on
    the page, nor in its description."""
    hidden = EventFactory(name="SECRET unannounced summit", slug="secret-summit")
    ArticleFactory(title="SECRET draft on the summit", status="draft", events=[hidden])
    agreement = AgreementFactory(title="Transit Memorandum", slug="transit-memo", event=hidden)
    ArticleFactory(title="Memorandum covered", agreements=[agreement])
    text = described(client, "/agreements/transit-memo/")
    assert "SECRET" not in text
    assert text.startswith("Transit Memorandum.")


def test_the_search_description_does_not_echo_the_query(client, world):
    """One text for every search page: nothing a visitor typed is repeated in the head, and
    the page cache keeps the same words for every query."""
    first = described(client, "/search/?q=pension")
    assert described(client, "/search/?q=%3Cscript%3Ealert(1)") == first
    assert "pension" not in first


def test_a_person_without_a_country_or_role_is_described_by_name(client, world):
    person = PersonFactory(name="Aigerim Example", slug="aigerim-example", country=None)
    ArticleFactory(title="A profile", people=[person])
    assert described(client, "/people/aigerim-example/") == (
        "Aigerim Example: roles, events, agreements signed and coverage."
    )
