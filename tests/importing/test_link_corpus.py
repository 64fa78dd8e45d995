"""The link stage on the shared corpus (read in place, never copied; no database)."""

import datetime
from functools import cache

from articles.importing.link import Gazetteer, link_article
from articles.importing.parse import parse_bytes
from tests.corpus import CORPUS, needs_corpus

pytestmark = needs_corpus

D = datetime.date


@cache
def gazetteer():
    return Gazetteer.default()


@cache
def linked(prefix: str, title_start: str = ""):
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    _encoding, articles = parse_bytes(path.read_bytes())
    (article,) = [a for a in articles if a.title.startswith(title_start)]
    return link_article(article, gazetteer())


def people(link):
    return {p.name: (p.role, p.country) for p in link.people}


def test_mfa_meeting_people_roles_and_countries():
    link = linked("000", "Kazakhstan and Mongolia Discuss")
    assert link.countries == ("KZ", "MN")
    assert people(link) == {
        "Alibek Kuantyrov": (
            "Deputy Minister of Foreign Affairs of the Republic of Kazakhstan",
            "KZ",
        ),
        "Gabidulla Ospankulov": (
            "Chairman of the Investment Committee of the Foreign Ministry of Kazakhstan",
            "KZ",
        ),
        "Dashzegvi Amarbaysgalan": ("Chairman of the State Great Khural of Mongolia", "MN"),
    }
    # The two Kazakh officials held the meeting together.
    (meeting,) = [e for e in link.events if e.name.startswith("Meeting between")]
    assert meeting.participants == (
        "Alibek Kuantyrov",
        "Gabidulla Ospankulov",
        "Dashzegvi Amarbaysgalan",
    )


def test_nickname_of_the_us_delegation_head_is_one_person_to_confirm():
    link = linked("000", "Kazakhstan and United States")
    (choksi,) = [p for p in link.people if p.name == "Khurshid Choksi"]
    assert (choksi.aliases, choksi.country, choksi.confident) == (("Khush Choksi",), "US", False)


def test_state_visit_event():
    link = linked("003")
    (visit,) = [e for e in link.events if e.kind == "state_visit"]
    assert (visit.starts_on, visit.ends_on, visit.host_country, visit.city) == (
        D(2024, 10, 28),
        D(2024, 10, 29),
        "MN",
        "Ulaanbaatar",
    )
    assert visit.countries == ("KZ", "MN")


def test_state_visit_people_are_one_each():
    link = linked("003")
    names = [p.name for p in link.people]
    assert names.count("Kassym-Jomart Tokayev") == 1
    assert [n for n in names if "Khurelsukh" in n] == ["U.Khurelsukh"]
    (madiyev,) = [p for p in link.people if p.name == "Zhaslan Madiyev"]
    assert madiyev.aliases == ("Madiev",)


def test_state_visit_agreements_with_kinds_parties_and_signatories():
    link = linked("003")
    assert [(a.title, a.kind) for a in link.agreements] == [
        ("Joint Declaration on Strategic Cooperation", "declaration"),
        ("Agreement on Cooperation on Pension Issues", "agreement"),
        ("Roadmap on Activation of Trade and Economic Cooperation for 2025-2027", "roadmap"),
        ("Agreement on Cooperation in Aviation Search and Rescue", "agreement"),
        (
            "MoU between the Ministry of Road and Transportation of Mongolia and the Ministry "
            "of Transport of Kazakhstan",
            "memorandum",
        ),
        ("2025-2027 Cooperation Plan", "plan"),
        ("Memorandum of Cooperation", "memorandum"),
        ("Memorandum on Tourism Cooperation", "memorandum"),
        ("MoU in Light Industry and Veterinary Services", "memorandum"),
        ("MoU on Cooperation in Information, Communication, and Technology", "memorandum"),
    ]
    assert all(set(a.parties) == {"KZ", "MN"} for a in link.agreements)
    roadmap = link.agreements[2]
    assert [(s.person, s.party) for s in roadmap.signatories] == [
        ("B.Battsetseg", "MN"),
        ("Roman Sklyar", "KZ"),
    ]
    assert roadmap.event == "State visit of Kassym-Jomart Tokayev to Mongolia (2024)"


def test_declaration_signed_by_the_two_presidents_has_them_as_signatories():
    declaration = linked("003").agreements[0]
    assert declaration.title == "Joint Declaration on Strategic Cooperation"
    assert [(s.person, s.role, s.party) for s in declaration.signatories] == [
        ("Kassym-Jomart Tokayev", "President", "KZ"),
        ("U.Khurelsukh", "President", "MN"),
    ]


def test_sco_heads_of_government_attendees_with_countries():
    link = linked("004")
    assert {name: country for name, (_role, country) in people(link).items()} == {
        "Olzhas Bektenov": "KZ",
        "Vladimir Putin": "RU",
        "Alexander Turchin": "BY",
        "Mohammad Reza Aref": "IR",
        "Li Qiang": "CN",
        "Adylbek Kasymaliev": "KG",
        "Mikhail Mishustin": "RU",
        "Kokhir Rasulzoda": "TJ",
        "Abdulla Aripov": "UZ",
        "Muhammad Ishaq Dar": "PK",
        "Subrahmanyam Jaishankar": "IN",
        "Gombojavyn Zandanshatar": "MN",
        "Mohammed bin Abdulrahman Al Thani": "QA",
        "Kassym-Jomart Tokayev": "KZ",
    }


def test_sco_heads_of_government_event_in_moscow():
    link = linked("004")
    council, summit = link.events
    assert (council.name, council.kind, council.city, council.host_country) == (
        "SCO Council of Heads of Government 2025",
        "summit",
        "Moscow",
        "RU",
    )
    # The attendee list goes on past its sentence: an observer state's and a dialogue
    # partner's heads of government took part too.
    assert {"Gombojavyn Zandanshatar", "Mohammed bin Abdulrahman Al Thani"} <= set(
        council.participants
    )
    assert "Vladimir Putin" not in council.participants  # he hosted a meeting beside it
    assert (summit.name, summit.starts_on, summit.ends_on, summit.city) == (
        "SCO Summit 2025",
        D(2025, 8, 31),
        D(2025, 9, 1),
        "Tianjin",
    )


def test_sco_summit_documents_list():
    link = linked("000", "20 key documents")
    kinds = [a.kind for a in link.agreements]
    assert len(link.agreements) == 24  # 27 list items, less two reports and one repeat
    assert kinds[:3] == ["declaration", "resolution", "strategy"]
    assert kinds.count("statement") == 9
    assert all(a.event == "SCO Summit 2025" for a in link.agreements)
    (summit,) = link.events
    assert (summit.starts_on, summit.city) == (D(2025, 9, 1), "Tianjin")


def test_briefing_article():
    link = linked("001")
    assert link.countries == ("KZ",)
    (vassilenko,) = [p for p in link.people if p.name == "Roman Vassilenko"]
    assert (vassilenko.role, vassilenko.country) == ("Deputy Foreign Minister", "KZ")
    assert "Vassilenko" in vassilenko.aliases
    # "the SCO Summit" with neither year nor place: no summit in particular, none recorded.
    assert {e.kind for e in link.events} == {"briefing"}
    assert not any(e.confident for e in link.events)  # the text gives no year
    assert (
        "event “SCO Summit”: the text gives neither its year nor where it was held: not recorded"
        in link.warnings
    )
    assert "Collective Security Treaty Organization" in link.organizations
