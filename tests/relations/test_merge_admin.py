"""The admin's "Merge selected …" action: a confirmation page showing what moves, then the
merge; refusals are messages on the list, never an error page."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Agreement, Event, Organization, Person, Position
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    country,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    Person: PersonFactory,
    Event: EventFactory,
    Organization: OrganizationFactory,
    Agreement: AgreementFactory,
    Position: PositionFactory,
}


def changelist(model):
    return reverse(f"admin:relations_{model._meta.model_name}_changelist")


def merge(client, model, rows, **extra):
    data = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [r.pk for r in rows], **extra}
    return client.post(changelist(model), data)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m.__name__)
def test_editors_see_the_merge_action_on_each_entity_list(editor_client, model):
    FACTORIES[model]()  # an empty list shows no actions
    response = editor_client.get(changelist(model))

    assert f"Merge selected {model._meta.verbose_name_plural}" in response.content.decode()


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m.__name__)
def test_reporters_do_not_see_it_and_cannot_post_it(client, reporter, model):
    client.force_login(reporter)
    rows = [FACTORIES[model](), FACTORIES[model]()]

    assert "merge_selected" not in client.get(changelist(model)).content.decode()
    response = merge(client, model, rows, post="yes", keep=rows[0].pk)

    # The list again (roles, which reporters only view, say "No action selected").
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=rows[1].pk).exists()


def test_the_confirmation_page_shows_what_each_row_would_bring(editor_client):
    keep = PersonFactory(name="Roman Vassilenko", aliases=["R. Vassilenko"])
    duplicate = PersonFactory(name="Roman Vasilenko")
    ArticleFactory(people=[keep])
    ArticleFactory(people=[keep])
    ArticleFactory(people=[duplicate])
    PositionFactory(person=duplicate, title="Deputy Minister")

    response = merge(editor_client, Person, [duplicate, keep])

    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "admin/relations/merge_selected_confirmation.html"
    rows = dict(response.context["rows"])
    labels = response.context["labels"]
    assert dict(zip(labels, rows[keep], strict=True))["articles (people)"] == 2
    assert dict(zip(labels, rows[duplicate], strict=True))["positions"] == 1
    assert response.context["default"] == keep  # the one more articles link
    assert "R. Vassilenko" in page
    assert f'value="{keep.pk}" id="keep-{keep.pk}" checked' in page
    assert Person.objects.count() == 2  # nothing merged yet


def test_the_confirmation_page_costs_the_same_queries_for_more_rows(editor_client):
    rows = [EventFactory() for _ in range(6)]
    for event in rows:
        ArticleFactory(events=[event])
    merge(editor_client, Event, rows[:2])  # warm the session and content types

    with CaptureQueriesContext(connection) as two:
        merge(editor_client, Event, rows[:2])
    with CaptureQueriesContext(connection) as six:
        response = merge(editor_client, Event, rows)

    assert len(response.context["rows"]) == 6
    assert len(six.captured_queries) == len(two.captured_queries) <= 15


def test_confirming_merges_into_the_chosen_row(editor_client):
    keep = EventFactory(name="11th session of the Kazakhstan-Hungary Intergovernmental Commission")
    duplicate = EventFactory(name="11th session of the Intergovernmental Commission")
    article = ArticleFactory(events=[duplicate])

    response = merge(editor_client, Event, [keep, duplicate], post="yes", keep=keep.pk)

    assert response.status_code == 302
    assert list(article.events.all()) == [keep]
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    assert messages_of(response) == [
        f"Merged “{duplicate.name}” into “{keep.name}”; their names are now its aliases."
    ]


def test_the_merge_shows_in_the_kept_rows_history(editor_client):
    keep, duplicate = OrganizationFactory(name="CICA"), OrganizationFactory(name="CICA twin")
    merge(editor_client, Organization, [keep, duplicate], post="yes", keep=keep.pk)

    history = editor_client.get(
        reverse("admin:relations_organization_history", args=[keep.pk])
    ).content.decode()

    assert f"Merged “{duplicate}” (id {duplicate.pk}) into this organization." in history


def test_confirming_without_a_choice_asks_again(editor_client):
    rows = [AgreementFactory(), AgreementFactory()]

    response = merge(editor_client, Agreement, rows, post="yes")

    assert response.status_code == 200
    assert "Choose the agreement to keep." in response.content.decode()
    assert Agreement.objects.count() == 2


def test_one_selected_row_is_refused_with_a_message(editor_client):
    only = PersonFactory()

    response = merge(editor_client, Person, [only])

    assert response.status_code == 302
    assert messages_of(response) == [
        "Select at least two rows to merge: the one to keep and its duplicates."
    ]


def test_rows_of_different_kinds_are_refused_with_a_message(editor_client):
    rows = [EventFactory(kind="summit"), EventFactory(kind="phone_call")]

    response = merge(editor_client, Event, rows, post="yes", keep=rows[0].pk)

    assert response.status_code == 302
    (message,) = messages_of(response)
    assert "give them one kind first if they are one event" in message
    assert Event.objects.count() == 2


def test_two_wordings_of_a_role_are_one_row_on_the_person_page_after_a_merge(editor_client, client):
    holder = PersonFactory(name="Kassym-Jomart Tokayev")
    president = PositionFactory(person=holder, title="President")
    head = PositionFactory(person=holder, title="Head of State")
    ArticleFactory(people=[holder]).positions.add(president)
    ArticleFactory(people=[holder]).positions.add(head)
    page = client.get(holder.get_absolute_url()).content.decode()
    assert "Head of State" in page and "President" in page  # two rows before

    confirm = merge(editor_client, Position, [president, head])
    assert "Head of State (Kassym-Jomart Tokayev)" in confirm.content.decode()
    assert "Their public pages lead to" not in confirm.content.decode()  # roles have none
    response = merge(editor_client, Position, [president, head], post="yes", keep=president.pk)

    assert messages_of(response) == [
        "Merged “Head of State (Kassym-Jomart Tokayev)” into “President (Kassym-Jomart "
        "Tokayev)”; their names are now its aliases."
    ]
    assert list(holder.positions.values_list("title", "aliases")) == [
        ("President", ["Head of State"])
    ]
    page = client.get(holder.get_absolute_url()).content.decode()
    assert "President" in page and "Head of State" not in page


def test_roles_of_two_people_are_refused_with_a_message(editor_client):
    rows = [PositionFactory(title="Ambassador"), PositionFactory(title="Ambassador")]

    response = merge(editor_client, Position, rows, post="yes", keep=rows[0].pk)

    assert response.status_code == 302
    assert "roles of different people" in " ".join(messages_of(response))
    assert Position.objects.count() == 2


def test_the_role_offered_to_keep_is_the_fullest_wording_not_the_most_linked(editor_client):
    holder = PersonFactory(name="Kassym-Jomart Tokayev")
    kz = country("KZ")
    president = PositionFactory(person=holder, title="President", country=kz)
    full = PositionFactory(person=holder, title="President of Kazakhstan", country=kz)
    head = PositionFactory(person=holder, title="Head of State", country=kz)
    for _ in range(3):
        ArticleFactory().positions.add(president)

    response = merge(editor_client, Position, [president, full, head])

    assert response.context["default"] == full
    assert f'value="{full.pk}" id="keep-{full.pk}" checked' in response.content.decode()
