"""The library's `export` and `import` commands with our resources."""

import io

import pytest
from django.core.management import CommandError, call_command

from relations.models import Person
from tests.spreadsheets.conftest import dump

pytestmark = pytest.mark.django_db


class BinaryStdout(io.StringIO):
    """`export` writes bytes to `stdout.buffer`, like a real terminal's stream."""

    def __init__(self):
        super().__init__()
        self.buffer = io.BytesIO()


def _export(fmt, resource):
    out = BinaryStdout()
    call_command("export", fmt, resource, stdout=out)
    return out.buffer.getvalue()


def test_people_round_trip_through_the_export_and_import_commands(newsroom, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(_export("CSV", "relations.resources.PersonResource"))
    before = dump()["people"]
    Person.objects.all().delete()

    err = io.StringIO()
    call_command(
        "import", "relations.resources.PersonResource", str(path), "--no-input", stderr=err
    )

    assert "Import finished: 2 new" in err.getvalue()
    assert dump()["people"] == before


def test_import_command_fails_loudly_on_a_bad_row_and_writes_nothing(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("slug,name,country\nok-person,OK Person,KZ\nbad,Bad,XX\n")

    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import", "relations.resources.PersonResource", str(path), "--no-input", stderr=err
        )

    assert exit_.value.code == 1
    assert "row 3, column country: Unknown country code 'XX'" in err.getvalue()
    assert not Person.objects.filter(slug="ok-person").exists()


def test_import_command_refuses_countries(tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text("code,name\nKZ,Renamed\n")

    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import", "relations.resources.CountryResource", str(path), "--no-input", stderr=err
        )

    assert "reference data" in err.getvalue()


def test_import_command_refuses_a_western_csv_with_the_admins_advice(tmp_path):
    """Read as Windows-1251, "Côte" became "Cфte"; the refusal was a traceback."""
    path = tmp_path / "people.csv"
    path.write_bytes("slug,name\naya-example,Aya Koné of Côte d'Ivoire\n".encode("cp1252"))

    with pytest.raises(CommandError) as error:
        call_command(
            "import",
            "relations.resources.PersonResource",
            str(path),
            "--no-input",
            "--format",
            "relations.spreadsheets.CSV",
        )

    assert str(error.value) == (
        'This file is not UTF-8 or Windows-1251 text (as Windows-1251 it reads "Konй", a word '
        'mixing Latin and Cyrillic letters). Save it from your spreadsheet program as "CSV '
        'UTF-8" (or as XLSX) and upload it again.'
    )
    assert not Person.objects.filter(slug="aya-example").exists()
