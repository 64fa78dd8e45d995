"""One office however coverage words it (`relations.roles`): the wordings that name one office,
the ones that never do, and how a person's roles become one row per office."""

import datetime as dt

import pytest

from relations.models import Position
from relations.roles import office_key, offices_held
from tests.factories import OrganizationFactory, country

pytestmark = pytest.mark.django_db  # the seeded countries, with their names and aliases


@pytest.mark.parametrize(
    "wording",
    [
        "President of Kazakhstan",
        "President of the Republic of Kazakhstan",
        "Kazakh President",
        "Kazakhstani President",
        "Kazakhstan's President",
        "Kazakhstan’s President",
        "PRESIDENT OF KAZAKHSTAN",
        "president",
    ],
)
def test_the_title_qualified_by_the_roles_country_is_the_bare_title(wording):
    assert office_key(wording, country("KZ")) == office_key("President", country("KZ"))


@pytest.mark.parametrize(
    ("code", "wording", "bare"),
    [
        ("KG", "Prime Minister of the Kyrgyz Republic", "Prime Minister"),
        ("KG", "Kyrgyz Prime Minister", "Prime Minister"),
        ("RU", "President of the Russian Federation", "President"),
        (
            "IN",
            "Minister of External Affairs of the Republic of India",
            "External Affairs Minister",
        ),
        ("MN", "Mongolian Foreign Minister", "Minister of Foreign Affairs"),
    ],
)
def test_official_names_and_demonyms_qualify_a_title_too(code, wording, bare):
    assert office_key(wording, country(code)) == office_key(bare, country(code))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Foreign Minister", "Minister of Foreign Affairs"),
        ("Foreign Affairs Minister", "Minister of Foreign Affairs"),
        ("Minister for Foreign Affairs", "Minister of Foreign Affairs"),
        ("Deputy Foreign Minister", "Deputy Minister of Foreign Affairs"),
        ("External Affairs Minister", "Minister of External Affairs"),
        (
            "Head of the Consular Service of the Foreign Ministry",
            "Head of the Consular Service of the Ministry of Foreign Affairs",
        ),
    ],
)
def test_a_ministry_and_its_minister_have_one_wording(one, other):
    assert office_key(one, country("KZ")) == office_key(other, country("KZ"))


@pytest.mark.parametrize("wording", ["Vice-President", "Vice–President", "vice — president"])
def test_case_and_dashes_do_not_matter(wording):
    assert office_key(wording, country("KZ")) == office_key("Vice President", country("KZ"))


def test_roles_of_different_countries_are_never_one_office():
    assert office_key("President", country("KZ")) != office_key("President", country("MN"))
    assert office_key("President", None) != office_key("President", country("KZ"))


def test_without_a_country_no_country_qualifies_the_title():
    assert office_key("President of Kazakhstan", None) != office_key("President", None)


def test_another_countrys_name_is_part_of_the_office():
    kz = country("KZ")
    assert office_key("Ambassador to Mongolia", kz) != office_key("Ambassador", kz)
    assert office_key("President of Mongolia", kz) != office_key("President", kz)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Deputy Minister of Foreign Affairs", "Minister of Foreign Affairs"),
        ("Deputy Foreign Minister", "Foreign Minister"),
        ("First Vice President", "Vice President"),
        ("Vice President", "President"),
        ("Prime Minister", "Minister"),
        ("Chief of Staff of the President", "President"),
        ("Head of State", "President"),
        ("Speaker of the Parliament", "Chairman of the Parliament"),
        (
            "Council of Foreign Ministers Chairman",
            "Council of Ministers of Foreign Affairs Chairman",
        ),
    ],
)
def test_a_different_office_is_never_the_same_office(one, other):
    assert office_key(one, country("KZ")) != office_key(other, country("KZ"))


def test_the_country_qualifies_only_as_a_separate_word_at_either_end():
    kz = country("KZ")
    # "Kazakh-Chinese" names a council, not the Kazakh side of it.
    assert office_key("Kazakh-Chinese Business Council Chairman", kz) != office_key(
        "Chinese Business Council Chairman", kz
    )
    assert office_key("Kazakhstan", kz) == ("KZ", "kazakhstan")


