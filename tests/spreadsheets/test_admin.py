"""The admin's import (with its confirm step) and export, as staff use them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from import_export.formats.base_formats import CSV

from articles.models import Article
from articles.resources import ArticleResource
from articles.services import article_save_edit
from relations.models import Event, Organization, Person
from relations.resources import EventResource, PersonResource
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PersonFactory
from tests.spreadsheets.conftest import read_file, staff_with

pytestmark = pytest.mark.django_db

CSV_FORMAT = "0"  # the admin offers CSV, XLSX, JSON in this order


def upload(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def preview(client, model, text, name="rows.csv"):
    url = reverse(f"admin:{model}_import")
    return client.post(
        url, {"format": CSV_FORMAT, "resource": "0", "import_file": upload(name, text)}
    )


def confirm(client, model, response):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:{model}_process_import"), form.initial)


def export_fields(resource):
    prefix = resource.__name__.lower()
    return {f"{prefix}_{name}": "on" for name in resource().get_export_order()}


def test_changelist_offers_import_and_export_to_a_superuser(admin_client):
    response = admin_client.get(reverse("admin:relations_person_changelist"))

    assert reverse("admin:relations_person_import") in response.content.decode()
    assert reverse("admin:relations_person_export") in response.content.decode()


def test_article_changelist_keeps_its_filters_and_gets_spreadsheet_buttons(admin_client):
    response = admin_client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert reverse("admin:articles_article_import") in response.content.decode()


def test_only_csv_xlsx_and_json_are_offered(admin_client):
    response = admin_client.get(reverse("admin:relations_person_import"))

    choices = [label for _, label in response.context["form"].fields["format"].choices]
    assert choices == ["---", "csv", "xlsx", "json"]


def test_import_preview_then_confirm_creates_the_rows(admin_client):
    text = "slug,name,country\naliya-example,Aliya Example,KZ\n"

    response = preview(admin_client, "relations_person", text)

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert not Person.objects.filter(slug="aliya-example").exists()  # preview is a dry run
    assert [row.import_type for row in response.context["result"].valid_rows()] == ["new"]

    confirmed = confirm(admin_client, "relations_person", response)

    assert confirmed.status_code == 302
    assert Person.objects.get(slug="aliya-example").country.code == "KZ"


def test_preview_of_a_file_with_bad_rows_lists_each_and_offers_no_confirm(admin_client):
    text = "slug,name,country\ngood-one,Good One,KZ\nbad-country,Bad Country,XX\nno-name,,KZ\n"

    response = preview(admin_client, "relations_person", text)

    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "Some rows failed to validate" in page
    numbers = [row.number for row in response.context["result"].invalid_rows]
    assert numbers == [3, 4]  # as a spreadsheet program numbers them, under the header
    assert re.search(r"validation-error-field-label\">country<", page)
    assert "Unknown country code &#x27;XX&#x27;" in page
    assert not Person.objects.filter(slug__in=["good-one", "bad-country", "no-name"]).exists()


def test_confirm_that_fails_after_the_preview_imports_nothing_and_says_so(admin_client):
    organization = OrganizationFactory(name="Short-lived", abbreviation="SL")
    text = (
        "slug,name,kind,organization\n"
        "first-meeting,First meeting,talks,\n"
        f"late-change,Late change,talks,{organization.slug}\n"
    )
    response = preview(admin_client, "relations_event", text)
    form = response.context["confirm_form"]
    organization.delete()  # someone removes it between the preview and the confirm

    confirmed = admin_client.post(
        reverse("admin:relations_event_process_import"), form.initial, follow=True
    )

    messages = [str(m) for m in confirmed.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("Nothing was imported: row 3, column organization: Unknown")
    assert not Event.objects.filter(slug__in=["first-meeting", "late-change"]).exists()


def test_markup_in_a_cell_is_shown_as_text_in_the_preview(admin_client):
    text = 'slug,name,bio\nscript-kid,"<script>alert(1)</script>",<b>bold</b>\n'

    response = preview(admin_client, "relations_person", text)

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markup_in_a_bad_row_is_shown_as_text_too(admin_client):
    text = 'slug,name,country\nscript-kid,"<script>alert(1)</script>",XX\n'

    response = preview(admin_client, "relations_person", text)

    assert "<script>alert(1)</script>" not in response.content.decode()


def test_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.IMPORT_EXPORT_FORMATS_MAX_BYTES = 200
    text = "slug,name\n" + "".join(f"person-{n},Person {n}\n" for n in range(40))

    response = preview(admin_client, "relations_person", text)

    assert "confirm_form" not in response.context
    assert "files over 200" in response.content.decode()
    assert not Person.objects.filter(slug="person-1").exists()


def test_reporter_preview_of_a_published_row_is_refused(client, reporter):
    client.force_login(reporter)
    text = "slug,published_at,title,status,body\nscoop,2025-09-06 09:00:00,Scoop,published,Text.\n"

    response = preview(client, "articles_article", text)

    assert "confirm_form" not in response.context
    assert "Only editors may publish" in response.content.decode()
    assert not Article.objects.filter(slug="scoop").exists()


def test_export_of_a_filtered_changelist_holds_only_the_filtered_rows(admin_client):
    EventFactory(name="Phone call one", kind=Event.Kind.PHONE_CALL)
    EventFactory(name="Summit two", kind=Event.Kind.SUMMIT)
    url = reverse("admin:relations_event_export") + "?kind__exact=phone_call"

    response = admin_client.post(
        url, {"format": CSV_FORMAT, "resource": "0", **export_fields(EventResource)}
    )

    assert response.status_code == 200
    rows = read_file(CSV, response.content.decode()).dict
    assert [row["name"] for row in rows] == ["Phone call one"]


def test_export_of_a_searched_changelist_holds_only_the_matches(admin_client):
    EventFactory(name="Almaty forum")
    EventFactory(name="Beijing summit")
    url = reverse("admin:relations_event_export") + "?q=Almaty"

    response = admin_client.post(
        url, {"format": CSV_FORMAT, "resource": "0", **export_fields(EventResource)}
    )

    assert [row["name"] for row in read_file(CSV, response.content.decode()).dict] == [
        "Almaty forum"
    ]


def test_export_action_exports_the_selected_rows(admin_client):
    chosen = EventFactory(name="Chosen")
    EventFactory(name="Not chosen")
    changelist = reverse("admin:relations_event_changelist")

    form_page = admin_client.post(
        changelist, {"action": "export_admin_action", "_selected_action": [chosen.pk]}
    )
    assert form_page.status_code == 200
    response = admin_client.post(
        reverse("admin:relations_event_export"),
        {
            "format": CSV_FORMAT,
            "resource": "0",
            "export_items": [chosen.pk],
            **export_fields(EventResource),
        },
    )

    assert [row["name"] for row in read_file(CSV, response.content.decode()).dict] == ["Chosen"]


def test_export_of_events_costs_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for n in range(20):
        EventFactory(name=f"Event {n}")
    url = reverse("admin:relations_event_export")
    data = {"format": CSV_FORMAT, "resource": "0", **export_fields(EventResource)}
    admin_client.post(url, data)  # warm the session and permission caches

    with django_assert_max_num_queries(14):
        admin_client.post(url, data)


# -- permissions ---------------------------------------------------------------------------


def test_staff_without_add_permission_gets_403_on_import(client):
    client.force_login(staff_with("relations.view_person", "relations.change_person"))

    assert client.get(reverse("admin:relations_person_import")).status_code == 403
    response = preview(client, "relations_person", "slug,name\nx-y,X Y\n")
    assert response.status_code == 403
    assert not Person.objects.filter(slug="x-y").exists()


def test_staff_without_change_permission_cannot_import_either(client):
    # An import updates existing rows as well as creating new ones.
    client.force_login(staff_with("relations.view_person", "relations.add_person"))

    assert client.get(reverse("admin:relations_person_import")).status_code == 403


def test_staff_without_import_permission_gets_403_on_the_confirm_step(client):
    client.force_login(staff_with("relations.view_person"))

    response = client.post(
        reverse("admin:relations_person_process_import"),
        {"import_file_name": "x", "original_file_name": "x.csv", "format": "0", "resource": ""},
    )

    assert response.status_code == 403


def test_staff_without_export_permission_gets_403_on_export(client):
    client.force_login(staff_with("relations.add_person"))

    assert client.get(reverse("admin:relations_person_export")).status_code == 403
    response = client.post(
        reverse("admin:relations_person_export"),
        {"format": CSV_FORMAT, "resource": "0", **export_fields(PersonResource)},
    )
    assert response.status_code == 403


def test_staff_without_export_permission_gets_403_from_the_export_action_form(client):
    person = Person.objects.create(name="Somebody")
    client.force_login(staff_with("relations.add_person"))

    response = client.post(
        reverse("admin:relations_person_export"),
        {
            "format": CSV_FORMAT,
            "resource": "0",
            "export_items": [person.pk],
            **export_fields(PersonResource),
        },
    )

    assert response.status_code == 403


def test_view_only_staff_see_no_import_button_and_no_import_action(client):
    client.force_login(staff_with("relations.view_person"))

    response = client.get(reverse("admin:relations_person_changelist"))

    assert reverse("admin:relations_person_import") not in response.content.decode()


def test_country_admin_offers_export_but_no_import(admin_client):
    response = admin_client.get(reverse("admin:relations_country_changelist"))

    page = response.content.decode()
    assert reverse("admin:relations_country_export") in page
    assert "/admin/relations/country/import/" not in page
    assert admin_client.get("/admin/relations/country/import/").status_code in {302, 404}


def test_export_action_is_offered_on_the_changelist_to_those_who_may_export(admin_client):
    response = admin_client.get(reverse("admin:relations_event_changelist"))

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["export_admin_action"] == "Export selected events"


def test_export_action_and_button_follow_the_export_permission_code(client, settings):
    # With a stricter code than the default "view", a view-only user keeps the list but
    # loses the button, the action and the URL.
    settings.IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"
    Person.objects.create(name="Somebody")
    client.force_login(staff_with("relations.view_person", "relations.delete_person"))

    response = client.get(reverse("admin:relations_person_changelist"))

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert "export_admin_action" not in choices
    assert reverse("admin:relations_person_export") not in response.content.decode()
    assert client.get(reverse("admin:relations_person_export")).status_code == 403


def test_preview_columns_line_up_when_the_file_has_only_some_columns(admin_client):
    text = "slug,name\nshort-file,Short File\n"

    response = preview(admin_client, "relations_person", text)

    result = response.context["result"]
    assert result.diff_headers == ["slug", "name"]
    assert len(result.valid_rows()[0].diff) == 2


@pytest.mark.parametrize(
    ("model", "said"),
    [
        ("articles_article", "The file has no columns slug, published_at: each row is matched"),
        ("relations_person", "The file has no column slug: each row is matched"),
    ],
)
def test_a_file_without_the_key_columns_is_told_in_words_without_a_traceback(
    admin_client, model, said
):
    """A file with other columns only: the library raised a FieldError (for Article, inside
    our row loader first: a 500) and printed its Python traceback on the page."""
    response = preview(admin_client, model, "name,notes\nSomeone,anything\n")

    assert response.status_code == 200
    html = response.content.decode()
    assert said in html
    assert "Traceback" not in html and "import_id_fields" not in html


@pytest.mark.parametrize("content", [b"[[]]", b"[[1, 2], [3, 4]]"])
def test_a_json_file_that_names_no_columns_is_told_so(admin_client, content):
    """JSON lists rather than objects: the library read on without column names and raised."""
    response = admin_client.post(
        reverse("admin:relations_person_import"),
        {
            "format": "2",  # JSON
            "resource": "0",
            "import_file": SimpleUploadedFile(
                "rows.json", content, content_type="application/json"
            ),
        },
    )
    assert response.status_code == 200
    assert "The file names no columns" in response.content.decode()
    assert not Person.objects.exists()


# -- round trips through the admin, as editors make them ------------------------------------

FORMAT_INDEX = {"csv": "0", "xlsx": "1", "json": "2"}


def export_articles(client, fmt):
    response = client.post(
        reverse("admin:articles_article_export"),
        {"format": FORMAT_INDEX[fmt], "resource": "0", **export_fields(ArticleResource)},
    )
    assert response.status_code == 200
    return response.content


def preview_bytes(client, model, content, fmt="csv"):
    return client.post(
        reverse(f"admin:{model}_import"),
        {
            "format": FORMAT_INDEX[fmt],
            "resource": "0",
            "import_file": SimpleUploadedFile(f"rows.{fmt}", content),
        },
    )


def import_types(response):
    return [row.import_type for row in response.context["result"].valid_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_article_published_with_the_bulk_action_survives_a_round_trip_unchanged(
    client, editor, fmt
):
    """The action stamped the time with microseconds, which no spreadsheet cell held: the
    re-import saw a change, and wrote a new version, revision and updated_by."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at.microsecond == 0
    revisions = article.history.count()

    response = preview_bytes(client, "articles_article", export_articles(client, fmt), fmt)
    assert import_types(response) == ["skip"]
    confirm(client, "articles_article", response)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.published_at, stored.version) == (article.published_at, article.version)
    assert stored.history.count() == revisions


