"""After an editor merges two rows the importer made of one entity, re-importing the texts that
made them links the kept row: the duplicate's name is an alias the importer recognises."""

import pytest
from django.urls import reverse

from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Country, Event, Person
from relations.services import entity_merge

pytestmark = pytest.mark.django_db

# Two reports of one commission session, under its full and its short name.
FULL_NAME = (
    "2025-03-10\n"
    "Kazakhstan and Hungary review trade at commission session\n"
    "The 11th session of the Kazakhstan-Hungary Intergovernmental Commission on Economic "
    "Cooperation took place in Astana on Monday, the MFA reports. The co-chairs reviewed "
    "grain and pharmaceutical projects.\n"
)
SHORT_NAME = (
    "2025-03-11\n"
    "Hungarian delegation visits Almaty\n"
    "After the 11th session of the Intergovernmental Commission, the Hungarian delegation met "
    "business leaders in Almaty, the MFA reports.\n"
)
# One deputy minister, his name garbled in the second report.
SPELLED = (
    "2025-04-02\n"
    "Kazakh and Mongolian diplomats discuss transit\n"
    "Deputy Foreign Minister Alibek Bakayev held consultations with Mongolian State Secretary "
    "Battsetseg Batmunkh in Astana, the MFA reports.\n"
)
GARBLED = (
    "2025-04-03\n"
    "Consultations continue in Almaty\n"
    "Deputy Minister Alibi Bakaev met Mongolian State Secretary Battsetseg Batmunkh in "
    "Almaty, the MFA reports.\n"
)


def run(*texts: str) -> list[dict]:
    report = texts_import(
        files=[files.from_bytes(f"{n}.txt", text.encode()) for n, text in enumerate(texts)]
    )
    return [entry for file in report["files"] for entry in file["articles"]]


def merged_session(by) -> Event:
    """The commission session imported under both its names, then merged into the full one."""
    run(FULL_NAME, SHORT_NAME)
    keep = Event.objects.get(name__startswith="11th session of the Kazakhstan-Hungary")
    duplicate = Event.objects.get(name="11th session of the Intergovernmental Commission")
    entity_merge(keep=keep, duplicates=[duplicate], by=by)
    return keep


def test_reimport_after_merging_two_events_links_the_kept_one(superuser):
    keep = merged_session(superuser)

    entries = run(FULL_NAME, SHORT_NAME)

    assert [e["action"] for e in entries] == ["unchanged", "unchanged"]
    assert [e["events"] for e in entries] == [[keep.name], [keep.name]]
    assert list(Event.objects.all()) == [keep]
    assert all(list(a.events.all()) == [keep] for a in Article.objects.all())


def test_a_new_text_naming_the_duplicate_links_the_kept_event(superuser):
    keep = merged_session(superuser)

    (entry,) = run(SHORT_NAME.replace("Almaty", "Shymkent").replace("03-11", "03-12"))

    assert entry["action"] == "created"
    assert entry["events"] == [keep.name]
    assert Event.objects.count() == 1


def test_reimport_after_merging_two_spellings_of_a_person_links_the_kept_one(superuser):
    run(SPELLED, GARBLED)
    keep = Person.objects.get(name="Alibek Bakayev")
    duplicate = Person.objects.get(name="Alibi Bakaev")
    entity_merge(keep=keep, duplicates=[duplicate], by=superuser)

    entries = run(SPELLED, GARBLED)

    assert [e["action"] for e in entries] == ["unchanged", "unchanged"]
    assert [e["people"] for e in entries] == [
        ["Alibek Bakayev", "Battsetseg Batmunkh"],
        ["Alibek Bakayev", "Battsetseg Batmunkh"],
    ]
    assert not Person.objects.filter(name="Alibi Bakaev").exists()
    assert Person.objects.get(name="Alibek Bakayev").aliases == ["Alibi Bakaev"]


# Two wordings of one office of one person: "Head of State" and "President".
HEAD_OF_STATE = (
    "2025-05-06\n"
    "Head of State receives the Mongolian foreign minister\n"
    "The Head of State, Kassym-Jomart Tokayev, received the Minister of Foreign Affairs of "
    "Mongolia in Astana, Akorda reports.\n"
)
PRESIDENT = (
    "2025-05-07\n"
    "Kazakh President opens a transport forum\n"
    "President of Kazakhstan Kassym-Jomart Tokayev opened a transport forum in Aktau, Akorda "
    "reports.\n"
)


def tokayev_roles() -> list[str]:
    return sorted(Person.objects.get(name="Kassym-Jomart Tokayev").positions.values_list(
        "title", flat=True
    ))  # fmt: skip


def test_reimport_after_merging_two_wordings_of_a_role_links_the_kept_one(superuser):
    run(HEAD_OF_STATE, PRESIDENT)
    assert tokayev_roles() == ["Head of State", "President of Kazakhstan"]
    tokayev = Person.objects.get(name="Kassym-Jomart Tokayev")
    keep = tokayev.positions.get(title="President of Kazakhstan")
    entity_merge(keep=keep, duplicates=[tokayev.positions.get(title="Head of State")], by=superuser)

    entries = run(HEAD_OF_STATE, PRESIDENT)

    assert [e["action"] for e in entries] == ["unchanged", "unchanged"]
    assert tokayev_roles() == ["President of Kazakhstan"]
    for article in Article.objects.all():
        assert list(article.positions.all()) == [keep]


def test_reimport_after_an_editor_renamed_a_role_states_no_new_one(admin_client):
    run(HEAD_OF_STATE)
    role = Person.objects.get(name="Kassym-Jomart Tokayev").positions.get()
    response = admin_client.post(
        reverse("admin:relations_position_change", args=[role.pk]),
        {
            "person": role.person_id,
            "title": "President",
            "aliases": "",
            "country": Country.objects.get(code="KZ").pk,
            "organization": "",
            "started_on": "",
            "ended_on": "",
            "first_seen_on": "",
            "last_seen_on": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    assert (role.title, role.aliases) == ("President", ["Head of State"])

    (entry,) = run(HEAD_OF_STATE)

    assert entry["action"] == "unchanged"
    assert tokayev_roles() == ["President"]
    assert list(Article.objects.get().positions.all()) == [role]
