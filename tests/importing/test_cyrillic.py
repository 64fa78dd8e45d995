"""Russian and Kazakh texts link people, events and agreements like English ones: one person,
one event, one document, whatever language names them, in any case form and in any order."""

from pathlib import Path

import pytest

from articles.importing import files
from articles.importing.link import Gazetteer, link_article
from articles.importing.load import texts_import
from articles.importing.parse import ParsedArticle
from relations.models import Agreement, Event, Person

pytestmark = pytest.mark.django_db

TEXTS = Path(__file__).resolve().parent / "texts" / "cyrillic"
# en, ru, kk: the talks of the Kazakh and Mongolian foreign ministers in Ulaanbaatar on
# 5 September 2025, and the SCO summit in Tianjin; ru also names a memorandum signed there.
# ru_memorandum_followup: the same memorandum in the genitive, the ministers in other cases.
NAMES = sorted(path.name for path in TEXTS.glob("*.txt"))
TALKS = "Talks between Yerzhan Kosherbayev and Battsetseg Batmunkh (5 September 2025)"
MEMORANDUM = (
    "Меморандум о сотрудничестве в области подготовки дипломатов между министерствами "
    "иностранных дел Казахстана и Монголии"
)


def run(names) -> dict:
    items = [files.from_bytes(name, (TEXTS / name).read_bytes()) for name in names]
    return texts_import(files=items, default_source="Kazinform")


def articles(report) -> dict:
    return {a["title"]: a for f in report["files"] for a in f["articles"]}


def stored() -> dict:
    return {
        "people": sorted(Person.objects.values_list("name", "country__code")),
        "events": sorted(Event.objects.values_list("name", "city")),
        "agreements": sorted(Agreement.objects.values_list("title", "kind")),
        "links": sorted(
            (
                article.language,
                sorted(p.name for p in article.people.all()),
                sorted(e.name for e in article.events.all()),
                sorted(a.title for a in article.agreements.all()),
            )
            for article in Event.objects.get(name=TALKS).articles.all()
        ),  # fmt: skip
    }


def test_russian_and_kazakh_texts_link_the_people_and_events_english_ones_name():
    report = run(NAMES)

    assert report["totals"]["errors"] == 0
    assert sorted(Person.objects.values_list("name", "country__code")) == [
        ("Battsetseg Batmunkh", "MN"),
        ("Yerzhan Kosherbayev", "KZ"),
    ]
    summit = Event.objects.get(kind="summit")
    assert (summit.name, summit.city, summit.organization.abbreviation) == (
        "SCO Summit 2025",
        "Tianjin",
        "SCO",
    )
    assert {a.language for a in summit.articles.all()} == {"en", "ru", "kk"}
    talks = Event.objects.get(name=TALKS)
    assert {a.language for a in talks.articles.all()} == {"en", "ru"}
    kosherbayev = Person.objects.get(name="Yerzhan Kosherbayev")
    assert {a.language for a in kosherbayev.articles.all()} == {"en", "ru", "kk"}
    assert {"Ержан Кошербаев", "Е. Кошербаев"} <= set(kosherbayev.aliases)


def test_a_memorandum_named_in_two_cases_is_one_document_with_its_kind_and_parties():
    run(NAMES)

    memorandum = Agreement.objects.get()
    assert (memorandum.title, memorandum.kind) == (MEMORANDUM, "memorandum")
    assert sorted(memorandum.parties.values_list("code", flat=True)) == ["KZ", "MN"]
    assert memorandum.articles.count() == 2


def test_reimporting_changes_nothing():
    run(NAMES)
    before = stored()

    report = run(NAMES)

    assert report["totals"]["unchanged"] == len(NAMES) and report["totals"]["created"] == 0
    assert stored() == before


@pytest.mark.parametrize("order", [("en", "ru", "kk"), ("kk", "ru", "en"), ("ru", "en", "kk")])
def test_the_order_of_the_languages_does_not_matter(order):
    """A name first met in Cyrillic is recorded transliterated ("Erzhan Kosherbaev") until an
    English text spells it ("Yerzhan Kosherbayev"): the result is the same in any order."""
    names = [n for lang in order for n in NAMES if n.startswith(lang)]
    run(names)
    assert Person.objects.filter(name="Yerzhan Kosherbayev").count() == 1
    assert Person.objects.count() == 2
    assert Event.objects.filter(name__in=[TALKS, "SCO Summit 2025"]).count() == 2
    assert Event.objects.count() == 2


