"""The entities an import records do not depend on the order of the files: a later text fills
in what an earlier one left out (an event's dates and city, a person's country), same-titled
documents between other countries stay apart, and nothing an editor set is overwritten."""

import datetime
import itertools
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.importing import files, link
from articles.importing.load import texts_import
from articles.models import Article, ImportRecord
from relations.models import Agreement, Country, Event, Person
from tests.importing.conftest import edit_event_in_admin

pytestmark = pytest.mark.django_db
D = datetime.date

TEXTS = Path(__file__).resolve().parent / "texts" / "order"
# a: the SCO summit on 1 September; the Head of State named without his country.
# b: the same summit from 31 August to 1 September in Tianjin; the President of Kazakhstan.
# c, d: a "Memorandum of Cooperation" of culture ministries, Mongolia's, then Estonia's.
# e: the same title named without its parties (museums join "the" memorandum).
NAMES = sorted(path.name for path in TEXTS.glob("*.txt"))
MEMORANDA = ["c_culture_mongolia.txt", "d_culture_estonia.txt", "e_culture_museums.txt"]
MUSEUMS = "Regional museums join the culture memorandum"
ORDER_MEMORANDUM = "Culture ministries of Mongolia and Kazakhstan sign a memorandum"
AMBIGUOUS = "agreement “Memorandum of Cooperation” matches several known documents; not linked"


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
                sorted(e.participants.values_list("name", flat=True)),
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


def saved_by_an_editor(obj, user):
    """The log entry the admin's change form leaves: the importer keeps an editor's values."""
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        action_flag=CHANGE,
    )


def warnings(report) -> list[str]:
    return [w for f in report["files"] for a in f["articles"] for w in a.get("warnings", ())]


# ------------------------------------------------------------------------------------------
# Order


@pytest.mark.parametrize("order", [NAMES, NAMES[::-1]], ids=["forward", "backward"])
def test_same_files_in_either_order_give_the_same_entities(order):
    run(order)
    assert entities() == {
        "events": {
            "SCO Summit 2025": (
                D(2025, 8, 31),
                D(2025, 9, 1),
                "Tianjin",
                "CN",
                ["CN", "KZ"],
                ["Kassym-Jomart Tokayev"],
            ),  # fmt: skip
        },
        "people": {
            "Kassym-Jomart Tokayev": ("KZ", False),
            "Nyamdorjiin Sarangerel": ("MN", False),
            "Aida Balayeva": ("KZ", False),
            "Heidy Purga": ("EE", False),
        },
        "agreements": [
            (
                "Memorandum of Cooperation",
                ("EE", "KZ"),
                ("Aida Balayeva", "Heidy Purga"),
            ),
            (
                "Memorandum of Cooperation",
                ("KZ", "MN"),
                ("Aida Balayeva", "Nyamdorjiin Sarangerel"),
            ),
        ],
        "articles": {
            "Head of State addresses the SCO Summit": [],
            "Kazakhstan sums up its work at the Tianjin summit": [],
            "Culture ministries of Mongolia and Kazakhstan sign a memorandum": [
                ("Memorandum of Cooperation", ("KZ", "MN"))
            ],
            "Estonia and Kazakhstan agree on cultural exchanges": [
                ("Memorandum of Cooperation", ("EE", "KZ"))
            ],
            MUSEUMS: museums_link(order),
        },
    }


def museums_link(order) -> list:
    """The document the party-less mention names: the one known when it is imported, or the
    one the next mention with parties makes of it when it comes first; none when both are
    known before it (it fits either)."""
    pairs = {"c_culture_mongolia.txt": ("KZ", "MN"), "d_culture_estonia.txt": ("EE", "KZ")}
    museums = order.index("e_culture_museums.txt")
    if all(order.index(name) < museums for name in pairs):
        return []
    first = next(name for name in order if name in pairs)
    return [("Memorandum of Cooperation", pairs[first])]


def test_importing_the_same_files_again_changes_nothing():
    run(NAMES)
    before = entities()
    report = run(NAMES[::-1])
    assert report["totals"]["unchanged"] == len(NAMES)
    assert entities() == before
    assert warnings(report) == [AMBIGUOUS]  # the museums' mention, unlinked the first time too


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
    # Either may be the one misread, and which came first is only the order of the files.
    assert estonian.needs_review and mongolian.needs_review
    assert mongolian.review_note == (
        "“Estonia and Kazakhstan agree on cultural exchanges” names a document of this title "
        "between other parties, recorded as another document: confirm they are distinct."
    )


