"""Slugs made on the server (relations.slugs.slugify): Russian and Kazakh names and titles are
transliterated, dashes and slashes separate words, and what Django's slugify already handled
keeps the slug it had."""

import sys
import unicodedata

import pytest
from django.utils.text import slugify as django_slugify

from relations.models import Event
from relations.slugs import SEPARATORS, slugify
from tests.factories import AgreementFactory, EventFactory, OrganizationFactory, PersonFactory


@pytest.mark.parametrize(
    ("letters", "latin"),
    [("әғқңөұүһі", "agknouuhi"), ("ӘҒҚҢӨҰҮҺІ", "agknouuhi")],
)
def test_kazakh_letters_become_plain_latin_letters(letters, latin):
    assert slugify(letters) == latin


def test_russian_and_kazakh_titles_are_transliterated():
    assert slugify("Заголовок без даты о визите в Монголию") == (
        "zagolovok-bez-daty-o-vizite-v-mongoliiu"
    )
    assert slugify("Қазақстан мен Моңғолия: Тоқаев Әлем туралы") == (
        "kazakstan-men-mongoliia-tokaev-alem-turaly"
    )


@pytest.mark.parametrize(
    "text",
    [
        "SCO Summit 2025",
        "Kazakhstan's 2025-2027 Roadmap",
        "Côte d’Ivoire",
        "Türkiye and Kazakhstan: «new» talks",
        "№5 ½ & co_op",
        "AT&T, R&D and Q&notes",  # an ampersand without a reference's semicolon is text
    ],
)
def test_text_django_could_slug_keeps_its_slug(text):
    # Stored slugs and slugless spreadsheet rows were made with Django's slugify.
    assert slugify(text) == django_slugify(text)


def test_nothing_to_slug_gives_an_empty_slug():
    assert slugify("★ — «»") == ""


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Almaty\u2013Urumqi Rail Link", "almaty-urumqi-rail-link"),  # en dash
        ("Ulaanbaatar\u2014Tianjin corridor", "ulaanbaatar-tianjin-corridor"),  # em dash
        ("Exports fell \u22123 per cent", "exports-fell-3-per-cent"),  # minus sign
        ("Trans\u2011Caspian Route", "trans-caspian-route"),  # non-breaking hyphen
        ("Route \u2012 2030", "route-2030"),  # figure dash, spaced
        ("Almaty \u2013 Urumqi talks", "almaty-urumqi-talks"),  # spaced en dash
        ("\u2014Almaty and Urumqi\u2013", "almaty-and-urumqi"),  # at the start and end
        ("Almaty\u2013\u2013Urumqi", "almaty-urumqi"),  # doubled
        ("Казахстан\u2013Китай", "kazakhstan-kitai"),  # between transliterated words
    ],
)
def test_a_dash_between_words_separates_them(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Almaty/Urumqi rail talks", "almaty-urumqi-rail-talks"),
        ("Customs and/or transit", "customs-and-or-transit"),
        ("Harvest 2025/2026", "harvest-2025-2026"),
        ("Almaty \u2215 Urumqi", "almaty-urumqi"),  # division slash
    ],
)
def test_a_slash_between_words_separates_them(text, slug):
    # Django alone drops it and glues the words ("almatyurumqi", "andor", "20252026").
    assert slugify(text) == slug


def test_a_soft_hyphen_is_no_dash():
    # U+00AD only says where a word may break: the word stays one.
    assert slugify("Inter\u00adgovernmental commission") == "intergovernmental-commission"


def test_every_unicode_dash_separates_words():
    """SEPARATORS is written out (a newer Unicode must not change slugs by itself): when
    Python's Unicode database has a dash it lacks, add it with a data migration moving the
    slugs it glued (as relations 0007 and articles 0023 do)."""
    dashes = {
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Pd"
    }
    assert dashes - set(SEPARATORS) == {"-"}
    assert all(slugify(f"a{dash}b") == "a-b" for dash in dashes)