def test_a_cyrillic_name_links_to_the_person_known_by_a_latin_name_and_aliases():
    known = Person.objects.create(
        name="Yerzhan Kosherbayev", slug="yerzhan-kosherbayev", aliases=["Kosherbaev"]
    )
    run(["ru_memorandum_followup.txt", "ru_ulaanbaatar_talks.txt"])
    assert list(Person.objects.filter(name__icontains="kosherba")) == [known]
    assert known.articles.count() == 2


def test_a_new_cyrillic_name_is_recorded_in_latin_script_with_the_cyrillic_as_alias():
    run(["ru_ulaanbaatar_talks.txt"])
    person = Person.objects.get(country__code="KZ")
    assert person.name == "Erzhan Kosherbaev"
    assert "Ержан Кошербаев" in person.aliases


# -- the linker alone (no database)


@pytest.fixture(scope="module")
def gazetteer():
    gz = Gazetteer.default()
    gz.add_person("Kassym-Jomart Tokayev", ["Tokayev", "K. Tokayev"])
    gz.add_person("Yerzhan Kosherbayev", ["Kosherbaev"])
    return gz


def linked(body, gazetteer, title="Заметка"):
    return link_article(ParsedArticle(title=title, published=None, body=body), gazetteer)


@pytest.mark.parametrize(
    "body",
    [
        "Президент Тоқаев выступил на форуме.",
        "Глава государства встретился с Токаевым. Токаева поблагодарили.",
        "Мемлекет басшысы Қасым-Жомарт Тоқаевпен кездесті.",
        "Письмо К. Токаеву передал посол.",
    ],
)
def test_case_forms_and_kazakh_spellings_are_the_known_person(gazetteer, body):
    assert [p.name for p in linked(body, gazetteer).people] == ["Kassym-Jomart Tokayev"]


def test_capitalised_words_at_sentence_starts_are_not_people(gazetteer):
    body = (
        "Стороны обсудили транзит. Напомним, Министерство сообщило о визите. Казахстан и "
        "Монголия отметили рост торговли. Делегации Астаны и Улан-Батора подписали План."
    )
    assert linked(body, gazetteer).people == ()


def test_two_people_sharing_a_surname_stay_two_people(gazetteer):
    body = (
        "Министр Ержан Кошербаев встретился с послом Айдаром Кошербаевым. "
        "— Мы готовы, — сказал Айдар Кошербаев."
    )
    names = sorted(p.name for p in linked(body, gazetteer).people)
    assert names == ["Aidar Kosherbaev", "Yerzhan Kosherbayev"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Стороны подписали «Дорожную карту по развитию транзита».", "roadmap"),
        (
            "Министры подписали Соглашение о воздушном сообщении между Казахстаном и Китаем.",
            "agreement",
        ),
        ("В рамках Договора о вечной дружбе стороны провели консультации.", "treaty"),
        ("Принята «Совместная декларация о стратегическом партнерстве».", "declaration"),
        ("Стороны утвердили План мероприятий по сотрудничеству на 2025-2027 годы.", "plan"),
        ("Подписан Протокол о внесении изменений в соглашение.", "protocol"),
    ],
)
def test_russian_kind_words_give_the_english_kinds(gazetteer, body, kind):
    (agreement,) = linked(body, gazetteer).agreements
    assert agreement.kind == kind


def test_a_title_in_another_case_is_recorded_in_the_nominative(gazetteer):
    body = "Работа идет в рамках Соглашения о воздушном сообщении между Казахстаном и Китаем."
    (agreement,) = linked(body, gazetteer).agreements
    assert agreement.title == "Соглашение о воздушном сообщении между Казахстаном и Китаем"
    assert set(agreement.parties) == {"KZ", "CN"}


def test_russian_visit_wording_is_a_state_visit(gazetteer):
    body = "Президент Касым-Жомарт Токаев прибыл с государственным визитом в Монголию."
    (event,) = linked(body, gazetteer, title="Визит").events
    assert (event.kind, event.host_country) == ("state_visit", "MN")
    assert event.name.startswith("State visit of Kassym-Jomart Tokayev to Mongolia")


def test_a_russian_summit_matches_the_known_english_one():
    gz = Gazetteer.default()
    gz.add_event("SCO Summit 2025", "summit")
    body = "Министры обсудили подготовку к саммиту ШОС в Тяньцзине."
    article = ParsedArticle(title="Саммит", published=__import__("datetime").date(2025, 8, 1),
                            body=body)  # fmt: skip
    (event,) = link_article(article, gz).events
    assert (event.matched, event.city, event.host_country) == ("SCO Summit 2025", "Tianjin", "CN")
