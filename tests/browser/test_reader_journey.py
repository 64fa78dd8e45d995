"""A reader clicks through the public site in a real browser; axe checks every page type."""

import re

import pytest
from playwright.sync_api import expect

from articles.demo import load_demo

pytestmark = [
    pytest.mark.browser,
    # The live server sees committed data only; the flush after each test empties the seeded
    # countries and sources, which serialized rollback restores first.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server, page):
    load_demo()
    page.set_default_timeout(5_000)  # a missing element fails in seconds, not half a minute
    return live_server.url


def test_reader_goes_from_front_page_to_country_pair_event_article_search_and_filters(
    site, page, axe
):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe("front page")

    page.get_by_role("link", name="Mongolia", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/countries/mn/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mongolia")
    axe("country page")

    page.get_by_role(
        "link", name=re.compile(r"Mongolia – Kazakhstan|Kazakhstan – Mongolia")
    ).first.click()
    expect(page).to_have_url(re.compile(r"/countries/kz/mn/$"))
    axe("country pair page")

    page.get_by_role("link", name="Kazakhstan–Mongolia state visit, October 2024").first.click()
    expect(page).to_have_url(re.compile(r"/events/[\w-]+/$"))
    axe("event page")

    page.get_by_role("link", name=re.compile("raise ties to strategic partnership")).first.click()
    expect(page).to_have_url(re.compile(r"/articles/2024/10/28/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("strategic partnership")
    axe("article page")

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("water")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=water$"))
    expect(page.locator("main mark").first).to_have_text(re.compile("water", re.I))
    expect(page.get_by_role("main")).to_contain_text("sign memorandum on water resources")
    axe("search results")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(page).to_have_url(re.compile(r"/articles/$"))
    axe("article list")
    # The filters are folded away until the reader opens them (or a filter is set).
    expect(page.get_by_label("Country", exact=True)).to_be_hidden()
    page.locator("summary", has_text="Filter articles").click()
    page.get_by_label("Country", exact=True).select_option(label="Mongolia")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/articles/\?.*country=mn", re.I))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Trade between Kazakhstan and Mongolia keeps growing")
    expect(main).not_to_contain_text("Kazakhstan and Uzbekistan sign memorandum")
    axe("filtered article list")
    expect(page.get_by_label("Country", exact=True)).to_be_visible()  # open: a filter is set


def test_reader_goes_from_the_organization_list_to_an_organization_and_its_summit(site, page, axe):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    expect(page).to_have_url(re.compile(r"/organizations/$"))
    axe("organization list")

    page.get_by_role("link", name="Shanghai Cooperation Organization").click()
    expect(page).to_have_url(re.compile(r"/organizations/sco/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Shanghai Cooperation")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Belarus")).to_be_visible()
    expect(main).to_contain_text("Astana Declaration of the SCO Council of Heads of State")
    axe("organization page")

    main.get_by_role("link", name="SCO Astana Summit 2024").click()
    expect(page).to_have_url(re.compile(r"/events/[\w-]+/$"))
    page.get_by_role("main").get_by_role(
        "link", name="Shanghai Cooperation Organization (SCO)", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/organizations/sco/$"))


def test_reader_goes_from_the_footer_to_the_sources_and_one_source(site, page, axe):
    page.goto(site + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Sources").click()
    expect(page).to_have_url(re.compile(r"/sources/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sources")
    axe("source list")

    page.get_by_role("main").get_by_role("link", name="Kazinform").click()
    expect(page).to_have_url(re.compile(r"/sources/kazinform/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazinform")


def test_keyboard_reader_can_skip_to_the_content(site, page):
    page.goto(site + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()


def test_a_reader_hears_why_a_filter_value_was_refused(site, page, axe):
    """A value the server refuses comes back with the message beside the field, and the field
    is described by it (aria-describedby) for a screen reader."""
    page.goto(site + "/articles/?date_after=31.31.2024")
    field = page.get_by_label("From")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description("Enter a valid date.")
    expect(page.get_by_role("main")).to_contain_text("No articles")
    axe("article list with a refused filter")

    page.goto(site + "/agreements/?year=0")
    expect(page.get_by_label("Year")).to_have_accessible_description(
        "Ensure this value is greater than or equal to 1."
    )
    axe("agreement registry with a refused filter")


def test_every_page_type_keeps_to_the_content_security_policy(enforcing):
    """The reader's tests above bypass the CSP (to inject axe). Here the browser enforces it:
    a style attribute or an inline script in a template would be refused and reported."""
    load_demo()
    page, violations = enforcing
    for path in ["/", "/articles/", "/countries/", "/countries/mn/", "/countries/kz/mn/",
                 "/events/", "/agreements/", "/organizations/", "/organizations/sco/",
                 "/sources/", "/search/?q=water", "/no-such-page/"]:  # fmt: skip
        page.goto(path)
    for listing, selector in [("/articles/", "main article.card h3 a"),
                              ("/events/", "main li a"),
                              ("/agreements/", "main tbody th a")]:  # fmt: skip
        page.goto(listing)
        page.locator(selector).first.click()
        page.wait_for_load_state()
    assert violations == []