def test_body_edited_in_a_browser_survives_a_csv_round_trip_unchanged(client, editor):
    """Browsers submit a textarea with CRLF, the CSV read back gave LF: every such article
    changed on re-import."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    article.body = "Para one.\r\n\r\nPara two."
    article_save_edit(article=article, by=editor)
    assert Article.objects.get(pk=article.pk).body == "Para one.\n\nPara two."
    client.force_login(editor)

    response = preview_bytes(client, "articles_article", export_articles(client, "csv"))

    assert import_types(response) == ["skip"]


# -- files as spreadsheet programs save them ------------------------------------------------


def test_windows_1251_csv_is_read(admin_client):
    """Excel's "CSV" on a Russian system; it got "'UnicodeDecodeError' encountered"."""
    content = "slug,name,bio\nasel-example,Асель Пример,Посол в Улан-Баторе.\n".encode("cp1251")

    response = preview_bytes(admin_client, "relations_person", content)
    assert import_types(response) == ["new"]
    confirm(admin_client, "relations_person", response)

    person = Person.objects.get(slug="asel-example")
    assert (person.name, person.bio) == ("Асель Пример", "Посол в Улан-Баторе.")


def test_utf8_csv_with_a_byte_order_mark_is_read(admin_client):
    content = "slug,name\nerlan-example,Ерлан Пример\n".encode("utf-8-sig")

    response = preview_bytes(admin_client, "relations_person", content)

    assert import_types(response) == ["new"]


