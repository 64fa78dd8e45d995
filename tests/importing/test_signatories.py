"""Signatories a text names by their office: "signed by the two presidents" (or "the heads of
state", "the foreign ministers of the two countries") of a document between two countries are
the people the text names in that office, one for each country."""

import datetime

import pytest

from articles.importing import files
from articles.importing.load import texts_import
from relations.models import Agreement, Person

pytestmark = pytest.mark.django_db
D = datetime.date

VISIT = (
    "05.06.2025\nPresident of Mongolia visits Astana\n"
    "At the invitation of President of Kazakhstan Nurzhan Askarov, President of Mongolia "
    "Batbold Ganzorig paid a state visit to Kazakhstan from June 4 to 5, Akorda reports.\n"
    "Foreign Minister of Kazakhstan Dana Temirova and Foreign Minister of Mongolia Oyun "
    "Tserendash held consultations on the same day.\n"
)


def run_text(text: str) -> dict:
    return texts_import(files=[files.from_bytes("text.txt", text.encode())])


def signers(title: str) -> list[tuple[str, str, str]]:
    agreement = Agreement.objects.get(title=title)
    return sorted(
        (s.person.name, s.role, s.party.code)
        for s in agreement.signings.select_related("person", "party")
    )


def warnings(report) -> list[str]:
    return [w for f in report["files"] for a in f["articles"] for w in a.get("warnings", ())]


def test_document_signed_by_the_two_presidents_has_them_as_signatories():
    run_text(VISIT + 'The two presidents signed a "Joint Statement on Eternal Friendship".\n')
    assert signers("Joint Statement on Eternal Friendship") == [
        ("Batbold Ganzorig", "President of Mongolia", "MN"),
        ("Nurzhan Askarov", "President of Kazakhstan", "KZ"),
    ]
    assert not Person.objects.filter(needs_review=True).exists()


def test_document_signed_by_the_foreign_ministers_of_the_two_countries():
    report = run_text(
        VISIT + 'A "Plan of Consultations for 2026-2027" was signed by the foreign ministers of '
        "the two countries.\n"
    )
    assert signers("Plan of Consultations for 2026-2027") == [
        ("Dana Temirova", "Foreign Minister of Kazakhstan", "KZ"),
        ("Oyun Tserendash", "Foreign Minister of Mongolia", "MN"),
    ]
    assert not any("signatories taken to be" in w for w in warnings(report))


def test_signatories_by_office_without_the_two_are_recorded_for_review():
    report = run_text(
        VISIT + 'The "Joint Statement on Eternal Friendship" was signed by the presidents.\n'
    )
    assert [name for name, _role, _code in signers("Joint Statement on Eternal Friendship")] == [
        "Batbold Ganzorig",
        "Nurzhan Askarov",
    ]
    assert set(Person.objects.filter(needs_review=True).values_list("name", flat=True)) == {
        "Batbold Ganzorig",
        "Nurzhan Askarov",
    }
    assert (
        "signatories taken to be Batbold Ganzorig and Nurzhan Askarov (“by the presidents”): "
        "confirm" in warnings(report)
    )


def test_office_nobody_in_the_text_holds_for_one_country_gives_no_signatories():
    run_text(
        "05.06.2025\nPresident of Mongolia visits Astana\n"
        "President of Mongolia Batbold Ganzorig paid a state visit to Kazakhstan from June 4 "
        'to 5, Akorda reports.\nThe "Joint Statement on Eternal Friendship" was signed by the '
        "two presidents.\n"
    )
    assert signers("Joint Statement on Eternal Friendship") == []
