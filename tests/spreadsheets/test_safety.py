"""Exported cells never run as formulas; text that could break a format is kept out."""

import io

import openpyxl
import pytest
from import_export.formats.base_formats import CSV, XLSX

from relations.models import Person
from relations.resources import PersonResource
from relations.widgets import neutralise_formula, restore_formula
from tests.spreadsheets.conftest import export_file, import_file, read_file

pytestmark = pytest.mark.django_db

TRIGGERS = ["=1+1", '==HYPERLINK("http://x")', "+7 700", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def formula_people():
    # In a one-line column: text fields are stored with LF line endings, so "\r" cannot start
    # one (relations.models.lf_line_endings).
    return [
        Person.objects.create(name=f"Person {n}", slug=f"formula-{n}", review_note=text)
        for n, text in enumerate(TRIGGERS)
    ]


def test_no_exported_xlsx_cell_is_a_formula(formula_people):
    book = openpyxl.load_workbook(io.BytesIO(export_file(PersonResource, XLSX)))

    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    notes = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert "'=1+1" in notes
    assert "'@SUM(A1)" in notes


def test_formula_cells_in_csv_start_with_a_quote(formula_people):
    rows = read_file(CSV, export_file(PersonResource, CSV)).dict

    notes = {row["slug"]: row["review_note"] for row in rows}
    for n, text in enumerate(TRIGGERS):
        assert notes[f"formula-{n}"] == "'" + text


def test_neutralised_cells_import_back_as_the_stored_text(formula_people):
    content = export_file(PersonResource, CSV)
    Person.objects.filter(slug__startswith="formula-").update(review_note="changed")

    import_file(PersonResource, CSV, content)

    people = Person.objects.filter(slug__startswith="formula-")
    stored = dict(people.values_list("slug", "review_note"))
    assert stored == {f"formula-{n}": text for n, text in enumerate(TRIGGERS)}


@pytest.mark.parametrize("text", ["'=x", "''", "'", "'plain", "plain", "", "-", "'-5"])
def test_neutralising_is_undone_exactly(text):
    assert restore_formula(neutralise_formula(text)) == text


def test_a_formula_in_a_name_used_as_a_reference_is_neutralised_too(db):
    from articles.models import Source
    from articles.resources import SourceResource

    Source.objects.create(name="=cmd|' /C calc'!A0", slug="evil")

    book = openpyxl.load_workbook(io.BytesIO(export_file(SourceResource, XLSX)))

    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_control_characters_do_not_break_the_xlsx_export(db):
    Person.objects.create(name="Broken\x0btitle\x1b", slug="broken")

    book = openpyxl.load_workbook(io.BytesIO(export_file(PersonResource, XLSX)))

    names = [row[1].value for row in book.active.iter_rows(min_row=2)]
    assert "Brokentitle" in names