def test_semicolon_separated_csv_is_read(admin_client):
    """Excel where the decimal mark is a comma; it got "The file has no column slug"."""
    text = 'slug;name;bio\nsemi-colon;Semi Colon;"Talks, then lunch; then a press statement."\n'

    response = preview_bytes(admin_client, "relations_person", text.encode("cp1251"))
    confirm(admin_client, "relations_person", response)

    person = Person.objects.get(slug="semi-colon")
    assert person.bio == "Talks, then lunch; then a press statement."


def test_windows_1251_csv_with_kazakh_letters_and_russian_typography_is_read(admin_client):
    """Quotes, dashes, № and Kazakh І share Windows-1251's upper half with the letters, and
    Latin slugs and names share the rows: none of it makes the file look Western."""
    text = (
        "slug,name,bio\n"
        'dana-example,Дана Үлгі-Мысал,"Елші «Бірлік» — № 4 в списке, беседовала с Jean Moreau…"\n'
    ).replace("Ү", "У")  # Ү is not in Windows-1251; a Kazakh file writes У
    response = preview_bytes(admin_client, "relations_person", text.encode("cp1251"))
    assert import_types(response) == ["new"]
    confirm(admin_client, "relations_person", response)

    person = Person.objects.get(slug="dana-example")
    assert person.name == "Дана Улгі-Мысал"
    assert person.bio == "Елші «Бірлік» — № 4 в списке, беседовала с Jean Moreau…"


