"""Article rows written in batches: same content, one revision each, constant queries per row."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export.formats.base_formats import CSV

import articles.resources
from articles.models import Article, Source
from articles.resources import ArticleResource
from tests.spreadsheets.conftest import import_file, read_file
from tests.spreadsheets.test_admin import confirm, preview

pytestmark = pytest.mark.django_db

HEADER = "slug,published_at,title,status,body,source,image_credit,countries,people\n"


def _rows(count, person, start=0, countries="KZ;MN"):
    return HEADER + "".join(
        f"story-{n},2025-09-0{1 + n % 9} 10:00:00,Story {n},draft,"
        f"Ministers *met* in Astana on day {n}.,Akorda,Photo: desk,{countries},{person}\n"
        for n in range(start, start + count)
    )


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 7 rows, so a few dozen rows cross several batch boundaries."""
    monkeypatch.setattr(articles.resources, "WRITE_BATCH", 7)


@pytest.fixture
def person(newsroom):
    return newsroom["person"].slug


def test_batched_article_has_what_save_derives(editor, person):
    import_file(ArticleResource, CSV, _rows(1, person), user=editor)
    imported = Article.objects.get(slug="story-0")

    saved = Article(
        title="Saved",
        slug="saved",
        body=imported.body,
        image_credit=imported.image_credit,
        source=Source.objects.get(name="Akorda"),
    )
    saved.save()

    assert imported.body_html == saved.body_html
    assert "<em>met</em>" in imported.body_html
    assert imported.word_count == saved.word_count > 0
    assert imported.lead_image_credit == saved.lead_image_credit == "Photo: desk"
    assert imported.version == saved.version == 1
    assert imported.created_at is not None
    assert imported.created_by == imported.updated_by == editor


def test_every_row_across_batches_is_stored_with_its_relations(small_batches, person):
    result = import_file(ArticleResource, CSV, _rows(20, person))

    assert result.totals["new"] == 20
    stored = Article.objects.filter(slug__startswith="story-").prefetch_related(
        "countries", "people"
    )
    assert len(stored) == 20
    for article in stored:
        assert sorted(c.code for c in article.countries.all()) == ["KZ", "MN"]
        assert [p.slug for p in article.people.all()] == [person]


def test_each_new_article_gets_one_revision_with_its_relations(small_batches, editor, person):
    import_file(ArticleResource, CSV, _rows(10, person), user=editor)

    for article in Article.objects.filter(slug__startswith="story-"):
        [revision] = article.history.all()
        assert revision.history_type == "+"
        assert revision.history_user == editor
        assert revision.title == article.title
        assert sorted(c.country.code for c in revision.countries.all()) == ["KZ", "MN"]
        assert [p.person.slug for p in revision.people.all()] == [person]


def test_an_updated_article_gets_one_revision_keeping_relations_outside_the_file(editor, person):
    import_file(ArticleResource, CSV, _rows(1, person), user=editor)
    article = Article.objects.get(slug="story-0")
    article.organizations.set([])  # no column for it in the file: must stay as it is
    changed = _rows(1, person, countries="KZ").replace("Story 0", "Story zero")

    result = import_file(ArticleResource, CSV, changed, user=editor)

    assert result.totals["update"] == 1
    article.refresh_from_db()
    assert article.title == "Story zero"
    assert article.version == 2
    latest, first = article.history.order_by("-history_id")
    assert (latest.history_type, first.history_type) == ("~", "+")
    assert [c.country.code for c in latest.countries.all()] == ["KZ"]
    assert [p.person.slug for p in latest.people.all()] == [person]


def test_a_bad_row_after_written_batches_leaves_no_article_and_no_revision(small_batches, person):
    rows = _rows(20, person) + "story-bad,2025-09-01 10:00:00,Bad,draft,Body,Akorda,,XX,\n"
    revisions_before = Article.history.count()

    result = import_file(ArticleResource, CSV, rows)

    assert [row.number for row in result.invalid_rows] == [22]
    assert not Article.objects.filter(slug__startswith="story-").exists()
    assert Article.history.count() == revisions_before


def test_a_failed_batch_imports_nothing_and_names_its_rows(small_batches, person, monkeypatch):
    def fail(self, articles, database):
        raise IntegrityError("simulated constraint failure")

    monkeypatch.setattr(ArticleResource, "_insert_relations", fail)

    result = import_file(ArticleResource, CSV, _rows(10, person))

    messages = [str(error.error) for _, errors in result.row_errors() for error in errors]
    assert any("Could not write rows 2 to 8: simulated" in m for m in messages)
    assert not Article.objects.filter(slug__startswith="story-").exists()


def test_row_results_carry_the_ids_of_batched_articles(small_batches, person):
    result = import_file(ArticleResource, CSV, _rows(10, person))

    ids = {row.object_id for row in result.valid_rows()}
    assert ids == set(
        Article.objects.filter(slug__startswith="story-").values_list("pk", flat=True)
    )


def test_admin_import_logs_each_batched_article(admin_client, superuser, person):
    response = preview(admin_client, "articles_article", _rows(3, person))
    confirm(admin_client, "articles_article", response)

    logged = LogEntry.objects.filter(user=superuser, action_flag=ADDITION)
    stored = Article.objects.filter(slug__startswith="story-").values_list("pk", flat=True)
    assert len(stored) == 3
    assert set(logged.values_list("object_id", flat=True)) == {str(pk) for pk in stored}


def test_preview_shows_the_relations_of_new_rows(admin_client, person):
    response = preview(admin_client, "articles_article", _rows(1, person))

    [row] = response.context["result"].valid_rows()
    headers = response.context["result"].diff_headers
    assert "KZ;MN" in row.diff[headers.index("countries")]
    assert reverse("admin:articles_article_process_import") in response.content.decode()


def test_new_rows_cost_no_query_per_row(django_assert_num_queries, person):
    with CaptureQueriesContext(connection) as few:
        ArticleResource().import_data(read_file(CSV, _rows(5, person, start=100)))
    dataset = read_file(CSV, _rows(60, person))

    # Per file: lookups of sources, countries, people and existing slugs; per batch of 500
    # rows: inserts of articles, links and revisions. Nothing per row.
    with django_assert_num_queries(len(few.captured_queries)):
        result = ArticleResource().import_data(dataset)

    assert result.totals["new"] == 60
    assert len(few.captured_queries) < 30


def test_unchanged_relations_cost_no_query_on_update(django_assert_max_num_queries, person):
    import_file(ArticleResource, CSV, _rows(30, person))
    dataset = read_file(CSV, _rows(30, person).replace("Story ", "Story no. "))

    # Per row: the UPDATE in a savepoint (3); relations are compared with prefetched ones.
    with django_assert_max_num_queries(30 * 3 + 30):
        result = ArticleResource().import_data(dataset)

    assert result.totals["update"] == 30


def test_a_committed_import_refreshes_the_planners_statistics(
    monkeypatch, person, django_capture_on_commit_callbacks
):
    refreshed = []

    def refresh(using, **options):
        refreshed.append((using, options))

    monkeypatch.setattr(articles.resources, "refresh_statistics", refresh)

    with django_capture_on_commit_callbacks(execute=True):
        ArticleResource().import_data(read_file(CSV, _rows(3, person)), dry_run=True)
    assert refreshed == []  # a preview rolls back: nothing to learn

    with django_capture_on_commit_callbacks(execute=True):
        ArticleResource().import_data(read_file(CSV, _rows(3, person)))
    assert refreshed == [("default", {"only_if_stale": True})]
