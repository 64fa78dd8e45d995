"""An editor's rename does not undo the archive's links: the former name stays a spelling the
importer recognises, so re-importing the unchanged archive changes nothing. The seeded
sources' built-in spellings follow them through a rename too."""

import pytest

from articles.importing import files
from articles.importing.load import source_lookup, texts_import
from articles.models import Article, Source
from relations.models import Agreement, Event, Organization
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SUMMIT = (
    "2025-09-01\n"
    "Tokayev arrives in Tianjin for the SCO Summit 2025\n"
    "President Kassym-Jomart Tokayev arrived in Tianjin to take part in the SCO Summit 2025, "
    "Akorda reports. On the sidelines he discussed transit with the Commonwealth of "
    "Independent States delegation and the Roadmap for Transit Cooperation 2025-2027.\n"
)
SHIPPING = (
    "2025-09-02\n"
    "Foreign ministers compare notes on Caspian shipping\n"
    "The ministers of Kazakhstan and Azerbaijan reviewed Caspian shipping schedules, "
    "Kazakhstan's Ministry of Foreign Affairs reports.\n"
)


def run(text: str, **kwargs) -> dict:
    return texts_import(files=[files.from_bytes("a.txt", text.encode())], **kwargs)


def only_article(report: dict) -> dict:
    (entry,) = report["files"][0]["articles"]
    return entry


def rename(obj, **values):
    """As the admin's change form does: a row read from the database, changed and saved."""
    obj = type(obj).objects.get(pk=obj.pk)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()
    return obj


def test_reimport_after_renaming_an_event_changes_nothing():
    run(SUMMIT)
    event = rename(Event.objects.get(name="SCO Summit 2025"), name="25th SCO Summit (Tianjin)")

    again = only_article(run(SUMMIT))

    assert again["action"] == "unchanged"
    assert again["events"] == ["25th SCO Summit (Tianjin)"]
    assert Event.objects.count() == 1
    assert list(Article.objects.get().events.all()) == [event]


def test_reimport_after_renaming_an_organization_changes_nothing():
    run(SUMMIT)
    cis = Organization.objects.get(name="Commonwealth of Independent States")
    rename(cis, name="Commonwealth of Independent States (CIS)")

    again = only_article(run(SUMMIT))

    assert again["action"] == "unchanged"
    assert "Commonwealth of Independent States (CIS)" in again["organizations"]
    assert not Organization.objects.filter(name="Commonwealth of Independent States").exists()
    assert Article.objects.get().organizations.filter(pk=cis.pk).exists()


def test_reimport_after_renaming_an_agreement_changes_nothing():
    run(SUMMIT)
    roadmap = Agreement.objects.get()
    rename(roadmap, title="Kazakhstan-China Transit Roadmap for 2025-2027")

    again = only_article(run(SUMMIT))

    assert again["action"] == "unchanged"
    assert again["agreements"] == ["Kazakhstan-China Transit Roadmap for 2025-2027"]
    assert Agreement.objects.count() == 1


def test_an_events_alias_links_the_archive_to_it():
    summit = EventFactory(name="25th SCO Summit (Tianjin)", aliases=["SCO Summit 2025"])

    entry = only_article(run(SUMMIT))

    assert entry["events"] == ["25th SCO Summit (Tianjin)"]
    assert list(Article.objects.get().events.all()) == [summit]
    assert Event.objects.count() == 1


def test_an_events_alias_is_matched_in_a_dry_run_too():
    EventFactory(name="25th SCO Summit (Tianjin)", aliases=["SCO Summit 2025"])

    entry = only_article(run(SUMMIT, dry_run=True))

    assert entry["events"] == ["25th SCO Summit (Tianjin)"]


def test_a_renamed_seeded_source_keeps_its_builtin_spellings():
    mfa = rename(Source.objects.get(name="MFA"), name="Ministry of Foreign Affairs of Kazakhstan")
    # Even with the former name dropped from its aliases by an editor: the built-in
    # spellings belong to the seeded source, not to its current name.
    mfa.aliases = [a for a in mfa.aliases if a != "MFA"]
    mfa.save()

    entry = only_article(run(SHIPPING))

    assert entry["source"] == "Ministry of Foreign Affairs of Kazakhstan"
    assert Article.objects.get().source == mfa


def test_the_source_option_finds_a_renamed_seeded_source_by_a_builtin_spelling():
    rename(Source.objects.get(name="Kazinform"), name="Kazinform International News Agency")

    assert source_lookup("Qazinform.com") == "Kazinform International News Agency"
    assert source_lookup("Kazinform") == "Kazinform International News Agency"
