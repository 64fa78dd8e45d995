"""Events as the import records them: a summit a text names without its year is the summit of a
year held in the city it names (never one of another year), and the people the texts name as
taking part are the event's participants, their countries among its countries. The same files
give the same events in any order."""

import datetime
from itertools import permutations
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importing import files, link
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Event, Person
from tests.importing.conftest import edit_event_in_admin

pytestmark = pytest.mark.django_db
D = datetime.date

TEXTS = Path(__file__).resolve().parent / "texts" / "summits"
# a: dated 2025, "last year's Astana SCO summit" (SCO Summit 2024, in Astana, no day).
# b: undated, an SCO summit "held on 4 July in Astana", with a president taking part.
# c: undated, "the SCO summit" and nothing else: no year, no city (no event is recorded).
# d: the SCO heads of government in Bishkek, their attendees, and an analyst who only comments.
# e: a state visit "at the invitation of" the host president.
SUMMITS = ["a_dated_last_year.txt", "b_undated_in_astana.txt", "c_undated_no_city.txt"]
NAMES = sorted(path.name for path in TEXTS.glob("*.txt"))


def run(names, **kwargs) -> dict:
    items = [files.from_bytes(name, (TEXTS / name).read_bytes()) for name in names]
    return texts_import(files=items, **kwargs)


def run_text(name: str, text: str) -> dict:
    return texts_import(files=[files.from_bytes(name, text.encode())])


def warnings(report) -> list[str]:
    return [w for f in report["files"] for a in f["articles"] for w in a.get("warnings", ())]


def events() -> dict:
    """What the import recorded about events, by natural keys (no ids, no slugs)."""
    return {
        e.name: (
            e.starts_on,
            e.ends_on,
            e.city,
            sorted(e.countries.values_list("code", flat=True)),
            sorted(e.participants.values_list("name", flat=True)),
            e.needs_review,
            sorted(e.articles.values_list("title", flat=True)),
        )
        for e in Event.objects.all()
    }


EXPECTED = {
    "SCO Summit 2024": (
        None, None, "Astana", ["KZ", "TJ"], ["Emomali Rahmon"], True,
        ["Astana reviews the outcome of its SCO chairmanship",
         "Leaders meet in the Kazakh capital"],
    ),
    "SCO Council of Heads of Government 2025": (
        None, None, "Bishkek", ["KG", "KZ", "UZ"],
        ["Aidos Serikbayev", "Bakyt Osmonaliev", "Sardor Karimov"], False,
        ["Heads of government meet in Bishkek"],
    ),
    "State visit of Batbold Ganzorig to Kazakhstan (2025)": (
        D(2025, 6, 4), D(2025, 6, 5), "Astana", ["KZ", "MN"],
        ["Batbold Ganzorig", "Nurzhan Askarov"], False,
        ["President of Mongolia visits Astana"],
    ),
}  # fmt: skip


# ------------------------------------------------------------------------------------------
# Order


@pytest.mark.parametrize(
    "order",
    [NAMES, NAMES[::-1], *[[*p, "d_council_in_bishkek.txt"] for p in permutations(SUMMITS)]],
    ids=lambda order: "-".join(name[0] for name in order),
)
def test_same_files_in_any_order_give_the_same_events(order):
    run(order)
    visit = "e_state_visit.txt" in order
    assert events() == {k: v for k, v in EXPECTED.items() if visit or "visit" not in k}


def test_importing_the_same_files_again_changes_nothing():
    run(NAMES)
    before = events()
    report = run(NAMES[::-1])
    assert report["totals"]["unchanged"] == len(NAMES)
    assert events() == before


# ------------------------------------------------------------------------------------------
# A summit named without its year


def test_summit_without_its_year_is_the_known_summit_held_in_its_city_and_the_report_says_so():
    run(["a_dated_last_year.txt"])
    report = run(["b_undated_in_astana.txt"])
    (entry,) = report["files"][0]["articles"]
    assert entry["events"] == ["SCO Summit 2024"]
    assert any(
        "gives no year; taken to be “SCO Summit 2024”, also held in Astana: confirm" in w
        for w in warnings(report)
    )
    summit = Event.objects.get()
    assert (summit.name, summit.city, summit.needs_review) == ("SCO Summit 2024", "Astana", True)
    assert "without its year: confirm" in summit.review_note
    article = Article.objects.get(title="Leaders meet in the Kazakh capital")
    assert list(article.events.all()) == [summit]


