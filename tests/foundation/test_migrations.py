from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.models import Source
from relations.models import Country, Organization


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())


@pytest.mark.django_db
def test_every_iso_country_is_seeded_by_alpha2_code():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="MN").name == "Mongolia"
    assert Country.objects.get(code="KZ").slug == "kazakhstan"
    assert "Kazakh" in Country.objects.get(code="KZ").aliases
    assert "Kyrgyz Republic" in Country.objects.get(code="KG").aliases


@pytest.mark.django_db
def test_sources_are_seeded_with_their_aliases():
    names = set(Source.objects.values_list("name", flat=True))
    assert {"Akorda", "Kazinform", "Xinhua", "MFA"} <= names
    assert "Qazinform" in Source.objects.get(name="Kazinform").aliases


@pytest.mark.django_db
def test_organizations_named_in_the_archive_are_seeded():
    abbreviations = set(Organization.objects.values_list("abbreviation", flat=True))
    assert {"SCO", "CICA", "CSTO", "OTS", "UN", "UNEP", "CIS", "EAEU", "IOFS"} <= abbreviations


@pytest.mark.django_db
def test_publish_permission_belongs_to_editors_not_reporters():
    publish = Permission.objects.get(codename="publish_article", content_type__app_label="articles")
    assert publish in Group.objects.get(name="Editors").permissions.all()
    assert publish not in Group.objects.get(name="Reporters").permissions.all()
