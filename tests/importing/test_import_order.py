"""Same-titled documents between other countries stay apart; signatories are as certain as
the article's people."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from articles.importing import files, link
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Agreement, Country, Event, Person

pytestmark = pytest.mark.django_db
D = datetime.date

TEXTS = Path(__file__).resolve().parent / "texts" / "order"
# a: the SCO summit on 1 September; the Head of State named without his country.
# b: the same summit from 31 August to 1 September in Tianjin; the President of Kazakhstan.
# c, d: a "Memorandum of Cooperation" of culture ministries, Mongolia's, then Estonia's.
NAMES = sorted(path.name for path in TEXTS.glob("*.txt"))


def run(names, **kwargs) -> dict:
    items = [files.from_bytes(name, (TEXTS / name).read_bytes()) for name in names]
    return texts_import(files=items, **kwargs)


def entities() -> dict:
    """What the import recorded, by natural keys (no database ids, no slugs)."""

    def codes(related):
        return sorted(related.values_list("code", flat=True))

    return {
        "events": {
            e.name: (
                e.starts_on,
                e.ends_on,
                e.city,
                e.host_country.code if e.host_country else None,
                codes(e.countries),
            )
            for e in Event.objects.all()
        },
        "people": {
            p.name: (p.country.code if p.country else None, p.needs_review)
            for p in Person.objects.all()
        },
        "agreements": sorted(
            (
                a.title,
                tuple(codes(a.parties)),
                tuple(sorted(s.person.name for s in a.signings.all())),
            )
            for a in Agreement.objects.all()
        ),
        "articles": {
            article.title: sorted(
                (a.title, tuple(codes(a.parties))) for a in article.agreements.all()
            )
            for article in Article.objects.all()
        },
    }


def warnings(report) -> list[str]:
    return [w for f in report["files"] for a in f["articles"] for w in a.get("warnings", ())]


# ------------------------------------------------------------------------------------------
# Agreements with the same title


def test_same_title_between_other_countries_is_a_new_agreement_and_the_report_says_so():
    run(["c_culture_mongolia.txt"])
    report = run(["d_culture_estonia.txt"])
    assert any("other parties; recorded as a new document" in w for w in warnings(report))
    mongolian = Agreement.objects.get(parties=Country.objects.get(code="MN"))
    estonian = Agreement.objects.get(parties=Country.objects.get(code="EE"))
    assert mongolian.slug != estonian.slug
    assert set(estonian.parties.values_list("code", flat=True)) == {"EE", "KZ"}
    assert set(mongolian.parties.values_list("code", flat=True)) == {"KZ", "MN"}
    assert estonian.needs_review and not mongolian.needs_review


def test_agreement_page_shows_only_its_own_signatories(client):
    run(["c_culture_mongolia.txt", "d_culture_estonia.txt"])
    mongolian = Agreement.objects.get(parties=Country.objects.get(code="MN"))
    page = client.get(reverse("relations:agreement-detail", kwargs={"slug": mongolian.slug}))
    assert "Nyamdorjiin Sarangerel" in page.content.decode()
    assert "Heidy Purga" not in page.content.decode()


def test_generic_title_without_parties_is_not_linked_when_two_documents_fit(tmp_path):
    run(["c_culture_mongolia.txt", "d_culture_estonia.txt"])
    text = (
        "03.11.2025\nCulture ministers review their agreements\n"
        'The ministers reviewed how the "Memorandum of Cooperation" is carried out, '
        "Kazinform reports.\n"
    )
    report = texts_import(files=[files.from_bytes("e.txt", text.encode())])
    (entry,) = report["files"][0]["articles"]
    assert entry["agreements"] == []
    assert any("matches several known documents; not linked" in w for w in warnings(report))
    assert Agreement.objects.count() == 2
    assert not Article.objects.get(title__startswith="Culture ministers").agreements.exists()


# ------------------------------------------------------------------------------------------
# Review flags


def test_signatories_named_in_full_are_not_flagged_for_review():
    run(["c_culture_mongolia.txt"])
    signers = Person.objects.filter(signings__isnull=False)
    assert sorted(p.name for p in signers) == ["Aida Balayeva", "Nyamdorjiin Sarangerel"]
    assert not any(p.needs_review for p in signers)


def test_signatory_the_linker_is_unsure_of_is_still_flagged(monkeypatch):
    unsure = link.PersonRef("Khush Choksi", None, (), "Minister", "US", None, False)
    agreement = link.AgreementRef(
        "Memorandum on Investment", "memorandum", None, ("KZ", "US"), (),
        (link.SignatoryRef("Khush Choksi", "Minister", "US"),), None, None, True,
    )  # fmt: skip

    def fake(parsed, gazetteer):
        return link.LinkedArticle(parsed, (), (), (unsure,), (), (agreement,))

    monkeypatch.setattr(link, "link_article", fake)
    run(["c_culture_mongolia.txt"])
    assert Person.objects.get(name="Khush Choksi").needs_review