@pytest.mark.parametrize(
    "order", [MEMORANDA[:2], MEMORANDA[1::-1]], ids=["mongolia-first", "estonia-first"]
)
def test_same_titled_documents_are_both_to_review_in_either_order(order):
    run(order)
    assert sorted(Agreement.objects.values_list("needs_review", flat=True)) == [True, True]


def test_an_editors_document_is_not_flagged_by_a_namesake(superuser):
    run(["c_culture_mongolia.txt"])
    mongolian = Agreement.objects.get()
    saved_by_an_editor(mongolian, superuser)
    run(["d_culture_estonia.txt"])
    mongolian.refresh_from_db()
    assert (mongolian.needs_review, mongolian.review_note) == (False, "")
    assert Agreement.objects.exclude(pk=mongolian.pk).get().needs_review


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


@pytest.mark.parametrize("order", list(itertools.permutations(MEMORANDA)), ids="-".join)
def test_mention_without_parties_in_any_order_gives_the_same_documents(order, client):
    """A document first stored without parties takes those of the first mention that names
    them, so Estonia's memorandum is not merged into Mongolia's (nor its signatories)."""
    report = run(order)
    assert entities()["agreements"] == [
        ("Memorandum of Cooperation", ("EE", "KZ"), ("Aida Balayeva", "Heidy Purga")),
        ("Memorandum of Cooperation", ("KZ", "MN"), ("Aida Balayeva", "Nyamdorjiin Sarangerel")),
    ]
    assert entities()["articles"][MUSEUMS] == museums_link(order)
    unlinked = museums_link(order) == []
    assert (AMBIGUOUS in warnings(report)) == unlinked
    mongolian = Agreement.objects.get(parties=Country.objects.get(code="MN"))
    page = client.get(mongolian.get_absolute_url()).content.decode()
    assert "Nyamdorjiin Sarangerel" in page and "Heidy Purga" not in page
    assert "Estonia" not in page

    # A re-import, in another order, decides as the first import did.
    before = entities()
    again = run(order[::-1])
    assert again["totals"]["unchanged"] == len(MEMORANDA)
    assert entities() == before
    assert warnings(again) == ([AMBIGUOUS] if unlinked else [])
    (entry,) = next(f for f in again["files"] if f["path"] == "e_culture_museums.txt")["articles"]
    assert entry["agreements"] == ([] if unlinked else ["Memorandum of Cooperation"])


def test_agreement_an_editor_changed_keeps_no_parties_but_others_stay_apart(admin_user):
    run(["e_culture_museums.txt"])
    memorandum = Agreement.objects.get()
    LogEntry.objects.log_actions(admin_user.pk, [memorandum], CHANGE, "Checked by the desk.")
    run(["c_culture_mongolia.txt", "d_culture_estonia.txt"])
    assert not memorandum.parties.exists()
    assert sorted(memorandum.signings.values_list("person__name", flat=True)) == [
        "Aida Balayeva",
        "Nyamdorjiin Sarangerel",
    ]
    estonian = Agreement.objects.get(parties=Country.objects.get(code="EE"))
    assert sorted(estonian.signings.values_list("person__name", flat=True)) == [
        "Aida Balayeva",
        "Heidy Purga",
    ]


# ------------------------------------------------------------------------------------------
# Events and people filled in by later texts


def test_later_text_widens_the_dates_and_fills_the_city_of_a_known_event():
    run(["a_summit_opening.txt"])
    event = Event.objects.get()
    assert (event.starts_on, event.ends_on, event.city) == (D(2025, 9, 1), None, "")
    run(["b_summit_review.txt"])
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on, event.city, event.host_country.code) == (
        D(2025, 8, 31), D(2025, 9, 1), "Tianjin", "CN",
    )  # fmt: skip
    assert sorted(event.countries.values_list("code", flat=True)) == ["CN", "KZ"]


def test_event_page_shows_the_filled_in_dates(client):
    run(["a_summit_opening.txt", "b_summit_review.txt"])
    event = Event.objects.get()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "31 August" in page and "Tianjin" in page