@pytest.mark.django_db
def test_entities_named_in_cyrillic_get_readable_slugs():
    assert PersonFactory(name="Қасым-Жомарт Тоқаев").slug == "kasym-zhomart-tokaev"
    assert OrganizationFactory(name="Шанхайская организация сотрудничества").slug == (
        "shankhaiskaia-organizatsiia-sotrudnichestva"
    )
    assert EventFactory(name="Саммит ШОС").slug == "sammit-shos"
    assert EventFactory(name="Саммит ШОС").slug == "sammit-shos-2"
    assert AgreementFactory(title="Жол картасы").slug == "zhol-kartasy"


@pytest.mark.django_db
def test_entities_and_articles_with_a_dash_in_their_names_get_separated_slugs():
    from articles.models import Article

    assert EventFactory(name="Almaty\u2013Urumqi Rail Forum").slug == "almaty-urumqi-rail-forum"
    assert PersonFactory(name="Anna\u2011Maria Example").slug == "anna-maria-example"
    assert AgreementFactory(title="Almaty\u2014Urumqi Protocol").slug == "almaty-urumqi-protocol"
    article = Article.objects.create(title="Almaty \u2013 Urumqi: freight doubles", body="Text.")
    assert article.slug == "almaty-urumqi-freight-doubles"


@pytest.mark.django_db
def test_a_stored_slug_never_changes():
    event = EventFactory(name="Саммит ШОС", slug="item")
    event = Event.objects.get(pk=event.pk)
    event.name = "Саммит ШОС в Тяньцзине"
    event.save()

    assert Event.objects.get(pk=event.pk).slug == "item"


@pytest.mark.django_db
def test_a_title_with_markup_gets_its_slug_from_the_text_not_the_tags():
    from articles.models import Article

    article = Article.objects.create(
        title="Kazakhstan and Hungary sign <b>Agreement</b> on <i>grain</i>", body="Text."
    )

    assert article.slug == "kazakhstan-and-hungary-sign-agreement-on-grain"
    assert slugify("Trade grew <5% in <em>2025</em>") == "trade-grew-5-in-2025"


@pytest.mark.parametrize(
    "reference", ["&ndash;", "&#8211;", "&#x2013;", "&mdash;", "&minus;", "&sol;"]
)
def test_a_dash_typed_as_an_html_reference_separates_words_as_the_dash_does(reference):
    text = f"Kazakh{reference}Uzbek commission"

    assert slugify(text) == "kazakh-uzbek-commission" == slugify("Kazakh\u2013Uzbek commission")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("R&amp;D centre", "rd-centre"),  # as "R&D centre"
        ("Inter&shy;governmental commission", "intergovernmental-commission"),
        ("Trade&nbsp;talks", "trade-talks"),
        ("Caf&eacute; &laquo;Astana&raquo;", "cafe-astana"),
        ("<b>Kazakh&ndash;Uzbek</b> commission", "kazakh-uzbek-commission"),
        ("Tariffs A&lt;B or C&gt;D", "tariffs-ab-or-cd"),  # tags first: this is no tag
    ],
)
def test_an_html_reference_is_the_character_it_stands_for(text, slug):
    assert slugify(text) == slug


@pytest.mark.django_db
def test_an_entity_named_with_an_html_reference_gets_the_slug_of_its_character():
    event = EventFactory(name="Kazakh&ndash;Uzbek commission")
    agreement = AgreementFactory(title="Astana&#8212;Tashkent transit protocol")

    assert event.slug == "kazakh-uzbek-commission"
    assert agreement.slug == "astana-tashkent-transit-protocol"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("B.Battsetseg", "b-battsetseg"),
        ("Ts.Baatarkhuu", "ts-baatarkhuu"),
        ("L.Enkh-Amgalan", "l-enkh-amgalan"),
        ("Б.Батцэцэг", "b-battsetseg"),
        # No initial and name: the point is dropped, as Django drops it.
        ("U.S. Chamber of Commerce", "us-chamber-of-commerce"),
        ("Kazinform.kz reports", "kazinformkz-reports"),
        ("No.5 plan", "no5-plan"),
        ("3.5 billion", "35-billion"),
    ],
)
def test_the_point_after_an_initial_separates_it_from_the_name(text, slug):
    """Mongolian names are written with the initial of the father's name and no space."""
    assert slugify(text) == slug
