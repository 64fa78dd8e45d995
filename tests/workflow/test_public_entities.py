"""Changing an entity the public site shows is publishing: editors only, by any route.

A reporter adds and changes entities only drafts link; once a published article links one,
its admin page is read only to them (but for a flag asking an editor to review it) and a
spreadsheet row changing it is refused.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV

from articles.models import Article
from relations.models import Event, Figure, Indicator, Person
from relations.resources import EventResource, PersonResource
from relations.services import entity_merge
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PositionFactory,
    country,
    event_form_data,
)
from tests.spreadsheets.conftest import export_file, import_file, staff_with

pytestmark = pytest.mark.django_db


def published_with(**links):
    return ArticleFactory(**links)


def draft_with(**links):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **links)


def event_url(event):
    return reverse("admin:relations_event_change", args=[event.pk])


def person_form(person, **overrides):
    return {
        "name": person.name,
        "slug": person.slug,
        "country": person.country_id,
        "bio": person.bio,
        "aliases": "",
        "review_note": "",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        **overrides,
    }


def stored_name(row):
    return type(row).objects.get(pk=row.pk).name


@pytest.fixture
def public_event():
    event = EventFactory(name="Astana Summit 2025")
    published_with(events=[event])
    return event


@pytest.fixture
def draft_event():
    event = EventFactory(name="Planned Visit 2026")
    draft_with(events=[event])
    return event


# -- the admin --


def test_reporter_sees_a_public_event_read_only_but_its_review_flag_and_why(
    reporter_client, public_event
):
    response = reporter_client.get(event_url(public_event))

    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {"needs_review", "review_note"}
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "This event is on the public site, so only an editor can change it. To ask for a"
        " correction, tick “Needs review” and say what is wrong in the review note."
    )


def test_reporter_cannot_rename_a_public_event_but_can_flag_it(reporter_client, public_event):
    response = reporter_client.post(
        event_url(public_event),
        event_form_data(
            public_event,
            name="Renamed quietly",
            needs_review="on",
            review_note="It ended on the 4th, not the 3rd.",
        ),
    )

    assert response.status_code == 302
    public_event.refresh_from_db()
    assert public_event.name == "Astana Summit 2025"
    assert public_event.needs_review is True
    assert public_event.review_note == "It ended on the 4th, not the 3rd."


def test_reporter_can_still_change_an_event_only_drafts_link(reporter_client, draft_event):
    response = reporter_client.get(event_url(draft_event))
    assert response.context["has_change_permission"] is True
    assert not list(get_messages(response.wsgi_request))

    response = reporter_client.post(
        event_url(draft_event), event_form_data(draft_event, name="Planned State Visit 2026")
    )

    assert response.status_code == 302
    assert stored_name(draft_event) == "Planned State Visit 2026"


def test_editor_can_rename_a_public_event(editor_client, public_event):
    response = editor_client.post(
        event_url(public_event), event_form_data(public_event, name="25th Astana Summit")
    )

    assert response.status_code == 302
    assert stored_name(public_event) == "25th Astana Summit"


def test_reporter_cannot_rename_a_public_person(reporter_client):
    person = PersonFactory(name="Aliya Example")
    published_with(people=[person])
    url = reverse("admin:relations_person_change", args=[person.pk])

    page = reporter_client.get(url)
    response = reporter_client.post(url, person_form(person, name="Someone Else"))

    assert set(page.context["adminform"].form.fields) == {"needs_review", "review_note"}
    assert response.status_code == 302
    assert stored_name(person) == "Aliya Example"


def test_reporter_can_rename_a_person_only_drafts_link(reporter_client):
    person = PersonFactory(name="Aliya Example")
    draft_with(people=[person])
    url = reverse("admin:relations_person_change", args=[person.pk])

    response = reporter_client.post(url, person_form(person, name="Aliya Exampleova"))

    assert response.status_code == 302
    assert stored_name(person) == "Aliya Exampleova"


def test_a_persons_roles_a_published_article_states_are_read_only_to_a_reporter(
    reporter_client,
):
    # The person is linked by no published article, but one of their roles is stated by one.
    role = PositionFactory(title="Ambassador to Mongolia")
    published_with(positions=[role])
    url = reverse("admin:relations_person_change", args=[role.person.pk])

    response = reporter_client.post(
        url,
        person_form(
            role.person,
            **{
                "positions-TOTAL_FORMS": "1",
                "positions-INITIAL_FORMS": "1",
                "positions-0-id": role.pk,
                "positions-0-person": role.person.pk,
                "positions-0-title": "Ambassador to China",
            },
        ),
    )
    own = reporter_client.post(
        reverse("admin:relations_position_change", args=[role.pk]),
        {"person": role.person.pk, "title": "Ambassador to China"},
    )

    assert response.status_code == 302  # the person is theirs to change, the role is not
    assert own.status_code == 403
    role.refresh_from_db()
    assert role.title == "Ambassador to Mongolia"


def test_a_public_agreements_signatories_are_read_only_to_a_reporter(reporter_client):
    agreement = AgreementFactory()
    published_with(agreements=[agreement])

    response = reporter_client.get(reverse("admin:relations_agreement_change", args=[agreement.pk]))

    [signatories] = response.context["inline_admin_formsets"]
    assert signatories.has_add_permission is False
    assert signatories.has_change_permission is False


def test_a_figure_a_published_article_states_and_its_indicator_are_read_only_to_a_reporter(
    reporter_client,
):
    turnover = Indicator.objects.create(name="Trade turnover", unit="USD million")
    figure = Figure.objects.create(
        indicator=turnover, country_a=country("KZ"), country_b=country("MN"), year=2024, value=5
    )
    unstated = Figure.objects.create(
        indicator=turnover, country_a=country("KZ"), country_b=country("MN"), year=2023, value=4
    )
    published_with(figures=[figure])

    def editable(row):
        url = reverse(f"admin:relations_{row._meta.model_name}_change", args=[row.pk])
        return reporter_client.get(url).context["has_change_permission"]

    assert (editable(figure), editable(turnover), editable(unstated)) == (False, False, True)


def test_merging_public_rows_needs_the_publish_permission():
    keep, duplicate = PersonFactory(name="Aliya Example"), PersonFactory(name="A. Example")
    published_with(people=[keep])
    merger = staff_with(
        "relations.view_person", "relations.change_person", "relations.delete_person"
    )

    with pytest.raises(PermissionDenied, match="on the public site"):
        entity_merge(keep=keep, duplicates=[duplicate], by=merger)

    assert Person.objects.filter(pk=duplicate.pk).exists()


# -- spreadsheets --

PEOPLE_HEADER = "slug,name,country\n"


def test_reporter_import_changing_a_public_person_is_refused_whole(reporter):
    person = PersonFactory(name="Aliya Example", slug="aliya-example")
    published_with(people=[person])
    rows = PEOPLE_HEADER + "new-person,New Person,KZ\naliya-example,Someone Else,KZ\n"

    result = import_file(PersonResource, CSV, rows, user=reporter)

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict["__all__"] == [
        "“Aliya Example” is on the public site; an editor must change it."
    ]
    assert stored_name(person) == "Aliya Example"
    assert not Person.objects.filter(slug="new-person").exists()


def test_reporter_admin_import_changing_a_public_event_says_which_row(reporter_client):
    event = EventFactory(name="Astana Summit 2025", slug="astana-summit-2025", kind="summit")
    published_with(events=[event])
    text = "slug,name,kind\nastana-summit-2025,Renamed Summit,summit\n"

    response = reporter_client.post(
        reverse("admin:relations_event_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("rows.csv", text.encode(), "text/csv"),
        },
    )

    assert "confirm_form" not in response.context
    assert "is on the public site; an editor must change it." in response.content.decode()
    assert stored_name(event) == "Astana Summit 2025"


def test_reporter_import_creating_and_changing_draft_only_rows_is_accepted(reporter):
    person = PersonFactory(name="Aliya Example", slug="aliya-example")
    draft_with(people=[person])
    rows = PEOPLE_HEADER + "new-person,New Person,KZ\naliya-example,Aliya Exampleova,KZ\n"

    result = import_file(PersonResource, CSV, rows, user=reporter)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Person.objects.get(slug="new-person").name == "New Person"
    assert stored_name(person) == "Aliya Exampleova"


def test_reporter_reimporting_a_public_event_unchanged_is_not_refused(reporter, public_event):
    public_event.participants.set([PersonFactory()])
    exported = export_file(EventResource, CSV, Event.objects.filter(pk=public_event.pk))

    result = import_file(EventResource, CSV, exported, user=reporter)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]


def test_editor_import_may_change_a_public_person(editor):
    person = PersonFactory(name="Aliya Example", slug="aliya-example")
    published_with(people=[person])

    result = import_file(
        PersonResource, CSV, PEOPLE_HEADER + "aliya-example,Aliya Exampleova,KZ\n", user=editor
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert stored_name(person) == "Aliya Exampleova"