def test_event_an_editor_changed_in_the_admin_is_left_as_the_editor_set_it(admin_client):
    run(["a_summit_opening.txt"])
    event = Event.objects.get()
    edit_event_in_admin(
        admin_client,
        event,
        summary="Checked by the desk.",
        starts_on="2025-09-01",
        ends_on="",
        city="",
        host_country="",
        review_note="",
        needs_review=None,
    )
    run(["b_summit_review.txt"])
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on, event.city, event.host_country) == (
        D(2025, 9, 1), None, "", None,
    )  # fmt: skip
    assert not event.countries.exists()
    assert not event.participants.exists()


def _summit(starts, ends, city=""):
    return link.EventRef(
        "SCO Summit 2025", "summit", starts, ends, city, None, None, (), None, True
    )


def linked_as(monkeypatch, **refs):
    def fake(parsed, gazetteer):
        return link.LinkedArticle(
            article=parsed,
            countries=(),
            organizations=(),
            people=refs.get("people", ()),
            events=refs.get("events", ()),
            agreements=(),
        )

    monkeypatch.setattr(link, "link_article", fake)


def test_event_dates_a_later_text_contradicts_are_kept_as_stored(monkeypatch):
    linked_as(monkeypatch, events=(_summit(D(2025, 9, 3), None),))
    run(["a_summit_opening.txt"])
    linked_as(monkeypatch, events=(_summit(D(2025, 8, 31), D(2025, 9, 1), "Tianjin"),))
    run(["b_summit_review.txt"])
    event = Event.objects.get()
    assert (event.starts_on, event.ends_on, event.city) == (D(2025, 9, 3), None, "Tianjin")


def test_person_met_without_a_country_gets_the_one_a_later_text_names():
    run(["a_summit_opening.txt"])
    assert Person.objects.get().country is None
    run(["b_summit_review.txt"])
    tokayev = Person.objects.get()
    assert tokayev.country.code == "KZ"
    assert tokayev in Country.objects.get(code="KZ").people.all()


def test_person_country_already_stored_is_never_replaced(monkeypatch):
    def ref(country):
        return link.PersonRef("Aida Balayeva", None, (), "Minister", country, None, True)

    linked_as(monkeypatch, people=(ref("KZ"),))
    run(["c_culture_mongolia.txt"])
    linked_as(monkeypatch, people=(ref("EE"),))
    run(["d_culture_estonia.txt"])
    assert Person.objects.get().country.code == "KZ"