WESTERN_NAME = "Ministère des Affaires étrangères de Côte d'Ivoire"
CSV_REFUSAL = (
    "This file is not UTF-8 or Windows-1251 text ({}). Save it from your spreadsheet program "
    'as "CSV UTF-8" (or as XLSX) and upload it again.'
)


@pytest.mark.parametrize(
    "content, reason",
    [
        pytest.param(
            f"slug,name\nciv-mfa,{WESTERN_NAME}\n".encode("cp1252"),
            'as Windows-1251 it reads "Ministиre", a word mixing Latin and Cyrillic letters',
            id="windows-1252 French",
        ),
        pytest.param(
            "slug,name\nciv-mfa,Auswärtiges Amt, Referat Côte d'Ivoire\n".encode("cp1252"),
            'as Windows-1251 it reads "Auswдrtiges", a word mixing Latin and Cyrillic letters',
            id="windows-1252 German",
        ),
        pytest.param(
            "slug,name\nciv-mfa,Fund for Côte d'Ivoire (€)\n".encode("cp1252"),
            'as Windows-1251 it reads "Cфte", a word mixing Latin and Cyrillic letters',
            id="windows-1252 Côte",
        ),
        pytest.param(
            "slug,name\nciv-mfa,Ivorian Fund (€ 5 million)\n".encode("cp1252"),
            'as Windows-1251 it reads "Ђ", not a Russian or Kazakh letter',
            id="windows-1252 euro sign only",
        ),
        pytest.param(
            "slug,name\nciv-mfa,Ministério de São Tomé\n".encode("latin-1"),
            'as Windows-1251 it reads "Ministйrio", a word mixing Latin and Cyrillic letters',
            id="latin-1",
        ),
        pytest.param(
            f"slug,name\nciv-mfa,{WESTERN_NAME}\n".encode("utf-16"),
            "it is UTF-16",
            id="utf-16 with a byte-order mark",
        ),
        pytest.param(
            f"slug,name\nciv-mfa,{WESTERN_NAME}\n".encode("utf-16-le"),
            "it has NUL bytes, as UTF-16 text does",
            id="utf-16 little-endian without a mark",
        ),
        pytest.param(
            "slug,name\nciv-mfa,Ministry of Foreign Affairs\n".encode("utf-16-be"),
            "it has NUL bytes, as UTF-16 text does",
            id="utf-16 big-endian English without a mark",
        ),
        pytest.param(
            f"slug,name\nciv-mfa,{WESTERN_NAME}\n".encode("utf-32"),
            "it is UTF-32",
            id="utf-32",
        ),
    ],
)
def test_a_csv_in_no_accepted_encoding_is_refused_and_writes_nothing(admin_client, content, reason):
    """Windows-1251 decodes nearly any bytes: a Western file was read as it, and renamed the
    row its slug matched to "Cфte d'Ivoire" (filing the true name as an alias); a UTF-16 one
    was read as nonsense. Now the file is refused and says what to save it as."""
    OrganizationFactory(slug="civ-mfa", name=WESTERN_NAME, aliases=[])
    before = Organization.objects.count()

    response = preview_bytes(admin_client, "relations_organization", content)

    assert "confirm_form" not in response.context
    assert response.context["form"].errors["import_file"] == [CSV_REFUSAL.format(reason)]
    assert escape(CSV_REFUSAL.format(reason)) in response.content.decode()
    stored = Organization.objects.get(slug="civ-mfa")
    assert (stored.name, stored.aliases) == (WESTERN_NAME, [])
    assert Organization.objects.count() == before