def test_summit_of_a_year_takes_over_the_one_recorded_without_it(client):
    run(["b_undated_in_astana.txt"])
    assert Event.objects.get().name == "SCO Summit in Astana"
    report = run(["a_dated_last_year.txt"])
    assert any(
        "taken to be “SCO Summit in Astana”, recorded from a text without the year" in w
        for w in warnings(report)
    )
    summit = Event.objects.get()
    assert (summit.name, summit.city, summit.needs_review) == ("SCO Summit 2024", "Astana", True)
    assert summit.articles.count() == 2
    page = client.get(summit.get_absolute_url()).content.decode()
    assert "SCO Summit 2024" in page


def test_summit_without_its_year_or_city_is_not_guessed_nor_recorded():
    run(["a_dated_last_year.txt"])
    report = run(["c_undated_no_city.txt"])
    assert list(Event.objects.values_list("name", flat=True)) == ["SCO Summit 2024"]
    assert report["files"][0]["articles"][0]["events"] == []
    assert (
        "event “SCO Summit”: the text gives neither its year nor where it was held: not recorded"
        in warnings(report)
    )


def test_summit_named_generically_is_the_summit_its_text_identifies():
    report = run_text(
        "generic.txt",
        "Ministers look back on the summit\nPresident of Tajikistan Emomali Rahmon addressed "
        "the SCO summit, Kazinform reports.\nDelegates said the SCO Summit 2024 was the "
        "largest the organization had held.\n",
    )
    summit = Event.objects.get()
    assert summit.name == "SCO Summit 2024"
    assert list(summit.participants.values_list("name", flat=True)) == ["Emomali Rahmon"]
    assert report["files"][0]["articles"][0]["events"] == ["SCO Summit 2024"]


def test_summits_of_two_years_in_one_city_stay_apart_and_a_summit_without_year_joins_neither():
    run(["a_dated_last_year.txt"])
    run_text(
        "2017.txt",
        "02.02.2025\nAstana remembers an earlier summit\nThe SCO summit held in Astana on 8-9 "
        "June 2017 admitted two new members, Kazinform reports.\n",
    )
    assert sorted(Event.objects.values_list("name", flat=True)) == [
        "SCO Summit 2017",
        "SCO Summit 2024",
    ]
    report = run(["b_undated_in_astana.txt"])
    assert any(
        "“SCO Summit 2017”, “SCO Summit 2024” were all held in Astana: not linked" in w
        for w in warnings(report)
    )
    article = Article.objects.get(title="Leaders meet in the Kazakh capital")
    assert list(article.events.values_list("name", flat=True)) == ["SCO Summit in Astana"]
    assert (
        not Event.objects.filter(name__in=["SCO Summit 2017", "SCO Summit 2024"])
        .filter(needs_review=True)
        .exists()
    )


def test_summit_recorded_without_a_year_that_an_editor_changed_is_not_taken_over(admin_client):
    run(["b_undated_in_astana.txt"])
    event = Event.objects.get()
    edit_event_in_admin(
        admin_client, event, summary="Which year? Asking the desk.", starts_on="", ends_on=""
    )
    run(["a_dated_last_year.txt"])
    assert sorted(Event.objects.values_list("name", flat=True)) == [
        "SCO Summit 2024",
        "SCO Summit in Astana",
    ]


# ------------------------------------------------------------------------------------------
# The days of a summit

# Dated 2024: the day the text ties to the summit (4 July), after a sentence that gives the day
# of a meeting held on the eve of it (2 July, not the summit's).
TIED_DAY = (
    "06.07.2024\nTalks in Astana after the summit\n"
    "The foreign ministers met on the eve of the SCO summit on 2 July to agree the final texts, "
    "Kazinform reports.\n"
    "President of Tajikistan Emomali Rahmon held talks after the SCO Summit that took place on "
    "July 4 in Astana.\n"
)


