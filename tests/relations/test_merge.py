"""Merging duplicate entities (`relations.services.entity_merge`): everything that pointed at
the duplicates points at the kept row, once; their names become its aliases; its empty fields
are filled; the duplicates are gone and the merge is in the kept row's history."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError

from articles import services as article_services
from articles.models import Article
from relations.models import Agreement, Event, Organization, Person, Position, Signatory
from relations.services import entity_merge, merge_counts, merge_references
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


def reread(obj):
    return type(obj).objects.get(pk=obj.pk)


# -- every relation is found --------------------------------------------------------------

# What points at each model today. A new relation changes this list: add it here, and make
# sure `test_nothing_points_at_a_merged_row_afterwards` fills it.
EXPECTED_REFERENCES = {
    Person: {
        ("relations.position", "person"),
        ("relations.event_participants", "person"),
        ("relations.signatory", "person"),
        ("articles.article_people", "person"),
        ("articles.historicalarticle_people", "person"),
    },
    Event: {
        ("relations.event_countries", "event"),
        ("relations.event_participants", "event"),
        ("relations.agreement", "event"),
        ("articles.article_events", "event"),
        ("articles.historicalarticle_events", "event"),
    },
    Organization: {
        ("relations.organization_members", "organization"),
        ("relations.position", "organization"),
        ("relations.event", "organization"),
        ("relations.agreement_party_organizations", "organization"),
        ("relations.signatory", "party_organization"),
        ("articles.article_organizations", "organization"),
        ("articles.historicalarticle_organizations", "organization"),
    },
    Position: {("articles.article_positions", "position")},
    Agreement: {
        ("relations.agreement_parties", "agreement"),
        ("relations.agreement_party_organizations", "agreement"),
        ("relations.signatory", "agreement"),
        ("articles.article_agreements", "agreement"),
        ("articles.historicalarticle_agreements", "agreement"),
    },
}


def every_foreign_key_to(model):
    """Independently of the service: every foreign key of every model that targets `model`."""
    return {
        (m._meta.label_lower, f.name)
        for m in apps.get_models(include_auto_created=True)
        for f in m._meta.concrete_fields
        if f.is_relation and f.related_model is model
    }


@pytest.mark.parametrize("model", list(EXPECTED_REFERENCES), ids=lambda m: m.__name__)
def test_the_merge_finds_every_foreign_key_to_the_model(model):
    found = {(r.model._meta.label_lower, r.field.name) for r in merge_references(model)}

    assert found == every_foreign_key_to(model) == EXPECTED_REFERENCES[model]


def fully_linked(model, name):
    """A row of `model` with a row in every relation that can point at it, and an article
    revision that links it."""
    kz = country("KZ")
    if model is Person:
        obj = PersonFactory(name=name)
        PositionFactory(person=obj, title="Ambassador")
        EventFactory().participants.add(obj)
        Signatory.objects.create(agreement=AgreementFactory(), person=obj)
        article = ArticleFactory(people=[obj])
    elif model is Event:
        obj = EventFactory(name=name)
        obj.countries.add(kz)
        obj.participants.add(PersonFactory())
        AgreementFactory(event=obj)
        article = ArticleFactory(events=[obj])
    elif model is Organization:
        obj = OrganizationFactory(name=name)
        obj.members.add(kz)
        PositionFactory(organization=obj)
        EventFactory(organization=obj)
        agreement = AgreementFactory()
        agreement.party_organizations.add(obj)
        Signatory.objects.create(
            agreement=agreement, person=PersonFactory(), party_organization=obj
        )
        article = ArticleFactory()
        article.organizations.add(obj)
    elif model is Position:
        # Two wordings of one role merge only for one person.
        holder = Person.objects.filter(slug="role-holder").first()
        obj = PositionFactory(
            person=holder or PersonFactory(name="Role holder", slug="role-holder"), title=name
        )
        article = ArticleFactory()
        article.positions.add(obj)
    else:
        obj = AgreementFactory(title=name)
        obj.parties.add(kz)
        obj.party_organizations.add(OrganizationFactory())
        Signatory.objects.create(agreement=obj, person=PersonFactory())
        article = ArticleFactory(agreements=[obj])
    article.save()  # a revision with the link
    return obj


@pytest.mark.parametrize("model", list(EXPECTED_REFERENCES), ids=lambda m: m.__name__)
def test_nothing_points_at_a_merged_row_afterwards(model, superuser):
    keep = fully_linked(model, "Kept row")
    duplicate = fully_linked(model, "Duplicate row")
    counted = merge_counts(model, [duplicate.pk])[duplicate.pk]
    pointing = {
        (m, field): m.objects.filter(**{field: duplicate.pk}).count()
        for m, field in (
            (apps.get_model(label), field) for label, field in every_foreign_key_to(model)
        )
    }
    assert all(pointing.values()), pointing  # the fixture leaves no relation untested
    assert sum(counted.values()) == sum(pointing.values())

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert not model.objects.filter(pk=duplicate.pk).exists()
    for (m, field), before in pointing.items():
        assert not m.objects.filter(**{field: duplicate.pk}).exists(), (m, field)
        assert m.objects.filter(**{field: keep.pk}).count() >= before, (m, field)


# -- what moves, once ---------------------------------------------------------------------


def test_articles_of_the_duplicate_link_the_kept_person_once(superuser):
    keep, duplicate = PersonFactory(name="Roman Vassilenko"), PersonFactory(name="R. Vasilenko")
    both = ArticleFactory(people=[keep, duplicate])
    only_duplicate = ArticleFactory(people=[duplicate])

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert list(both.people.all()) == [keep]
    assert list(only_duplicate.people.all()) == [keep]
    assert Article.people.through.objects.filter(person=keep).count() == 2


def test_a_role_both_held_becomes_one_role_seen_over_both_spans(superuser):
    keep, duplicate = PersonFactory(), PersonFactory()
    kept_role = PositionFactory(
        person=keep, title="Deputy Minister", first_seen_on=dt.date(2025, 3, 1),
        last_seen_on=dt.date(2025, 3, 10),
    )  # fmt: skip
    twin = PositionFactory(
        person=duplicate, title="Deputy Minister", first_seen_on=dt.date(2024, 1, 5),
        last_seen_on=dt.date(2025, 2, 1), organization=OrganizationFactory(name="MFA of Kazakhstan"),
    )  # fmt: skip
    stating_twin = ArticleFactory(positions=[twin])
    other_role = PositionFactory(person=duplicate, title="Ambassador to Hungary")

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    role = reread(kept_role)
    assert (role.first_seen_on, role.last_seen_on) == (dt.date(2024, 1, 5), dt.date(2025, 3, 10))
    assert role.organization.name == "MFA of Kazakhstan"  # empty on the kept role: filled
    assert list(stating_twin.positions.all()) == [role]
    assert not Position.objects.filter(pk=twin.pk).exists()
    assert reread(other_role).person == keep


def test_an_agreement_both_signed_keeps_one_signature_with_its_role(superuser):
    keep, duplicate = PersonFactory(), PersonFactory()
    agreement = AgreementFactory()
    Signatory.objects.create(agreement=agreement, person=keep)
    Signatory.objects.create(agreement=agreement, person=duplicate, role="Deputy Minister")

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    (signing,) = agreement.signings.all()
    assert (signing.person, signing.role) == (keep, "Deputy Minister")


def test_participants_parties_and_events_of_duplicate_events_move(superuser):
    keep = EventFactory(name="11th session of the Kazakhstan-Hungary Intergovernmental Commission")
    duplicate = EventFactory(name="11th session of the Intergovernmental Commission")
    magyar, vassilenko = PersonFactory(), PersonFactory()
    keep.participants.add(vassilenko)
    duplicate.participants.add(magyar, vassilenko)
    duplicate.countries.add(country("HU"))
    roadmap = AgreementFactory(event=duplicate)

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert set(keep.participants.all()) == {magyar, vassilenko}
    assert [c.code for c in keep.countries.all()] == ["HU"]
    assert reread(roadmap).event == keep


def test_parties_of_duplicate_agreements_are_united(superuser):
    keep = AgreementFactory(title="Roadmap for Transit Cooperation 2025-2027")
    duplicate = AgreementFactory(title="Transit Roadmap")
    keep.parties.add(country("KZ"))
    duplicate.parties.add(country("KZ"), country("CN"))

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert sorted(c.code for c in keep.parties.all()) == ["CN", "KZ"]


def test_revisions_that_linked_the_duplicate_restore_the_kept_person(superuser, editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    article = ArticleFactory(people=[duplicate], status="draft", published_at=None)
    article.save()
    earlier = article.history.order_by("-history_id").first()
    article.people.set([])
    article.save()

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)
    article_services.article_restore_revision(
        article=article, history_id=earlier.history_id, by=editor
    )

    assert list(reread(article).people.all()) == [keep]


# -- names, fields, deletion, history --------------------------------------------------------


def test_the_duplicates_names_and_aliases_become_aliases_of_the_kept_row(superuser):
    keep = PersonFactory(name="Roman Vassilenko", aliases=["R. Vassilenko"])
    first = PersonFactory(name="Roman Vasilenko", aliases=["R. Vasilenko", "r. vassilenko"])
    second = PersonFactory(name="ROMAN VASSILENKO")

    entity_merge(keep=keep, duplicates=[first, second], by=superuser)

    stored = reread(keep)
    assert stored.name == "Roman Vassilenko"
    assert stored.aliases == ["R. Vassilenko", "Roman Vasilenko", "R. Vasilenko"]
    assert Person.objects.count() == 1


def test_an_organizations_other_abbreviation_becomes_an_alias(superuser):
    keep = OrganizationFactory(name="Conference on Interaction in Asia", abbreviation="CICA")
    duplicate = OrganizationFactory(name="CICA Conference", abbreviation="SVMDA")

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert reread(keep).aliases == ["CICA Conference", "SVMDA"]


def test_empty_fields_of_the_kept_row_are_filled_from_the_duplicates(superuser):
    keep = EventFactory(
        name="Astana International Forum", starts_on=None, ends_on=None, city="", summary=""
    )
    duplicate = EventFactory(
        name="AIF", starts_on=dt.date(2025, 5, 29), ends_on=dt.date(2025, 5, 30),
        city="Astana", summary="Annual forum.", host_country=country("MN"),
    )  # fmt: skip

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    stored = reread(keep)
    assert (stored.starts_on, stored.ends_on) == (dt.date(2025, 5, 29), dt.date(2025, 5, 30))
    assert (stored.city, stored.summary) == ("Astana", "Annual forum.")
    assert stored.host_country.code == "KZ"  # not empty: kept as it was


def test_a_duplicates_review_note_is_not_carried_to_the_kept_row(superuser):
    # The importer's question was about the duplicate ("which summit?"); merging answers it.
    keep = EventFactory(name="SCO Astana Summit 2024", needs_review=False, review_note="")
    duplicate = EventFactory(
        name="SCO Summit 2024",
        needs_review=True,
        review_note="names a summit in Astana without its year: confirm.",
    )

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert (reread(keep).needs_review, reread(keep).review_note) == (False, "")


def test_a_filled_end_date_that_would_end_before_the_start_is_left_empty(superuser):
    keep = EventFactory(starts_on=dt.date(2025, 6, 10), ends_on=None)
    duplicate = EventFactory(starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 6, 2))

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert (reread(keep).starts_on, reread(keep).ends_on) == (dt.date(2025, 6, 10), None)


def test_the_merge_is_in_the_kept_rows_history_and_the_duplicates_deletion_logged(superuser):
    keep = EventFactory(name="Kept forum")
    duplicate = EventFactory(name="Forum twin")
    duplicate_pk = duplicate.pk
    ArticleFactory(events=[duplicate])

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    change = LogEntry.objects.get(object_id=str(keep.pk), action_flag=CHANGE)
    assert change.user == superuser
    assert f"Merged “Forum twin” (id {duplicate_pk}) into this event." in str(change)
    assert "articles (events): 1" in change.get_change_message()
    assert "Added aliases: Forum twin." in change.get_change_message()
    deletion = LogEntry.objects.get(object_id=str(duplicate_pk), action_flag=DELETION)
    assert deletion.change_message == f"Merged into “Kept forum” (id {keep.pk})."


def test_the_merge_purges_the_public_pages(
    client, superuser, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    keep, duplicate = PersonFactory(name="Roman Vassilenko"), PersonFactory(name="R. Vasilenko")
    article = ArticleFactory(people=[duplicate])
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    page = client.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Roman Vassilenko" in page.content.decode()
    # The duplicate's page is gone; its address leads to the kept person's (tests/addresses).
    gone = client.get(duplicate.get_absolute_url())
    assert gone.status_code == 301
    assert gone["Location"] == keep.get_absolute_url()


# -- refusals -------------------------------------------------------------------------------


def test_a_reporter_cannot_merge(reporter):
    keep, duplicate = PersonFactory(), PersonFactory()

    with pytest.raises(PermissionDenied):
        entity_merge(keep=keep, duplicates=[duplicate], by=reporter)

    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_an_editor_can_merge(editor):
    keep, duplicate = PersonFactory(), PersonFactory()

    entity_merge(keep=keep, duplicates=[duplicate], by=editor)

    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_one_row_alone_is_not_merged(superuser):
    keep = PersonFactory()

    with pytest.raises(ValidationError, match="at least two"):
        entity_merge(keep=keep, duplicates=[keep], by=superuser)


@pytest.mark.parametrize(
    ("make", "other"),
    [
        (lambda: EventFactory(kind="summit"), lambda: EventFactory(kind="phone_call")),
        (lambda: AgreementFactory(kind="memorandum"), lambda: AgreementFactory(kind="agreement")),
        (
            lambda: PersonFactory(country=country("KZ")),
            lambda: PersonFactory(country=country("HU")),
        ),
    ],
    ids=["event-kinds", "agreement-kinds", "people-of-two-countries"],
)
def test_rows_that_cannot_be_one_are_refused(make, other, superuser):
    keep, duplicate = make(), other()

    with pytest.raises(ValidationError, match="first if they are one"):
        entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert type(keep).objects.count() == 2


def test_an_event_of_kind_other_merges_with_any_kind(superuser):
    keep, duplicate = EventFactory(kind="summit"), EventFactory(kind="other")

    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    assert reread(keep).kind == "summit"


# -- roles ----------------------------------------------------------------------------------


def test_two_wordings_of_one_role_merge_into_the_one_kept(superuser):
    holder = PersonFactory(name="Kassym-Jomart Tokayev")
    president = PositionFactory(person=holder, title="President", last_seen_on=dt.date(2025, 9, 1))
    head = PositionFactory(
        person=holder, title="Head of State", aliases=["Glava gosudarstva"],
        first_seen_on=dt.date(2024, 10, 28), last_seen_on=dt.date(2025, 1, 5),
    )  # fmt: skip
    stating_head = ArticleFactory()
    stating_head.positions.add(head)

    entity_merge(keep=president, duplicates=[head], by=superuser)

    president = reread(president)
    assert list(holder.positions.all()) == [president]
    assert president.aliases == ["Glava gosudarstva", "Head of State"]
    assert (president.first_seen_on, president.last_seen_on) == (
        dt.date(2024, 10, 28), dt.date(2025, 9, 1),
    )  # fmt: skip
    assert list(stating_head.positions.all()) == [president]


def test_roles_of_two_people_are_not_merged(superuser):
    one = PositionFactory(title="Minister of Foreign Affairs")
    other = PositionFactory(title="Minister of Foreign Affairs")

    with pytest.raises(ValidationError, match="roles of different people"):
        entity_merge(keep=one, duplicates=[other], by=superuser)
    assert Position.objects.count() == 2
