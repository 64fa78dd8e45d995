"""Row rules through the resource API: validation, strict references, all-or-nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from import_export.formats.base_formats import CSV

from articles.models import Article
from articles.resources import ArticleResource
from relations.models import Event, Person
from relations.resources import AgreementResource, CountryResource, EventResource, PersonResource
from tests.factories import ArticleFactory, UserFactory
from tests.spreadsheets.conftest import at, import_file, read_file

pytestmark = pytest.mark.django_db

PEOPLE = (
    "slug,name,aliases,country,bio,needs_review,review_note\n"
    "alpha-one,Alpha One,,KZ,,0,\n"
    "beta-two,Beta Two,,XX,,0,\n"
    "gamma-three,,,KZ,,0,\n"
)


def _messages(result):
    return [str(error.error) for error in result.base_errors]


def test_file_with_bad_rows_imports_nothing():
    result = import_file(PersonResource, CSV, PEOPLE)

    assert result.has_validation_errors()
    assert not Person.objects.filter(slug__in=["alpha-one", "beta-two", "gamma-three"]).exists()


def test_each_bad_row_is_named_with_row_number_column_and_reason():
    result = import_file(PersonResource, CSV, PEOPLE)

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {3, 4}  # as a spreadsheet program numbers them, under the header
    assert "Unknown country code 'XX'" in invalid[3]["country"][0]
    assert "name" in invalid[4]
    messages = _messages(result)
    assert any(m.startswith("row 3, column country: Unknown country code 'XX'") for m in messages)
    assert any(m.startswith("row 4, column name:") for m in messages)


def test_unknown_reference_in_a_list_cell_is_a_row_error_not_a_new_record(newsroom):
    rows = (
        "slug,name,kind,countries,participants\n"
        f"new-talks,New talks,talks,KZ;MN,{newsroom['person'].slug};nobody-known\n"
    )
    people_before = Person.objects.count()

    result = import_file(EventResource, CSV, rows)

    [invalid] = result.invalid_rows
    assert "'nobody-known'" in invalid.error_dict["participants"][0]
    assert Person.objects.count() == people_before
    assert not Event.objects.filter(slug="new-talks").exists()


def test_model_validation_runs_for_every_row(newsroom):
    rows = "slug,name,kind,starts_on,ends_on\nbackwards,Backwards,summit,2025-07-04,2025-07-01\n"

    result = import_file(EventResource, CSV, rows)

    assert result.has_validation_errors()
    assert not Event.objects.filter(slug="backwards").exists()


def test_dates_out_of_order_are_named_on_their_column():
    events = "slug,name,kind,starts_on,ends_on\nbackwards,Backwards,summit,2025-07-04,2025-07-01\n"
    agreements = (
        "slug,title,kind,signed_on,in_force_on\nearly,Early,memorandum,2025-03-02,2025-03-01\n"
    )

    messages = _messages(import_file(EventResource, CSV, events))
    messages += _messages(import_file(AgreementResource, CSV, agreements))

    assert messages == [
        "row 2, column ends_on: The end date cannot be before the start date.",
        "row 2, column in_force_on: An agreement cannot enter into force before it is signed.",
    ]


def test_unknown_choice_is_a_row_error():
    rows = "slug,name,kind\nodd,Odd,picnic\n"

    result = import_file(EventResource, CSV, rows)

    [invalid] = result.invalid_rows
    assert "kind" in invalid.error_dict


def test_row_without_slug_gets_one_from_its_name_and_reimports_as_unchanged():
    rows = "slug,name,country\n,Aigerim Example,KZ\n"

    first = import_file(PersonResource, CSV, rows)
    second = import_file(PersonResource, CSV, rows)

    assert first.totals["new"] == 1
    assert second.totals["skip"] == 1
    assert Person.objects.filter(slug="aigerim-example").count() == 1


def test_countries_cannot_be_imported():
    rows = "code,name,official_name,slug,aliases\nKZ,Hacked,,kazakhstan,\n"

    result = import_file(CountryResource, CSV, rows)

    assert result.has_errors()
    assert "reference data" in _messages(result)[0]


def _article_rows(status, published_at="2025-09-06 09:00:00", slug="reporters-scoop"):
    return (
        "slug,published_at,title,status,body\n"
        f"{slug},{published_at},Reporter's scoop,{status},Body text.\n"
    )


def test_reporters_spreadsheet_cannot_publish(reporter):
    result = import_file(ArticleResource, CSV, _article_rows("published"), user=reporter)

    [invalid] = result.invalid_rows
    assert "Only editors may publish" in invalid.error_dict["status"][0]
    assert not Article.objects.filter(slug="reporters-scoop").exists()


def test_reporters_spreadsheet_cannot_unpublish_a_live_article(reporter, newsroom):
    live = Article.objects.get(status="published")
    rows = _article_rows("draft", "2025-09-05 10:30:00", slug=live.slug)

    result = import_file(ArticleResource, CSV, rows, user=reporter)

    assert "status" in result.invalid_rows[0].error_dict
    live.refresh_from_db()
    assert live.status == "published"


def test_reporter_may_import_a_draft(reporter):
    result = import_file(ArticleResource, CSV, _article_rows("draft", ""), user=reporter)

    assert not result.has_validation_errors()
    article = Article.objects.get(slug="reporters-scoop")
    assert article.status == "draft"
    assert article.created_by == reporter


def test_reporters_spreadsheet_cannot_set_or_change_a_publication_time(reporter, editor):
    """As in the form: a reporter's time would schedule or backdate an editor's "Publish"."""
    result = import_file(ArticleResource, CSV, _article_rows("draft"), user=reporter)
    assert (
        "Only editors set or change the publication time"
        in (result.invalid_rows[0].error_dict["published_at"][0])
    )
    assert not Article.objects.filter(slug="reporters-scoop").exists()

    # An article in review with a time (an import of a dated text, say): the reporter's file
    # may keep that time, not move it within the day.
    import_file(ArticleResource, CSV, _article_rows("review"), user=editor)
    kept = import_file(ArticleResource, CSV, _article_rows("review"), user=reporter)
    assert not kept.has_validation_errors()
    moved = import_file(
        ArticleResource, CSV, _article_rows("review", "2025-09-06 23:30:00"), user=reporter
    )
    assert "published_at" in moved.invalid_rows[0].error_dict
    assert Article.objects.get(slug="reporters-scoop").published_at.hour == 4  # 09:00 +05


def test_editors_spreadsheet_may_publish(editor):
    result = import_file(ArticleResource, CSV, _article_rows("published"), user=editor)

    assert not result.has_validation_errors()
    assert Article.objects.get(slug="reporters-scoop").status == "published"


def test_published_row_without_a_time_is_refused(editor):
    result = import_file(ArticleResource, CSV, _article_rows("published", ""), user=editor)

    assert "published_at" in result.invalid_rows[0].error_dict


def test_same_slug_with_another_date_is_refused_not_overwritten(newsroom):
    live = Article.objects.get(status="published")
    rows = _article_rows("draft", "2024-01-01 10:00:00", slug=live.slug)

    result = import_file(ArticleResource, CSV, rows, user=UserFactory(is_superuser=True))

    [invalid] = result.invalid_rows
    assert "belongs to the article of 2025-09-05" in invalid.error_dict["slug"][0]
    live.refresh_from_db()
    assert live.title != "Reporter's scoop"


def test_import_costs_a_bounded_number_of_queries_per_file(django_assert_max_num_queries, newsroom):
    person = newsroom["person"].slug
    rows = "slug,published_at,title,status,body,countries,people\n" + "".join(
        f"bulk-{n},,Story {n},draft,Body {n}.,KZ;MN;CN,{person}\n" for n in range(30)
    )
    dataset = read_file(CSV, rows)

    # Lookups of related rows and existing articles are one query each per file, inserts
    # and revisions one batch (see test_scale.py, docs/PERFORMANCE.md).
    with django_assert_max_num_queries(30):
        result = ArticleResource().import_data(dataset)

    assert result.totals["new"] == 30


def _status_row(article, status):
    return f"slug,published_at,status\n{article.slug},{article.published_at:%Y-%m-%d %H:%M:%S},{status}\n"


@pytest.fixture
def archived(db):
    return ArticleFactory(status=Article.Status.ARCHIVED, published_at=at(1))


def test_spreadsheet_cannot_move_an_archived_article_to_published(editor, archived):
    """The form and the bulk actions refuse it; a file went straight through."""
    result = import_file(ArticleResource, CSV, _status_row(archived, "published"), user=editor)

    [invalid] = result.invalid_rows
    [message] = invalid.error_dict["status"]
    assert message.startswith("An article cannot go from archived to published")
    assert "comes back as a draft" in message
    archived.refresh_from_db()
    assert archived.status == Article.Status.ARCHIVED


def test_the_command_line_keeps_the_workflow_rules_too(archived):
    result = import_file(ArticleResource, CSV, _status_row(archived, "published"))

    assert "status" in result.invalid_rows[0].error_dict
    assert Article.objects.get(pk=archived.pk).status == Article.Status.ARCHIVED


def test_spreadsheet_may_bring_an_archived_article_back_as_a_draft(editor, archived):
    result = import_file(ArticleResource, CSV, _status_row(archived, "draft"), user=editor)

    assert not result.has_validation_errors()
    assert Article.objects.get(pk=archived.pk).status == Article.Status.DRAFT


def _workflow_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "articles.workflow"]


@pytest.mark.parametrize(
    ("stored", "status", "said"),
    [
        (Article.Status.REVIEW, "published", "Published"),
        (Article.Status.PUBLISHED, "archived", "Unpublished (now archived)"),
        (Article.Status.REVIEW, "archived", "Archived"),
        (Article.Status.PUBLISHED, "draft", "Unpublished (now draft)"),
        (Article.Status.ARCHIVED, "draft", "Restored from the archive as a draft"),
        (Article.Status.REVIEW, "draft", "Sent back to draft"),
    ],
)
def test_a_move_by_spreadsheet_is_in_the_admin_history_and_the_workflow_log(
    editor, caplog, django_capture_on_commit_callbacks, stored, status, said
):
    article = ArticleFactory(status=stored, published_at=at(2))
    caplog.set_level("INFO", logger="articles.workflow")

    with django_capture_on_commit_callbacks(execute=True):
        import_file(ArticleResource, CSV, _status_row(article, status), user=editor)

    entry = LogEntry.objects.get(object_id=str(article.pk), change_message=said)
    assert entry.user == editor
    assert _workflow_lines(caplog) == [f"{said}: article {article.pk} “{article.title}” by editor"]
    assert article.history.first().history_change_reason == said


def test_an_editors_spreadsheet_send_back_opens_a_note_as_the_admin_does(editor):
    from articles.models import SendBack

    article = ArticleFactory(status=Article.Status.REVIEW, published_at=at(2))

    import_file(ArticleResource, CSV, _status_row(article, "draft"), user=editor)

    [note] = SendBack.objects.open()
    assert (note.article, note.created_by, note.note) == (article, editor, "")


def test_a_reporter_taking_back_their_own_review_opens_no_note(reporter):
    from articles.models import SendBack

    article = ArticleFactory(status=Article.Status.REVIEW, published_at=at(2))

    result = import_file(ArticleResource, CSV, _status_row(article, "draft"), user=reporter)

    assert not result.has_validation_errors()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert not SendBack.objects.exists()
    assert article.history.first().history_change_reason == "Moved back to draft"


def test_a_new_article_published_by_spreadsheet_is_audited(
    editor, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("INFO", logger="articles.workflow")

    with django_capture_on_commit_callbacks(execute=True):
        import_file(ArticleResource, CSV, _article_rows("published"), user=editor)

    article = Article.objects.get(slug="reporters-scoop")
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message="Published").exists()
    assert _workflow_lines(caplog) == [
        f"Published: article {article.pk} “Reporter's scoop” by editor"
    ]


def test_a_preview_leaves_no_audit_trail(editor, caplog, django_capture_on_commit_callbacks):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=at(2))
    caplog.set_level("INFO", logger="articles.workflow")

    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(
            ArticleResource, CSV, _status_row(article, "published"), user=editor, dry_run=True
        )

    assert [row.import_type for row in result.valid_rows()] == ["update"]
    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()
    assert _workflow_lines(caplog) == []
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_an_edit_without_a_move_is_not_reported_as_one(
    editor, caplog, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published_at=at(2))
    rows = f"slug,published_at,title\n{article.slug},{article.published_at:%Y-%m-%d %H:%M:%S},New\n"
    caplog.set_level("INFO", logger="articles.workflow")

    with django_capture_on_commit_callbacks(execute=True):
        import_file(ArticleResource, CSV, rows, user=editor)

    assert _workflow_lines(caplog) == []
    assert article.history.first().history_change_reason == "Imported from a spreadsheet"


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        *[(v, True) for v in ["yes", "Y", "да", "Да", "иә", "TRUE", "true", "1", "ИСТИНА"]],
        *[(v, False) for v in ["no", "N", "нет", "жоқ", "FALSE", "false", "0", "ЛОЖЬ"]],
    ],
)
def test_yes_and_no_are_read_in_the_usual_spellings(cell, stored):
    rows = f"slug,name,needs_review\nflagged,Flagged Person,{cell}\n"

    result = import_file(PersonResource, CSV, rows)

    assert not result.has_validation_errors()
    assert Person.objects.get(slug="flagged").needs_review is stored


def test_an_unrecognised_yes_or_no_is_a_row_error_naming_the_column():
    """`maybe` was stored as False without a word, quietly clearing review flags."""
    rows = "slug,name,needs_review\nflagged,Flagged Person,maybe\n"

    result = import_file(PersonResource, CSV, rows)

    [invalid] = result.invalid_rows
    assert "'maybe' is not a yes or no" in invalid.error_dict["needs_review"][0]
    assert any(
        m.startswith("row 2, column needs_review: 'maybe' is not a yes or no")
        for m in _messages(result)
    )
    assert not Person.objects.filter(slug="flagged").exists()


def test_an_empty_yes_or_no_cell_is_the_fields_default():
    result = import_file(PersonResource, CSV, "slug,name,needs_review\nplain,Plain Person,\n")

    assert not result.has_validation_errors()
    assert Person.objects.get(slug="plain").needs_review is False


@pytest.mark.parametrize("cell", ["2025-01-01", "2025-13-01 10:00", "05.09.2025 10:00"])
def test_an_unreadable_publication_time_names_the_format_to_use(editor, cell):
    result = import_file(ArticleResource, CSV, _article_rows("draft", cell), user=editor)

    [message] = result.invalid_rows[0].error_dict["published_at"]
    assert message.startswith(f"'{cell}' is not a date and time: write it as YYYY-MM-DD HH:MM:SS")


def test_an_unreadable_date_names_the_format_to_use():
    rows = "slug,name,kind,starts_on\nodd-date,Odd date,talks,05.09.2025\n"

    result = import_file(EventResource, CSV, rows)

    [message] = result.invalid_rows[0].error_dict["starts_on"]
    assert message == "'05.09.2025' is not a date: write it as YYYY-MM-DD (2025-09-05)."


def test_text_with_windows_line_endings_matches_the_stored_text(editor):
    """A workbook or CSV written on Windows holds CRLF; the stored text has LF."""
    article = ArticleFactory(published_at=at(2), body="Para one.\n\nPara two.")
    rows = (
        "slug,published_at,body\n"
        f'{article.slug},{article.published_at:%Y-%m-%d %H:%M:%S},"Para one.\r\n\r\nPara two."\n'
    )

    result = import_file(ArticleResource, CSV, rows, user=editor)

    assert [row.import_type for row in result.valid_rows()] == ["skip"]
    assert Article.objects.get(pk=article.pk).version == article.version


def test_an_unknown_country_code_says_what_to_do_instead_of_importing_countries():
    (message,) = [m for m in _messages(import_file(PersonResource, CSV, PEOPLE)) if "XX" in m]

    assert "import countries" not in message
    assert "use a country's ISO 3166 alpha-2 code" in message


def test_a_value_outside_a_columns_choices_is_told_which_values_are(newsroom):
    rows = "slug,name,kind\nnew-talks,New talks,chat\n"

    result = import_file(EventResource, CSV, rows)

    [invalid] = result.invalid_rows
    (message,) = invalid.error_dict["kind"]
    assert message.startswith("'chat' is not a kind here; use one of: ")
    assert "summit" in message and "state_visit" in message
    assert not Event.objects.filter(slug="new-talks").exists()
