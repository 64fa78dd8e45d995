"""A filtered article list says what it shows, in its heading and its title, and the event and
person filters show the chosen entity's name and take names as well as slugs."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from tests.factories import ArticleFactory, EventFactory


def heading_and_title(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    doc = lxml_html.fromstring(response.content)
    return doc.xpath("string(//h1)").strip(), doc.xpath("string(//title)").strip()


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("", "Articles"),
        ("country=mn", "Articles about Mongolia"),
        ("country=kz&partner=mn", "Articles about Kazakhstan and Mongolia"),
        ("source=kazinform", "Articles from or citing Kazinform"),
        ("event=kz-mn-state-visit", "Articles on Kazakhstan–Mongolia state visit"),
        ("person=khurelsukh", "Articles mentioning Ukhnaagiin Khurelsukh"),
        ("agreement=strategic-partnership", "Articles on Strategic Partnership Declaration"),
        (
            "date_after=2025-09-01&date_before=2025-09-30",
            "Articles between 1 and 30 September 2025",
        ),
        (
            "date_after=2025-08-01&date_before=2025-09-30",
            "Articles between 1 August and 30 September 2025",
        ),
        (
            "date_after=2024-12-01&date_before=2025-01-31",
            "Articles between 1 December 2024 and 31 January 2025",
        ),
        ("date_after=2025-09-01", "Articles since 1 September 2025"),
        ("date_before=2025-09-30", "Articles until 30 September 2025"),
        ("q=pension", "Articles matching “pension”"),
        (
            "country=mn&source=kazinform&date_after=2025-09-01&date_before=2025-09-30",
            "Articles about Mongolia from or citing Kazinform between 1 and 30 September 2025",
        ),
    ],
)
def test_a_filtered_list_is_headed_with_what_it_shows(client, world, query, heading):
    h1, title = heading_and_title(client, f"/articles/?{query}")
    assert h1 == heading
    assert title == f"{heading} · Newsroom"


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("", "All published coverage, filterable by country"),
        (
            "country=mn&source=kazinform",
            "Articles about Mongolia from or citing Kazinform: the published",
        ),
    ],
)
def test_the_description_says_what_the_list_shows(client, world, query, description):
    doc = lxml_html.fromstring(client.get(f"/articles/?{query}").content)
    meta = doc.xpath("string(//meta[@name='description']/@content)")
    og = doc.xpath("string(//meta[@property='og:description']/@content)")
    assert meta.startswith(description)
    assert og == meta


def test_a_refused_filter_leaves_the_plain_heading(client, world):
    assert heading_and_title(client, "/articles/?date_after=not-a-date")[0] == "Articles"


def test_the_heading_escapes_what_the_reader_typed(client, world):
    html = client.get("/articles/?q=<script>x</script>").content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_heading_escapes_an_entitys_name(client, world):
    event = EventFactory(name="<b>Summit</b>", slug="bold-summit")
    ArticleFactory(events=[event])
    html = client.get("/articles/?event=bold-summit").content.decode()
    assert "<b>Summit</b>" not in html
    assert "Articles on &lt;b&gt;Summit&lt;/b&gt;" in html


def test_an_unpublished_events_name_is_not_shown(client, world):
    event = EventFactory(name="Planned secret visit", slug="planned-secret-visit")
    ArticleFactory(events=[event], status="draft")
    html = client.get("/articles/?event=planned-secret-visit").content.decode()
    assert "Planned secret visit" not in html


def test_the_event_filter_shows_the_chosen_events_name(client, world):
    doc = lxml_html.fromstring(client.get("/articles/?event=kz-mn-state-visit").content)
    field = doc.get_element_by_id("id_event")
    assert field.get("value") == "kz-mn-state-visit"  # the address keeps the slug
    described = doc.get_element_by_id(field.get("aria-describedby"))
    assert "Kazakhstan–Mongolia state visit" in described.text_content()
    assert described.xpath(".//a/@href") == [world.visit.get_absolute_url()]


def test_the_person_filter_shows_the_chosen_persons_name(client, world):
    doc = lxml_html.fromstring(client.get("/articles/?person=khurelsukh").content)
    field = doc.get_element_by_id("id_person")
    described = doc.get_element_by_id(field.get("aria-describedby"))
    assert "Ukhnaagiin Khurelsukh" in described.text_content()


@pytest.mark.parametrize(
    "query",
    ["event=kazakhstan–mongolia state visit", "person=UKHNAAGIIN KHURELSUKH", "person=khurelsukh"],
)
def test_the_event_and_person_filters_take_names_or_slugs(client, world, query):
    response = client.get("/articles/", dict([query.split("=")]))
    assert [a.title for a in response.context["articles"]] == [world.published.title]


def test_an_unknown_event_matches_nothing_and_says_so(client, world):
    html = client.get("/articles/?event=no-such-event").content.decode()
    assert "No articles match." in html
    assert "No event has this name or slug." in html


def test_an_entity_filter_costs_one_query_whatever_the_page_shows(client, world):
    client.get("/articles/?country=kz")  # warm up what a process reads once
    counts = []
    for url in [
        "/articles/?country=mn",
        "/articles/?country=mn&event=kz-mn-state-visit&person=khurelsukh",
    ]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[1] == counts[0] + 2