def test_person_an_editor_left_without_a_country_keeps_none(admin_client):
    run(["a_summit_opening.txt"])
    tokayev = Person.objects.get()
    response = admin_client.post(
        reverse("admin:relations_person_change", args=[tokayev.pk]),
        {
            "name": tokayev.name,
            "slug": tokayev.slug,
            "aliases": "\n".join(tokayev.aliases),
            "country": "",
            "bio": "Head of State.",
            "review_note": "",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run(["b_summit_review.txt"])
    tokayev.refresh_from_db()
    assert tokayev.country is None


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


# ------------------------------------------------------------------------------------------
# Names a later text introduces

LATER = Path(__file__).resolve().parent / "texts" / "later"
WEEKS = "Mongolian culture weeks open in Astana"


def run_later(names, **kwargs) -> dict:
    """Import texts of `texts/later` (and `c_culture_mongolia.txt` of `texts/order`)."""
    items = [
        files.from_bytes(name, ((LATER / name) if (LATER / name).exists() else TEXTS / name)
                         .read_bytes())
        for name in names
    ]  # fmt: skip
    return texts_import(files=items, **kwargs)


def linked_people() -> dict[str, list[str]]:
    return {a.title: sorted(a.people.values_list("name", flat=True)) for a in Article.objects.all()}


def actions(report) -> dict[str, str]:
    return {a["title"]: a["action"] for f in report["files"] for a in f["articles"]}


def test_person_a_later_file_introduces_is_linked_where_an_earlier_file_named_them(client):
    """ "Sarangerel" alone does not make a person; the memorandum's "Minister of Culture of
    Mongolia Nyamdorjiin Sarangerel" does. The culture weeks come first, and are linked to her
    in the same import, as a second import would link them."""
    report = run_later(["a_culture_weeks.txt", "c_culture_mongolia.txt"])
    assert linked_people()[WEEKS] == ["Nyamdorjiin Sarangerel"]
    assert actions(report) == {WEEKS: "created", ORDER_MEMORANDUM: "created"}
    assert report["totals"] | {"figures": 0} == {
        "files": 2, "errors": 0, "articles": 2, "created": 2, "updated": 0, "unchanged": 0,
        "conflicts": 0, "figures": 0,
    }  # fmt: skip
    (weeks_entry,) = report["files"][0]["articles"]
    assert weeks_entry["people"] == ["Nyamdorjiin Sarangerel"]
    record = ImportRecord.objects.get(name="a_culture_weeks.txt")
    assert record.report["articles"][0]["people"] == ["Nyamdorjiin Sarangerel"]
    assert record.report["articles"][0]["action"] == "created"

    before = linked_people()
    again = run_later(["a_culture_weeks.txt", "c_culture_mongolia.txt"])
    assert again["totals"]["unchanged"] == 2
    assert linked_people() == before

    sarangerel = Person.objects.get(name="Nyamdorjiin Sarangerel")
    assert WEEKS in client.get(sarangerel.get_absolute_url()).content.decode()


def test_an_article_of_a_digest_is_linked_to_a_person_a_later_article_of_it_introduces():
    run_later(["digest_culture.txt"])
    assert linked_people() == {
        WEEKS: ["Nyamdorjiin Sarangerel"],
        ORDER_MEMORANDUM: ["Aida Balayeva", "Nyamdorjiin Sarangerel"],
    }
    assert run_later(["digest_culture.txt"])["totals"]["unchanged"] == 2


def test_a_fuller_name_met_in_the_run_still_links_a_bare_surname_after_it():
    """U.Khurelsukh becomes Ukhnaagiin Khurelsukh in the second text: the third, naming him
    only as "Khurelsukh", is his, not an ambiguity between two people of that surname."""
    names = ["k1_initials.txt", "k2_full_name.txt", "k3_surname.txt"]
    report = run_later(names)
    assert Person.objects.get().name == "Ukhnaagiin Khurelsukh"
    assert set(map(tuple, linked_people().values())) == {("Ukhnaagiin Khurelsukh",)}
    assert not any("Khurelsukh" in w for w in warnings(report))
    assert run_later(names)["totals"]["unchanged"] == 3


def test_a_fuller_name_in_passing_names_the_person_the_same_text_introduces():
    """The text introduces "U.Khurelsukh" with his role, then heads a section "Talks with
    Ukhnaagiin Khurelsukh": the fuller name is his, on the first import already, so the
    second finds nothing to rename."""
    names = ["k4_heading_full_name.txt"]
    report = run_later(names)
    person = Person.objects.get()
    assert (person.name, person.aliases) == ("Ukhnaagiin Khurelsukh", ["U.Khurelsukh"])
    assert [a["people"] for f in report["files"] for a in f["articles"]] == [[person.name]]

    assert run_later(names)["totals"]["unchanged"] == 1
    person = Person.objects.get()
    assert (person.name, person.aliases) == ("Ukhnaagiin Khurelsukh", ["U.Khurelsukh"])


def test_a_full_name_in_passing_is_not_taken_for_another_given_name():
    """ "Talks with Batbold Khurelsukh" is not the "U.Khurelsukh" the text introduced."""
    text = (LATER / "k4_heading_full_name.txt").read_text(encoding="utf-8")
    item = files.from_bytes("other.txt", text.replace("Ukhnaagiin", "Batbold").encode())
    texts_import(files=[item])
    assert list(Person.objects.values_list("name", flat=True)) == ["U.Khurelsukh"]


@pytest.mark.parametrize(
    "names",
    [["t1_surname_only.txt", "t2_full_name.txt"], ["t2_full_name.txt", "t1_surname_only.txt"]],
    ids=["surname-first", "full-name-first"],
)
def test_a_person_met_by_surname_first_is_not_left_to_confirm_once_named_in_full(names):
    """ "President Tokayev" alone records a person to confirm; the next text names him in
    full, with his role. In the other order the bare surname links to the known person
    without doubt: either way he ends up named in full and not flagged."""
    run_later(names)
    person = Person.objects.get()
    assert person.name == "Kassym-Jomart Tokayev"
    assert (person.needs_review, person.review_note) == (False, "")
    assert set(map(tuple, linked_people().values())) == {("Kassym-Jomart Tokayev",)}


def test_an_editors_flag_on_a_person_stays_when_the_full_name_arrives(superuser):
    run_later(["t1_surname_only.txt"])
    person = Person.objects.get()
    assert person.needs_review
    saved_by_an_editor(person, superuser)

    run_later(["t2_full_name.txt"])

    person.refresh_from_db()
    assert person.name == "Kassym-Jomart Tokayev"
    assert person.needs_review


def test_a_file_whose_article_a_later_file_rewrote_is_left_as_the_later_file_wrote_it():
    """Two files of one import carry the same article (one title and date) in two versions:
    the later file's stands, also when the earlier one is due to be linked again."""
    names = ["a_culture_weeks.txt", "c_culture_mongolia.txt", "c_culture_weeks_close.txt"]
    report = run_later(names)
    weeks = Article.objects.get(title=WEEKS)
    assert "second concert" in weeks.body
    assert linked_people()[WEEKS] == ["Nyamdorjiin Sarangerel"]
    # The report says which version stands, on the file whose version it is.
    first, _memorandum, last = report["files"]
    assert "warnings" not in first["articles"][0]
    assert last["articles"][0]["warnings"] == [
        "the same title and date are in a_culture_weeks.txt of this import, in another "
        "version: this file's version replaced it"
    ]
    assert warnings(run_later(names)) == last["articles"][0]["warnings"]  # and again


LONG_NAMES = {
    "people": link.PersonRef("Ambassador " + "Batbayar " * 40, None, (), None, None, None),
    "events": link.EventRef(
        "Forum of " + "regional partners " * 30, "forum", D(2025, 6, 1), None, "", None, None,
        (), None,
    ),
    "agreements": link.AgreementRef(
        "Memorandum on " + "transit and trade " * 40, "memorandum", None, ("KZ", "MN"), (), (),
        None, None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("field", LONG_NAMES)
def test_a_name_longer_than_its_column_is_found_again_by_the_next_import(monkeypatch, field):
    """Stored clipped to its column, it is looked up clipped too: a second import finds it
    rather than creating it again."""

    def fake(parsed, gazetteer):
        refs = {"people": (), "events": (), "agreements": (), field: (LONG_NAMES[field],)}
        return link.LinkedArticle(parsed, (), (), **refs)

    monkeypatch.setattr(link, "link_article", fake)
    run(["a_summit_opening.txt"])
    run(["a_summit_opening.txt"])
    model = Article._meta.get_field(field).related_model
    assert model.objects.count() == 1


def test_a_dry_run_links_a_person_an_earlier_file_introduced_as_the_import_does():
    """The dry run learns the names of the files before, and links the earlier ones again,
    as the import does: its report names the person where the import will link them."""
    names = ["k1_initials.txt", "k2_full_name.txt", "k3_surname.txt"]
    dry = run_later(names, dry_run=True)
    assert not Person.objects.exists()
    real = run_later(names)

    def people(report):
        return [a["people"] for f in report["files"] for a in f["articles"]]

    assert people(dry) == people(real) == [["Ukhnaagiin Khurelsukh"]] * 3
    assert actions(dry) == actions(real)
    assert dry["totals"] == real["totals"]


def test_a_dry_run_links_an_earlier_file_to_a_person_a_later_file_introduces():
    """The preview says what the import will do: the culture weeks linked to the minister the
    memorandum introduces after them, and both articles to be created."""
    names = ["a_culture_weeks.txt", "c_culture_mongolia.txt"]
    dry = run_later(names, dry_run=True)
    assert not Article.objects.exists()
    real = run_later(names)

    assert dry["files"] == real["files"]
    assert dry["totals"] == real["totals"]
    assert dry["files"][0]["articles"][0]["people"] == ["Nyamdorjiin Sarangerel"]


def test_a_dry_run_without_its_articles_in_the_report_keeps_no_texts():
    names = ["a_culture_weeks.txt", "c_culture_mongolia.txt"]
    report = run_later(names, dry_run=True, keep_articles=False)
    assert report["totals"]["created"] == 2
    assert all(f["articles"] == [] for f in report["files"])
