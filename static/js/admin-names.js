"use strict";
// Accessible names the admin's widgets lack: its autocomplete pickers (Django's select2
// widgets), the fields of tabular inlines, and the help icons of its two-list pickers.
//
// select2 hides the <select> its label names and draws its own widget, which names nothing:
// a one-value picker is named by the value it shows (nothing when empty), the search box of a
// many-value picker has no label at all, and its list of chosen values holds the "Remove all"
// cross, which is no list item. Screen readers announced "combobox" and "search" with no field
// name, and axe failed every change form (`aria-input-field-name`, `label`, `list`).
//
// A tabular inline's fields have no <label> (the table's header names the column), so they
// take the header's text as their name.
//
// The two-list picker (filter_horizontal: a user's groups, a group's permissions) draws a help
// icon named by an aria-label, which a plain <span> may not carry (`aria-prohibited-attr`): it
// becomes an image with that name.
//
// Each picker takes its name from its field's <label> (or column header), and its list of
// chosen values is presented as plain content. select2 draws its widgets after this script
// runs and redraws them on every change, so a MutationObserver names them as they appear.
{
    function withId(element, id) {
        if (!element.id) {
            element.id = id;
        }
        return element.id;
    }

    // The field's <label>, or in a tabular inline (a table whose rows have no labels) the
    // header of its column.
    function labelId(field) {
        const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
        if (label) {
            return withId(label, `${field.id}-label`);
        }
        const cell = field.closest(".tabular td");
        const table = cell && cell.closest("table");
        const header = table && table.tHead && table.tHead.rows[0].cells[cell.cellIndex];
        if (!header || !header.textContent.trim()) {
            return null;
        }
        return withId(header, `${field.id.replace(/-\d+-/, "-")}-header`);
    }

    function nameWidget(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains("select2")) {
            return;
        }
        const label = labelId(select);
        if (!label) {
            return;
        }
        const selection = container.querySelector(".select2-selection");
        const rendered = container.querySelector(".select2-selection__rendered");
        if (selection && rendered && rendered.id) {
            // A one-value picker: its name, then the value it shows.
            selection.setAttribute("aria-labelledby", `${label} ${rendered.id}`);
            rendered.setAttribute("aria-labelledby", label);
        } else if (selection) {
            selection.setAttribute("aria-labelledby", label);
        }
        for (const field of container.querySelectorAll(".select2-search__field")) {
            field.setAttribute("aria-labelledby", label);
        }
        // The chosen values are drawn as a list that also holds the "Remove all" cross, which
        // is no list item: the list is presented as plain content (select2 redraws its items,
        // so this runs again after each change).
        const list = container.querySelector("ul.select2-selection__rendered");
        if (list) {
            for (const element of [list, ...list.children]) {
                if (element.getAttribute("role") !== "none") {
                    element.setAttribute("role", "none");
                }
            }
        }
    }

    function nameAll() {
        for (const select of document.querySelectorAll("select.admin-autocomplete")) {
            nameWidget(select);
        }
        for (const icon of document.querySelectorAll(".help-tooltip[aria-label]:not([role])")) {
            icon.setAttribute("role", "img");
        }
        const unlabelled = ".tabular td :is(input, select, textarea):not([type=hidden]):not([aria-labelledby])";
        for (const field of document.querySelectorAll(unlabelled)) {
            const header = field.id && labelId(field);
            if (header) {
                field.setAttribute("aria-labelledby", header);
            }
        }
    }

    let pending = false;
    const observer = new MutationObserver(() => {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(() => {
                pending = false;
                nameAll();
            });
        }
    });

    function start() {
        nameAll();
        observer.observe(document.body, { childList: true, subtree: true });
        // A one-value picker searches in a box select2 opens at the end of the page.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(document).on("select2:open", "select.admin-autocomplete", (event) => {
                const label = labelId(event.target);
                const field = document.querySelector(".select2-container--open .select2-dropdown .select2-search__field");
                if (label && field) {
                    field.setAttribute("aria-labelledby", label);
                }
            });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}
