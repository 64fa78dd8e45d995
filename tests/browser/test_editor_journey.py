"""An editor works in the admin in a real browser, under the site's Content Security Policy:
signs in, writes an article with the autocomplete pickers, publishes it from the list and
finds it on the public site."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pick(page, field, typed, option):
    """Choose `option` in the admin's autocomplete (select2) for `field` by typing `typed`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_editor_writes_picks_relations_publishes_and_finds_the_article(enforcing):
    page, violations = enforcing
    sign_in(page, "desk-editor", groups=["Editors"])
    assert "script-src 'self'" in page.goto("/admin/").headers["content-security-policy"]

    page.goto("/admin/articles/article/add/")
    # Typed key by key: the admin's slug script follows key presses, not a pasted value.
    page.get_by_label("Title").press_sequentially("Ministers agree a new border crossing")
    # The slug is filled from the title by the admin's script, which the CSP must allow.
    expect(page.get_by_label("Slug")).to_have_value("ministers-agree-a-new-border-crossing")
    page.get_by_label("Body").fill("The two ministers agreed to open a crossing next spring.")
    pick(page, "countries", "Mongol", "Mongolia")
    pick(page, "countries", "Kazakh", "Kazakhstan")
    page.get_by_text("Provenance", exact=True).click()  # a collapsed section
    pick(page, "source", "Kazinf", "Kazinform")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    row = page.get_by_role("row", name=re.compile("Ministers agree a new border crossing"))
    expect(row).to_contain_text("Draft")
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(
        label="Publish (or schedule, if the time is in the future)"
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("Published or scheduled: 1 article")

    # The desk's other pages keep to the policy too (checked at the end).
    row = page.get_by_role("row", name=re.compile("Ministers agree a new border crossing"))
    row.get_by_role("link", name="Ministers agree a new border crossing").click()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change history")
    for path in ["/admin/articles/importrecord/import/", "/admin/relations/event/",
                 "/admin/articles/source/"]:  # fmt: skip
        assert page.goto(path).status == 200, path

    # The export page's "Select all" works under the policy (the library bound it inline).
    page.goto("/admin/articles/article/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    expect(fields.first).to_be_checked()
    page.get_by_label("Select all").uncheck()
    expect(page.locator(".selectable-field-export-row input[type=checkbox]:checked")).to_have_count(
        0
    )
    page.get_by_label("Select all").check()
    expect(fields.last).to_be_checked()

    page.goto("/countries/mn/")
    page.get_by_role("link", name="Ministers agree a new border crossing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ministers agree a new border crossing"
    )
    expect(page.get_by_role("main")).to_contain_text("open a crossing next spring")

    assert violations == []


def test_every_admin_page_keeps_to_the_content_security_policy(enforcing):
    """Each model's list, add form, change form, history, and the import and export pages, in
    a browser that enforces the policy: nothing the admin needs may be refused."""
    from django.contrib import admin
    from django.test import RequestFactory

    from articles.demo import load_demo

    load_demo()
    page, violations = enforcing
    request = RequestFactory().get("/admin/")
    request.user = sign_in(page, "chief-editor", is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        paths = [base]
        if model_admin.has_add_permission(request):
            paths.append(base + "add/")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
        for suffix in ("import/", "export/"):
            if hasattr(model_admin, f"{suffix[:-1]}_action"):
                paths.append(base + suffix)
        for path in paths:
            assert page.goto(path).status == 200, path
    assert violations == []


def test_the_admin_lists_search_boxes_have_labels_axe_accepts(live_server, page, axe):
    """The search box's label names what it searches (templates/admin/search_form.html):
    Django's held only an icon, and with help text beside the box (the articles') axe failed
    it (`label-title-only`)."""
    page.set_default_timeout(5_000)
    sign_in(page, "desk-chief", server=live_server.url, is_superuser=True)
    for path, name in [
        ("/admin/articles/article/", "Search articles"),  # with help text
        ("/admin/relations/person/", "Search people"),
    ]:
        page.goto(live_server.url + path)
        axe(f"the changelist at {path}")
        expect(page.get_by_role("textbox", name=name, exact=True)).to_be_visible()


def test_the_admin_change_forms_name_every_picker_and_inline_field(live_server, page, axe):
    """select2 draws its own pickers and names none of them, a tabular inline's fields have
    no labels, and the two-list picker's help icon is a named <span> (js/admin-names.js
    names them from the form's labels and the inline's column headers): axe failed every
    change form (`label`, `aria-input-field-name`, `list`, `aria-prohibited-attr`)."""
    from tests.factories import EventFactory, PersonFactory, PositionFactory, country

    page.set_default_timeout(5_000)
    event = EventFactory(name="Border talks")
    event.countries.set([country("KZ"), country("MN")])
    person = PersonFactory(name="Aida Example")
    PositionFactory(person=person, title="Ambassador to Mongolia")
    chief = sign_in(page, "desk-chief", server=live_server.url, is_superuser=True)

    page.goto(f"{live_server.url}/admin/relations/event/{event.pk}/change/")
    expect(page.get_by_role("combobox", name="Host country")).to_contain_text("Kazakhstan")
    expect(page.get_by_role("searchbox", name="Participating countries")).to_be_attached()
    axe("an event's change form")
    # The list of chosen values, presented as plain content, still clears with its cross.
    page.locator(".field-countries .select2-selection__clear").click()
    expect(page.locator(".field-countries .select2-selection__choice")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/relations/person/{person.pk}/change/")
    # Named by its column's header, help text and all.
    expect(page.get_by_role("textbox", name=re.compile(r"^Title \(The role"))).to_have_value(
        "Ambassador to Mongolia"
    )
    expect(page.get_by_role("checkbox", name="Delete?")).to_be_attached()
    axe("a person's change form, with its positions inline")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    expect(page.get_by_role("searchbox", name="Countries")).to_be_attached()
    axe("the article add form")

    # The two-list picker's help icons are images with their names.
    page.goto(f"{live_server.url}/admin/auth/user/{chief.pk}/change/")
    expect(
        page.get_by_role(
            "img", name="Type into this box to filter down the list of available groups."
        )
    ).to_be_attached()
    axe("a user's change form, with its two-list pickers")


def test_the_desk_on_the_admin_front_page_leads_to_the_review_queue(live_server, page, axe):
    from tests.factories import ArticleFactory

    ArticleFactory(title="Waiting for an editor", status="review", published_at=None)
    page.set_default_timeout(5_000)
    sign_in(page, "desk-reviewer", server=live_server.url, groups=["Editors"])
    page.goto(live_server.url + "/admin/")
    desk = page.get_by_role("region", name="Waiting for the desk")
    axe("the admin's front page with the desk")
    desk.get_by_role("link", name="1 article in review").click()
    expect(page).to_have_url(re.compile(r"/admin/articles/article/\?status=review$"))
    expect(page.get_by_role("row", name=re.compile("Waiting for an editor"))).to_be_visible()