def test_a_windows_1251_csv_with_a_latin_letter_in_a_russian_word_is_refused(admin_client):
    """The rule cannot tell it from a Western file; the message names the word, and the file
    saved as UTF-8 is read."""
    text = "slug,name\nkz-mfa,Министерство инoстранных дел\n"  # a Latin "o"

    response = preview_bytes(admin_client, "relations_organization", text.encode("cp1251"))
    assert response.context["form"].errors["import_file"] == [
        CSV_REFUSAL.format(
            'as Windows-1251 it reads "инoстранных", a word mixing Latin and Cyrillic letters'
        )
    ]

    response = preview_bytes(admin_client, "relations_organization", text.encode())
    assert import_types(response) == ["new"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_utf8_csv_with_western_letters_is_read(admin_client, encoding):
    content = f"slug,name\nciv-mfa,{WESTERN_NAME}\nkz-mfa,Қазақстан СІМ\n".encode(encoding)

    response = preview_bytes(admin_client, "relations_organization", content)
    assert import_types(response) == ["new", "new"]
    confirm(admin_client, "relations_organization", response)

    names = dict(
        Organization.objects.filter(slug__in=["civ-mfa", "kz-mfa"]).values_list("slug", "name")
    )
    assert names == {"civ-mfa": WESTERN_NAME, "kz-mfa": "Қазақстан СІМ"}


def test_a_json_file_that_is_not_utf8_is_told_so(admin_client):
    content = '[{"slug": "json-example", "name": "Асель"}]'.encode("cp1251")

    response = preview_bytes(admin_client, "relations_person", content, "json")

    assert "This file is not UTF-8 text. Save it as UTF-8" in response.content.decode()
    assert not Person.objects.exists()


def test_a_utf16_json_file_without_a_byte_order_mark_is_told_so(admin_client):
    """Its English text is valid UTF-8 with a NUL after every letter; it got the library's
    "'JSONDecodeError' encountered while trying to read file"."""
    content = '[{"slug": "json-example", "name": "Asel"}]'.encode("utf-16-le")

    response = preview_bytes(admin_client, "relations_person", content, "json")

    assert response.context["form"].errors["import_file"] == [
        "This file is not UTF-8 text (it has NUL bytes, as UTF-16 text does). "
        "Save it as UTF-8 and upload it again."
    ]
    assert not Person.objects.exists()


def test_a_utf8_json_file_is_read(admin_client):
    content = '[{"slug": "json-example", "name": "Асель"}]'.encode()

    response = preview_bytes(admin_client, "relations_person", content, "json")
    confirm(admin_client, "relations_person", response)

    assert Person.objects.get(slug="json-example").name == "Асель"


def test_preview_marks_changes_with_classes_the_content_security_policy_allows(admin_client):
    PersonFactory(slug="aliya-example", name="Aliya Example")

    response = preview(admin_client, "relations_person", "slug,name\naliya-example,Aliya Sample\n")

    page = response.content.decode()
    assert '<del class="diff-del">' in page
    assert '<ins class="diff-ins">' in page
    assert 'style="background' not in page  # the policy refuses style attributes


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        (
            "xlsx",
            b"PK\x03\x04 not really a workbook",
            "This file is not an Excel workbook (.xlsx).",
        ),
        ("xlsx", b"slug,name\nasel,Asel\n", "This file is not an Excel workbook (.xlsx)."),
        ("json", b'[{"slug": "asel", "name": "As', "This file is not valid JSON ("),
        ("json", b'{"slug": "asel", "name": "Asel"}', "could not be read as a table of rows"),
    ],
)
def test_a_file_the_format_cannot_read_is_told_so_plainly(admin_client, fmt, content, message):
    """The library said "'BadZipFile' encountered while trying to read file"."""
    response = preview_bytes(admin_client, "relations_person", content, fmt)

    (error,) = response.context["form"].errors["import_file"]
    assert message in error
    assert "Check that the format chosen below is the file's (CSV, XLSX or JSON)" in error
    assert "encountered" not in error and "Error" not in error
    assert not Person.objects.exists()
