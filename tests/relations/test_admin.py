"""The relations admin: what an editor sees when a form is wrong."""

import pytest
from django.urls import reverse

from relations.models import Agreement, Event
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _field_errors(response, name):
    return list(response.context["adminform"].form.errors.get(name, []))


def test_event_ending_before_it_starts_is_an_error_on_its_end_date(admin_client):
    response = admin_client.post(
        reverse("admin:relations_event_add"),
        {"name": "Backwards Summit", "slug": "backwards-summit", "kind": "summit",
         "starts_on": "2025-05-05", "ends_on": "2025-05-01"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert _field_errors(response, "ends_on") == ["The end date cannot be before the start date."]
    assert "is violated" not in page
    assert not Event.objects.filter(slug="backwards-summit").exists()


def test_event_with_an_end_but_no_start_is_an_error_on_its_start_date(admin_client):
    response = admin_client.post(
        reverse("admin:relations_event_add"),
        {"name": "Half-dated", "slug": "half-dated", "kind": "summit", "ends_on": "2025-05-01"},
    )

    assert _field_errors(response, "starts_on") == [
        "Give the start date too: an event with an end date needs one."
    ]
    assert "is violated" not in response.content.decode()


def test_agreement_in_force_before_signing_is_an_error_on_its_in_force_date(admin_client):
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        {"title": "Memorandum on dry ports", "slug": "memorandum-on-dry-ports",
         "kind": "memorandum", "status": "signed", "signed_on": "2025-03-02",
         "in_force_on": "2025-03-01",
         "signings-TOTAL_FORMS": "0", "signings-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert _field_errors(response, "in_force_on") == [
        "An agreement cannot enter into force before it is signed."
    ]
    assert "is violated" not in response.content.decode()
    assert not Agreement.objects.filter(slug="memorandum-on-dry-ports").exists()


def test_role_ending_before_it_starts_is_an_error_on_its_end_date(admin_client):
    person = PersonFactory(name="Nurlan Example")

    response = admin_client.post(
        reverse("admin:relations_person_change", args=[person.pk]),
        {"name": person.name, "slug": person.slug, "country": person.country_id,
         "positions-TOTAL_FORMS": "1", "positions-INITIAL_FORMS": "0",
         "positions-0-title": "Ambassador to Mongolia", "positions-0-started_on": "2024-01-10",
         "positions-0-ended_on": "2023-12-31"},
    )  # fmt: skip

    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.errors == [{"ended_on": ["A role cannot end before it starts."]}]
    assert "is violated" not in response.content.decode()
    assert not person.positions.exists()
