"""A renamed entity keeps its former name among its aliases, so the importer (which matches
names and aliases) still recognises the archive's name for it; events have aliases too."""

import pytest
from django.urls import reverse

from articles.models import Source
from relations.models import Agreement, Organization
from tests.factories import (
    AgreementFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    event_form_data,
)

pytestmark = pytest.mark.django_db


def reread(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: EventFactory(name="SCO Summit 2025"), "name"),
        (lambda: OrganizationFactory(name="SCO Summit 2025"), "name"),
        (lambda: PersonFactory(name="SCO Summit 2025"), "name"),
        (lambda: AgreementFactory(title="SCO Summit 2025"), "title"),
        (lambda: Source.objects.create(name="SCO Summit 2025"), "name"),
    ],
    ids=["event", "organization", "person", "agreement", "source"],
)
def test_a_renamed_entity_keeps_its_former_name_as_an_alias(make, field):
    obj = reread(make())
    setattr(obj, field, "25th SCO Summit (Tianjin)")
    obj.save()

    stored = reread(obj)
    assert getattr(stored, field) == "25th SCO Summit (Tianjin)"
    assert stored.aliases == ["SCO Summit 2025"]


def test_a_rename_saved_with_update_fields_keeps_the_former_name_too():
    event = reread(EventFactory(name="SCO Summit 2025"))
    event.name = "25th SCO Summit (Tianjin)"
    event.save(update_fields=["name"])

    assert reread(event).aliases == ["SCO Summit 2025"]


def test_a_change_of_case_or_a_known_alias_adds_nothing():
    org = reread(OrganizationFactory(name="Caspian littoral forum", aliases=["CLF"]))
    org.name = "Caspian Littoral Forum"
    org.save()
    org.name = "CLF"
    org.save()

    assert reread(org).aliases == ["CLF", "Caspian Littoral Forum"]


def test_saving_again_does_not_repeat_the_former_name():
    person = reread(PersonFactory(name="Alibek Kuantyrov"))
    person.name = "Alibek Kuantyrov Jr"
    person.save()
    person.bio = "Deputy minister."
    person.save()

    assert reread(person).aliases == ["Alibek Kuantyrov"]


def test_a_new_entity_has_no_former_name():
    assert EventFactory(name="SCO Summit 2025").aliases == []
    assert Agreement.objects.create(title="Roadmap", slug="roadmap").aliases == []


def test_event_renamed_in_the_admin_keeps_its_former_name(admin_client):
    event = EventFactory(name="SCO Summit 2025")
    change = reverse("admin:relations_event_change", args=[event.pk])

    response = admin_client.post(change, event_form_data(event, name="25th SCO Summit"))

    assert response.status_code == 302
    stored = reread(event)
    assert (stored.name, stored.slug) == ("25th SCO Summit", event.slug)
    assert stored.aliases == ["SCO Summit 2025"]
    page = admin_client.get(change).text
    assert 'name="aliases"' in page and "SCO Summit 2025</textarea>" in page


def test_event_aliases_are_edited_one_per_line_in_the_admin(admin_client):
    event = EventFactory(name="25th SCO Summit")
    change = reverse("admin:relations_event_change", args=[event.pk])

    admin_client.post(change, event_form_data(event, aliases="SCO Summit 2025\nTianjin summit\n\n"))

    assert reread(event).aliases == ["SCO Summit 2025", "Tianjin summit"]


def test_event_changelist_search_finds_an_alias(admin_client):
    EventFactory(name="25th SCO Summit", aliases=["Tianjin summit"])
    EventFactory(name="Astana International Forum")

    response = admin_client.get(reverse("admin:relations_event_changelist"), {"q": "tianjin"})

    assert [e.name for e in response.context["cl"].result_list] == ["25th SCO Summit"]


def test_organization_renamed_in_the_admin_keeps_its_former_name(admin_client):
    cis = Organization.objects.get(name="Commonwealth of Independent States")
    change = reverse("admin:relations_organization_change", args=[cis.pk])
    data = {
        "name": "Commonwealth of Independent States (CIS)",
        "abbreviation": cis.abbreviation,
        "slug": cis.slug,
        "aliases": "\n".join(cis.aliases),
        "homepage": cis.homepage,
        "members": [c.pk for c in cis.members.all()],
    }

    assert admin_client.post(change, data).status_code == 302
    stored = reread(cis)
    assert stored.aliases == [*cis.aliases, "Commonwealth of Independent States"]
    assert stored.members.count() == cis.members.count() > 0
