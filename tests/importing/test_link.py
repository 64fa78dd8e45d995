"""The link stage on short texts written for each rule (no database)."""

import datetime

import pytest

from articles.importing.link import (
    AGREEMENT_KINDS,
    EVENT_KINDS,
    Gazetteer,
    Learned,
    agreement_key,
    event_key,
    link_article,
    name_key,
)
from articles.importing.parse import ParsedArticle

D = datetime.date
PUBLISHED = D(2024, 11, 2)


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.default()


def article(body, title="Untitled note", published=PUBLISHED):
    return ParsedArticle(title=title, published=published, body=body)


def link(body, gazetteer, **kwargs):
    return link_article(article(body, **kwargs), gazetteer)


def person(linked, name):
    (found,) = [p for p in linked.people if p.name == name]
    return found


# -- keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Madiyev", "Madiev"),
        ("Amarbaysgalan", "Amarbayasgalan"),
        ("Tokayev", "Tokaev"),
        ("Kassym-Jomart", "Kasym-Zhomart"),
        ("Khurelsukh", "Hurelsuh"),
        ("Qassym", "Kassym"),
        ("Seitkali", "Seytkali"),
    ],
)
def test_name_key_folds_transliteration_variants(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Sadyr", "Akylbek"), ("Nomin", "Nomad"), ("Ora", "Ola")])
def test_name_key_keeps_different_names_apart(a, b):
    assert name_key(a) != name_key(b)


def test_agreement_key_ignores_word_order_and_prepositions():
    assert agreement_key("2025-2027 Cooperation Plan") == agreement_key(
        "Cooperation Plan for 2025–2027"
    )


def test_agreement_key_treats_mou_and_memorandum_of_understanding_alike():
    assert agreement_key("MoU on Water Resources") == agreement_key(
        "Memorandum of Understanding on Water Resources"
    )


def test_agreement_key_keeps_different_years_apart():
    assert agreement_key("Cooperation Plan for 2025-2027") != agreement_key(
        "Cooperation Plan for 2028-2030"
    )


def test_event_key_ignores_order_and_case():
    assert event_key("SCO Summit 2025") == event_key("2025 SCO summit")


def test_kinds_match_the_model_choices():
    from relations.models import AgreementKind, EventKind

    assert set(EVENT_KINDS) == set(EventKind.values)
    assert set(AGREEMENT_KINDS) == set(AgreementKind.values)


# -- countries


def test_official_long_forms_are_countries(gazetteer):
    linked = link(
        "Delegations of the Kyrgyz Republic, the People's Republic of China, the Russian "
        "Federation and the Islamic Republic of Pakistan met the Republic of Kazakhstan's team.",
        gazetteer,
    )
    assert set(linked.countries) == {"KG", "CN", "RU", "PK", "KZ"}


def test_demonyms_and_hyphenated_pairs_are_countries(gazetteer):
    linked = link("A Kazakh-Mongolian business council and Uzbekistan-Tajikistan talks.", gazetteer)
    assert set(linked.countries) == {"KZ", "MN", "UZ", "TJ"}


def test_russian_and_kazakh_names_are_countries_in_any_case_form(gazetteer):
    linked = link(
        "Президент Казахстана встретился с делегацией Монголии. Қытай өкілдері.", gazetteer
    )
    assert set(linked.countries) == {"KZ", "MN", "CN"}


def test_false_friends_are_not_countries(gazetteer):
    linked = link(
        "The Turkic world honoured Chinggis Khaan; a turkey was served to Latin American guests.",
        gazetteer,
    )
    assert linked.countries == ()


def test_a_country_named_once_in_passing_is_not_substantive(gazetteer):
    body = (
        "Kazakhstan and Mongolia agreed on new flights.\n\n"
        "Officials of Kazakhstan and Mongolia will meet again.\n\n"
        "The route is longer than one used in Spain."
    )
    assert link(body, gazetteer, title="Flights").countries == ("KZ", "MN")


# -- organizations


def test_organizations_by_name_abbreviation_and_spelling_variant(gazetteer):
    linked = link(
        "The Shanghai Cooperation Organisation, the CICA, the CIS and the EAEU met at the UN.",
        gazetteer,
    )
    assert linked.organizations == (
        "Shanghai Cooperation Organization",
        "Conference on Interaction and Confidence Building Measures in Asia",
        "Commonwealth of Independent States",
        "Eurasian Economic Union",
        "United Nations",
    )


def test_abbreviations_must_match_case(gazetteer):
    assert link("Let us see if the un-named cis-lunar plan works.", gazetteer).organizations == ()


# -- people


def test_role_before_name_gives_person_role_and_country(gazetteer):
    linked = link(
        "First Deputy Minister of Energy of the Republic of Uzbekistan Timur Rakhimov opened "
        "the fair.",
        gazetteer,
    )
    p = person(linked, "Timur Rakhimov")
    assert (p.role, p.country) == (
        "First Deputy Minister of Energy of the Republic of Uzbekistan",
        "UZ",
    )


def test_role_with_comma_before_name(gazetteer):
    p = person(
        link("He met the President of Mongolia, Batbayar Ganbold, in June.", gazetteer),
        "Batbayar Ganbold",
    )
    assert (p.role, p.country) == ("President of Mongolia", "MN")


def test_role_after_name(gazetteer):
    p = person(link("Chen Wei, Vice Premier of China, arrived.", gazetteer), "Chen Wei")
    assert (p.role, p.country) == ("Vice Premier of China", "CN")


def test_possessive_country_goes_to_the_country_not_the_role(gazetteer):
    p = person(
        link("Tajikistan's Minister of Water Saidali Nurov spoke.", gazetteer), "Saidali Nurov"
    )
    assert (p.role, p.country) == ("Minister of Water", "TJ")


def test_role_organization_is_recorded(gazetteer):
    p = person(
        link(
            "Secretary-General of the Shanghai Cooperation Organization Ivan Petrenko said so.",
            gazetteer,
        ),
        "Ivan Petrenko",
    )
    assert p.organization == "Shanghai Cooperation Organization"


def test_attendee_list_gives_each_person_their_own_country(gazetteer):
    linked = link(
        "The session was attended by Prime Minister of the Republic of Belarus Oleg Marchenko, "
        "First Vice President of Iran Reza Karimi, Minister of External Affairs of the Republic "
        "of India Arjun Mehta.",
        gazetteer,
    )
    assert [(p.name, p.country) for p in linked.people] == [
        ("Oleg Marchenko", "BY"),
        ("Reza Karimi", "IR"),
        ("Arjun Mehta", "IN"),
    ]


def test_surname_after_full_name_is_the_same_person(gazetteer):
    linked = link(
        "Deputy Minister Daniyar Seitov arrived. Seitov said the talks went well.", gazetteer
    )
    assert [(p.name, p.aliases) for p in linked.people] == [("Daniyar Seitov", ("Seitov",))]


def test_transliteration_variants_in_one_text_are_one_person(gazetteer):
    linked = link(
        "Minister of Trade of Kazakhstan Nurlan Abdiyev spoke. Later Abdiev noted progress.",
        gazetteer,
    )
    assert [(p.name, p.aliases) for p in linked.people] == [("Nurlan Abdiyev", ("Abdiev",))]


def test_initial_matches_full_name_in_the_same_text(gazetteer):
    linked = link(
        "President of Mongolia Tsakhia Bayarsaikhan received guests. Then T.Bayarsaikhan spoke.",
        gazetteer,
    )
    assert [(p.name, p.aliases) for p in linked.people] == [
        ("Tsakhia Bayarsaikhan", ("T.Bayarsaikhan",))
    ]


def test_initial_matches_known_person_across_texts(gazetteer):
    gz = Gazetteer.default()
    gz.add_person("Ukhnaa Batsukh", ["Batsukh"])
    linked = link("Mongolian President U.Batsukh welcomed the guests.", gz)
    p = linked.people[0]
    assert (p.matched, p.country, p.confident) == ("Ukhnaa Batsukh", "MN", True)


def test_same_surname_different_given_names_stay_two_people(gazetteer):
    linked = link(
        "Minister of Health of Kyrgyzstan Sadyr Osmonov met Mayor of Bishkek Akylbek Osmonov.",
        gazetteer,
    )
    assert [p.name for p in linked.people] == ["Sadyr Osmonov", "Akylbek Osmonov"]


def test_ambiguous_bare_surname_is_reported_not_guessed(gazetteer):
    linked = link(
        "Minister of Health of Kyrgyzstan Sadyr Osmonov met Mayor of Bishkek Akylbek Osmonov. "
        "Later Osmonov said the hospital would open.",
        gazetteer,
    )
    assert all("Osmonov" not in p.aliases for p in linked.people)
    assert any("“Osmonov” could be" in w for w in linked.warnings)


def test_ambiguous_known_surname_is_not_linked(gazetteer):
    gz = Gazetteer.default()
    gz.add_person("Sadyr Osmonov")
    gz.add_person("Akylbek Osmonov")
    linked = link("President Osmonov spoke.", gz)
    assert linked.people == ()
    assert any("could be any of Akylbek Osmonov, Sadyr Osmonov" in w for w in linked.warnings)


def test_short_form_of_given_name_is_merged_but_flagged(gazetteer):
    linked = link(
        "Director of the Trade Chamber of Canada Robertson Hale spoke, and Rob Hale said more.",
        gazetteer,
    )
    p = person(linked, "Robertson Hale")
    assert (p.aliases, p.confident) == (("Rob Hale",), False)
    assert linked.warnings


def test_known_person_found_by_surname_alone(gazetteer):
    gz = Gazetteer.default()
    gz.add_person("Kassym-Jomart Tokayev", ["K. Tokayev"])
    linked = link("Tokaev said the reforms continue.", gz)
    assert [p.matched for p in linked.people] == ["Kassym-Jomart Tokayev"]


def test_company_and_place_names_are_not_people(gazetteer):
    linked = link(
        "The delegation visited Sukhbaatar Square and the Astana Hub with John Deere and "
        "Mayer Brown.",
        gazetteer,
    )
    assert linked.people == ()


# -- events


def test_state_visit_with_dates_host_and_city(gazetteer):
    linked = link(
        "President of Uzbekistan Farrukh Aliyev paid a state visit to Kazakhstan from May 14 "
        "to 15. Talks were held in Astana.",
        gazetteer,
        published=D(2025, 5, 16),
    )
    (visit,) = [e for e in linked.events if e.kind == "state_visit"]
    assert (visit.starts_on, visit.ends_on, visit.host_country, visit.city) == (
        D(2025, 5, 14),
        D(2025, 5, 15),
        "KZ",
        "Astana",
    )
    assert visit.countries == ("UZ", "KZ")
    assert visit.name == "State visit of Farrukh Aliyev to Kazakhstan (2025)"


def test_year_less_date_after_publication_belongs_to_the_year_before(gazetteer):
    linked = link(
        "Prime Minister of Kyrgyzstan Aibek Tursunov paid an official visit to Mongolia on "
        "December 28.",
        gazetteer,
        published=D(2025, 1, 3),
    )
    (visit,) = linked.events
    assert (visit.kind, visit.starts_on) == ("official_visit", D(2024, 12, 28))


def test_summit_of_an_organization_with_city_and_year(gazetteer):
    linked = link(
        "Leaders gathered for the SCO summit in Bishkek on June 12.",
        gazetteer,
        published=D(2026, 6, 13),
    )
    (summit,) = linked.events
    assert (summit.name, summit.kind, summit.city, summit.host_country, summit.starts_on) == (
        "SCO Summit 2026",
        "summit",
        "Bishkek",
        "KG",
        D(2026, 6, 12),
    )
    assert summit.organization == "Shanghai Cooperation Organization"


def test_weekday_is_resolved_against_publication_date(gazetteer):
    linked = link(
        "At the CIS summit on Monday the heads of state met.", gazetteer, published=D(2025, 10, 9)
    )
    assert linked.events[0].starts_on == D(2025, 10, 6)


def test_event_without_a_year_is_not_confident(gazetteer):
    linked = link("The CSTO summit opened on July 3 in Astana.", gazetteer, published=None)
    (summit,) = linked.events
    assert (summit.starts_on, summit.confident) == (None, False)
    assert any("no year" in w for w in linked.warnings)


def test_telephone_conversation_between_two_people(gazetteer):
    linked = link(
        "President of Kazakhstan Nurzhan Askarov held a telephone conversation with President "
        "of Azerbaijan Elnur Mammadov on March 3.",
        gazetteer,
        published=D(2025, 3, 4),
    )
    (call,) = linked.events
    assert (call.kind, call.starts_on, call.countries) == (
        "phone_call",
        D(2025, 3, 3),
        ("KZ", "AZ"),
    )


def test_known_event_is_matched(gazetteer):
    gz = Gazetteer.default()
    gz.add_event("2026 SCO Summit", "summit", D(2026, 6, 12), None)
    linked = link("At the SCO Summit in Bishkek on June 12 ...", gz, published=D(2026, 6, 13))
    assert linked.events[0].matched == "2026 SCO Summit"


def test_summit_without_a_year_is_named_by_its_city_in_every_mention(gazetteer):
    linked = link(
        "The SCO summit took place on 4 July in Astana. On the eve of the SCO summit the "
        "ministers met.",
        gazetteer,
        published=None,
    )
    (summit,) = linked.events
    assert (summit.name, summit.city, summit.confident) == ("SCO Summit in Astana", "Astana", False)
    assert "event “SCO Summit in Astana”: no year in the text" in linked.warnings


@pytest.mark.parametrize(
    "sentence",
    [
        "Prime Minister of Kazakhstan Aidos Serikbayev took part in the SCO summit in Astana.",
        "Addressing the SCO summit in Astana, Prime Minister of Kazakhstan Aidos Serikbayev "
        "called for new railways.",
        "The SCO summit in Astana was attended by Prime Minister of Kazakhstan Aidos Serikbayev.",
        "Prime Minister of Kazakhstan Aidos Serikbayev at the SCO summit in Astana called for "
        "new railways.",
    ],
)
def test_person_taking_part_in_a_summit_is_a_participant(gazetteer, sentence):
    (summit,) = link(sentence, gazetteer, published=D(2025, 7, 5)).events
    assert summit.participants == ("Aidos Serikbayev",)


def test_an_attendee_list_that_goes_on_in_the_next_sentences_is_all_participants(gazetteer):
    (summit,) = link(
        "The SCO summit in Astana was attended by Prime Minister of Kazakhstan Aidos "
        "Serikbayev. From the SCO observer states — Prime Minister of Mongolia Batbold "
        "Tsendsuren. Also participating were representatives of dialogue partners, including "
        "Prime Minister of Qatar Khalid Al Mansouri. Political analyst Timur Nurpeisov said "
        "the meeting was calm.",
        gazetteer,
        published=D(2025, 7, 5),
    ).events
    assert summit.participants == ("Aidos Serikbayev", "Batbold Tsendsuren", "Khalid Al Mansouri")


def test_person_only_named_with_a_summit_is_not_a_participant(gazetteer):
    (summit,) = link(
        "Political analyst Timur Nurpeisov said the SCO summit in Astana would be calm.",
        gazetteer,
        published=D(2025, 7, 5),
    ).events
    assert summit.participants == ()


# -- agreements


def test_quoted_titles_with_kinds(gazetteer):
    linked = link(
        'The sides signed the “Agreement on Visa-Free Travel" and a "Roadmap on Energy '
        'Cooperation for 2026-2028”. They praised the "Strategic Partnership".',
        gazetteer,
    )
    assert [(a.title, a.kind) for a in linked.agreements] == [
        ("Agreement on Visa-Free Travel", "agreement"),
        ("Roadmap on Energy Cooperation for 2026-2028", "roadmap"),
    ]


def test_list_of_signed_documents(gazetteer):
    body = (
        "The following documents were signed:\n\n"
        "- Joint Statement of the Heads of State on Water;\n"
        "- Protocol on Amendments to the Trade Agreement;\n"
        "1. Comprehensive Plan of Action for 2026-2030;\n"
        "2. Report of the working group on the past year."
    )
    linked = link(body, gazetteer)
    assert [(a.title, a.kind) for a in linked.agreements] == [
        ("Joint Statement of the Heads of State on Water", "statement"),
        ("Protocol on Amendments to the Trade Agreement", "protocol"),
        ("Comprehensive Plan of Action for 2026-2030", "plan"),
    ]


def test_unquoted_memorandum_of_understanding(gazetteer):
    linked = link("A Memorandum of Understanding on Digital Customs was signed in Baku.", gazetteer)
    assert [(a.title, a.kind) for a in linked.agreements] == [
        ("Memorandum of Understanding on Digital Customs", "memorandum")
    ]


def test_signatories_and_parties(gazetteer):
    linked = link(
        'The "Agreement on Pension Transfers" was signed by Georgia\'s Minister of Labour '
        "Levan Beridze and Azerbaijan's Minister of Labour Samir Huseynov.",
        gazetteer,
    )
    (agreement,) = linked.agreements
    assert agreement.parties == ("GE", "AZ")
    assert [(s.person, s.role, s.party) for s in agreement.signatories] == [
        ("Levan Beridze", "Minister of Labour", "GE"),
        ("Samir Huseynov", "Minister of Labour", "AZ"),
    ]


def test_known_agreement_named_the_other_way_is_matched(gazetteer):
    gz = Gazetteer.default()
    gz.add_agreement("2025-2027 Cooperation Plan", parties=["KZ", "MN"])
    linked = link(
        'The "Cooperation Plan for 2025-2027" between Mongolia and Kazakhstan was signed.', gz
    )
    assert linked.agreements[0].matched == "2025-2027 Cooperation Plan"


def test_same_title_with_other_parties_is_a_new_document_to_confirm(gazetteer):
    gz = Gazetteer.default()
    gz.add_agreement("2025-2027 Cooperation Plan", parties=["KZ", "MN"])
    linked = link(
        'The "Cooperation Plan for 2025-2027" between Uzbekistan and Kazakhstan was signed.', gz
    )
    (agreement,) = linked.agreements
    assert (agreement.matched, agreement.confident) == (None, False)


# -- caches and prefilters keep up with the gazetteer and the text


def test_name_added_as_a_country_is_no_longer_a_person():
    gazetteer = Gazetteer.default()
    body = "Minister of Foreign Affairs Dario Velmora said the talks were useful."
    assert [p.name for p in link(body, gazetteer).people] == ["Dario Velmora"]
    gazetteer.add_country("ZZ", "Velmora", [])
    linked = link(body, gazetteer)
    assert (linked.people, linked.countries) == ((), ("ZZ",))


def test_organization_added_after_linking_is_found_by_abbreviation():
    gazetteer = Gazetteer.default()
    body = "The delegation arrived in the evening. The PHU welcomed the guests."
    assert link(body, gazetteer).organizations == ()
    gazetteer.add_organization("Pell Harbour Union", "PHU", [])
    assert link(body, gazetteer).organizations == ("Pell Harbour Union",)


def test_visit_phrase_broken_across_lines_is_found(gazetteer):
    body = (
        "President Aibek Sarsenov paid a state\nvisit to Mongolia.\n\nThe sides met in Ulaanbaatar."
    )
    (visit,) = link(body, gazetteer).events
    assert (visit.kind, visit.host_country, visit.city) == ("state_visit", "MN", "Ulaanbaatar")


def test_visit_phrase_in_capitals_is_found(gazetteer):
    (visit,) = link("THE PRESIDENT PAID A STATE VISIT TO Mongolia on October 28.", gazetteer).events
    assert (visit.kind, visit.host_country, visit.starts_on) == (
        "state_visit",
        "MN",
        D(2024, 10, 28),
    )


def test_country_names_starting_with_a_common_word(gazetteer):
    linked = link("New Zealand sent a note to Papua New Guinea and Kazakhstan.", gazetteer)
    assert linked.countries == ("NZ", "PG", "KZ")


@pytest.mark.parametrize(
    "body",
    [
        "The Foreign Ministry of Kazakhstan held a briefing on 3 March 2025 for accredited diplomats.",
        "The Foreign Ministry of Kazakhstan held a briefing for accredited diplomats on 3 March 2025.",
        "On 3 March 2025 the Foreign Ministry of Kazakhstan held a briefing for accredited diplomats.",
    ],
)
def test_a_briefing_is_named_with_its_date_once(gazetteer, body):
    """Wherever the sentence gives the date, the name says it once, in its parentheses: it
    read "... briefing on 3 March 2025 for accredited diplomats (3 March 2025)", and a date
    before the verb was missed, so briefings on other days shared one name."""
    (briefing,) = link(body, gazetteer, published=datetime.date(2025, 3, 4)).events
    assert briefing.name == (
        "Foreign Ministry of Kazakhstan briefing for accredited diplomats (3 March 2025)"
    )
    assert briefing.starts_on == datetime.date(2025, 3, 3)


# ------------------------------------------------------------------------------------------
# What a run learned, and which earlier texts may name it (`Learned`, the loader's catch-up)


def learned(*entries) -> Learned:
    sieve = Learned()
    for kind, key in entries:
        sieve.add(kind, key)
    return sieve


def journal_of(add) -> list[tuple[str, str]]:
    gazetteer = Gazetteer.default()
    gazetteer.add_person("Aida Balayeva")
    gazetteer.journal = []
    add(gazetteer)
    return gazetteer.journal


def test_the_journal_holds_new_people_and_new_spellings_only():
    assert journal_of(lambda g: g.add_person("Aida Balayeva")) == []
    assert journal_of(lambda g: g.add_person("Aida Balayeva", ["Balayeva"])) == []
    # Initials are a new given name: an earlier "A.Balayeva" may now be hers.
    assert journal_of(lambda g: g.add_person("Aida Balayeva", ["A.Balayeva"])) == [
        ("person", name_key("Balayeva"))
    ]
    assert journal_of(lambda g: g.add_person("Nyamdorjiin Sarangerel")) == [
        ("person", name_key("Sarangerel"))
    ]
    assert journal_of(lambda g: g.add_person("Ospankulov")) == [("person", name_key("Ospankulov"))]
    assert journal_of(lambda g: g.add_organization("Astana Civil Service Hub", "ACSH")) == [
        ("organization", "Astana Civil Service Hub"),
        ("organization", "ACSH"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sarangerel thanked the hosts.",
        "The minister's visit: Sarangerel's programme was long.",
        "N.Sarangerel opened the exhibition.",
        "Встреча с Сарангэрэл прошла в Астане.",  # another transliteration, same key
        "Talks with the ACSH on training.",
        "The Astana Civil Service Hub hosted the seminar.",
    ],
)
def test_a_text_naming_a_learned_name_passes_the_sieve(text):
    sieve = learned(
        ("person", name_key("Sarangerel")), ("organization", "Astana Civil Service Hub"),
        ("organization", "ACSH"),
    )  # fmt: skip
    assert sieve.mentioned_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ministers reviewed transit tariffs.",
        "Balayeva opened the exhibition.",
        "The ACSHA is another body.",
    ],
)
def test_a_text_naming_none_of_them_does_not(text):
    sieve = learned(("person", name_key("Sarangerel")), ("organization", "ACSH"))
    assert not sieve.mentioned_in(text)
    assert not Learned().mentioned_in(text)


def test_two_people_holding_a_meeting_together_both_take_part(gazetteer):
    (meeting,) = link(
        "Deputy Minister of Foreign Affairs of Kazakhstan Daniyar Seitov and Chairman of the "
        "Investment Committee Nurlan Abdiyev held a meeting with President of Mongolia Tsakhia "
        "Bayarsaikhan in Astana.",
        gazetteer,
        published=D(2025, 7, 5),
    ).events
    assert meeting.name == "Meeting between Daniyar Seitov and Tsakhia Bayarsaikhan"
    assert meeting.participants == ("Daniyar Seitov", "Nurlan Abdiyev", "Tsakhia Bayarsaikhan")


def test_a_person_beside_the_subject_is_not_a_co_subject(gazetteer):
    (meeting,) = link(
        "President of Kazakhstan Aidos Serikbayev, accompanied by Minister Daniyar Seitov, met "
        "with President of Mongolia Tsakhia Bayarsaikhan.",
        gazetteer,
        published=D(2025, 7, 5),
    ).events
    assert meeting.participants == ("Aidos Serikbayev", "Tsakhia Bayarsaikhan")
