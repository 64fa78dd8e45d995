"""After an editor merges two rows the importer made of one entity, re-importing the texts that
made them links the kept row: the duplicate's name is an alias the importer recognises."""

import pytest

from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Event, Person
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
