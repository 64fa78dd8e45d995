"""Export every model, import into an empty database in dependency order: same content."""

import pytest
from import_export.formats.base_formats import CSV, XLSX

from articles.resources import ArticleResource
from relations.resources import CountryResource, PersonResource
from tests.spreadsheets.conftest import (
    DEPENDENCY_ORDER,
    FORMATS,
    dump,
    export_file,
    import_file,
    read_file,
    wipe_content,
)


def _export_all(fmt):
    return [(resource, export_file(resource, fmt)) for resource in DEPENDENCY_ORDER]


def _import_all(files, fmt):
    return [import_file(resource, fmt, content) for resource, content in files]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_into_an_empty_database_gives_identical_content(newsroom, fmt):
    fmt = FORMATS[fmt]
    before = dump()
    files = _export_all(fmt)
    wipe_content()
    assert dump()["articles"] == []

    results = _import_all(files, fmt)

    for result in results:
        assert not result.has_errors(), [
            (e.error, [x.error for _, es in result.row_errors() for x in es])
            for e in result.base_errors
        ] or [x.error for _, es in result.row_errors() for x in es]
        assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert dump() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_second_import_of_the_same_files_changes_nothing(newsroom, fmt):
    fmt = FORMATS[fmt]
    files = _export_all(fmt)
    wipe_content()
    _import_all(files, fmt)
    after_first = dump()

    results = _import_all(files, fmt)

    for result in results:
        assert result.totals["new"] == 0
        assert result.totals["update"] == 0
        assert result.totals["skip"] == result.total_rows > 0
    assert dump() == after_first


def test_changing_only_a_many_to_many_cell_is_an_update_not_a_skip(newsroom):
    content = export_file(PersonResource, CSV)
    content_changed = export_file(ArticleResource, CSV).replace("KZ;MN", "KZ")
    assert import_file(PersonResource, CSV, content).totals["skip"] > 0

    result = import_file(ArticleResource, CSV, content_changed)

    assert result.totals["update"] == 1
    article = newsroom["event"].articles.get()
    assert [c.code for c in article.countries.all()] == ["KZ"]


def test_exports_carry_no_database_ids(newsroom):
    for resource in [*DEPENDENCY_ORDER, CountryResource]:
        dataset = read_file(CSV, export_file(resource, CSV))
        assert "id" not in dataset.headers
        assert not any(header.endswith("_id") for header in dataset.headers)
    article_row = read_file(CSV, export_file(ArticleResource, CSV)).dict
    person_pk = str(newsroom["person"].pk)
    assert all(person_pk not in (row["people"] or "").split(";") for row in article_row)
    assert any(newsroom["person"].slug in row["people"] for row in article_row)


def test_relations_are_readable_cells(newsroom):
    rows = read_file(CSV, export_file(ArticleResource, CSV)).dict
    live = next(row for row in rows if row["status"] == "published")
    assert live["countries"] == "KZ;MN"
    assert live["source"] == "Akorda"
    assert live["agreements"] == newsroom["agreement"].slug
    assert live["published_at"] == "2025-09-05 10:30:00"


def test_undated_draft_round_trips_without_a_date(newsroom):
    files = [(r, export_file(r, XLSX)) for r in DEPENDENCY_ORDER]
    wipe_content()

    _import_all(files, XLSX)

    from articles.models import Article

    draft = Article.objects.get(status="draft")
    assert draft.published_at is None
    assert [o.slug for o in draft.organizations.all()] == [newsroom["org"].slug]
