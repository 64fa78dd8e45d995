"""The admin import screen: upload -> dry-run preview -> confirm -> import records."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_importrecord_import")
TEXT = """Kazakhstan and Mongolia Review Transit Cooperation
05.03.2025
The foreign ministries of Kazakhstan and Mongolia reviewed rail transit, \
press service of the Kazakh MFA reports.
Both sides agreed to prepare a new schedule of consultations.
"""
# The importer strips the HTML tags a saved page has (the script goes); a tag it does not
# know (the marquee) stays as text, which the screen must escape.
HOSTILE = """<script>alert('x')</script> <marquee onstart=alert('y')>Ministers meet
2025-02-02
The ministers met in Astana <b>today</b>, Xinhua reports.
"""


def upload(name, content: str | bytes):
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


def preview(client, *files, status="published", source=""):
    return client.post(URL, {"files": list(files), "status": status, "source": source})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_changelist_offers_the_import_button(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_importrecord_changelist"))
    assert response.status_code == 200
    assert URL in response.content.decode()


def test_upload_form_renders_for_editors(client, editor):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "multiple" in response.content.decode()
    # The admin's own breadcrumb bar, as on every other page.
    assert '<ol class="breadcrumbs">' in response.content.decode()
    assert '<li aria-current="page">Import texts</li>' in response.content.decode()


def test_staff_without_the_import_permission_get_403(client, reporter):
    client.force_login(reporter)
    assert client.get(URL).status_code == 403
    assert preview(client, upload("a.txt", TEXT)).status_code == 403
    assert not Article.objects.exists()


def test_preview_shows_the_articles_and_writes_nothing(client, editor):
    client.force_login(editor)
    response = preview(client, upload("a.txt", TEXT), upload("b.txt", ""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kazakhstan and Mongolia Review Transit Cooperation" in page
    assert "2025-03-05" in page and "MFA" in page and "created" in page
    assert "empty file" in page  # the bad file's one-line error
    assert not Article.objects.exists() and not ImportRecord.objects.exists()


def test_preview_tells_editors_where_to_choose_a_source(client, editor):
    client.force_login(editor)
    unsourced = "Ministers meet in Astana\n2025-02-02\nThe ministers met in Astana.\n"

    page = preview(client, upload("a.txt", unsourced)).content.decode()

    assert "no source named in the text" in page
    assert "Source on the admin&#x27;s import screen" in page
    assert "pass --source" not in page


def test_confirm_imports_what_was_previewed(client, editor):
    client.force_login(editor)
    response = preview(client, upload("a.txt", TEXT), upload("b.txt", ""))
    response = client.post(URL, {"token": token_of(response)})
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.title, article.status, article.created_by) == (
        "Kazakhstan and Mongolia Review Transit Cooperation",
        "published",
        editor,
    )
    records = {r.name: r for r in ImportRecord.objects.all()}
    assert set(records) == {"a.txt", "b.txt"}
    assert records["a.txt"].created_by == editor
    assert list(records["a.txt"].articles.all()) == [article]
    assert records["b.txt"].status == "error"
    assert "Imported 1 of 2 files: 1 article created, 0 updated, 0 unchanged." in (
        response.content.decode()
    )


def test_confirming_twice_imports_once(client, editor):
    client.force_login(editor)
    token = token_of(preview(client, upload("a.txt", TEXT)))
    client.post(URL, {"token": token})
    assert client.post(URL, {"token": token}).status_code == 404
    assert Article.objects.count() == 1


def test_another_user_cannot_confirm_my_upload(client, editor):
    client.force_login(editor)
    token = token_of(preview(client, upload("a.txt", TEXT)))
    other = UserFactory(username="editor2", groups=["Editors"])
    client.force_login(other)
    assert client.post(URL, {"token": token}).status_code == 403
    assert not Article.objects.exists()


def test_forged_token_is_not_found(client, editor):
    client.force_login(editor)
    assert client.post(URL, {"token": "../../../../etc/passwd"}).status_code == 404


def test_import_permission_without_publishing_is_refused(client, reporter):
    """An import fills in and renames the people and events the site shows: publishing.
    A user given the import permission alone neither sees the screen nor reaches it."""
    reporter.user_permissions.add(Permission.objects.get(codename="add_importrecord"))
    client.force_login(reporter)
    changelist = client.get(reverse("admin:articles_importrecord_changelist"))
    assert changelist.status_code == 200 and URL not in changelist.content.decode()
    refused = client.get(URL)
    assert refused.status_code == 403
    assert "it needs the permission to publish" in " ".join(refused.content.decode().split())
    assert preview(client, upload("a.txt", TEXT)).status_code == 403
    assert not Article.objects.exists() and not ImportRecord.objects.exists()


def test_draft_status_and_default_source(client, editor):
    client.force_login(editor)
    text = "Ministers meet in Astana\n2025-02-02\nThe ministers met in Astana.\n"
    response = preview(client, upload("a.txt", text), status="draft", source="Kazinform")
    client.post(URL, {"token": token_of(response)})
    article = Article.objects.get()
    assert (article.status, article.source.name) == ("draft", "Kazinform")


def test_zip_upload_imports_its_txt_members_and_ignores_others(client, editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("texts/a.txt", TEXT)
        archive.writestr("texts/photo.jpg", b"\xff\xd8\xff")
    client.force_login(editor)
    response = preview(client, upload("batch.zip", buffer.getvalue()))
    page = response.content.decode()
    assert "batch.zip:texts/a.txt" in page
    assert "batch.zip:texts/photo.jpg: not a .txt file: ignored" in page
    client.post(URL, {"token": token_of(response)})
    assert Article.objects.count() == 1


def test_text_from_files_is_escaped_on_the_screen(client, editor):
    client.force_login(editor)
    page = preview(client, upload("<b>x</b>.txt", HOSTILE)).content.decode()
    assert "<script>alert" not in page and "<marquee" not in page
    assert "&lt;marquee onstart=alert(&#x27;y&#x27;)&gt;Ministers meet" in page
    assert "<b>x</b>" not in page


def test_other_file_types_are_refused_by_the_form(client, editor):
    client.force_login(editor)
    response = preview(client, upload("a.pdf", b"%PDF-1.4"))
    assert response.status_code == 200
    assert "only .txt files and .zip archives" in response.content.decode()
    assert 'name="token"' not in response.content.decode()


def test_import_record_change_page_is_read_only(client, editor):
    client.force_login(editor)
    client.post(URL, {"token": token_of(preview(client, upload("a.txt", TEXT)))})
    record = ImportRecord.objects.get()
    response = client.get(reverse("admin:articles_importrecord_change", args=[record.pk]))
    assert response.status_code == 200
    assert "Kazakhstan and Mongolia Review" in response.content.decode()
    assert 'name="raw_text"' not in response.content.decode()


# A Western code page's file, which the importer refuses (it reads as no Russian or Kazakh).
WESTERN = "Côte d'Ivoire et le Kazakhstan\n05.03.2025\nLes ministres se sont réunis.\n".encode(
    "cp1252"
)


def test_a_refused_file_keeps_its_bytes_for_editors_to_download(client, editor):
    client.force_login(editor)
    client.post(URL, {"token": token_of(preview(client, upload("western.txt", WESTERN)))})
    record = ImportRecord.objects.get()
    assert (record.status, record.raw_text, bytes(record.raw_bytes)) == ("error", "", WESTERN)

    page = client.get(reverse("admin:articles_importrecord_change", args=[record.pk]))
    download = reverse("admin:articles_importrecord_file", args=[record.pk])
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response.content == WESTERN
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="western.txt"'


def test_a_read_file_keeps_its_text_and_offers_no_download(client, editor):
    client.force_login(editor)
    client.post(URL, {"token": token_of(preview(client, upload("a.txt", TEXT)))})
    record = ImportRecord.objects.get()
    assert record.raw_bytes is None and record.raw_text.startswith("Kazakhstan and Mongolia")
    page = client.get(reverse("admin:articles_importrecord_change", args=[record.pk]))
    assert "Download" not in page.content.decode()
    assert (
        client.get(reverse("admin:articles_importrecord_file", args=[record.pk])).status_code == 404
    )


def test_staff_who_cannot_view_import_records_cannot_download_their_files(client, editor):
    client.force_login(editor)
    client.post(URL, {"token": token_of(preview(client, upload("western.txt", WESTERN)))})
    record = ImportRecord.objects.get()
    client.force_login(UserFactory(username="staff-without-permissions"))
    response = client.get(reverse("admin:articles_importrecord_file", args=[record.pk]))
    assert response.status_code == 403


def test_the_records_list_shows_why_a_file_was_refused(client, editor):
    client.force_login(editor)
    confirm = preview(client, upload("good.txt", TEXT), upload("empty.txt", ""))
    client.post(URL, {"token": token_of(confirm)})

    page = client.get(reverse("admin:articles_importrecord_changelist")).content.decode()

    row = page[page.index("empty.txt") :]
    row = row[: row.index("</tr>")]
    assert 'class="field-short_error">empty file' in row


def test_the_records_list_names_every_encoding_filter_and_cuts_long_reasons(client, editor):
    client.force_login(editor)
    confirm = preview(client, upload("good.txt", TEXT), upload("empty.txt", ""))
    client.post(URL, {"token": token_of(confirm)})
    ImportRecord.objects.filter(name="empty.txt").update(error="x" * 300)
    changelist = reverse("admin:articles_importrecord_changelist")

    page = client.get(changelist).content.decode()
    assert '<a href="?encoding=utf-8">utf-8</a>' in page
    assert '<a href="?encoding=none">None (not read)</a>' in page
    assert '<a href="?encoding="></a>' not in page
    assert "x" * 99 + "…" in page and "x" * 101 not in page
    refused = client.get(changelist, {"encoding": "none"}).content.decode()
    assert "empty.txt" in refused and "good.txt" not in refused


def test_confirm_links_an_earlier_file_to_a_person_a_later_file_introduces(client, editor):
    """Two uploads: the first names the culture minister in passing, the second introduces
    her. The preview, the import's report and the stored article all link her in the first."""
    texts = Path(__file__).resolve().parent / "texts"
    client.force_login(editor)
    response = preview(
        client,
        upload("1_weeks.txt", (texts / "later" / "a_culture_weeks.txt").read_bytes()),
        upload("2_memorandum.txt", (texts / "order" / "c_culture_mongolia.txt").read_bytes()),
    )
    previewed = response.content.decode().split("<h2>1_weeks.txt")[1].split("<h2>")[0]
    assert "<td>Nyamdorjiin Sarangerel</td>" in previewed  # the preview says so already
    response = client.post(URL, {"token": token_of(response)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 created, 0 updated, 0 unchanged" in " ".join(page.split())
    first_file = page.split("<h2>1_weeks.txt")[1].split("<h2>")[0]
    assert "<td>Nyamdorjiin Sarangerel</td>" in first_file
    weeks = Article.objects.get(title="Mongolian culture weeks open in Astana")
    assert list(weeks.people.values_list("name", flat=True)) == ["Nyamdorjiin Sarangerel"]
    record = ImportRecord.objects.get(name="1_weeks.txt")
    assert record.report["articles"][0]["people"] == ["Nyamdorjiin Sarangerel"]
    assert record.report["articles"][0]["action"] == "created"