@pytest.mark.parametrize(
    "order",
    list(permutations(["a_dated_last_year.txt", "b_undated_in_astana.txt", "tied_day.txt"])),
    ids=lambda order: "-".join(name[0] for name in order),
)
def test_summit_takes_the_day_a_dated_text_ties_to_it_in_any_order(order):
    for name in order:
        if name == "tied_day.txt":
            run_text(name, TIED_DAY)
        else:
            run([name])
    summit = Event.objects.get()
    assert (summit.name, summit.starts_on, summit.ends_on, summit.city) == (
        "SCO Summit 2024", D(2024, 7, 4), None, "Astana",
    )  # fmt: skip


def test_day_of_a_meeting_held_beside_a_summit_is_not_the_summits():
    run_text(
        "eve.txt",
        "03.07.2024\nMinisters prepare the summit\nOn July 2, on the eve of the SCO Summit in "
        "Astana, the foreign ministers agreed the final texts, Kazinform reports.\n"
        "The ministers met again ahead of the SCO summit on 3 July.\n",
    )
    summit = Event.objects.get()
    assert (summit.name, summit.starts_on, summit.city) == ("SCO Summit 2024", None, "Astana")


# ------------------------------------------------------------------------------------------
# Participants


def test_people_taking_part_are_participants_and_their_countries_participate(client):
    run(["d_council_in_bishkek.txt"])
    council = Event.objects.get()
    assert sorted(council.participants.values_list("name", flat=True)) == [
        "Aidos Serikbayev", "Bakyt Osmonaliev", "Sardor Karimov",
    ]  # fmt: skip
    assert sorted(council.countries.values_list("code", flat=True)) == ["KG", "KZ", "UZ"]
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Participants" in page and "Sardor Karimov" in page
    assert council in client.get("/countries/uz/").context["events"]


def test_person_only_named_near_an_event_is_not_a_participant():
    run(["d_council_in_bishkek.txt"])
    assert not Event.objects.filter(participants__name="Timur Nurpeisov").exists()


def test_visitor_and_host_who_invited_are_participants_of_a_state_visit():
    run(["e_state_visit.txt"])
    visit = Event.objects.get()
    assert sorted(visit.participants.values_list("name", flat=True)) == [
        "Batbold Ganzorig",
        "Nurzhan Askarov",
    ]


def test_later_text_adds_participants_and_countries_and_takes_none_away():
    run(["d_council_in_bishkek.txt"])
    run_text(
        "more.txt",
        "22.11.2025\nTajik premier in Bishkek\nPrime Minister of Tajikistan Rustam Nazarov "
        "took part in the SCO Council of Heads of Government in Bishkek, Kazinform reports.\n",
    )
    council = Event.objects.get()
    assert sorted(council.participants.values_list("name", flat=True)) == [
        "Aidos Serikbayev", "Bakyt Osmonaliev", "Rustam Nazarov", "Sardor Karimov",
    ]  # fmt: skip
    assert sorted(council.countries.values_list("code", flat=True)) == ["KG", "KZ", "TJ", "UZ"]


def test_participants_are_not_added_to_an_event_an_editor_changed(admin_client):
    run(["e_state_visit.txt"])
    visit = Event.objects.get()
    edit_event_in_admin(
        admin_client,
        visit,
        summary="",
        starts_on="2025-06-04",
        ends_on="2025-06-05",
        organization="",
        review_note="",
        needs_review=None,
    )
    assert not visit.participants.exists()  # the editor took them out
    run_text(
        "again.txt",
        "06.06.2025\nThe visit in pictures\nAt the invitation of President of Kazakhstan Nurzhan "
        "Askarov, President of Mongolia Batbold Ganzorig paid a state visit to Kazakhstan from "
        "June 4 to 5, Kazinform reports.\n",
    )
    assert not visit.participants.exists()
    assert sorted(visit.countries.values_list("code", flat=True)) == []


