"""At phone width (360 CSS pixels) the agreement registry and the admin's article list read
without sideways scrolling of the page."""

import re

import pytest

from articles import services
from articles.demo import load_demo
from tests.browser.conftest import sign_in
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(live_server, page):
    load_demo()
    page.set_default_timeout(5_000)
    page.set_viewport_size(PHONE)
    return live_server.url


def test_the_agreement_registry_fits_a_phone_with_every_cell_labelled(phone, page, axe):
    page.goto(f"{phone}/agreements/")
    table = page.locator("table.registry")
    assert table.count() == 1
    # Nothing scrolls sideways: not the page, not the table.
    widths = page.evaluate(
        """() => {
            const t = document.querySelector("table.registry");
            return {page: document.documentElement.scrollWidth, table: t.scrollWidth,
                    tableBox: t.clientWidth};
        }"""
    )
    assert widths["page"] <= PHONE["width"], widths
    assert widths["table"] <= widths["tableBox"], widths
    # The caption spans the table (a squeezed caption went one letter a line).
    caption = page.locator("table.registry caption").bounding_box()
    assert caption["height"] < 60, caption
    # Parties and Signed are on screen, each with its column's name beside it.
    for label in ("Kind", "Parties", "Signed"):
        cells = page.locator(f'table.registry td[data-label="{label}"]')
        assert cells.count() >= 1
        box = cells.first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label, box)
        shown = cells.first.evaluate("c => getComputedStyle(c, '::before').content")
        assert label in shown, shown
    # Still a table to assistive technology: rows, column headers and cells.
    assert page.get_by_role("table").count() == 1
    assert page.get_by_role("columnheader").count() == 4
    assert page.get_by_role("cell").count() >= 3
    axe("agreement registry at 360px")


def test_the_agreement_registry_is_an_ordinary_table_on_a_wide_screen(phone, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{phone}/agreements/")
    header = page.locator("table.registry thead th").first
    assert header.is_visible()
    display = page.locator("table.registry tbody tr").first.evaluate(
        "r => getComputedStyle(r).display"
    )
    assert display == "table-row"


# -- the admin at phone width ---------------------------------------------------------------

# A title with no place to break, as an imported file name can be.
UNBROKEN = "Kazakhstan-Uzbekistan_intergovernmental_demarcation_agreement_full_text_signed"

WIDTHS = "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})"


def assert_no_sideways_page_scroll(page, label):
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["window"], (label, widths)


def assert_on_screen(locator, label):
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
        label,
        box,
    )


def test_the_admin_article_list_fits_a_phone(phone, page):
    long = ArticleFactory(
        title=UNBROKEN, status="review", published_at=None, countries=["KZ", "UZ", "KG", "CN"]
    )
    sign_in(page, "phone-editor", server=phone, groups=["Editors"])

    page.goto(f"{phone}/admin/articles/article/")

    assert_no_sideways_page_scroll(page, "article list")
    # The table may be wider than the screen: then its own box scrolls (Django's `.results`),
    # and a row's title and status are on screen without scrolling it.
    results = page.locator("#changelist .results")
    assert results.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    row = page.locator("#result_list tbody tr", has_text=UNBROKEN[:20])
    assert_on_screen(row.locator(".field-title"), "title")
    assert_on_screen(row.locator(".field-status_badge"), "status")

    # The article's own pages, whose headings and breadcrumbs carry the unbroken title.
    for url in (
        f"/admin/articles/article/{long.pk}/change/",
        f"/admin/articles/article/{long.pk}/history/",
    ):
        page.goto(f"{phone}{url}")
        assert_no_sideways_page_scroll(page, url)


def test_the_send_back_note_reads_on_a_phone(phone, page):
    long = ArticleFactory(title=UNBROKEN, status="review", published_at=None)
    editor = UserFactory(username="desk-chief", groups=["Editors"])
    services.article_send_back(
        article=long, by=editor, note=f"Shorten the title: {UNBROKEN} does not fit a headline."
    )
    sign_in(page, "phone-reporter", server=phone, groups=["Reporters"])

    page.goto(f"{phone}/admin/articles/article/{long.pk}/change/")

    note = page.get_by_role("region", name=re.compile("Sent back by desk-chief"))
    assert "does not fit a headline" in note.inner_text()
    assert_on_screen(note, "note")
    assert_no_sideways_page_scroll(page, "change page with a note")


# -- the public header at phone width --------------------------------------------------------


def test_the_header_navigation_fits_a_phone(phone, page, axe):
    """Six sections and the search form wrap onto lines of their own: every link is on
    screen, none overlaps another, and the page does not scroll sideways."""
    page.goto(f"{phone}/organizations/")
    assert_no_sideways_page_scroll(page, "organization list")
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert links.count() == 6
    boxes = []
    for i in range(links.count()):
        assert_on_screen(links.nth(i), links.nth(i).inner_text())
        boxes.append(links.nth(i).bounding_box())
    for a, b in zip(boxes, boxes[1:], strict=False):
        apart = a["x"] + a["width"] <= b["x"] or a["y"] + a["height"] <= b["y"]
        assert apart, (a, b)
    assert_on_screen(page.get_by_role("search").get_by_role("button", name="Search"), "search")
    axe("organization list at 360px")
