"""Imported Russian and Kazakh titles get slugs transliterated into Latin letters, not
placeholders in their public URLs; a dash between words in a title or an event's name
separates them in the slug; a title with nothing to make a slug of gets the placeholder an
editor's article gets."""

import pytest

from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article
from relations.models import Event, unique_slug
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def run(text: str) -> dict:
    return texts_import(files=[files.from_bytes("a.txt", text.encode())])


RUSSIAN = "2025-09-05\nЗаголовок о визите в Монголию\nКазахстан и Монголия обсудили транзит.\n"
KAZAKH = "2025-09-06\nҚазақстан мен Моңғолия: Тоқаев сапары\nЕкі ел транзитті талқылады.\n"


def test_russian_and_kazakh_titles_get_transliterated_slugs():
    run(RUSSIAN)
    run(KAZAKH)

    slugs = set(Article.objects.values_list("slug", flat=True))

    assert slugs == {"zagolovok-o-vizite-v-mongoliiu", "kazakstan-men-mongoliia-tokaev-sapary"}
    article = Article.objects.get(slug="kazakstan-men-mongoliia-tokaev-sapary")
    assert (
        article.get_absolute_url() == "/articles/2025/09/06/kazakstan-men-mongoliia-tokaev-sapary/"
    )


def test_a_dash_between_words_of_a_title_or_an_event_separates_them_in_the_slug():
    run(
        "2025-10-02\nAlmaty\u2013Urumqi freight corridor: operators meet\n"
        "The Almaty\u2014Urumqi Rail Office held a briefing for freight operators.\n"
    )

    article = Article.objects.get()
    assert article.slug == "almaty-urumqi-freight-corridor-operators-meet"
    event = Event.objects.get()
    assert event.name == "Almaty\u2014Urumqi Rail Office briefing for freight operators"
    assert event.slug == "almaty-urumqi-rail-office-briefing-for-freight-operators"


# Letters Django's slugify and Unidecode both drop: the schwa of Azerbaijani, the hard and soft
# signs (and the parser takes either line for a title: it has letters).
@pytest.mark.parametrize("title", ["\u018f\u018f\u018f", "\u042a \u042c \u042a"])
def test_a_title_without_sluggable_letters_gets_the_slug_an_editor_would_give_it(title):
    run(f"2025-09-05\n{title}\nKazakhstan and Mongolia discussed transit on Friday.\n")
    imported = Article.objects.get()
    by_editor = ArticleFactory(title=title)

    assert imported.title == title
    assert imported.slug == unique_slug(Article, title, exclude_pk=imported.pk) == "item"
    assert by_editor.slug == "item-2"  # one numbering, whichever route made the first
