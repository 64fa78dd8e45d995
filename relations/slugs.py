"""Slugs for names and titles in any script the desk writes in (English, Russian, Kazakh).

Django's `slugify` keeps what decomposes to ASCII and drops everything else, so a Russian or
Kazakh title gave an empty slug (and then a placeholder: `article`, `article-2`, ... in public
URLs). Here the letters Django would drop are transliterated first, with Unidecode; every
other character is left to Django's `slugify` as before. So a text whose letters all decompose
to ASCII keeps getting the slug it had (`Côte d'Ivoire` is still `cote-divoire`), and a
spreadsheet without slugs still finds such rows by the slug made from their names. Slugs
already stored are never recomputed (they are in public URLs); only new rows get the
transliterated ones.
"""

import unicodedata
from functools import lru_cache

from django.utils.html import strip_tags
from django.utils.text import slugify as ascii_slugify
from unidecode import unidecode

# Kazakh letters Unidecode renders as punctuation (`ә` as `@`) or with apostrophes: the plain
# Latin letters of the usual romanisation (Тоқаев -> Tokaev, Әлем -> Alem, Моңғолия -> Mongolia).
_KAZAKH = str.maketrans(
    {
        "ә": "a", "Ә": "A", "ғ": "g", "Ғ": "G", "қ": "k", "Қ": "K", "ң": "n", "Ң": "N",
        "ө": "o", "Ө": "O", "ұ": "u", "Ұ": "U", "ү": "u", "Ү": "U", "һ": "h", "Һ": "H",
        "і": "i", "І": "I",
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    """`ch` if Django's slugify keeps something of it, else its transliteration."""
    if not ch.isalnum() or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore"):
        return ch
    return unidecode(ch)


def transliterate(text: str) -> str:
    """`text` with its Cyrillic (Russian and Kazakh) letters in Latin ones, by the same rules
    as slugs (Кошербаев -> Kosherbaev, Тоқаев -> Tokaev, Ержан -> Erzhan); Latin letters,
    digits and punctuation are left as they are. The soft and hard signs give nothing."""
    text = str(text)
    if text.isascii():
        return text
    return "".join(
        unidecode(ch).replace("'", "").replace('"', "") if "\u0400" <= ch <= "\u04ff" else ch
        for ch in text.translate(_KAZAKH)
    )


def slugify(text: str) -> str:
    """A lower-case ASCII slug of `text` (possibly empty: callers choose a fallback).

    Made from the text a reader sees: a title pasted with markup ("<b>Agreement</b>") gives
    `agreement`, not `bagreementb`.
    """
    text = str(text)
    if "<" in text:
        text = strip_tags(text)
    if not text.isascii():
        text = "".join(_latin(ch) for ch in text.translate(_KAZAKH))
    return ascii_slugify(text)
