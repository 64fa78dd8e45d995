"""Imported Russian and Kazakh titles get slugs transliterated into Latin letters, not
placeholders (`article`, `article-2`, ...) in their public URLs."""

import pytest

from articles.importing import files
from articles.importing.load import texts_import
from articles.models import Article

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
