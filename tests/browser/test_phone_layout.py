"""At phone width (360 CSS pixels) the agreement registry reads without sideways scrolling."""

import pytest

from articles.demo import load_demo

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