def stated(title, code, first, last, **fields):
    """An unsaved role as `public_positions` reads it: stated first and last on those days."""
    position = Position(title=title, country=country(code) if code else None, **fields)
    position.first_stated = dt.datetime(*first, 12, tzinfo=dt.UTC)
    position.last_stated = dt.datetime(*last, 12, tzinfo=dt.UTC)
    position.organization_is_public = False
    return position


def test_one_office_stated_two_ways_is_one_row_over_both_spans():
    [office] = offices_held(
        [
            stated("President of Kazakhstan", "KZ", (2025, 11, 18), (2025, 11, 18)),
            stated("President", "KZ", (2024, 10, 31), (2025, 9, 1)),
        ]
    )

    assert office.title == "President of Kazakhstan"
    assert office.first_stated.date() == dt.date(2024, 10, 31)
    assert office.last_stated.date() == dt.date(2025, 11, 18)
    assert len(office.positions) == 2


def test_the_wording_shown_names_the_country_else_is_the_longest():
    [named] = offices_held(
        [
            stated(
                "Foreign Affairs Minister of the Kyrgyz Republic", "KG", (2025, 1, 1), (2025, 1, 1)
            ),
            stated("Minister of Foreign Affairs", "KG", (2025, 2, 1), (2025, 2, 1)),
        ]
    )
    [longest] = offices_held(
        [
            stated("Foreign Minister", "KG", (2025, 2, 1), (2025, 2, 1)),
            stated("Minister of Foreign Affairs", "KG", (2025, 1, 1), (2025, 1, 1)),
        ]
    )
    [tie] = offices_held(
        [
            stated("President of India", "IN", (2025, 2, 1), (2025, 2, 1)),
            stated("Indian President", "IN", (2025, 1, 1), (2025, 1, 1)),
            stated("president of india", "IN", (2025, 3, 1), (2025, 3, 1)),
        ]
    )

    assert named.title == "Foreign Affairs Minister of the Kyrgyz Republic"
    assert longest.title == "Minister of Foreign Affairs"
    assert tie.title == "President of India"  # alphabetically first of the longest


def test_offices_keep_the_order_of_their_latest_statement():
    offices = offices_held(
        [
            stated("President of Kazakhstan", "KZ", (2025, 11, 18), (2025, 11, 18)),
            stated("Head of State", None, (2025, 9, 2), (2025, 9, 2)),
            stated("President", "KZ", (2024, 10, 31), (2025, 9, 1)),
        ]
    )

    assert [o.title for o in offices] == ["President of Kazakhstan", "Head of State"]


def test_roles_of_different_organizations_stay_apart():
    sco = OrganizationFactory(name="Shanghai Cooperation Organisation")
    offices = offices_held(
        [
            stated("Secretary-General", "KZ", (2025, 2, 1), (2025, 2, 1), organization=sco),
            stated("Secretary General", "KZ", (2025, 1, 1), (2025, 1, 1)),
        ]
    )

    assert [o.organization for o in offices] == [sco, None]


def test_the_term_runs_from_the_earliest_start_to_the_latest_end():
    [office] = offices_held(
        [
            stated("President", "KZ", (2024, 1, 1), (2024, 1, 1), started_on=dt.date(2019, 6, 12)),
            stated(
                "President of Kazakhstan",
                "KZ",
                (2025, 1, 1),
                (2025, 1, 1),
                started_on=dt.date(2022, 11, 26),
                ended_on=dt.date(2029, 11, 26),
            ),
        ]
    )

    assert (office.started_on, office.ended_on) == (dt.date(2019, 6, 12), dt.date(2029, 11, 26))


def test_a_term_started_after_the_latest_end_has_no_known_end():
    [office] = offices_held(
        [
            stated(
                "Foreign Minister",
                "KZ",
                (2025, 1, 1),
                (2025, 1, 1),
                started_on=dt.date(2024, 2, 6),
            ),
            stated(
                "Minister of Foreign Affairs",
                "KZ",
                (2021, 1, 1),
                (2021, 1, 1),
                started_on=dt.date(2019, 9, 18),
                ended_on=dt.date(2021, 1, 11),
            ),
        ]
    )

    assert (office.started_on, office.ended_on) == (dt.date(2019, 9, 18), None)
