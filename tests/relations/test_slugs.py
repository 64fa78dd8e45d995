"""Slugs made on the server (relations.slugs.slugify): Russian and Kazakh names and titles are
transliterated, and what Django's slugify already handled keeps the slug it had."""

import pytest
from django.utils.text import slugify as django_slugify

from relations.models import Event
from relations.slugs import slugify
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
        "Kazakhstan's 2025–2027 Roadmap",
        "Côte d’Ivoire",
        "Türkiye and Kazakhstan: «new» talks",
        "№5 ½ & co_op",
    ],
)
def test_text_django_could_slug_keeps_its_slug(text):
    # Stored slugs and slugless spreadsheet rows were made with Django's slugify.
    assert slugify(text) == django_slugify(text)


def test_nothing_to_slug_gives_an_empty_slug():
    assert slugify("★ — «»") == ""


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
