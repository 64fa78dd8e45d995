"""Events recorded before the texts (by an editor, or the demo) are found by what they are.

A state or official visit is its kind, its host and its days; an organization's summit is its
organization, city and year. Whatever the recorded event is called, a text about the same
occasion links it rather than recording a second one. And `make run`'s demo content followed by
the newsroom's archive gives one event per occasion and one figure per year.
"""

import datetime

import pytest
from django.core.management import call_command

from articles.demo import load_demo
from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Country, Event, Figure, Organization
from tests.corpus import CORPUS, needs_corpus

pytestmark = pytest.mark.django_db
D = datetime.date

VISIT_TEXT = """President of Kazakhstan pays state visit to Kyrgyzstan
14 May 2025, 17:40
BISHKEK. President Kassym-Jomart Tokayev arrived in Bishkek on a state visit to the Kyrgyz Republic on 14 May 2025 at the invitation of President Sadyr Japarov. The heads of state discussed water and energy exchanges along the rivers the two countries share.
"""

OTHER_VISITOR_TEXT = """President of Uzbekistan pays state visit to Kyrgyzstan
14 May 2025, 19:10
BISHKEK. President Shavkat Mirziyoyev of Uzbekistan arrived in Bishkek on a state visit to the Kyrgyz Republic on 14 May 2025 at the invitation of President Sadyr Japarov. Uzbekistan and Kyrgyzstan discussed border crossings.
"""

SUMMIT_TEXT = """Looking back at the SCO Summit 2023
20 September 2023, 10:00
Leaders met at the SCO Summit 2023 held in Astana, where the member states discussed transport corridors across Eurasia.
"""


def country(code):
    return Country.objects.get(code=code)


def import_text(name, text):
    return texts_import(files=[files.from_bytes(name, text.encode())])


def recorded_visit(**overrides):
    fields = {
        "name": "Kazakh president in Bishkek, May 2025",
        "slug": "kazakh-president-in-bishkek",
        "kind": Event.Kind.STATE_VISIT,
        "starts_on": D(2025, 5, 14),
        "ends_on": D(2025, 5, 15),
        "city": "Bishkek",
        "host_country": country("KG"),
    } | overrides
    event = Event.objects.create(**fields)
    event.countries.add(country("KG"), country("KZ"))
    return event


def test_a_text_about_a_recorded_visit_links_it_whatever_it_is_called():
    visit = recorded_visit()

    import_text("visit.txt", VISIT_TEXT)

    article = Article.objects.get(title__startswith="President of Kazakhstan pays state visit")
    assert list(article.events.all()) == [visit]
    assert Event.objects.filter(kind=Event.Kind.STATE_VISIT).count() == 1


def test_a_visit_on_other_days_or_of_another_kind_is_another_event():
    recorded_visit(starts_on=D(2024, 5, 14), ends_on=D(2024, 5, 15), slug="last-year")
    recorded_visit(kind=Event.Kind.OFFICIAL_VISIT, slug="official")

    import_text("visit.txt", VISIT_TEXT)

    article = Article.objects.get(title__startswith="President of Kazakhstan pays state visit")
    (linked,) = article.events.all()
    assert linked.starts_on == D(2025, 5, 14) and linked.kind == Event.Kind.STATE_VISIT
    assert linked.slug not in {"last-year", "official"}


def test_another_countrys_visit_to_the_same_host_on_the_same_days_stays_apart():
    visit = recorded_visit()

    import_text("uz.txt", OTHER_VISITOR_TEXT)

    article = Article.objects.get(title__startswith="President of Uzbekistan")
    assert visit not in article.events.all()
    assert Event.objects.filter(kind=Event.Kind.STATE_VISIT, host_country__code="KG").count() == 2


def test_a_summit_of_a_year_is_the_recorded_summit_of_that_year_in_that_city():
    sco = Organization.objects.get(slug="sco")
    recorded = Event.objects.create(
        name="Astana SCO heads of state meeting", slug="astana-sco", kind=Event.Kind.SUMMIT,
        starts_on=D(2023, 7, 4), city="Astana", host_country=country("KZ"), organization=sco,
    )  # fmt: skip
    Event.objects.create(
        name="Tashkent SCO heads of state meeting", slug="tashkent-sco", kind=Event.Kind.SUMMIT,
        starts_on=D(2023, 9, 1), city="Tashkent", host_country=country("UZ"), organization=sco,
    )  # fmt: skip

    import_text("summit.txt", SUMMIT_TEXT)

    article = Article.objects.get(title="Looking back at the SCO Summit 2023")
    assert list(article.events.all()) == [recorded]
    assert Event.objects.filter(kind=Event.Kind.SUMMIT).count() == 2


@needs_corpus
def test_the_demo_then_the_archive_give_one_event_per_occasion_and_one_figure_per_year():
    load_demo()
    call_command("import_texts", str(CORPUS), verbosity=0)

    visits = Event.objects.filter(kind=Event.Kind.STATE_VISIT, host_country__code="MN")
    assert visits.count() == 1
    astana = Event.objects.filter(kind=Event.Kind.SUMMIT, city="Astana", starts_on__year=2024)
    assert astana.count() == 1
    assert not Event.objects.filter(name="SCO Summit 2024").exists()
    (visit,) = visits
    titles = set(visit.agreements.values_list("title", flat=True))
    assert "Agreement on Cooperation on Pension Issues" in titles
    assert "Joint Declaration on Strategic Cooperation" in titles
    assert not {t for t in titles if t.startswith("Roadmap")} - {
        "Roadmap on Activation of Trade and Economic Cooperation for 2025-2027"
    }
    turnover = {
        f.year: str(f.value)
        for f in Figure.objects.filter(country_a__code="KZ", country_b__code="MN")
    }
    assert turnover == {2019: "35.30", 2023: "76.70", 2024: "123.90"}