def test_person_the_linker_is_unsure_of_is_not_a_participant(monkeypatch):
    unsure = link.PersonRef("Khush Vardan", None, (), "Minister", "US", None, False)
    meeting = link.EventRef(
        "Meeting in Astana", "meeting", D(2025, 3, 3), None, "Astana", "KZ", None, ("KZ",),
        None, True, ("Khush Vardan",),
    )  # fmt: skip

    def fake(parsed, gazetteer):
        return link.LinkedArticle(parsed, ("KZ",), (), (unsure,), (meeting,), ())

    monkeypatch.setattr(link, "link_article", fake)
    run(["e_state_visit.txt"])
    event = Event.objects.get()
    assert not event.participants.exists()
    assert sorted(event.countries.values_list("code", flat=True)) == ["KZ"]


def _ministers(first: int, count: int, verb: str) -> str:
    return "".join(
        f"{day:02d}.11.2025\nMinister {day} {verb}\nMinister of Economy of Kazakhstan Yerlan "
        f"Minister{chr(96 + day)}ov {verb} the SCO Council of Heads of Government in Bishkek, "
        "Kazinform reports.\n"
        for day in range(first, first + count)
    )


def test_participants_cost_no_query_per_article():
    run(["d_council_in_bishkek.txt"])
    run_text("known.txt", _ministers(1, 25, "commented on"))  # the people are known now
    with CaptureQueriesContext(connection) as small:
        run_text("small.txt", _ministers(1, 5, "took part in"))
    with CaptureQueriesContext(connection) as large:
        run_text("large.txt", _ministers(6, 20, "took part in"))
    assert len(large.captured_queries) <= len(small.captured_queries) + 5
    ministers = Person.objects.filter(name__startswith="Yerlan")
    assert Event.objects.get().participants.count() == 3 + ministers.count()


# ------------------------------------------------------------------------------------------
# Sessions of a commission named in full, then in short

COMMISSION = (
    "Deputy Prime Minister of Kazakhstan Serik Abenov and Minister of Economy of Hungary "
    "Laszlo Kertesz co-chaired the 11th session of the Kazakhstan-Hungary Intergovernmental "
    "Commission on Economic Cooperation in Budapest, Kazinform reports."
)
IN_SHORT = "After the 11th session of the Intergovernmental Commission the sides signed a protocol."


@pytest.mark.parametrize("short_first", [False, True], ids=["full-first", "short-first"])
def test_session_named_in_full_and_in_short_is_one_event(short_first):
    sentences = [IN_SHORT, COMMISSION] if short_first else [COMMISSION, IN_SHORT]
    report = run_text("commission.txt", "\n".join(["14.05.2025", "Commission meets", *sentences]))
    name = (
        "11th session of the Kazakhstan-Hungary Intergovernmental Commission on Economic "
        "Cooperation"
    )
    session = Event.objects.get()
    assert (session.name, session.city) == (name, "Budapest")
    assert sorted(session.countries.values_list("code", flat=True)) == ["HU", "KZ"]
    assert report["files"][0]["articles"][0]["events"] == [name]


def test_next_session_in_short_is_the_same_commissions_and_two_commissions_are_not_guessed():
    run_text(
        "next.txt",
        "\n".join(["14.05.2025", "Commission meets", COMMISSION,
                   "The 12th session of the Intergovernmental Commission will be held in Astana."]),
    )  # fmt: skip
    assert sorted(Event.objects.values_list("name", flat=True)) == [
        "11th session of the Kazakhstan-Hungary Intergovernmental Commission on Economic "
        "Cooperation",
        "12th session of the Kazakhstan-Hungary Intergovernmental Commission on Economic "
        "Cooperation",
    ]
    Event.objects.all().delete()
    run_text(
        "two.txt",
        "\n".join(["14.05.2025", "Two commissions meet", COMMISSION,
                   "The 11th session of the Kazakhstan-Austria Intergovernmental Commission met "
                   "in Vienna.", IN_SHORT]),
    )  # fmt: skip
    assert "11th session of the Intergovernmental Commission" in set(
        Event.objects.values_list("name", flat=True)
    )
