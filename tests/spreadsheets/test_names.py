"""Names in spreadsheets: an empty slug is made from a name in any script, and events carry
their other names (aliases) like people and organizations do."""

import pytest
from import_export.formats.base_formats import CSV

from relations.models import Event, Organization
from relations.resources import EventResource, OrganizationResource
from tests.factories import EventFactory
from tests.spreadsheets.conftest import export_file, import_file, read_file

pytestmark = pytest.mark.django_db


def test_row_without_slug_and_a_cyrillic_name_gets_a_transliterated_slug():
    rows = "slug,name,abbreviation\n,Организация тюркских государств,ОТГ\n"

    first = import_file(OrganizationResource, CSV, rows)
    second = import_file(OrganizationResource, CSV, rows)

    assert not first.has_validation_errors() and not first.has_errors()
    assert first.totals["new"] == 1
    assert second.totals["skip"] == 1
    org = Organization.objects.get(name="Организация тюркских государств")
    assert org.slug == "organizatsiia-tiurkskikh-gosudarstv"


def test_row_without_slug_and_a_kazakh_name_gets_a_transliterated_slug():
    rows = "slug,name,kind\n,Астана халықаралық форумы,forum\n"

    result = import_file(EventResource, CSV, rows)

    assert result.totals["new"] == 1
    assert Event.objects.get().slug == "astana-khalykaralyk-forumy"


def test_event_aliases_are_exported_and_imported():
    EventFactory(name="25th SCO Summit", slug="sco-2025", aliases=["SCO Summit 2025", "Tianjin"])

    exported = read_file(CSV, export_file(EventResource, CSV))

    assert exported.dict[0]["aliases"] == "SCO Summit 2025;Tianjin"
    import_file(EventResource, CSV, "slug,aliases\nsco-2025,SCO Summit 2025;Tianjin summit\n")
    assert Event.objects.get().aliases == ["SCO Summit 2025", "Tianjin summit"]
